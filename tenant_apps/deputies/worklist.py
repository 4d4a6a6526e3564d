"""What a person has to do in the deputies module, for their landing page."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from shared_apps.identity.access import has_capability
from tenants.modules import WorkItem, WorkList

from . import selectors
from .models import DutyRecord, DutyStatus

ITEMS_SHOWN = 8


def _items(records) -> tuple[WorkItem, ...]:
    return tuple(
        WorkItem(
            title=f"{record.occurred_on:%Y-%m-%d} {record.title}",
            url=reverse("deputies:duty_detail", args=[record.pk]),
            note=record.rejection_reason or record.get_status_display(),
            state="due_soon" if record.status == DutyStatus.REJECTED else "open",
        )
        for record in records[:ITEMS_SHOWN]
    )


def worklist(request: HttpRequest) -> list[WorkList]:
    user = request.user
    lists = []
    me = selectors.deputy_of(user)
    if me is not None and has_capability(user, "deputies.record_own_duty"):
        returned = DutyRecord.objects.filter(participants=me, status=DutyStatus.REJECTED).order_by("-updated_at")
        count = returned.count()
        lists.append(
            WorkList(
                title=_("退回待修改的履职记录"), url=reverse("deputies:my_duties"), icon="person-check",
                open=count, items=_items(returned), deadlines=False,
            )
        )
    if has_capability(user, "deputies.verify_duty"):
        queue = selectors.verification_queue()
        lists.append(
            WorkList(
                title=_("待审核的履职记录"), url=reverse("deputies:verification"), icon="check2-square",
                open=queue.count(), items=_items(queue), deadlines=False,
            )
        )
    return lists
