"""Writes to identity: users, organisation units, memberships and object grants."""

from __future__ import annotations

import secrets

from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from guardian.shortcuts import assign_perm, remove_perm

from shared_apps.audit.services import record
from shared_apps.privacy.masking import normalise_phone

from .models import Membership, OrganisationKind, OrganisationUnit, User
from .roles import Role
from .selectors import user_by_phone


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
    if phone and user_by_phone(phone) is not None:
        raise ValidationError({"phone": [_("该手机号已被其他账号使用。")]})
    username = username or personless_usernames(1)[0]
    user = User(username=username, display_name=display_name, email=email, phone=normalise_phone(phone or "") or None)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@transaction.atomic
def create_organisation_unit(*, congress, kind: str, name: str) -> OrganisationUnit:
    if kind not in OrganisationKind.values:
        raise ValidationError({"kind": _("未知的单位类别：%(kind)s") % {"kind": kind}})
    group = Group.objects.create(name=f"unit:{congress.pk}:{name}"[:150])
    unit = OrganisationUnit.objects.create(congress=congress, kind=kind, name=name, group=group)
    record("identity.unit_created", unit, {"kind": kind, "name": name}, congress=congress)
    return unit


@transaction.atomic
def add_membership(*, user: User, congress, role: str, organisation_unit: OrganisationUnit | None = None) -> Membership:
    if role not in Role.values:
        raise ValidationError({"role": _("未知角色：%(role)s") % {"role": role}})
    if role == Role.HANDLER and organisation_unit is None:
        raise ValidationError({"organisation_unit": _("承办人员必须属于一个单位")})
    if organisation_unit is not None and organisation_unit.congress_id != congress.pk:
        raise ValidationError({"organisation_unit": _("该单位不属于本人大")})
    membership, _created = Membership.objects.active().get_or_create(
        user=user, congress=congress, role=role, organisation_unit=organisation_unit
    )
    if organisation_unit is not None:
        user.groups.add(organisation_unit.group)
    record("identity.membership_added", membership, {"role": role, "user": user.pk}, congress=congress)
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
    record("identity.membership_ended", membership, {"role": membership.role}, congress=membership.congress)
    return membership


def grant_to_unit(unit: OrganisationUnit, perm: str, obj: Model) -> None:
    """Let the handlers of ``unit`` hold ``perm`` on ``obj`` (django-guardian, tenant schema)."""
    assign_perm(perm, unit.group, obj)


def revoke_from_unit(unit: OrganisationUnit, perm: str, obj: Model) -> None:
    remove_perm(perm, unit.group, obj)
