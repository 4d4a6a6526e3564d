from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    """No tables: the app is installed for its management command (rotate_blind_index)."""

    name = "shared_apps.privacy"
    label = "privacy"
    verbose_name = _("个人信息保护")
