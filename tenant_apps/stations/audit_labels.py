from django.utils.translation import gettext_lazy as _

from shared_apps.audit.labels import register

register({"stations.opened": _("开设联络站"), "stations.updated": _("修改联络站")})
