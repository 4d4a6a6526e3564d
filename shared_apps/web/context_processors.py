from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from shared_apps.identity import selectors as identity


def congress(request: HttpRequest) -> dict:
    tenant = getattr(request, "tenant", None)
    is_congress = tenant is not None and not tenant.is_platform
    user = getattr(request, "user", None)

    def capabilities():
        return identity.current_capabilities(user) if user is not None and is_congress else frozenset()

    def nav():
        from .navigation import console_navigation

        return console_navigation(tenant, capabilities(), request.path) if is_congress else []

    def my_congresses():
        if user is None or not user.is_authenticated:
            return []
        return list(identity.congresses_of(user))

    return {
        "congress": tenant if is_congress else None,
        "platform_site": tenant is not None and tenant.is_platform,
        "capabilities": SimpleLazyObject(capabilities),
        "console_nav": SimpleLazyObject(nav),
        "my_congresses": SimpleLazyObject(my_congresses),
    }
