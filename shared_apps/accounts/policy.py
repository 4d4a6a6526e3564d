"""Who may act on whose account: one policy for pages and API alike.

On the platform site (``congress`` None) platform operators act on any account. In a
congress, holders of ``identity.manage_members`` act on accounts that are members there,
never on platform operators nor on administrators of another congress; disabling (and
re-enabling) is refused for an account that belongs to another congress too, since it
would lock that person out there as well. Ending sessions only logs the person out.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from shared_apps.identity.models import Membership
from shared_apps.identity.roles import Role, capabilities_for

ACTIONS = ("view", "resend", "disable", "enable", "end_sessions")
_SPANS_CONGRESSES = {"disable", "enable"}


def may_manage_members(actor, congress) -> bool:
    if not actor.is_authenticated or not actor.is_active:
        return False
    roles = Membership.objects.active().filter(user=actor, congress=congress).values_list("role", flat=True)
    # identity.* is a core capability: it does not depend on which modules are on.
    return "identity.manage_members" in capabilities_for(roles, ())


def check(actor, target, congress, action: str) -> None:
    """Raise PermissionDenied (or Http404 for an account outside the congress) unless allowed."""
    if action not in ACTIONS:
        raise ValueError(action)
    if congress is None or congress.is_platform:
        if not (actor.is_authenticated and actor.is_active and actor.is_staff):
            raise PermissionDenied(_("仅限平台运营人员。"))
        if target.is_superuser and not actor.is_superuser:
            raise PermissionDenied(_("不能管理超级管理员的账号。"))
        return
    if not may_manage_members(actor, congress):
        raise PermissionDenied(_("您在本人大没有此项权限。"))
    seats = list(Membership.objects.active().filter(user=target).values_list("congress_id", "role"))
    if not any(congress_id == congress.pk for congress_id, _role in seats):
        raise Http404(_("本人大没有这个成员。"))
    if target.is_staff or target.is_superuser:
        raise PermissionDenied(_("平台运营人员的账号只能由平台管理。"))
    if action == "view":
        return
    elsewhere = [(c, r) for c, r in seats if c != congress.pk]
    if any(role == Role.ADMINISTRATOR for _c, role in elsewhere):
        raise PermissionDenied(_("该账号是其他人大的管理员，只能由平台运营人员管理。"))
    if action in _SPANS_CONGRESSES and elsewhere:
        raise PermissionDenied(_("该账号还属于其他人大，停用或启用须由平台运营人员办理。"))
