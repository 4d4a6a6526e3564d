"""Reads of the account lifecycle: what an administrator sees about an account."""

from __future__ import annotations

from dataclasses import dataclass

from shared_apps.identity.models import Membership

from .models import Invitation, SessionRecord


@dataclass(frozen=True)
class AccountOverview:
    user: object
    has_password: bool
    invitation: Invitation | None
    sessions: int
    memberships: list


def latest_invitation(user) -> Invitation | None:
    return Invitation.objects.filter(user=user).order_by("-created_at").first()


def account_overview(user, *, congress=None) -> AccountOverview:
    seats = Membership.objects.active().filter(user=user).select_related("congress", "organisation_unit")
    if congress is not None and not congress.is_platform:
        seats = seats.filter(congress=congress)
    return AccountOverview(
        user=user,
        has_password=user.has_usable_password(),
        invitation=latest_invitation(user),
        sessions=SessionRecord.objects.filter(user=user).count(),
        memberships=list(seats),
    )
