from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    name = "shared_apps.identity"
    label = "identity"
    verbose_name = _("统一身份")

    def ready(self) -> None:
        from . import signals  # noqa: F401 - connects the receivers
