"""Guards for pages: log in first, then hold a capability in this congress, or 403."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from . import selectors


def has_capability(user, capability: str) -> bool:
    return user.is_authenticated and capability in selectors.current_capabilities(user)


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


class CapabilityRequiredMixin:
    required_capability: str = "console.access"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not has_capability(request.user, self.required_capability):
            raise PermissionDenied(_("您在本人大没有此项权限。"))
        return super().dispatch(request, *args, **kwargs)
