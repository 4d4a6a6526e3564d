"""Writes of escalation: receiving a case from a child congress, deciding on it."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from shared_apps.audit.services import record
from shared_apps.bus.services import publish

from .models import CaseDecision, CaseStatus, EscalatedCase

DECIDABLE = (CaseStatus.IN_PROGRESS, CaseStatus.ANSWERED, CaseStatus.CLOSED)


@transaction.atomic
def receive(*, source_congress_id: int, source_congress_name: str, payload: dict) -> EscalatedCase:
    """Open (or refresh) the linked case for an escalated message, in the parent's schema."""
    case, created = EscalatedCase.objects.update_or_create(
        source_congress_id=source_congress_id,
        source_voice_id=payload["voice_id"],
        defaults={
            "source_congress_name": source_congress_name,
            "category": payload["category"],
            "summary": payload["summary"],
            "requested_at": parse_datetime(payload["requested_at"]),
        },
    )
    if not created and case.status == CaseStatus.CLOSED:
        case.status = CaseStatus.RECEIVED
        case.save(update_fields=["status", "updated_at"])
    record("escalations.received", case, {"source_congress_id": source_congress_id, "voice_id": payload["voice_id"]})
    return case


@transaction.atomic
def decide(case: EscalatedCase, *, status: str, text: str, user_id: int | None,
           at: dt.datetime | None = None) -> CaseDecision:
    text = (text or "").strip()
    errors = {}
    if status not in DECIDABLE:
        errors["status"] = [_("请选择办理状态。")]
    if not text:
        errors["text"] = [_("请填写办理意见。")]
    elif len(text) > 2000:
        errors["text"] = [_("办理意见不能超过 2000 字。")]
    if errors:
        raise ValidationError(errors)
    case = EscalatedCase.objects.select_for_update().get(pk=case.pk)
    if case.status == CaseStatus.CLOSED:
        raise ValidationError({"status": [_("该案件已办结。")]})
    at = at or timezone.now()
    decision = CaseDecision.objects.create(case=case, status=status, text=text, decided_by=user_id, decided_at=at)
    case.status = status
    case.save(update_fields=["status", "updated_at"])
    record("escalations.decided", case, {"status": status})
    publish(
        "escalation.decided",
        {
            "case_id": case.pk,
            "source_congress_id": case.source_congress_id,
            "source_voice_id": case.source_voice_id,
            "status": status,
            "text": text,
            "decided_at": at,
        },
    )
    return decision
