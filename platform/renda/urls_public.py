"""URLs of the platform site (the public schema)."""

from django.urls import include, path

from renda.urls_common import api_docs, common
from shared_apps.web import views as web

web_patterns = (
    [
        path("", web.home, name="home"),
        path("console/", web.console, name="console"),
    ],
    "web",
)

urlpatterns = [
    path("", include(web_patterns)),
    # The provincial office's onboarding pages and the operators' API: platform site only.
    path("provisioning/", include("provisioning.urls")),
    path("api/v1/provisioning/", include("provisioning.api.urls")),
    path("console/bus/", include("shared_apps.bus.urls")),
    path("console/messages/", include("shared_apps.messaging.urls")),
    path("bus/catalog/", include("shared_apps.bus.catalog_urls")),
    path("api/v1/bus/", include("shared_apps.bus.api.urls")),
    *common,
    *api_docs("renda.urls_public"),
]
