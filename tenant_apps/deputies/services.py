"""Writes of the deputies module: register, terms and groups, duty records, verification."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.accounts import services as accounts
from shared_apps.audit.services import record
from shared_apps.bus.services import publish
from shared_apps.identity import selectors as identity_selectors
from shared_apps.identity.models import Membership, User
from shared_apps.identity.roles import Role
from shared_apps.identity.services import add_membership, create_user, end_membership, needs_consent, offer_seat
from shared_apps.privacy.masking import normalise_phone
from shared_apps.web.images import sanitise_image
from tenants.regions import Level
from tenants.selectors import module_config

from .context import current_congress
from .duty_types import DutyType, duty_types
from .models import (
    Constituency,
    DelegationGroup,
    Deputy,
    DeputyLevel,
    DutyAttachment,
    DutyRecord,
    DutyStatus,
    EnteredBy,
    Gender,
    Occupation,
    Party,
    Seat,
    Term,
)

REGISTER_FIELDS = (
    "name",
    "gender",
    "ethnicity",
    "birth_year",
    "party",
    "occupation",
    "position",
    "level",
    "term",
    "constituency",
    "group",
    "mobile",
    "email",
    "address",
    "registered_on",
    "roster_code",
    "biography",
)
SEAT_FIELDS = ("term", "constituency", "group")


def congress():
    return current_congress()


# A sub-district has a working committee, not a congress: its deputies sit in the county's.
_LEVEL_OF_CONGRESS = {
    Level.PROVINCE: DeputyLevel.PROVINCE,
    Level.CITY: DeputyLevel.CITY,
    Level.COUNTY: DeputyLevel.COUNTY,
    Level.TOWNSHIP: DeputyLevel.TOWNSHIP,
    Level.SUBDISTRICT: DeputyLevel.COUNTY,
}


def default_level() -> str:
    """Deputies of a congress are, unless said otherwise, of that congress's level."""
    return _LEVEL_OF_CONGRESS.get(getattr(congress(), "level", ""), DeputyLevel.COUNTY)


def clean_mobile(mobile: str) -> str:
    digits = normalise_phone(mobile or "")
    if digits and (len(digits) != 11 or not digits.startswith("1")):
        raise ValidationError({"mobile": [_("手机号应为 11 位数字，以 1 开头。")]})
    return digits


def _validate(values: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if not (values.get("name") or "").strip():
        errors["name"] = [_("请填写姓名。")]
    choices = (
        ("gender", Gender),
        ("party", Party),
        ("occupation", Occupation),
        ("level", DeputyLevel),
    )
    for field, enum in choices:
        if values.get(field) and values[field] not in enum.values:
            errors[field] = [_("取值无效。")]
    year = values.get("birth_year")
    if year is not None and not 1900 <= int(year) <= timezone.localdate().year - 18:
        errors["birth_year"] = [_("出生年份无效（代表须年满十八周岁）。")]
    if not values.get("registered_on"):
        errors["registered_on"] = [_("请填写当选日期。")]
    if errors:
        raise ValidationError(errors)


def person_for_mobile(mobile: str, name: str) -> User:
    """The person with this mobile number; a new account if there is none, invited by SMS
    to set its password."""
    user = identity_selectors.user_by_phone(mobile)
    if user is None:
        # The username is random: the mobile stays encrypted in the account, not in its name.
        user = create_user(display_name=name, phone=mobile)
        accounts.invite(user, congress=congress())
    return user


def _open_seat(deputy: Deputy, started_on: dt.date) -> Seat:
    return Seat.objects.create(
        deputy=deputy,
        term=deputy.term,
        constituency=deputy.constituency,
        group=deputy.group,
        started_on=started_on,
    )


def registered_payload(deputy: Deputy) -> dict[str, Any]:
    return {
        "deputy_id": deputy.pk,
        "level": deputy.level,
        "gender": deputy.gender or None,
        "birth_year": deputy.birth_year,
        "party": deputy.party or None,
        "term_id": deputy.term_id,
        "group_id": deputy.group_id,
        "registered_on": deputy.registered_on,
    }


@transaction.atomic
def register_deputy(
    *,
    user: User | None = None,
    create_account: bool = False,
    photo: UploadedFile | None = None,
    actor: User | None = None,
    **values: Any,
) -> Deputy:
    """Put a deputy on the register, give the person the `deputy` role here, and announce it.

    ``create_account`` links the deputy to the person with this mobile number, creating the
    account when there is none, so that they can log in and record their duties. An account
    already used in another congress is only offered the seat (identity's seat request) unless
    ``actor`` is a platform operator; accepting it links the register entry (``link_on_consent``).
    """
    unknown = set(values) - set(REGISTER_FIELDS)
    if unknown:
        raise TypeError(f"unknown deputy fields: {sorted(unknown)}")
    values.setdefault("level", default_level())
    values["mobile"] = clean_mobile(values.get("mobile", ""))
    _validate(values)
    if user is None and create_account and values["mobile"]:
        user = person_for_mobile(values["mobile"], values["name"])
    if user is not None and Deputy.objects.in_office().filter(user=user).exists():
        raise ValidationError({"user": [_("此人已在本届代表名册中。")]})
    # Knowing someone's phone number is not enough to put a seat on an account that another
    # congress's person uses: the seat waits for their consent (or an operator's link).
    ask = user if user is not None and needs_consent(user, congress(), actor) else None
    if ask is not None:
        user = None
    deputy = Deputy(user=user, **values)
    if photo is not None:
        _set_photo(deputy, photo)
    deputy.full_clean(exclude=["user", "photo"])
    deputy.save()
    _open_seat(deputy, deputy.registered_on)
    if user is not None:
        add_membership(user=user, congress=congress(), role=Role.DEPUTY)
    elif ask is not None:
        offer_seat(user=ask, congress=congress(), role=Role.DEPUTY, actor=actor, reference=seat_reference(deputy))
    record("deputies.registered", deputy, {"level": deputy.level})
    publish("deputy.registered", registered_payload(deputy))
    return deputy


def _set_photo(deputy: Deputy, photo: UploadedFile) -> None:
    try:
        image = sanitise_image(photo, max_side=800)
    except ValidationError as exc:
        raise ValidationError({"photo": exc.messages}) from exc
    deputy.photo.save(image.name, image, save=False)


@transaction.atomic
def update_deputy(
    deputy: Deputy, *, photo: UploadedFile | None = None, on: dt.date | None = None, **values: Any
) -> Deputy:
    """Change register fields; a new term, electoral unit or group closes the seat row."""
    unknown = set(values) - set(REGISTER_FIELDS)
    if unknown:
        raise TypeError(f"unknown deputy fields: {sorted(unknown)}")
    if "mobile" in values:
        values["mobile"] = clean_mobile(values["mobile"])
    merged = {f: getattr(deputy, f) for f in REGISTER_FIELDS} | values
    _validate(merged)
    seat_changed = any(
        getattr(deputy, f"{f}_id") != getattr(values.get(f), "pk", None) for f in SEAT_FIELDS if f in values
    )
    changed = sorted(f for f, v in values.items() if getattr(deputy, f) != v)
    for field, value in values.items():
        setattr(deputy, field, value)
    if photo is not None:
        _set_photo(deputy, photo)
        changed.append("photo")
    deputy.full_clean(exclude=["user", "photo"])
    deputy.save()
    if seat_changed and deputy.in_office:
        today = on or timezone.localdate()
        Seat.objects.filter(deputy=deputy, ended_on__isnull=True).update(ended_on=today, end_reason=_("任职变动"))
        _open_seat(deputy, today)
    # Field names only: the audit trail must not copy contact details in clear.
    record("deputies.updated", deputy, {"fields": changed})
    return deputy


def seat_reference(deputy: Deputy) -> str:
    return f"deputies.deputy:{deputy.pk}"


def link_on_consent(sender, request, **kwargs) -> None:
    """identity.signals.seat_accepted: the person accepted the deputy seat; link the register."""
    prefix = "deputies.deputy:"
    if request.role != Role.DEPUTY or not request.reference.startswith(prefix):
        return
    from django_tenants.utils import schema_context

    with schema_context(request.congress.schema_name):
        deputy = Deputy.objects.filter(pk=int(request.reference[len(prefix):])).first()
        if deputy is None or not deputy.in_office or deputy.user_id not in (None, request.user_id):
            return
        deputy.user_id = request.user_id
        deputy.save(update_fields=["user", "updated_at"])
        record("deputies.account_linked", deputy, {"user": request.user_id, "consent": True})


@transaction.atomic
def link_account(deputy: Deputy, user: User) -> Deputy:
    if deputy.user_id and deputy.user_id != user.pk:
        raise ValidationError({"user": [_("该代表已关联其他账号。")]})
    deputy.user = user
    deputy.save(update_fields=["user", "updated_at"])
    if deputy.in_office:
        add_membership(user=user, congress=congress(), role=Role.DEPUTY)
    record("deputies.account_linked", deputy, {"user": user.pk})
    return deputy


@transaction.atomic
def leave_office(deputy: Deputy, *, left_on: dt.date | None = None, reason: str = "") -> Deputy:
    """End the seat: the row, its records and its history stay; the `deputy` role here ends."""
    if not deputy.in_office:
        raise ValidationError(_("该代表已离任。"))
    left_on = left_on or timezone.localdate()
    if left_on < deputy.registered_on:
        raise ValidationError({"left_on": [_("离任日期不能早于当选日期。")]})
    deputy.left_on, deputy.left_reason = left_on, reason.strip()[:200]
    deputy.save(update_fields=["left_on", "left_reason", "updated_at"])
    Seat.objects.filter(deputy=deputy, ended_on__isnull=True).update(ended_on=left_on, end_reason=deputy.left_reason)
    # A former deputy no longer receives citizens at a station.
    deputy.stationings.all().delete()
    if deputy.user_id:
        for membership in Membership.objects.active().filter(
            user_id=deputy.user_id, congress_id=congress().pk, role=Role.DEPUTY
        ):
            end_membership(membership)
    record("deputies.left_office", deputy, {"left_on": left_on.isoformat()})
    publish(
        "deputy.left_office",
        {"deputy_id": deputy.pk, "left_on": left_on, "reason": deputy.left_reason or None},
    )
    return deputy


@transaction.atomic
def create_term(*, number: int, started_on: dt.date, ended_on: dt.date | None = None, name: str = "") -> Term:
    term = Term(
        number=number,
        started_on=started_on,
        ended_on=ended_on,
        name=name or _("第%(n)s届") % {"n": number},
    )
    if ended_on and ended_on < started_on:
        raise ValidationError({"ended_on": [_("结束日期不能早于开始日期。")]})
    term.full_clean()
    term.save()
    record("deputies.term_created", term, {"number": number})
    return term


@transaction.atomic
def create_group(*, name: str, term: Term | None = None, description: str = "") -> DelegationGroup:
    group = DelegationGroup(name=name.strip(), term=term, description=description)
    group.full_clean(validate_constraints=False)
    if DelegationGroup.objects.filter(name=group.name, term=term).exists():
        raise ValidationError({"name": [_("同一届次已有同名代表小组。")]})
    group.save()
    record("deputies.group_created", group, {"name": group.name})
    return group


@transaction.atomic
def create_constituency(*, name: str, code: str = "", description: str = "") -> Constituency:
    constituency = Constituency(name=name.strip(), code=code.strip(), description=description)
    constituency.full_clean()
    constituency.save()
    record("deputies.constituency_created", constituency, {"name": constituency.name})
    return constituency


# Duty records ---------------------------------------------------------------------------------


def current_duty_types() -> dict[str, DutyType]:
    return duty_types(module_config("deputies", congress()))


def _check_duty(duty_type: str, title: str, occurred_on: dt.date | None, participants: Sequence[Deputy]) -> DutyType:
    errors: dict[str, list[str]] = {}
    types = current_duty_types()
    if duty_type not in types:
        errors["duty_type"] = [_("未知的履职类型。")]
    if not title.strip():
        errors["title"] = [_("请填写标题。")]
    if occurred_on is None:
        errors["occurred_on"] = [_("请填写日期。")]
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = [_("日期不能晚于今天。")]
    if not participants:
        errors["participants"] = [_("至少需要一位参加代表。")]
    elif occurred_on is not None:
        outside = [
            d.name
            for d in participants
            if d.registered_on > occurred_on or (d.left_on is not None and d.left_on < occurred_on)
        ]
        if outside:
            errors["participants"] = [_("活动日期不在以下代表任期内：%(names)s") % {"names": "、".join(outside)}]
    if errors:
        raise ValidationError(errors)
    return types[duty_type]


def _duty_payload(duty: DutyRecord, deputy_ids: Iterable[int]) -> dict[str, Any]:
    return {
        "record_id": duty.pk,
        "duty_type": duty.duty_type,
        "deputy_ids": sorted(deputy_ids),
        "occurred_on": duty.occurred_on,
        "points": float(duty.points),
    }


def _attach(duty: DutyRecord, uploads: Iterable[UploadedFile]) -> None:
    for upload in uploads:
        try:
            image = sanitise_image(upload, max_side=1600)
        except ValidationError as exc:
            raise ValidationError({"attachments": exc.messages}) from exc
        attachment = DutyAttachment(record=duty)
        attachment.image.save(image.name, image, save=True)


@transaction.atomic
def record_duty(
    *,
    duty_type: str,
    title: str,
    occurred_on: dt.date,
    participants: Sequence[Deputy],
    entered_by: str,
    place: str = "",
    description: str = "",
    attachments: Iterable[UploadedFile] = (),
    entered_by_user_id: int | None = None,
) -> DutyRecord:
    """Enter a duty activity (by the deputy or the office for them); it awaits verification."""
    if entered_by not in EnteredBy.values:
        raise ValidationError({"entered_by": [_("录入方式无效。")]})
    kind = _check_duty(duty_type, title, occurred_on, participants)
    duty = DutyRecord.objects.create(
        duty_type=duty_type,
        title=title.strip(),
        occurred_on=occurred_on,
        place=place.strip(),
        description=description.strip(),
        points=kind.points,
        entered_by=entered_by,
        entered_by_user_id=entered_by_user_id,
    )
    duty.participants.set(participants)
    _attach(duty, attachments)
    ids = [d.pk for d in participants]
    record("deputies.duty_recorded", duty, {"duty_type": duty_type, "deputies": ids})
    publish("duty.recorded", {**_duty_payload(duty, ids), "entered_by": entered_by})
    return duty


@transaction.atomic
def update_duty(
    duty: DutyRecord,
    *,
    duty_type: str,
    title: str,
    occurred_on: dt.date,
    participants: Sequence[Deputy],
    place: str = "",
    description: str = "",
    attachments: Iterable[UploadedFile] = (),
) -> DutyRecord:
    """Correct a record that is not verified yet; a rejected one goes back to the queue."""
    duty = DutyRecord.objects.select_for_update().get(pk=duty.pk)
    if duty.status == DutyStatus.VERIFIED:
        raise ValidationError(_("已审核的履职记录不能修改。"))
    kind = _check_duty(duty_type, title, occurred_on, participants)
    duty.duty_type, duty.title, duty.occurred_on = duty_type, title.strip(), occurred_on
    duty.place, duty.description, duty.points = place.strip(), description.strip(), kind.points
    duty.status, duty.rejection_reason = DutyStatus.PENDING, ""
    duty.save()
    duty.participants.set(participants)
    _attach(duty, attachments)
    record(
        "deputies.duty_edited",
        duty,
        {"duty_type": duty_type, "deputies": [d.pk for d in participants]},
    )
    return duty


@transaction.atomic
def _decide(duty: DutyRecord, *, outcome: str, user_id: int | None, reason: str = "") -> DutyRecord:
    duty = DutyRecord.objects.select_for_update().get(pk=duty.pk)
    if duty.status != DutyStatus.PENDING:
        raise ValidationError(_("只有待审核的履职记录可以审核。"))
    duty.status = outcome
    duty.verified_at = timezone.now()
    duty.verified_by_user_id = user_id
    duty.rejection_reason = reason
    duty.save(
        update_fields=[
            "status",
            "verified_at",
            "verified_by_user_id",
            "rejection_reason",
            "updated_at",
        ]
    )
    ids = list(duty.participants.values_list("pk", flat=True))
    record(f"deputies.duty_{outcome}", duty, {"reason": reason} if reason else {})
    publish(
        "duty.verified",
        {**_duty_payload(duty, ids), "verified_at": duty.verified_at, "outcome": outcome},
    )
    return duty


def verify_duty(duty: DutyRecord, *, user_id: int | None) -> DutyRecord:
    return _decide(duty, outcome=DutyStatus.VERIFIED, user_id=user_id)


def reject_duty(duty: DutyRecord, *, user_id: int | None, reason: str) -> DutyRecord:
    if not reason.strip():
        raise ValidationError({"reason": [_("退回时请填写原因。")]})
    return _decide(duty, outcome=DutyStatus.REJECTED, user_id=user_id, reason=reason.strip()[:300])
