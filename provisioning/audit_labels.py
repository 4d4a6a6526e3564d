from django.utils.translation import gettext_lazy as _

from shared_apps.audit.labels import register

register({
    "provisioning.job_created": _("创建开通任务"),
    "provisioning.job_rolled_back": _("回滚开通任务"),
    "provisioning.congress_activated": _("人大开通完成"),
    "provisioning.congress_suspended": _("暂停人大"),
    "provisioning.congress_resumed": _("恢复人大"),
    "provisioning.congress_archived": _("归档人大"),
    "provisioning.congress_restored": _("恢复归档"),
    "provisioning.schema_dropped": _("删除数据模式"),
})
