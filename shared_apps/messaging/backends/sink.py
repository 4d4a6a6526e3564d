"""The development sink: nothing leaves the machine; the outbox row is what would have been sent.

Pages at /console/messages/ (platform operators, and each congress's administrators for their
congress) show it, so the demo's invitations and codes can be followed offline.
"""

from __future__ import annotations

from ..models import Channel, OutboundMessage
from . import Backend, DeliveryError


class SinkBackend(Backend):
    name = "sink"
    channels = tuple(Channel.values)

    def send(self, message: OutboundMessage) -> str:
        return f"sink-{message.pk}"


class DisabledBackend(Backend):
    """For a channel a deployment has not set up: the message fails at once, visibly."""

    name = "disabled"
    channels = tuple(Channel.values)

    def send(self, message: OutboundMessage) -> str:
        raise DeliveryError(f"channel {message.channel} is not configured", retry=False)
