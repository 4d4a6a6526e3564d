"""What a person has to do in the voices module, for their landing page."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.identity.access import has_capability
from tenants.modules import WorkItem, WorkList

from . import config, selectors
from .models import Voice
from .states import Status

ITEMS_SHOWN = 8


def _summary(qs: QuerySet[Voice], soon: dt.datetime) -> dict[str, int]:
    now = timezone.now()
    return qs.aggregate(
        open=Count("pk"),
        overdue=Count("pk", filter=Q(overdue_at__isnull=False) | Q(due_at__lt=now)),
        due_soon=Count("pk", filter=Q(overdue_at__isnull=True, due_at__gte=now, due_at__lt=soon)),
    )


def _items(qs: QuerySet[Voice], soon: dt.datetime, url_name: str) -> tuple[WorkItem, ...]:
    now = timezone.now()
    items = []
    for voice in qs.order_by("due_at", "pk")[:ITEMS_SHOWN]:
        if voice.overdue_at is not None or (voice.due_at and voice.due_at < now):
            state = "overdue"
        elif voice.due_at and voice.due_at < soon:
            state = "due_soon"
        else:
            state = "open"
        items.append(
            WorkItem(
                title=f"{voice.tracking_code} {voice.title}",
                url=reverse(url_name, args=[voice.pk]),
                due_at=voice.due_at,
                state=state,
                note=voice.get_status_display(),
            )
        )
    return tuple(items)


def _worklist(title: str, url: str, qs: QuerySet[Voice], icon: str) -> WorkList:
    soon = timezone.now() + dt.timedelta(hours=config.get("remind_before_hours"))
    counts = _summary(qs, soon)
    return WorkList(
        title=title, url=url, icon=icon, items=_items(qs, soon, "voices:detail"), **counts,
    )


def worklist(request: HttpRequest) -> list[WorkList]:
    user = request.user
    lists = []
    handling = Status.handling()
    if has_capability(user, "voices.handle"):
        queue = selectors.unit_voices(user).filter(status__in=handling)
        lists.append(_worklist(_("本单位交办的群众留言"), reverse("voices:handling"), queue, "briefcase"))
    if has_capability(user, "voices.respond"):
        queue = selectors.deputy_voices(user).filter(status__in=handling)
        lists.append(_worklist(_("我的群众留言"), reverse("voices:inbox"), queue, "inbox"))
    if has_capability(user, "voices.respond") or has_capability(user, "voices.handle"):
        unread = selectors.inbox(user, unread_only=True)
        count = unread.count()
        notices = tuple(
            WorkItem(title=n.subject, url=reverse("voices:inbox"), note=f"{n.created_at:%m-%d %H:%M}")
            for n in unread.order_by("-created_at")[:ITEMS_SHOWN]
        )
        lists.append(WorkList(title=_("未读通知"), url=reverse("voices:inbox"), icon="bell", open=count, items=notices,
                                  deadlines=False, count_label=_("未读")))
    if has_capability(user, "voices.view_all") and has_capability(user, "voices.manage"):
        queue = selectors.all_voices().filter(status__in=(Status.SUBMITTED, Status.MISROUTED, Status.REOPENED))
        lists.append(_worklist(_("待受理和重新办理的留言"), reverse("voices:manage"), queue, "chat-square-text"))
    return lists
