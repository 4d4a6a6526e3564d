"""Sending messages: the one interface modules use for e-mail, SMS and WeChat.

Each ``send_*`` writes an :class:`OutboundMessage` in the caller's transaction and queues its
delivery with Celery once that transaction commits: a rolled-back invitation sends nothing.
Delivery (:func:`deliver`) makes one attempt through the backend settings choose for the
channel, records the outcome on the row, and schedules the next attempt with backoff until
``MESSAGING_MAX_ATTEMPTS``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import get_public_schema_name

from shared_apps.audit.services import record
from shared_apps.privacy import normalise_phone

from . import backends, selectors
from . import catalogue as templates
from .models import Channel, OutboundMessage, Status

__all__ = ["OutboundMessage", "deliver", "send_email", "send_sms", "send_wechat", "templates"]

log = logging.getLogger(__name__)


def _congress_id(congress) -> int | None:
    if congress is not None:
        return congress if isinstance(congress, int) else congress.pk
    # Called inside a congress's schema: the message belongs to that congress. Under
    # schema_context the connection knows only the schema's name.
    if connection.schema_name == get_public_schema_name():
        return None
    tenant_pk = getattr(getattr(connection, "tenant", None), "pk", None)
    if tenant_pk is not None:
        return tenant_pk
    from tenants.models import Congress

    return Congress.objects.filter(schema_name=connection.schema_name).values_list("pk", flat=True).first()


def _user_id(user) -> int | None:
    if user is None:
        return None
    return user if isinstance(user, int) else user.pk


def _queue(message: OutboundMessage) -> OutboundMessage:
    if not message.purpose or len(message.purpose) > 60:
        raise ValueError("purpose must be 1 to 60 characters")
    backends.check_channel(message.backend, message.channel)
    # Should the queued task be lost (broker down at commit), the sweeper sends it after this.
    message.next_attempt_at = timezone.now() + timedelta(seconds=settings.MESSAGING_STALE_SECONDS)
    with transaction.atomic():
        message.save()
        record(
            "messaging.queued",
            message,
            {"channel": message.channel, "purpose": message.purpose, "template": message.template},
        )
        pk = message.pk
        # robust: a broker outage must not fail the caller's request after its data committed;
        # the sweeper queues the message once the broker is back.
        transaction.on_commit(lambda: enqueue(pk), robust=True)
    return message


def enqueue(pk: int, countdown: int = 0) -> None:
    from .tasks import deliver_message

    deliver_message.apply_async(args=[pk], countdown=countdown, queue=settings.MESSAGING_QUEUE)


def send_email(to: str, subject: str, body: str, *, purpose: str, congress=None, user=None) -> OutboundMessage:
    """Queue an e-mail. Raises ``ValueError`` for an address that is not one."""
    to = (to or "").strip()
    try:
        validate_email(to)
    except ValidationError:
        raise ValueError("invalid e-mail address") from None
    return _queue(
        OutboundMessage(
            channel=Channel.EMAIL,
            recipient=to,
            recipient_index=selectors.recipient_index(Channel.EMAIL, to),
            purpose=purpose,
            subject=subject[:200],
            text=body,
            backend=backends.configured(Channel.EMAIL),
            congress_id=_congress_id(congress),
            user_id=_user_id(user),
        )
    )


def send_sms(
    to: str, template: str, params: Mapping[str, str], *, purpose: str, congress=None, user=None
) -> OutboundMessage:
    """Queue an SMS from a registered template. Mainland mobile numbers (11 digits) only."""
    phone = normalise_phone(to)
    if len(phone) != 11 or not phone.startswith("1"):
        raise ValueError("invalid mobile number")
    return _templated(Channel.SMS, phone, template, params, purpose=purpose, congress=congress, user=user)


def _templated(
    channel: str, recipient: str, template: str, params: Mapping[str, str], *, purpose: str, congress, user,
    **extra: str,
) -> OutboundMessage:
    """Queue a message rendered from a registered template (SMS and WeChat)."""
    entry = templates.get(template)
    values = entry.check(params)
    return _queue(
        OutboundMessage(
            channel=channel,
            recipient=recipient,
            recipient_index=selectors.recipient_index(channel, recipient),
            purpose=purpose,
            template=template,
            params=values,
            text=entry.render(values),
            backend=backends.configured(channel),
            congress_id=_congress_id(congress),
            user_id=_user_id(user),
            **extra,
        )
    )


def send_wechat(
    openid: str,
    template: str,
    params: Mapping[str, str],
    *,
    url: str = "",
    purpose: str,
    congress=None,
    user=None,
) -> OutboundMessage:
    """Queue a WeChat official-account template message to a follower's ``openid``."""
    openid = (openid or "").strip()
    if not openid or len(openid) > 128:
        raise ValueError("invalid openid")
    return _templated(
        Channel.WECHAT, openid, template, params, purpose=purpose, congress=congress, user=user, url=url[:500]
    )


def backoff(attempts: int) -> int:
    """Seconds before attempt ``attempts + 1``: doubling from the base, capped at an hour."""
    return min(settings.MESSAGING_RETRY_BACKOFF_SECONDS * 2 ** max(0, attempts - 1), 3600)


def _claim(pk: int) -> OutboundMessage | None:
    """Take the message for one attempt; None when it is done or another worker holds it."""
    with transaction.atomic():
        message = OutboundMessage.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
        if message is None:
            return None
        in_flight = message.status == Status.SENDING and message.next_attempt_at > timezone.now()
        if message.status not in (Status.QUEUED, Status.SENDING) or in_flight:
            return None
        message.status = Status.SENDING
        message.attempts += 1
        # If this worker dies mid-send, the sweeper picks the message up after this time.
        message.next_attempt_at = timezone.now() + timedelta(seconds=settings.MESSAGING_STALE_SECONDS)
        message.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
        return message


def deliver(pk: int) -> str | None:
    """One delivery attempt; returns the resulting status (None if there was nothing to do)."""
    message = _claim(pk)
    if message is None:
        return None
    try:
        provider_id = backends.get(message.backend).send(message)
    except backends.DeliveryError as exc:
        return _failed(message, str(exc)[:500], retry=exc.retry)
    except Exception as exc:  # an adapter bug must not leave the message in "sending"
        log.exception("messaging backend crashed", extra={"message_id": message.pk, "backend": message.backend})
        return _failed(message, f"{type(exc).__name__}"[:500], retry=True)
    with transaction.atomic():
        message.status = Status.SENT
        message.provider_message_id = provider_id[:100]
        message.sent_at = timezone.now()
        message.next_attempt_at = None
        message.last_error = ""
        message.save(
            update_fields=["status", "provider_message_id", "sent_at", "next_attempt_at", "last_error", "updated_at"]
        )
        record("messaging.sent", message, {"attempts": message.attempts, "backend": message.backend})
    return Status.SENT


def _failed(message: OutboundMessage, error: str, *, retry: bool) -> str:
    again = retry and message.attempts < settings.MESSAGING_MAX_ATTEMPTS
    with transaction.atomic():
        message.last_error = error
        if again:
            delay = backoff(message.attempts)
            message.status = Status.QUEUED
            message.next_attempt_at = timezone.now() + timedelta(seconds=delay)
        else:
            message.status = Status.FAILED
            message.next_attempt_at = None
        message.save(update_fields=["status", "last_error", "next_attempt_at", "updated_at"])
        if again:
            transaction.on_commit(lambda: enqueue(message.pk, countdown=delay), robust=True)
        else:
            record("messaging.failed", message, {"attempts": message.attempts, "error": error[:200]})
    log.warning(
        "message delivery failed",
        extra={"message_id": message.pk, "backend": message.backend, "attempts": message.attempts, "retry": again},
    )
    return message.status


def requeue_due(limit: int = 500) -> int:
    """Queue again what is due and not in flight: lost enqueues (broker down at commit),
    workers that died mid-send. At-least-once: a provider may see a message twice."""
    due = list(
        OutboundMessage.objects.filter(status__in=[Status.QUEUED, Status.SENDING], next_attempt_at__lte=timezone.now())
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    # Not again next minute: a long backlog must not grow by itself.
    OutboundMessage.objects.filter(pk__in=due).update(
        next_attempt_at=timezone.now() + timedelta(seconds=settings.MESSAGING_STALE_SECONDS)
    )
    for pk in due:
        enqueue(pk)
    return len(due)
