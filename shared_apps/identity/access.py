"""Guards for pages: log in first, then hold a capability in this congress (or be a platform
operator on the platform site), or 403.

These are the only page guards. Modules with per-object rules keep them in their own
``policy.py`` and call ``has_capability`` from there; DRF views use the permission classes
in ``identity.api.permissions``, which delegate to the same functions.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from . import selectors


def has_capability(user, capability: str) -> bool:
    return user.is_authenticated and capability in selectors.current_capabilities(user)


def is_platform_operator(user, tenant) -> bool:
    """A platform operator (``is_staff``) acting on the platform site: never on a congress host."""
    return bool(
        user is not None and user.is_authenticated and user.is_staff and getattr(tenant, "is_platform", False)
    )


def capability_required(capability: str):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has_capability(request.user, capability):
                raise PermissionDenied(_("您在本人大没有此项权限。"))
            return view(request, *args, **kwargs)

        wrapped.required_capability = capability
        return wrapped

    return decorator


def operator_required(view):
    """Platform operators only, and only on the platform site (404 on a congress host)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not getattr(request.tenant, "is_platform", False):
            raise Http404
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_platform_operator(request.user, request.tenant):
            raise PermissionDenied(_("仅限平台运营人员。"))
        return view(request, *args, **kwargs)

    wrapped.operator_only = True
    return wrapped


class CapabilityRequiredMixin:
    required_capability: str = "console.access"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_capability(request.user, self.required_capability):
            raise PermissionDenied(_("您在本人大没有此项权限。"))
        return super().dispatch(request, *args, **kwargs)
