from django.utils.translation import gettext_lazy as _

from .labels import register

# tenants imports nothing of ours: its actions are labelled here, where they are recorded.
register({
    "tenants.module_enabled": _("启用模块"),
    "tenants.module_disabled": _("停用模块"),
    "tenants.module_configured": _("修改模块配置"),
    "tenants.status_changed": _("变更人大状态"),
})
