from django.utils.translation import gettext_lazy as _

from shared_apps.audit.labels import register

register({
    "portal.post_created": _("新建文章"),
    "portal.post_edited": _("编辑文章"),
    "portal.post_published": _("发布文章"),
    "portal.post_unpublished": _("撤回文章"),
})
