"""SMS templates of the account lifecycle (autodiscovered by shared_apps.messaging).

A provider sends its own approved template with these parameters; map the names to the
provider's template codes in MESSAGING_SMS_TEMPLATES.
"""

from django.utils.translation import gettext_lazy as _

from shared_apps.messaging import services as messaging

from .delivery import INVITATION_SMS, RESET_SMS

messaging.templates.register(
    INVITATION_SMS,
    text=_(
        "【%(where)s】您的账号已开通，激活码%(code)s，%(days)s天内有效。"
        "请打开 %(url)s 输入手机号和激活码设置密码。"
    ),
    params=("where", "code", "url", "days"),
)
messaging.templates.register(
    RESET_SMS,
    text=_("您正在找回数字人大云账号密码，验证码%(code)s，%(minutes)s分钟内有效。如非本人操作请忽略。"),
    params=("code", "minutes"),
)
