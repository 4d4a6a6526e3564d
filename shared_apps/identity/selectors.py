"""Reads of identity: who belongs where, with which role, able to do what."""

from __future__ import annotations

from django.db import connection
from django.db.models import QuerySet
from guardian.shortcuts import get_objects_for_user

from shared_apps.privacy.masking import blind_indexes, normalise_phone

from .models import Membership, OrganisationUnit, User
from .roles import Role, capabilities_for


def users_by_phones(phones: list[str]) -> dict[str, User]:
    """Normalised mobile -> user, through the blind index (every key version during a rotation)."""
    wanted: dict[str, str] = {}
    for phone in phones:
        digits = normalise_phone(phone)
        if digits:
            wanted.update({index: digits for index in blind_indexes(digits)})
    found: dict[str, User] = {}
    keys = list(wanted)
    for start in range(0, len(keys), 5000):
        for user in User.objects.filter(phone_index__in=keys[start : start + 5000]):
            found[wanted[user.phone_index]] = user
    return found


def user_by_phone(phone: str) -> User | None:
    """The user with this mobile number; the number itself is stored encrypted."""
    digits = normalise_phone(phone or "")
    if not digits:
        return None
    return User.objects.filter(phone_index__in=blind_indexes(digits)).order_by("pk").first()


def _current_congress():
    tenant = getattr(connection, "tenant", None)
    if tenant is None or getattr(tenant, "is_platform", True):
        return None
    return tenant


def memberships_here(user: User) -> list[Membership]:
    """The user's active memberships in the congress the connection is set to (cached on the user)."""
    congress = _current_congress()
    if congress is None or not user.is_authenticated:
        return []
    cache = user.__dict__.setdefault("_renda_memberships", {})
    if congress.pk not in cache:
        cache[congress.pk] = list(
            Membership.objects.active()
            .filter(user=user, congress_id=congress.pk)
            .select_related("organisation_unit")
        )
    return cache[congress.pk]


def roles_here(user: User) -> frozenset[str]:
    return frozenset(m.role for m in memberships_here(user))


def current_capabilities(user: User) -> frozenset[str]:
    congress = _current_congress()
    if congress is None:
        return frozenset()
    from tenants.routing import enabled_modules_of_current

    return capabilities_for(roles_here(user), enabled_modules_of_current())


def units_here(user: User) -> list[OrganisationUnit]:
    return [m.organisation_unit for m in memberships_here(user) if m.role == Role.HANDLER]


def congresses_of(user: User) -> QuerySet:
    """What the congress switcher lists: every congress the user has an active role in."""
    from tenants.models import Congress

    return (
        Congress.objects.filter(memberships__user=user, memberships__ended_at__isnull=True)
        .distinct()
        .prefetch_related("domains")
        .order_by("path")
    )


def seats_of(user: User) -> dict[int, list[str]]:
    """congress id -> role codes, for the switcher."""
    seats: dict[int, list[str]] = {}
    for congress_id, role in Membership.objects.active().filter(user=user).values_list("congress_id", "role"):
        seats.setdefault(congress_id, []).append(role)
    return seats


def granted_objects(user: User, perm: str, queryset: QuerySet) -> QuerySet:
    """Objects of ``queryset`` on which ``user`` holds ``perm`` through a django-guardian grant.

    Grants go to organisation units (their groups) or to single users; nothing is
    granted through global permissions, so a handler sees exactly what was assigned.
    """
    return get_objects_for_user(
        user, perm, klass=queryset, use_groups=True, with_superuser=False, accept_global_perms=False
    )
