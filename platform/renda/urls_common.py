"""URL patterns both the platform site and every congress site serve."""

from django.urls import include, path
from django.views.i18n import set_language
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from shared_apps.web import views as web


def api_docs(urlconf: str) -> list:
    return [
        path("api/schema/", SpectacularAPIView.as_view(urlconf=urlconf), name="schema"),
        path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="swagger-ui"),
        path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    ]


common = [
    path("accounts/", include("shared_apps.identity.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("healthz", web.healthz, name="healthz"),
    path("api/v1/identity/", include("shared_apps.identity.api.urls")),
]
