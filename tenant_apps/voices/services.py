"""Writes of the voices module: every change of a message's state, with timeline, audit and event.

Each public function runs in one transaction, refuses an illegal transition with
``states.IllegalTransition`` and leaves one timeline entry per step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.audit.services import record
from shared_apps.bus.services import publish
from shared_apps.identity.models import OrganisationUnit
from shared_apps.identity.services import grant_to_unit, revoke_from_unit
from tenant_apps.deputies.models import Deputy

from . import config, notifications, selectors, states
from .intake import Submission, citizen_key_matches, submit  # noqa: F401  (the intake service, re-exported)
from .models import (
    ActorKind,
    Assignment,
    AssignmentRole,
    CloseOutcome,
    CommonProblem,
    Feedback,
    Note,
    Rating,
    Recipient,
    Reply,
    ReplyBy,
    TimelineEntry,
    Voice,
)
from .states import Status
from .workcalendar import WorkCalendar

VIEW_PERM = "voices.view_voice"


def _step(
    voice: Voice,
    action: str,
    *,
    actor_kind: str,
    actor_id: int | None = None,
    public_text: str = "",
    internal_text: str = "",
    is_public: bool = True,
    at: dt.datetime | None = None,
    audit: dict | None = None,
) -> str:
    """Move ``voice`` along ``action`` (or refuse); write the timeline entry and audit record."""
    previous = voice.status
    voice.status = states.target(action, previous)
    at = at or timezone.now()
    TimelineEntry.objects.create(
        voice=voice,
        at=at,
        action=action,
        actor_kind=actor_kind,
        actor_id=actor_id,
        from_status=previous,
        to_status=voice.status,
        public_text=public_text,
        internal_text=internal_text,
        is_public=is_public,
    )
    record(f"voices.{action}", voice, {"from": previous, "to": voice.status, **(audit or {})})
    return previous


def _lock(voice: Voice) -> Voice:
    return Voice.objects.select_for_update().select_related("category").get(pk=voice.pk)


def _deadline(voice: Voice, start: dt.datetime) -> dt.datetime:
    category = voice.category
    return WorkCalendar().deadline(start, category.deadline_amount, category.deadline_unit)


def _require_text(text: str, field: str = "text") -> str:
    text = (text or "").strip()
    if not text:
        raise ValidationError({field: [_("请填写内容。")]})
    return text


def _close_event(voice: Voice, outcome: str) -> None:
    voice.closed_at = timezone.now()
    voice.close_outcome = outcome
    publish(
        "voice.closed",
        {
            "voice_id": voice.pk,
            "category": voice.category.code,
            "closed_at": voice.closed_at,
            "outcome": outcome,
            "overdue": voice.was_overdue,
        },
    )


def _replied_event(voice: Voice, *, by: str, unit: OrganisationUnit | None, grade: str, at: dt.datetime) -> None:
    due = voice.due_at
    publish(
        "voice.replied",
        {
            "voice_id": voice.pk,
            "category": voice.category.code,
            "unit_id": unit.pk if unit else None,
            "grade": grade or None,
            "replied_at": at,
            "submitted_at": voice.submitted_at,
            "due_at": due,
            "on_time": due is None or at <= due,
            "reply_seconds": int((at - voice.submitted_at).total_seconds()),
            "by": by,
        },
    )


def _mark_replied(voice: Voice, at: dt.datetime) -> None:
    voice.first_replied_at = voice.first_replied_at or at
    voice.replied_at = at
    voice.overdue_at = None
    voice.reminded_at = None


# --- deputies --------------------------------------------------------------------------------


def deputy_of(user, voice: Voice) -> Deputy | None:
    """The user's deputy record among the message's recipients, if they are one."""
    recipient = voice.recipients.filter(user_id=user.pk, is_active=True).select_related("deputy").first()
    return recipient.deputy if recipient else None


@transaction.atomic
def accept(voice: Voice, *, user) -> Voice:
    voice = _lock(voice)
    _step(
        voice,
        "accept",
        actor_kind=ActorKind.DEPUTY,
        actor_id=user.pk,
        public_text=_("代表已受理您的留言。"),
    )
    voice.accepted_at = timezone.now()
    voice.save()
    return voice


@transaction.atomic
def answer(voice: Voice, *, user, text: str, by: str = ReplyBy.DEPUTY) -> Voice:
    """The deputy (or staff) answers directly, e.g. a consultation."""
    text = _require_text(text)
    voice = _lock(voice)
    now = timezone.now()
    _step(
        voice,
        "answer",
        actor_kind=ActorKind.DEPUTY if by == ReplyBy.DEPUTY else ActorKind.STAFF,
        actor_id=user.pk,
        public_text=text,
        at=now,
    )
    Reply.objects.create(voice=voice, round=voice.round, by=by, author_id=user.pk, text=text, created_at=now)
    _replied_event(voice, by=ReplyBy.DEPUTY, unit=None, grade="", at=now)
    _mark_replied(voice, now)
    voice.save()
    return voice


def _set_units(
    voice: Voice,
    lead: OrganisationUnit,
    co_units: Sequence[OrganisationUnit],
    user,
    now,
    *,
    congress_id: int,
    keep_due: bool,
) -> None:
    units = [lead, *[u for u in co_units if u.pk != lead.pk]]
    for unit in units:
        if unit.congress_id != congress_id or not unit.is_active:
            raise ValidationError({"lead_unit": [_("只能交办给本人大的有效单位。")]})
    for old in voice.assignments.filter(is_active=True).select_related("unit"):
        old.is_active = False
        old.save(update_fields=["is_active"])
        revoke_from_unit(old.unit, VIEW_PERM, voice)
    due = voice.due_at if keep_due else _deadline(voice, now)
    for unit in units:
        Assignment.objects.create(
            voice=voice,
            unit=unit,
            role=AssignmentRole.LEAD if unit.pk == lead.pk else AssignmentRole.CO,
            assigned_at=now,
            due_at=due,
            assigned_by_id=user.pk,
        )
        grant_to_unit(unit, VIEW_PERM, voice)
    voice.lead_unit = lead
    voice.due_at = due
    voice.overdue_at = None
    voice.reminded_at = None


@transaction.atomic
def assign(
    voice: Voice,
    *,
    user,
    lead_unit: OrganisationUnit,
    co_units: Sequence[OrganisationUnit] = (),
    note: str = "",
    actor_kind: str = ActorKind.DEPUTY,
) -> Voice:
    """Hand the message to a lead unit and co-units; their handlers see it via guardian grants."""
    voice = _lock(voice)
    now = timezone.now()
    action = "reassign" if voice.status == Status.ASSIGNED else "assign"
    # Re-handling after a dissatisfied rating keeps the reopening deadline.
    keep_due = voice.status == Status.REOPENED
    _step(
        voice,
        action,
        actor_kind=actor_kind,
        actor_id=user.pk,
        at=now,
        public_text=_("已交由%(unit)s办理。") % {"unit": lead_unit.name},
        internal_text=note.strip(),
        audit={"lead_unit": lead_unit.pk, "co_units": [u.pk for u in co_units]},
    )
    _set_units(
        voice,
        lead_unit,
        co_units,
        user,
        now,
        congress_id=config.current_congress().pk,
        keep_due=keep_due,
    )
    voice.save()
    publish(
        "voice.assigned",
        {
            "voice_id": voice.pk,
            "category": voice.category.code,
            "lead_unit_id": lead_unit.pk,
            "co_unit_ids": [u.pk for u in co_units if u.pk != lead_unit.pk],
            "unit_kind": lead_unit.kind,
            "assigned_at": now,
            "due_at": voice.due_at,
        },
    )
    settings = config.all_settings()
    notifications.to_users(
        voice,
        notifications.unit_handlers([lead_unit.pk, *[u.pk for u in co_units]]),
        "voice.assigned",
        _("交办件：%(title)s") % {"title": voice.title[:40]},
        _("贵单位收到一件交办的群众留言，办理期限 %(due)s。")
        % {"due": timezone.localtime(voice.due_at).strftime("%Y-%m-%d %H:%M")},
        settings,
        webhook_extra={"unit_ids": [lead_unit.pk, *[u.pk for u in co_units]]},
    )
    return voice


@transaction.atomic
def return_misrouted(voice: Voice, *, user, reason: str) -> Voice:
    """The deputy sends a message back as not theirs, within the configured working days."""
    reason = _require_text(reason, "reason")
    voice = _lock(voice)
    limit = config.get("misroute_working_days")
    if WorkCalendar().working_days_between(voice.submitted_at, timezone.now()) > limit:
        raise ValidationError({"reason": [_("超过%(n)s个工作日，不能再退回。") % {"n": limit}]})
    _step(
        voice,
        "return_misrouted",
        actor_kind=ActorKind.DEPUTY,
        actor_id=user.pk,
        public_text=_("留言已退回人大工作人员重新分派。"),
        internal_text=reason,
    )
    voice.save()
    notifications.to_users(
        voice,
        notifications.staff_users(),
        "voice.misrouted",
        _("退回件：%(title)s") % {"title": voice.title[:40]},
        reason,
        config.all_settings(),
    )
    return voice


@transaction.atomic
def mark_common_problem(voice: Voice, *, user, kind: str, summary: str) -> Voice:
    """A common problem becomes a deputy suggestion draft, or is flagged for the parent congress.

    The cross-tenant hand-over reads the ``voice.escalation_requested`` event (issue 6); here
    the state, the staff-written summary and the event exist.
    """
    summary = _require_text(summary, "summary")
    if kind not in CommonProblem.values:
        raise ValidationError({"kind": [_("请选择处理方式。")]})
    if kind == CommonProblem.ESCALATION and selectors.escalation_target() is None:
        raise ValidationError({"kind": [_("本人大没有可以提请的上级人大，请转为代表建议或交办处理。")]})
    voice = _lock(voice)
    action = "convert_to_suggestion" if kind == CommonProblem.SUGGESTION else "escalate"
    now = timezone.now()
    public = (
        _("您反映的问题具有共性，代表已将其转为代表建议。")
        if kind == CommonProblem.SUGGESTION
        else _("您反映的问题具有共性，已提请上级人大研究办理。")
    )
    _step(
        voice,
        action,
        actor_kind=ActorKind.DEPUTY,
        actor_id=user.pk,
        at=now,
        public_text=public,
        internal_text=summary,
    )
    voice.common_problem = kind
    voice.escalation_summary = summary
    if kind == CommonProblem.SUGGESTION:
        _mark_replied(voice, now)
    voice.save()
    if kind == CommonProblem.ESCALATION:
        publish(
            "voice.escalation_requested",
            {
                "voice_id": voice.pk,
                "category": voice.category.code,
                "summary": summary[:1000],
                "requested_at": now,
            },
        )
    return voice


# --- handling units ---------------------------------------------------------------------------


@transaction.atomic
def reply(voice: Voice, *, user, unit: OrganisationUnit, grade: str, text: str) -> Voice:
    """A handler answers for their unit. The lead unit's reply goes to the citizen; a co-unit's
    opinion is recorded for the lead unit and staff only."""
    text = _require_text(text)
    if grade not in ("A", "B", "C", "D"):
        raise ValidationError({"grade": [_("请选择答复类型（A/B/C/D）。")]})
    voice = _lock(voice)
    assignment = voice.assignments.filter(unit=unit, is_active=True).first()
    if assignment is None:
        raise ValidationError({"unit": [_("本单位没有承办这件留言。")]})
    now = timezone.now()
    is_lead = assignment.role == AssignmentRole.LEAD
    _step(
        voice,
        "reply" if is_lead else "co_reply",
        actor_kind=ActorKind.HANDLER,
        actor_id=user.pk,
        at=now,
        public_text=text if is_lead else "",
        internal_text="" if is_lead else text,
        is_public=is_lead,
        audit={"unit": unit.pk, "grade": grade},
    )
    Reply.objects.create(
        voice=voice,
        round=voice.round,
        by=ReplyBy.UNIT,
        unit=unit,
        author_id=user.pk,
        grade=grade,
        text=text,
        is_public=is_lead,
        created_at=now,
    )
    if is_lead:
        _replied_event(voice, by=ReplyBy.UNIT, unit=unit, grade=grade, at=now)
        _mark_replied(voice, now)
    voice.save()
    return voice


@transaction.atomic
def add_note(voice: Voice, *, user, text: str, actor_kind: str) -> Note:
    text = _require_text(text)
    voice = _lock(voice)
    _step(voice, "note", actor_kind=actor_kind, actor_id=user.pk, internal_text=text, is_public=False)
    return Note.objects.create(voice=voice, author_id=user.pk, text=text)


# --- the citizen --------------------------------------------------------------------------------


class NotTheCitizen(ValidationError):
    """Rating or reopening without the citizen's secret key."""


@transaction.atomic
def rate(voice: Voice, *, citizen_key: str, rating: str, comment: str = "", via: str = "web") -> Voice:
    """满意 / 基本满意 close the message; 不满意 reopens it once (configurable) for re-handling.

    Only the citizen may do either: ``citizen_key`` is the secret handed to them at submission
    (nothing staff can see, unlike the tracking code or the masked phone). ``via`` ("web",
    "api") goes to the audit log with the rating and the reopening.
    """
    if rating not in Rating.values:
        raise ValidationError({"rating": [_("请选择评价。")]})
    voice = _lock(voice)
    if not citizen_key_matches(voice, citizen_key):
        raise NotTheCitizen({"citizen_key": [_("查询密钥不正确，只有留言人本人可以评价。")]}, code="not_the_citizen")
    settings = config.all_settings()
    now = timezone.now()
    comment = (comment or "").strip()[:500]
    reopen = rating == Rating.DISSATISFIED and voice.round <= settings["max_reopens"]
    action = "rate_dissatisfied" if reopen else ("rate_satisfied" if rating != Rating.DISSATISFIED else "rate_final")
    text = _("群众评价：%(rating)s。") % {"rating": Rating(rating).label} + (f" {comment}" if comment else "")
    _step(
        voice,
        action,
        actor_kind=ActorKind.CITIZEN,
        at=now,
        public_text=text,
        audit={"rating": rating, "channel": via},
    )
    Feedback.objects.create(voice=voice, round=voice.round, rating=rating, comment=comment, created_at=now)
    voice.rating, voice.rated_at = rating, now
    publish(
        "voice.rated",
        {"voice_id": voice.pk, "category": voice.category.code, "rating": rating, "rated_at": now},
    )
    if reopen:
        voice.round += 1
        voice.due_at = now + dt.timedelta(days=settings["reopen_days"])
        voice.overdue_at = None
        voice.reminded_at = None
        TimelineEntry.objects.create(
            voice=voice,
            at=now,
            action="reopen",
            actor_kind=ActorKind.SYSTEM,
            from_status=Status.REOPENED,
            to_status=Status.REOPENED,
            public_text=_("留言已重新交办，将在%(n)s日内再次答复。") % {"n": settings["reopen_days"]},
        )
        record("voices.reopened", voice, {"round": voice.round, "channel": via})
        publish(
            "voice.reopened",
            {
                "voice_id": voice.pk,
                "category": voice.category.code,
                "reopened_at": now,
                "due_at": voice.due_at,
            },
        )
        targets = (
            notifications.unit_handlers([voice.lead_unit_id])
            if voice.lead_unit_id
            else list(voice.recipients.filter(is_active=True).values_list("user_id", flat=True))
        )
        notifications.to_users(
            voice,
            targets,
            "voice.reopened",
            _("群众不满意，请重新办理：%(title)s") % {"title": voice.title[:40]},
            comment,
            settings,
            webhook_extra={},
        )
    else:
        _close_event(voice, CloseOutcome.ANSWERED)
    voice.save()
    return voice


# --- congress staff -----------------------------------------------------------------------------


@transaction.atomic
def close(voice: Voice, *, user, reason: str) -> Voice:
    reason = _require_text(reason, "reason")
    voice = _lock(voice)
    outcome = CloseOutcome.MISROUTED if voice.status == Status.MISROUTED else CloseOutcome.CLOSED_BY_STAFF
    _step(voice, "close", actor_kind=ActorKind.STAFF, actor_id=user.pk, public_text=reason)
    _close_event(voice, outcome)
    voice.save()
    return voice


@transaction.atomic
def merge(voice: Voice, *, into: Voice, user) -> Voice:
    """Close a duplicate into another message; the citizen of the duplicate is told which."""
    if into.pk == voice.pk or into.status == Status.CLOSED:
        raise ValidationError({"into": [_("只能合并到另一条未办结的留言。")]})
    voice = _lock(voice)
    _step(
        voice,
        "merge",
        actor_kind=ActorKind.STAFF,
        actor_id=user.pk,
        public_text=_("您的留言与同类问题合并办理（查询码 %(code)s）。") % {"code": into.tracking_code},
        audit={"into": into.pk},
    )
    voice.merged_into = into
    _close_event(voice, CloseOutcome.MERGED)
    voice.save()
    return voice


@transaction.atomic
def reroute(voice: Voice, *, user, deputies: Sequence[Deputy], note: str = "") -> Voice:
    """Staff send a (returned) message to other deputies."""
    if not deputies:
        raise ValidationError({"deputies": [_("请选择代表。")]})
    voice = _lock(voice)
    _step(
        voice,
        "reroute",
        actor_kind=ActorKind.STAFF,
        actor_id=user.pk,
        public_text=_("留言已转交其他代表。"),
        internal_text=note.strip(),
        audit={"deputies": [d.pk for d in deputies]},
    )
    voice.recipients.update(is_active=False)
    for deputy in deputies:
        Recipient.objects.update_or_create(
            voice=voice, deputy=deputy, defaults={"user_id": deputy.user_id, "is_active": True}
        )
    voice.due_at = _deadline(voice, timezone.now())
    voice.overdue_at = None
    voice.save()
    notifications.new_voice(voice, deputies, config.all_settings())
    return voice


# --- the system (Celery beat) ---------------------------------------------------------------------


@transaction.atomic
def remind(voice: Voice) -> bool:
    voice = _lock(voice)
    if voice.status not in Status.handling() or voice.reminded_at or voice.due_at is None:
        return False
    voice.reminded_at = timezone.now()
    TimelineEntry.objects.create(
        voice=voice,
        at=voice.reminded_at,
        action="remind",
        actor_kind=ActorKind.SYSTEM,
        is_public=False,
        internal_text=_("办理期限将至，已提醒。"),
    )
    voice.save(update_fields=["reminded_at"])
    targets = _owners(voice)
    due = timezone.localtime(voice.due_at).strftime("%Y-%m-%d %H:%M")
    notifications.to_users(
        voice,
        targets,
        "voice.reminder",
        _("即将到期：%(title)s") % {"title": voice.title[:40]},
        _("这件留言的办理期限是 %(due)s，请抓紧办理。") % {"due": due},
        config.all_settings(),
        webhook_extra={"user_ids": targets},
    )
    return True


def _owners(voice: Voice) -> list[int]:
    if voice.status in (Status.ASSIGNED, Status.REOPENED) and voice.lead_unit_id:
        return notifications.unit_handlers([voice.lead_unit_id])
    return [u for u in voice.recipients.filter(is_active=True).values_list("user_id", flat=True) if u]


@transaction.atomic
def mark_overdue(voice: Voice) -> bool:
    """Flag a late message and escalate it to the congress staff."""
    voice = _lock(voice)
    now = timezone.now()
    if voice.status not in Status.handling() or voice.overdue_at or not voice.due_at or voice.due_at > now:
        return False
    voice.overdue_at = now
    voice.was_overdue = True
    TimelineEntry.objects.create(
        voice=voice,
        at=now,
        action="overdue",
        actor_kind=ActorKind.SYSTEM,
        is_public=False,
        internal_text=_("已超过办理期限，已报告人大工作人员督办。"),
    )
    record("voices.overdue", voice, {"due_at": voice.due_at.isoformat()})
    voice.save(update_fields=["overdue_at", "was_overdue"])
    publish(
        "voice.overdue",
        {
            "voice_id": voice.pk,
            "category": voice.category.code,
            "due_at": voice.due_at,
            "unit_id": voice.lead_unit_id,
        },
    )
    notifications.to_users(
        voice,
        notifications.staff_users() + _owners(voice),
        "voice.overdue",
        _("超期督办：%(title)s") % {"title": voice.title[:40]},
        _("这件留言已超过办理期限，请督办。"),
        config.all_settings(),
        webhook_extra={},
    )
    return True


@transaction.atomic
def close_unrated(voice: Voice) -> bool:
    voice = _lock(voice)
    if voice.status != Status.REPLIED:
        return False
    _step(
        voice,
        "close_unrated",
        actor_kind=ActorKind.SYSTEM,
        public_text=_("答复后未在规定时间内评价，留言已办结。"),
    )
    _close_event(voice, CloseOutcome.UNRATED)
    voice.save()
    return True


# --- the parent congress (issue 6's consumer) -----------------------------------------------------

UPSTREAM_STATUSES = {
    "in_progress": "upstream_update",
    "answered": "upstream_answer",
    "closed": "upstream_close",
}


@transaction.atomic
def record_upstream_update(voice_id: int, *, status: str, text: str, at: dt.datetime) -> Voice:
    """Write the parent congress's decision on an escalated message onto its timeline.

    ``status``: ``in_progress`` (a note for the citizen), ``answered`` (the parent's answer,
    the citizen may rate it) or ``closed``. Idempotent for a repeated delivery of the same
    update (same status, text and time).
    """
    if status not in UPSTREAM_STATUSES:
        raise ValidationError({"status": [_("未知的上级反馈状态：%(s)s") % {"s": status}]})
    text = _require_text(text)
    voice = Voice.objects.select_for_update().select_related("category").get(pk=voice_id)
    if voice.timeline.filter(actor_kind=ActorKind.UPSTREAM, at=at, public_text=text).exists():
        return voice
    action = UPSTREAM_STATUSES[status]
    _step(
        voice,
        action,
        actor_kind=ActorKind.UPSTREAM,
        at=at,
        public_text=text,
        audit={"status": status},
    )
    if action == "upstream_answer":
        Reply.objects.create(voice=voice, round=voice.round, by=ReplyBy.UPSTREAM, text=text, created_at=at)
        _replied_event(voice, by=ReplyBy.UNIT, unit=None, grade="", at=at)
        _mark_replied(voice, at)
    elif action == "upstream_close":
        _close_event(voice, CloseOutcome.ANSWERED)
    voice.save()
    return voice
