"""Readable words for identity's audit actions, for the audit page.

Registered with the audit page (``shared_apps.audit.labels``); each label is a short Chinese
sentence fragment such as "添加成员".
"""

from django.utils.translation import gettext_lazy as _

from shared_apps.audit.labels import register

AUDIT_LABELS = {
    "identity.login": _("登录"),
    "identity.logout": _("退出登录"),
    "identity.session_expired": _("会话超时退出"),
    "identity.login_failed": _("登录失败"),
    "identity.locked_out": _("登录锁定"),
    "identity.second_factor_passed": _("二次验证通过"),
    "identity.second_factor_failed": _("二次验证失败"),
    "identity.second_factor_enrolled": _("启用动态验证码"),
    "identity.unit_created": _("新建单位"),
    "identity.unit_renamed": _("单位更名"),
    "identity.unit_retired": _("撤销单位"),
    "identity.unit_restored": _("恢复单位"),
    "identity.account_created": _("新建账号"),
    "identity.membership_added": _("添加成员"),
    "identity.membership_ended": _("移除成员"),
    "identity.role_changed": _("变更角色"),
    "identity.seat_requested": _("发出任职邀请（待本人确认）"),
    "identity.seat_accepted": _("本人接受任职"),
    "identity.seat_linked_by_operator": _("平台运营人员直接关联任职"),
    "identity.seat_declined": _("本人拒绝任职"),
    "identity.seat_cancelled": _("撤回任职邀请"),
    "identity.members_imported": _("从 Excel 导入成员与单位"),
    "identity.members_exported": _("导出成员与单位"),
}

# Keys of ``AuditEntry.data`` and what to call them when the page lists details.
AUDIT_DATA_LABELS = {
    "role": _("角色"),
    "from_role": _("原角色"),
    "to_role": _("新角色"),
    "unit": _("单位"),
    "kind": _("类别"),
    "name": _("名称"),
    "old_name": _("原名称"),
    "user": _("用户"),
    "rows": _("行数"),
    "units_created": _("新建单位"),
    "accounts_created": _("新建账号"),
    "members_added": _("新增成员"),
    "seats_pending": _("待本人确认"),
}

register(AUDIT_LABELS)
