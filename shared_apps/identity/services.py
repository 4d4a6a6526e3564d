"""Writes to identity: users, organisation units, memberships, seat requests and object grants."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context
from guardian.shortcuts import assign_perm, remove_perm

from shared_apps.audit.context import current_actor
from shared_apps.audit.services import record
from shared_apps.privacy.masking import normalise_phone

from . import notices, selectors
from .models import Membership, OrganisationKind, OrganisationUnit, SeatRequest, SeatRequestStatus, User
from .roles import Role
from .rules import ASSIGNABLE_ROLES, DEPUTY_ROLE_HINT, kinds_for_level
from .signals import seat_accepted


def _record(action: str, target, data: dict, *, congress) -> None:
    """Audit in the congress's own schema, so its administrators see it on their audit page,
    whichever site the change came from (a person accepts a seat from their own congress's site)."""
    schema = getattr(congress, "schema_name", None)
    if schema is None or connection.schema_name == schema:
        record(action, target, data, congress=congress)
        return
    with schema_context(schema):
        record(action, target, data, congress=congress)


def new_username() -> str:
    """A login name that carries no personal data (people log in by phone or e-mail anyway)."""
    return personless_usernames(1)[0]


def clean_phone(phone: str | None) -> str:
    digits = normalise_phone(phone or "")
    if digits and (len(digits) != 11 or not digits.startswith("1")):
        raise ValidationError({"phone": [_("手机号应为 11 位数字，以 1 开头。")]})
    return digits


def clean_email(email: str | None) -> str:
    address = selectors.clean_email(email)
    if address:
        try:
            validate_email(address)
        except ValidationError as exc:
            raise ValidationError({"email": [_("电子邮箱格式不正确。")]}) from exc
    return address


def personless_usernames(count: int) -> list[str]:
    """Fresh usernames for accounts the office opens (deputies): nothing personal in them."""
    names: set[str] = set()
    while len(names) < count:
        batch = {f"u{secrets.token_hex(5)}" for _n in range(count - len(names))}
        batch -= set(User.objects.filter(username__in=batch).values_list("username", flat=True))
        names |= batch
    return sorted(names)


def create_user(
    *, username: str | None = None, password: str | None = None, display_name: str = "", email: str = "",
    phone: str | None = None,
) -> User:
    """A new account; without ``username``, one that carries no personal data."""
    if phone and selectors.user_by_phone(phone) is not None:
        raise ValidationError({"phone": [_("该手机号已被其他账号使用。")]})
    username = username or personless_usernames(1)[0]
    user = User(username=username, display_name=display_name, email=email, phone=normalise_phone(phone or "") or None)
    if password:
        # The policy of AUTH_PASSWORD_VALIDATORS, in Chinese, before anything is stored.
        validate_password(password, user)
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


# Organisation units ---------------------------------------------------------------------------


def _check_kind(congress, kind: str) -> None:
    if kind not in OrganisationKind.values:
        raise ValidationError({"kind": _("未知的单位类别：%(kind)s") % {"kind": kind}})
    if kind not in kinds_for_level(congress.level):
        raise ValidationError(
            {"kind": _("%(level)s人大没有“%(kind)s”：监察委员会、人民法院和人民检察院只设在县级及以上。")
             % {"level": congress.get_level_display(), "kind": OrganisationKind(kind).label}}
        )


def _clean_unit_name(congress, name: str, *, exclude: int | None = None) -> str:
    name = (name or "").strip()
    if not name:
        raise ValidationError({"name": _("请填写单位名称。")})
    if len(name) > 100:
        raise ValidationError({"name": _("单位名称最多 100 字。")})
    taken = OrganisationUnit.objects.filter(congress=congress, name=name).exclude(pk=exclude)
    if taken.exists():
        raise ValidationError({"name": _("本人大已有名为“%(name)s”的单位。") % {"name": name}})
    return name


def group_name(congress, name: str) -> str:
    return f"unit:{congress.pk}:{name}"[:150]


@transaction.atomic
def create_organisation_unit(*, congress, kind: str, name: str) -> OrganisationUnit:
    _check_kind(congress, kind)
    name = _clean_unit_name(congress, name)
    group = Group.objects.create(name=group_name(congress, name))
    unit = OrganisationUnit.objects.create(congress=congress, kind=kind, name=name, group=group)
    _record("identity.unit_created", unit, {"kind": kind, "name": name}, congress=congress)
    return unit


@transaction.atomic
def rename_unit(unit: OrganisationUnit, *, name: str) -> OrganisationUnit:
    congress = unit.congress
    old = unit.name
    name = _clean_unit_name(congress, name, exclude=unit.pk)
    if name == old:
        return unit
    unit.name = name
    unit.save(update_fields=["name"])
    # Group names are unique: keep the unit's group in step, so the old name can be reused.
    Group.objects.filter(pk=unit.group_id).update(name=group_name(congress, name))
    _record("identity.unit_renamed", unit, {"old_name": old, "name": name}, congress=congress)
    return unit


@transaction.atomic
def retire_unit(unit: OrganisationUnit) -> OrganisationUnit:
    """A retired unit keeps its history (items it handled) but takes no new handlers."""
    if not unit.is_active:
        return unit
    handlers = Membership.objects.active().filter(organisation_unit=unit).count()
    if handlers:
        raise ValidationError(
            _("“%(name)s”还有 %(n)s 名承办人员，请先为他们变更单位或移除后再撤销。")
            % {"name": unit.name, "n": handlers}
        )
    unit.is_active = False
    unit.save(update_fields=["is_active"])
    SeatRequest.objects.filter(organisation_unit=unit, status=SeatRequestStatus.PENDING).update(
        status=SeatRequestStatus.CANCELLED, decided_at=timezone.now()
    )
    _record("identity.unit_retired", unit, {"name": unit.name}, congress=unit.congress)
    return unit


@transaction.atomic
def restore_unit(unit: OrganisationUnit) -> OrganisationUnit:
    if unit.is_active:
        return unit
    _check_kind(unit.congress, unit.kind)
    unit.is_active = True
    unit.save(update_fields=["is_active"])
    _record("identity.unit_restored", unit, {"name": unit.name}, congress=unit.congress)
    return unit


# Memberships -----------------------------------------------------------------------------------


def _check_seat(congress, role: str, organisation_unit: OrganisationUnit | None) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("未知角色：%(role)s") % {"role": role}})
    if role == Role.HANDLER and organisation_unit is None:
        raise ValidationError({"organisation_unit": _("承办人员必须属于一个单位")})
    if organisation_unit is not None:
        if organisation_unit.congress_id != congress.pk:
            raise ValidationError({"organisation_unit": _("该单位不属于本人大")})
        if not organisation_unit.is_active:
            raise ValidationError({"organisation_unit": _("单位“%(name)s”已撤销") % {"name": organisation_unit.name}})


@transaction.atomic
def add_membership(*, user: User, congress, role: str, organisation_unit: OrganisationUnit | None = None) -> Membership:
    _check_seat(congress, role, organisation_unit)
    if role != Role.HANDLER:
        organisation_unit = None  # a unit means "handles items for this unit": handlers only
    membership, _created = Membership.objects.active().get_or_create(
        user=user, congress=congress, role=role, organisation_unit=organisation_unit
    )
    if organisation_unit is not None:
        user.groups.add(organisation_unit.group)
    _record("identity.membership_added", membership, {"role": role, "user": user.pk}, congress=congress)
    return membership


@transaction.atomic
def end_membership(membership: Membership) -> Membership:
    membership.ended_at = timezone.now()
    membership.save(update_fields=["ended_at"])
    unit = membership.organisation_unit
    if unit is not None and not Membership.objects.active().filter(
        user=membership.user, organisation_unit=unit
    ).exists():
        membership.user.groups.remove(unit.group)
    _record("identity.membership_ended", membership, {"role": membership.role}, congress=membership.congress)
    return membership


def _keep_an_administrator(membership: Membership) -> None:
    if membership.role != Role.ADMINISTRATOR:
        return
    others = Membership.objects.active().filter(congress_id=membership.congress_id, role=Role.ADMINISTRATOR)
    if not others.exclude(pk=membership.pk).exists():
        raise ValidationError(_("这是本人大唯一的管理员，请先添加另一名管理员。"))


def _assignable(role: str) -> None:
    if role == Role.DEPUTY:
        raise ValidationError({"role": DEPUTY_ROLE_HINT})
    if role not in ASSIGNABLE_ROLES:
        raise ValidationError({"role": _("未知角色：%(role)s") % {"role": role}})


@transaction.atomic
def change_role(
    membership: Membership, *, role: str, organisation_unit: OrganisationUnit | None = None
) -> Membership:
    """End the membership and start the new one: the history shows both."""
    _assignable(role)
    if membership.role == Role.DEPUTY:
        raise ValidationError({"role": _("代表身份随代表名册变化，请在“代表名册”中办理。")})
    if role != Role.HANDLER:
        organisation_unit = None
    if membership.role == role and membership.organisation_unit_id == getattr(organisation_unit, "pk", None):
        return membership
    congress = membership.congress
    _check_seat(congress, role, organisation_unit)
    if role != Role.ADMINISTRATOR:
        _keep_an_administrator(membership)
    duplicate = Membership.objects.active().filter(
        user_id=membership.user_id, congress=congress, role=role, organisation_unit=organisation_unit
    )
    if duplicate.exists():
        raise ValidationError({"role": _("此人在本人大已有该角色。")})
    end_membership(membership)
    new = add_membership(user=membership.user, congress=congress, role=role, organisation_unit=organisation_unit)
    _record(
        "identity.role_changed", new,
        {
            "user": membership.user_id, "from_role": membership.role, "to_role": role,
            "from_membership": membership.pk, "unit": getattr(organisation_unit, "name", None),
        },
        congress=congress,
    )
    return new


@transaction.atomic
def remove_member(membership: Membership) -> Membership:
    if membership.role == Role.DEPUTY:
        raise ValidationError(_("代表身份随代表名册变化，请在“代表名册”中办理离任。"))
    _keep_an_administrator(membership)
    return end_membership(membership)


# Seats for people who may already belong elsewhere ---------------------------------------------


def is_operator(actor: User | None) -> bool:
    return bool(actor is not None and actor.is_authenticated and actor.is_active and actor.is_staff)


def trusted_without_consent(actor: User | None) -> bool:
    """Whether seats given by ``actor`` need no consent: platform operators, and code running
    outside any request (management commands, the demo, provisioning jobs).

    Without an explicit ``actor`` the audit context decides, so a page or endpoint that forgets
    to pass one still asks for consent rather than linking silently.
    """
    if actor is not None:
        return is_operator(actor)
    context = current_actor()
    if context.user_id is None:
        return context.source == "system"
    return is_operator(User.objects.filter(pk=context.user_id).first())


def needs_consent(user: User, congress, actor: User | None) -> bool:
    """A person already holding a role in another congress decides on a seat here themselves
    (someone who already holds a role here has accepted this congress before)."""
    if trusted_without_consent(actor):
        return False
    if Membership.objects.active().filter(user=user, congress=congress).exists():
        return False
    return bool(selectors.congresses_elsewhere([user.pk], congress).get(user.pk))


@transaction.atomic
def offer_seat(
    *, user: User, congress, role: str, organisation_unit: OrganisationUnit | None = None,
    actor: User | None = None, reference: str = "",
) -> Membership | SeatRequest:
    """Give ``user`` the seat now, or, if they belong to someone in another congress, ask them."""
    _check_seat(congress, role, organisation_unit)
    if role != Role.HANDLER:
        organisation_unit = None
    if not needs_consent(user, congress, actor):
        membership = add_membership(user=user, congress=congress, role=role, organisation_unit=organisation_unit)
        if is_operator(actor) and selectors.congresses_elsewhere([user.pk], congress).get(user.pk):
            # Linked without the person's consent: say so in the audit trail.
            _record("identity.seat_linked_by_operator", membership, {"role": role, "user": user.pk}, congress=congress)
        return membership
    existing = SeatRequest.objects.filter(
        user=user, congress=congress, role=role, organisation_unit=organisation_unit,
        status=SeatRequestStatus.PENDING,
    ).first()
    if existing is not None:
        if reference and existing.reference != reference:
            existing.reference = reference
            existing.save(update_fields=["reference"])
        return existing
    request = SeatRequest.objects.create(
        user=user, congress=congress, role=role, organisation_unit=organisation_unit,
        requested_by=actor if actor is not None and actor.is_authenticated else None, reference=reference,
    )
    _record("identity.seat_requested", request, {"role": role, "user": user.pk}, congress=congress)
    notices.seat_offered(request)
    return request


def _record_seat(action: str, request: SeatRequest) -> None:
    _record(action, request, {"role": request.role, "user": request.user_id}, congress=request.congress)


def _decide(request: SeatRequest, status: str, actor: User | None) -> None:
    if request.status != SeatRequestStatus.PENDING:
        raise ValidationError(_("该任职邀请已处理。"))
    request.status = status
    request.decided_at = timezone.now()
    request.decided_by = actor if actor is not None and actor.is_authenticated else None


def _may_decide(request: SeatRequest, actor: User) -> None:
    if actor.pk != request.user_id and not is_operator(actor):
        raise ValidationError(_("只有本人或平台运营人员可以处理该任职邀请。"))


@transaction.atomic
def accept_seat(request: SeatRequest, *, actor: User) -> Membership:
    request = SeatRequest.objects.select_for_update().get(pk=request.pk)
    _may_decide(request, actor)
    _decide(request, SeatRequestStatus.ACCEPTED, actor)
    unit = request.organisation_unit
    if unit is not None and not unit.is_active:
        raise ValidationError(_("单位“%(name)s”已撤销，无法接受。") % {"name": unit.name})
    membership = add_membership(user=request.user, congress=request.congress, role=request.role, organisation_unit=unit)
    request.membership = membership
    request.save(update_fields=["status", "decided_at", "decided_by", "membership"])
    action = "identity.seat_accepted" if actor.pk == request.user_id else "identity.seat_linked_by_operator"
    _record_seat(action, request)
    seat_accepted.send(sender=SeatRequest, request=request)
    return membership


@transaction.atomic
def decline_seat(request: SeatRequest, *, actor: User) -> SeatRequest:
    request = SeatRequest.objects.select_for_update().get(pk=request.pk)
    _may_decide(request, actor)
    _decide(request, SeatRequestStatus.DECLINED, actor)
    request.save(update_fields=["status", "decided_at", "decided_by"])
    _record_seat("identity.seat_declined", request)
    return request


@transaction.atomic
def cancel_seat(request: SeatRequest, *, actor: User | None = None) -> SeatRequest:
    """The congress that offered the seat withdraws it."""
    request = SeatRequest.objects.select_for_update().get(pk=request.pk)
    _decide(request, SeatRequestStatus.CANCELLED, actor)
    request.save(update_fields=["status", "decided_at", "decided_by"])
    _record_seat("identity.seat_cancelled", request)
    return request


# Adding a person by phone or e-mail ------------------------------------------------------------


@dataclass(frozen=True)
class Added:
    """What adding a person did: ``created`` a new account, ``added`` a seat, or ``pending``."""

    outcome: str
    user: User
    membership: Membership | None = None
    request: SeatRequest | None = None


def find_person(phone: str, email: str) -> User | None:
    """The one account with this phone and/or e-mail; an error when they name two people."""
    by_phone = selectors.user_by_phone(phone) if phone else None
    by_email = selectors.user_by_email(email) if email else None
    if by_phone and by_email and by_phone.pk != by_email.pk:
        raise ValidationError({"email": _("该手机号和电子邮箱分别属于两个不同的账号，请只填写其中一项。")})
    return by_phone or by_email


@transaction.atomic
def add_person(
    *, congress, role: str, display_name: str = "", phone: str = "", email: str = "",
    organisation_unit: OrganisationUnit | None = None, actor: User | None = None,
) -> Added:
    """Give a person a role here, found by phone or e-mail; a new account (invited) if none."""
    _assignable(role)
    phone, email = clean_phone(phone), clean_email(email)
    if not phone and not email:
        raise ValidationError({"phone": _("请填写手机号或电子邮箱（至少一项）。")})
    _check_seat(congress, role, organisation_unit)
    user = find_person(phone, email)
    unit = organisation_unit if role == Role.HANDLER else None
    if user is None:
        name = (display_name or "").strip()
        if not name:
            raise ValidationError({"display_name": _("新账号请填写姓名。")})
        user = create_user(username=new_username(), display_name=name[:50], email=email, phone=phone or None)
        _record("identity.account_created", user, {"user": user.pk}, congress=congress)
        membership = add_membership(user=user, congress=congress, role=role, organisation_unit=unit)
        invite_new_accounts([user], congress=congress, actor=actor)
        return Added("created", user, membership=membership)
    if Membership.objects.active().filter(user=user, congress=congress, role=role, organisation_unit=unit).exists():
        raise ValidationError({"role": _("此人在本人大已有该角色。")})
    seat = offer_seat(user=user, congress=congress, role=role, organisation_unit=unit, actor=actor)
    if isinstance(seat, SeatRequest):
        return Added("pending", user, request=seat)
    return Added("added", user, membership=seat)


def invite_new_accounts(users: list[User], *, congress, actor: User | None) -> None:
    """Send each new account its invitation (a single-use link by e-mail, else a code by SMS).

    Every account created here has a phone or an e-mail, so each one is invitable.
    """
    from shared_apps.accounts import services as accounts  # accounts builds on identity's User

    invited_by = actor if actor is not None and actor.is_authenticated else None
    for user in users:
        accounts.invite(user, congress=congress, invited_by=invited_by)


# Object-level grants ---------------------------------------------------------------------------


def grant_to_unit(unit: OrganisationUnit, perm: str, obj: Model) -> None:
    """Let the handlers of ``unit`` hold ``perm`` on ``obj`` (django-guardian, tenant schema)."""
    assign_perm(perm, unit.group, obj)


def revoke_from_unit(unit: OrganisationUnit, perm: str, obj: Model) -> None:
    remove_perm(perm, unit.group, obj)
