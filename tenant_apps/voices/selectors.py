"""Reads of the voices module: who sees which message, timelines, inboxes, the home section."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from shared_apps.identity import selectors as identity

from . import cached
from .models import Category, Notification, NotificationChannel, Voice
from .states import Status

VIEW_PERM = "voices.view_voice"


def categories() -> QuerySet[Category]:
    from .taxonomy import ensure_defaults

    ensure_defaults()
    return Category.objects.filter(parent__isnull=True, is_active=True).prefetch_related("subcategories")


def _base() -> QuerySet[Voice]:
    return Voice.objects.select_related("category", "subcategory", "station", "deputy", "lead_unit")


def all_voices() -> QuerySet[Voice]:
    return _base()


def deputy_voices(user) -> QuerySet[Voice]:
    """Messages routed to the user as a deputy (the addressee or a stationed deputy)."""
    return _base().filter(recipients__user_id=user.pk, recipients__is_active=True).distinct()


def unit_voices(user) -> QuerySet[Voice]:
    """Exactly the messages assigned to the user's unit(s): django-guardian object grants."""
    return identity.granted_objects(user, VIEW_PERM, _base())


def filter_list(qs: QuerySet[Voice], params) -> QuerySet[Voice]:
    if params.get("status") in Status.values:
        qs = qs.filter(status=params["status"])
    if params.get("category"):
        qs = qs.filter(category__code=params["category"])
    if params.get("overdue") in ("1", "true"):
        qs = qs.filter(overdue_at__isnull=False, status__in=Status.handling())
    if params.get("q"):
        qs = qs.filter(Q(title__icontains=params["q"]) | Q(tracking_code=params["q"].upper()))
    return qs


def by_tracking(code: str, secret: str) -> tuple[Voice, bool] | None:
    """The message with this code and whether the citizen proved it is theirs, or None.

    ``secret`` is the citizen's key (``(voice, True)``: may view, rate and reopen). For a message
    from before keys existed, the last four phone digits still open it read-only
    (``(voice, False)``): nothing there that staff do not already see, and no rating.
    """
    from .intake import citizen_key_matches

    voice = Voice.objects.filter(tracking_code=(code or "").strip().upper()).first()
    if voice is None:
        return None
    if citizen_key_matches(voice, secret):
        return voice, True
    digits = (secret or "").strip()
    if not voice.citizen_key_hash and len(digits) == 4 and digits.isdigit() and voice.phone.endswith(digits):
        return voice, False
    return None


def public_timeline(voice: Voice):
    return voice.timeline.filter(is_public=True)


def public_replies(voice: Voice):
    return voice.replies.filter(is_public=True)


def inbox(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    qs = Notification.objects.filter(user_id=user.pk, channel=NotificationChannel.INBOX).select_related("voice")
    return qs.filter(read_at__isnull=True) if unread_only else qs


def unread_count(user) -> int:
    return inbox(user, unread_only=True).count()


def mark_read(user, ids=None) -> None:
    qs = inbox(user, unread_only=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    qs.update(read_at=timezone.now())


def home_context(request: HttpRequest) -> dict:
    from .stats import headline

    # The public home page is the congress's busiest page and these figures scan every message:
    # a minute's delay is fine for a public overview (staff statistics are computed live).
    return {"figures": cached.read_through("headline", lambda: headline(Voice.objects.all()), timeout=60)}


def escalation_target(congress=None):
    """The congress a common problem of ``congress`` (default: this one) can be escalated to:
    its parent, when the platform hosts it. A province, or a congress under a self-built
    (connected) system, has nobody to escalate to here; the escalations module's consumer
    would drop the request, so the offer must not be made."""
    from tenants.models import HostingMode

    from .config import current_congress

    congress = congress or current_congress()
    parent = congress.parent if congress.parent_id else None
    if parent is None or parent.is_platform or parent.hosting_mode == HostingMode.CONNECTED:
        return None
    return parent
