from django.utils.translation import gettext_lazy as _

from shared_apps.audit.labels import register

register({"bus.api_key_created": _("创建接入密钥"), "bus.api_key_revoked": _("吊销接入密钥")})
