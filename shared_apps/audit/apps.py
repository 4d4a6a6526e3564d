from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "shared_apps.audit"
    label = "audit"
    verbose_name = _("审计")

    def ready(self) -> None:
        from . import labels, receivers, schema  # noqa: F401 - connects receivers, registers schemes

        labels.autodiscover()
