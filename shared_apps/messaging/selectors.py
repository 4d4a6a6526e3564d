"""Reads of the outbox for the pages: one congress's messages, or all of them for operators."""

from __future__ import annotations

from datetime import datetime

from django.db.models import QuerySet

from shared_apps.privacy import blind_index, normalise_phone
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


def recipient_index(channel: str, recipient: str) -> str:
    """The blind index a message to ``recipient`` is stored under (see services.send_*)."""
    if channel == Channel.SMS:
        return blind_index(normalise_phone(recipient))
    if channel == Channel.EMAIL:
        return blind_index(recipient.strip().lower(), purpose="email")
    return blind_index(recipient.strip(), purpose="wechat")


def count_sent_to(channel: str, recipient: str, *, since: datetime, purpose: str = "") -> int:
    """Messages queued to one recipient since a time, for rate limits ("five codes an hour"),
    without decrypting anything."""
    messages = OutboundMessage.objects.filter(
        channel=channel, recipient_index=recipient_index(channel, recipient), created_at__gte=since
    )
    if purpose:
        messages = messages.filter(purpose=purpose)
    return messages.count()
