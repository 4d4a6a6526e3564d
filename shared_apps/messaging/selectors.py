"""Reads of the outbox for the pages: one congress's messages, or all of them for operators."""

from __future__ import annotations

from django.db.models import QuerySet

from tenants.models import Congress

from .models import Channel, OutboundMessage, Status


def outbox(*, congress_id: int | None, channel: str = "", status: str = "") -> QuerySet[OutboundMessage]:
    """Newest first; ``congress_id=None`` is every message (platform operators only)."""
    messages = OutboundMessage.objects.all()
    if congress_id is not None:
        messages = messages.filter(congress_id=congress_id)
    if channel in Channel.values:
        messages = messages.filter(channel=channel)
    if status in Status.values:
        messages = messages.filter(status=status)
    return messages.order_by("-created_at", "-id")


def congress_names(messages) -> dict[int, str]:
    ids = {m.congress_id for m in messages if m.congress_id}
    return dict(Congress.objects.filter(pk__in=ids).values_list("pk", "name"))
