"""URL patterns both the platform site and every congress site serve."""

from csp.decorators import csp_update
from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from shared_apps.web import views as web

# The docs pages load their bundles from this origin like every page (the global policy, no
# inline script: Swagger UI's start-up script is a second request of the split view). Their
# bundles inject <style> elements and Redoc parses in a blob: worker, so the docs alone widen
# style-src and worker-src.
_docs_csp = csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})


def api_docs(urlconf: str) -> list:
    return [
        path("api/schema/", SpectacularAPIView.as_view(urlconf=urlconf), name="schema"),
        path("api/docs/", _docs_csp(SpectacularSwaggerSplitView.as_view(url_name="schema")), name="swagger-ui"),
        path("api/redoc/", _docs_csp(SpectacularRedocView.as_view(url_name="schema")), name="redoc"),
    ]


common = [
    path("accounts/", include("shared_apps.identity.urls")),
    path("accounts/", include("shared_apps.accounts.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", web.healthz, name="healthz"),
    path("api/v1/identity/", include("shared_apps.identity.api.urls")),
    path("api/v1/accounts/", include("shared_apps.accounts.api.urls")),
]
