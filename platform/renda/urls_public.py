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
    *common,
    *api_docs("renda.urls_public"),
]
