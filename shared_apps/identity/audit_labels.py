from django.utils.translation import gettext_lazy as _

from shared_apps.audit.labels import register

register({
    "identity.login": _("登录"),
    "identity.logout": _("退出登录"),
    "identity.session_expired": _("会话超时退出"),
    "identity.login_failed": _("登录失败"),
    "identity.locked_out": _("登录锁定"),
    "identity.second_factor_passed": _("二次验证通过"),
    "identity.second_factor_failed": _("二次验证失败"),
    "identity.second_factor_enrolled": _("启用动态验证码"),
    "identity.unit_created": _("新建单位"),
    "identity.membership_added": _("添加成员"),
    "identity.membership_ended": _("结束成员身份"),
})
