from django.utils.translation import gettext_lazy as _

from shared_apps.audit.labels import register

from .states import ACTION_LABELS

# Transitions are recorded as voices.<action> (services.transition).
register({f"voices.{action}": label for action, label in ACTION_LABELS.items()})
register({
    "voices.submitted": _("群众留言"),
    "voices.category_saved": _("保存留言分类"),
    "voices.calendar_changed": _("修改工作日历"),
    "voices.options_changed": _("修改留言设置"),
    "voices.api_key_created": _("创建接口密钥"),
    "voices.api_key_revoked": _("吊销接口密钥"),
})
