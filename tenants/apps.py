from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("人大（租户）")

    def ready(self) -> None:
        from . import signals  # noqa: F401
