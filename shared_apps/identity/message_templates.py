"""SMS templates of identity (autodiscovered by shared_apps.messaging)."""

from django.utils.translation import gettext_lazy as _

from shared_apps.messaging import services as messaging

SEAT_OFFERED_SMS = "identity.seat_offered"

messaging.templates.register(
    SEAT_OFFERED_SMS,
    text=_("【%(where)s】邀请您担任%(role)s，需您本人确认。请登录后打开 %(url)s 接受或拒绝。"),
    params=("where", "role", "url"),
)
