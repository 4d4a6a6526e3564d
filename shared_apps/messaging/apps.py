from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "shared_apps.messaging"
    label = "messaging"
    verbose_name = _("消息发送")

    def ready(self) -> None:
        # Every app may declare its message templates in `message_templates.py`.
        autodiscover_modules("message_templates")
        from . import checks  # noqa: F401
