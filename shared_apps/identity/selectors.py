"""Reads of identity: who belongs where, with which role, able to do what."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from guardian.shortcuts import get_objects_for_user

from shared_apps.privacy.masking import blind_indexes, normalise_phone

from .models import Membership, OrganisationUnit, SeatRequest, SeatRequestStatus, User
from .roles import Role, capabilities_for


def users_by_phones(phones: Iterable[str]) -> dict[str, User]:
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


# Looking people up ------------------------------------------------------------------------------
# Every lookup of an account by phone or e-mail goes through these functions: the phone column
# is moving to an encrypted field with a blind index, and only these need to change with it.


def clean_email(email: str | None) -> str:
    return (email or "").strip().lower()


def user_by_email(email: str | None) -> User | None:
    address = clean_email(email)
    if not address:
        return None
    return User.objects.filter(email__iexact=address).order_by("pk").first()


def users_by_email(emails: Iterable[str]) -> dict[str, User]:
    """Bulk form of :func:`user_by_email` (lower-cased address -> user)."""
    wanted = sorted({clean_email(e) for e in emails if clean_email(e)})
    found: dict[str, User] = {}
    for start in range(0, len(wanted), 2000):
        chunk = wanted[start : start + 2000]
        for user in User.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=chunk).order_by("-pk"):
            found[user.email_lower] = user
    return found


# Members and units of a congress ---------------------------------------------------------------


def members_of(congress, *, q: str = "", role: str = "") -> QuerySet:
    rows = (
        Membership.objects.active()
        .filter(congress=congress)
        .select_related("user", "organisation_unit")
        .order_by("role", "organisation_unit__name", "user__display_name", "user__username")
    )
    if role:
        rows = rows.filter(role=role)
    if q:
        rows = rows.filter(
            Q(user__display_name__icontains=q) | Q(user__username__icontains=q)
            | Q(organisation_unit__name__icontains=q)
        )
    return rows


def membership_here(congress, pk: int) -> Membership:
    """An active membership of ``congress``; 404 for anything else (another congress's ids)."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        Membership.objects.active().select_related("user", "organisation_unit"), pk=pk, congress=congress
    )


def units_of(congress, *, include_retired: bool = True) -> QuerySet:
    units = OrganisationUnit.objects.filter(congress=congress).annotate(
        handler_count=Count("memberships", filter=Q(memberships__ended_at__isnull=True))
    )
    if not include_retired:
        units = units.filter(is_active=True)
    return units.order_by("-is_active", "kind", "name")


def unit_here(congress, pk: int) -> OrganisationUnit:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(OrganisationUnit, pk=pk, congress=congress)


def pending_seats_here(congress) -> QuerySet:
    return (
        SeatRequest.objects.filter(congress=congress, status=SeatRequestStatus.PENDING)
        .select_related("user", "organisation_unit")
    )


def pending_seats_of(user: User) -> QuerySet:
    """Seats other congresses offered this person, waiting for their answer."""
    return (
        SeatRequest.objects.filter(user=user, status=SeatRequestStatus.PENDING)
        .select_related("congress", "organisation_unit", "requested_by")
    )


def pending_seats_for_operator() -> QuerySet:
    return (
        SeatRequest.objects.filter(status=SeatRequestStatus.PENDING)
        .select_related("congress", "organisation_unit", "requested_by", "user")
    )


def congresses_elsewhere(user_ids: Iterable[int], congress) -> dict[int, set[int]]:
    """user id -> ids of the other congresses where that user holds an active role."""
    found: dict[int, set[int]] = {}
    ids = list(user_ids)
    for start in range(0, len(ids), 2000):
        rows = (
            Membership.objects.active()
            .filter(user_id__in=ids[start : start + 2000])
            .exclude(congress_id=getattr(congress, "pk", congress))
            .values_list("user_id", "congress_id")
        )
        for user_id, congress_id in rows:
            found.setdefault(user_id, set()).add(congress_id)
    return found
