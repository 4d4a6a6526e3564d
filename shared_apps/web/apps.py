from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "shared_apps.web"
    label = "web"
    verbose_name = _("站点外壳")

    def ready(self) -> None:
        from renda.logs import configure_structlog

        configure_structlog()
