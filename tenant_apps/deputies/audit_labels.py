from django.utils.translation import gettext_lazy as _

from shared_apps.audit.labels import register

register({
    "deputies.registered": _("登记代表"),
    "deputies.updated": _("修改代表信息"),
    "deputies.left_office": _("代表离任"),
    "deputies.imported": _("导入代表名册"),
    "deputies.account_linked": _("关联代表账号"),
    "deputies.term_created": _("新建届次"),
    "deputies.constituency_created": _("新建选区"),
    "deputies.group_created": _("新建代表团组"),
    "deputies.duty_recorded": _("登记履职"),
    "deputies.duty_edited": _("修改履职记录"),
    "deputies.duty_verified": _("审核通过履职"),
    "deputies.duty_rejected": _("退回履职记录"),
    "deputies.register_exported": _("导出代表名册"),
})
