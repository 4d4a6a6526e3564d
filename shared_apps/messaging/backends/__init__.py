"""Delivery backends, one per channel, chosen by settings (``MESSAGING_BACKENDS``).

A backend's ``send(message)`` returns the provider's message id, or raises
:class:`DeliveryError`: ``retry=True`` for what may pass later (network, throttling, a busy
provider), ``retry=False`` for what never will (a bad number, an unapproved template).
"""

from __future__ import annotations

from abc import ABC, abstractmethod

from django.conf import settings
from django.utils.module_loading import import_string

from ..models import Channel, OutboundMessage


class DeliveryError(Exception):
    def __init__(self, message: str, *, retry: bool) -> None:
        super().__init__(message)
        self.retry = retry


class Backend(ABC):
    name: str = ""
    channels: tuple[str, ...] = ()

    @abstractmethod
    def send(self, message: OutboundMessage) -> str:
        """Deliver ``message``; return the provider's message id or raise :class:`DeliveryError`."""


# name -> dotted path; a deployment may add its own adapter through MESSAGING_EXTRA_BACKENDS.
BUILTIN = {
    "sink": "shared_apps.messaging.backends.sink.SinkBackend",
    "disabled": "shared_apps.messaging.backends.sink.DisabledBackend",
    "smtp": "shared_apps.messaging.backends.email.DjangoMailBackend",
    "aliyun": "shared_apps.messaging.backends.aliyun.AliyunSmsBackend",
    "tencent": "shared_apps.messaging.backends.tencent.TencentSmsBackend",
    "wechat": "shared_apps.messaging.backends.wechat.WeChatTemplateBackend",
}


def _paths() -> dict[str, str]:
    return {**BUILTIN, **getattr(settings, "MESSAGING_EXTRA_BACKENDS", {})}


def configured(channel: str) -> str:
    """The backend name settings choose for ``channel``."""
    name = settings.MESSAGING_BACKENDS.get(channel, "sink")
    if name not in _paths():
        raise ValueError(f"unknown messaging backend {name!r} for {channel}")
    return name


def get(name: str) -> Backend:
    backend = import_string(_paths()[name])()
    return backend


def check_channel(name: str, channel: str) -> None:
    backend_class = import_string(_paths()[name])
    if channel not in backend_class.channels:
        raise ValueError(f"messaging backend {name!r} cannot send {channel}")


__all__ = ["Backend", "Channel", "DeliveryError", "check_channel", "configured", "get"]
