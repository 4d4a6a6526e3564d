from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RollupsConfig(AppConfig):
    name = "shared_apps.rollups"
    label = "rollups"
    verbose_name = _("汇总统计")
