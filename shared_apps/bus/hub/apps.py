from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BusHubConfig(AppConfig):
    """The public half of the bus: the log, the relay's markers, consumers and ingestion keys.

    A separate app from ``shared_apps.bus`` because that one's tables (the outbox) live in
    every congress schema, while these must exist once, in public.
    """

    name = "shared_apps.bus.hub"
    label = "bushub"
    verbose_name = _("数据总线中枢")
