from django.utils.translation import gettext_lazy as _

from shared_apps.audit.labels import register

register({"escalations.received": _("收到下级提请"), "escalations.decided": _("处理下级提请")})
