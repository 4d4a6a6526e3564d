from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "shared_apps.accounts"
    label = "accounts"
    verbose_name = _("账号")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (records session keys at login)
