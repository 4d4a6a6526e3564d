"""URL patterns both the platform site and every congress site serve."""

from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from shared_apps.web import views as web

# The docs pages may load nothing from outside the app: Redoc's bundle otherwise fetches its logo
# from a CDN, which a government network cannot reach.
DOCS_CSP = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self' 'unsafe-inline'; font-src 'self' data:; worker-src 'self' blob:; connect-src 'self'"
)


def _self_only(view):
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = DOCS_CSP
        return response

    return wrapped


def api_docs(urlconf: str) -> list:
    return [
        path("api/schema/", SpectacularAPIView.as_view(urlconf=urlconf), name="schema"),
        path("api/docs/", _self_only(SpectacularSwaggerView.as_view(url_name="schema")), name="swagger-ui"),
        path("api/redoc/", _self_only(SpectacularRedocView.as_view(url_name="schema")), name="redoc"),
    ]


common = [
    path("accounts/", include("shared_apps.identity.urls")),
    path("accounts/", include("shared_apps.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", web.healthz, name="healthz"),
    path("api/v1/identity/", include("shared_apps.identity.api.urls")),
    path("api/v1/accounts/", include("shared_apps.accounts.api.urls")),
]
