from django.utils.translation import gettext_lazy as _

from shared_apps.identity.roles import Role
from tenants.modules import MenuEntry, ModuleAppConfig, ModuleManifest


class EscalationsConfig(ModuleAppConfig):
    default = True
    name = "tenant_apps.escalations"
    label = "escalations"
    verbose_name = _("提级办理")

    manifest = ModuleManifest(
        code="escalations",
        name=_("提级办理"),
        description=_("下级人大提请的群众意见在本级立案办理，办理结果回传下级"),
        menu=(MenuEntry(_("下级提请"), "escalations:list", "escalations.view", "arrow-up-square"),),
        capabilities={
            "escalations.view": (Role.ADMINISTRATOR, Role.STAFF, Role.LEADER),
            "escalations.decide": (Role.ADMINISTRATOR, Role.STAFF),
        },
        events=("escalation.decided",),
        metrics=("escalations.decided",),
        urls="tenant_apps.escalations.urls",
        api_urls="tenant_apps.escalations.api.urls",
    )
