"""URLs of a congress site. Module URLs come from the manifests: /<code>/ and /api/v1/<code>/."""

from django.urls import include, path

from renda.urls_common import api_docs, common
from shared_apps.web import views as web
from tenants.modules import all_manifests

web_patterns = (
    [
        path("", web.home, name="home"),
        path("console/", web.console, name="console"),
    ],
    "web",
)

urlpatterns = [
    path("", include(web_patterns)),
    path("console/", include("tenants.urls")),
    path("console/audit/", include("shared_apps.audit.urls")),
    path("console/messages/", include("shared_apps.messaging.urls")),
    path("dashboard/", include("shared_apps.rollups.urls")),
    path("api/v1/dashboard/", include("shared_apps.rollups.api.urls")),
    path("media/<path:path>", web.tenant_media, name="media"),
    *common,
    *api_docs("renda.urls_tenant"),
]

for manifest in all_manifests().values():
    if manifest.urls:
        urlpatterns.append(path(f"{manifest.code}/", include(manifest.urls, namespace=manifest.code)))
    if manifest.api_urls:
        urlpatterns.append(
            path(
                f"api/v1/{manifest.code}/",
                include((manifest.api_urls, f"api-{manifest.code}"), namespace=f"api-{manifest.code}"),
            )
        )
