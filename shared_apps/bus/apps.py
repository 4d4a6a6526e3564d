from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


class BusConfig(AppConfig):
    name = "shared_apps.bus"
    label = "bus"
    verbose_name = _("数据总线")

    def ready(self) -> None:
        # Every app declares the events it publishes in its `events.py`.
        autodiscover_modules("events")
        # ... and the bus consumers it runs in `consumers.py`.
        autodiscover_modules("consumers")
        from . import checks  # noqa: F401
