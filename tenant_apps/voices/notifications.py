"""Telling people: in-app inbox, e-mail, and the office's signed webhook (to bridge to SMS/WeChat).

Rows are written in the caller's transaction; e-mail goes through the platform's sender
(shared_apps.messaging), webhook delivery runs in Celery, both after commit. Nothing here carries
the citizen's name or phone.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import time
from collections.abc import Iterable
from urllib import request as urlrequest

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.identity.models import Membership, User
from shared_apps.identity.roles import Role
from shared_apps.messaging import services as messaging

from .config import current_congress
from .models import Notification, NotificationChannel, Voice

SIGNATURE_HEADER = "X-Renda-Signature"
log = logging.getLogger(__name__)


def _link(voice: Voice) -> str:
    return f"/voices/manage/{voice.pk}/"


def _email(email: str, user_id: int, kind: str, subject: str, body: str) -> None:
    try:
        messaging.send_email(email, subject, body, purpose=kind, congress=current_congress(), user=user_id)
    except ValueError:  # a mistyped address on a deputy record must not stop the handling
        log.warning("voices e-mail skipped: invalid address", extra={"user_id": user_id, "kind": kind})


def _to_users(users: Iterable[tuple[int, str]], voice: Voice, kind: str, subject: str, body: str) -> list[Notification]:
    """Inbox rows to save; the e-mails are queued with the sender right away (same transaction)."""
    rows = []
    for user_id, email in users:
        rows.append(
            Notification(
                channel=NotificationChannel.INBOX,
                user_id=user_id,
                voice=voice,
                kind=kind,
                subject=subject,
                body=body,
            )
        )
        if email:
            _email(email, user_id, kind, subject, body)
    return rows


def _webhook(voice: Voice, kind: str, settings: dict, extra: dict) -> list[Notification]:
    if not settings.get("webhook_url"):
        return []
    payload = {
        "type": kind,
        "voice_id": voice.pk,
        "category": voice.category.code,
        "station_id": voice.station_id,
        "due_at": voice.due_at.isoformat() if voice.due_at else None,
        "link": _link(voice),
        **extra,
    }
    return [
        Notification(
            channel=NotificationChannel.WEBHOOK,
            voice=voice,
            kind=kind,
            subject=kind,
            payload=payload,
        )
    ]


def _save(rows: list[Notification]) -> None:
    if not rows:
        return
    Notification.objects.bulk_create(rows)
    pending = [r.pk for r in rows if r.channel != NotificationChannel.INBOX]
    if pending:
        from .tasks import deliver_notifications

        transaction.on_commit(lambda: deliver_notifications.delay(pending))


def email_of(user_id: int) -> str:
    """The person's login e-mail, or else the e-mail on their deputy record in this congress."""
    from tenant_apps.deputies.models import Deputy

    email = User.objects.filter(pk=user_id, is_active=True).values_list("email", flat=True).first()
    if not email:
        deputy = Deputy.objects.in_office().filter(user_id=user_id).only("email").first()
        email = deputy.email if deputy else ""
    return email or ""


def _login_email(deputy) -> str:
    """The e-mail of the deputy's login, from the routing query when it fetched the user."""
    if not type(deputy).user.is_cached(deputy):
        return email_of(deputy.user_id)
    user = deputy.user
    return user.email if user is not None and user.is_active else ""


def _user_contacts(user_ids: Iterable[int]) -> list[tuple[int, str]]:
    ids = sorted({i for i in user_ids if i})
    return [(pk, email_of(pk)) for pk in User.objects.filter(pk__in=ids, is_active=True).values_list("pk", flat=True)]


def new_voice(voice: Voice, deputies, settings: dict) -> None:
    subject = _("新的群众留言：%(title)s") % {"title": voice.title[:40]}
    body = _("您收到一条%(category)s类留言，请在工作台“我的留言”中受理。查询码 %(code)s。") % {
        "category": voice.category.name,
        "code": voice.tracking_code,
    }
    rows = []
    for deputy in deputies:
        if deputy.user_id:
            email = deputy.email or _login_email(deputy)
            rows += _to_users([(deputy.user_id, email)], voice, "voice.routed", subject, body)
    rows += _webhook(voice, "voice.routed", settings, {"deputy_ids": [d.pk for d in deputies]})
    _save(rows)


def unit_handlers(unit_ids: Iterable[int]) -> list[int]:
    congress = current_congress()
    return list(
        Membership.objects.active()
        .filter(congress_id=congress.pk, role=Role.HANDLER, organisation_unit_id__in=list(unit_ids))
        .values_list("user_id", flat=True)
        .distinct()
    )


def staff_users() -> list[int]:
    congress = current_congress()
    return list(
        Membership.objects.active()
        .filter(congress_id=congress.pk, role__in=[Role.ADMINISTRATOR, Role.STAFF])
        .values_list("user_id", flat=True)
        .distinct()
    )


def to_users(
    voice: Voice,
    user_ids: Iterable[int],
    kind: str,
    subject: str,
    body: str,
    settings: dict,
    webhook_extra: dict | None = None,
) -> None:
    rows = _to_users(_user_contacts(user_ids), voice, kind, subject, body)
    if webhook_extra is not None:
        rows += _webhook(voice, kind, settings, webhook_extra)
    _save(rows)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={mac}"


def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """What a receiving bridge does: check the HMAC and the timestamp's freshness."""
    try:
        parts = dict(item.split("=", 1) for item in header.split(","))
        timestamp = int(parts["t"])
    except (ValueError, KeyError):
        return False
    if abs(time.time() - timestamp) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, timestamp, body), header)


def deliver(notification: Notification, settings: dict) -> None:
    """Make one webhook call; failures are kept on the row for a retry. E-mail rows written
    before the sender existed are handed to it."""
    notification.attempts += 1
    try:
        if notification.channel == NotificationChannel.EMAIL:
            email = email_of(notification.user_id)
            if not email:
                raise ValueError("no e-mail address")
            messaging.send_email(
                email, notification.subject, notification.body,
                purpose=notification.kind, congress=current_congress(), user=notification.user_id,
            )
        elif notification.channel == NotificationChannel.WEBHOOK:
            body = json.dumps(
                {
                    **notification.payload,
                    "congress": connection.schema_name,
                    "notification_id": notification.pk,
                },
                ensure_ascii=False,
                sort_keys=True,
            ).encode()
            req = urlrequest.Request(
                settings["webhook_url"],
                data=body,
                method="POST",
                headers={
                    "Content-Type": "application/json",
                    SIGNATURE_HEADER: sign(settings["webhook_secret"], int(time.time()), body),
                },
            )
            with urlrequest.urlopen(req, timeout=10) as response:
                response.read()
        notification.sent_at = timezone.now()
        notification.error = ""
    except Exception as exc:  # a bridge being down must not lose the notification
        notification.error = f"{type(exc).__name__}: {exc}"[:300]
    notification.save(update_fields=["attempts", "sent_at", "error"])
