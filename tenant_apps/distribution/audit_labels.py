from django.utils.translation import gettext_lazy as _

from shared_apps.audit.labels import register

register({"distribution.sent": _("下发通知"), "distribution.commented": _("反馈意见")})
