"""DRF permissions built on the same capability table as the pages."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from .. import selectors
from ..access import is_platform_operator


class IsCongressMember(BasePermission):
    """Any role in the congress of this hostname; on the platform site, any logged-in user."""

    message = _("您不是本人大的成员。")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        tenant = getattr(request, "tenant", None)
        if tenant is None or tenant.is_platform:
            return True
        return "console.access" in selectors.current_capabilities(user)


class HasCapability(BasePermission):
    """The view names ``required_capability`` (or a per-action ``capability_map``)."""

    message = _("您在本人大没有此项权限。")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated:
            return False
        mapping = getattr(view, "capability_map", {})
        needed = mapping.get(getattr(view, "action", None), getattr(view, "required_capability", None))
        if needed is None:
            return False
        return needed in selectors.current_capabilities(user)


class IsPlatformOperator(BasePermission):
    message = _("仅限平台运营人员。")

    def has_permission(self, request, view) -> bool:
        return is_platform_operator(request.user, getattr(request, "tenant", None))
