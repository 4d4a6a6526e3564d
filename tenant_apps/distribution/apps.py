from django.utils.translation import gettext_lazy as _

from shared_apps.identity.roles import Role
from tenants.modules import MenuEntry, ModuleAppConfig, ModuleManifest


class DistributionConfig(ModuleAppConfig):
    default = True
    name = "tenant_apps.distribution"
    label = "distribution"
    verbose_name = _("上下联动")

    manifest = ModuleManifest(
        code="distribution",
        name=_("上下联动"),
        description=_("向下级人大下发通知、征求意见稿，汇总下级反馈"),
        menu=(
            MenuEntry(_("下发通知"), "distribution:sent", "distribution.manage", "send"),
            MenuEntry(_("上级来文"), "distribution:inbox", "distribution.view", "inbox"),
        ),
        capabilities={
            "distribution.view": (Role.ADMINISTRATOR, Role.STAFF, Role.LEADER),
            "distribution.manage": (Role.ADMINISTRATOR, Role.STAFF),
        },
        events=("distribution.notice_published", "distribution.comment_received"),
        metrics=("distribution.notices", "distribution.comments"),
        home_template="distribution/_home_section.html",
        home_context="tenant_apps.distribution.selectors.home_context",
        urls="tenant_apps.distribution.urls",
        api_urls="tenant_apps.distribution.api.urls",
    )
