from django.utils.translation import gettext_lazy as _

from shared_apps.identity.roles import Role
from tenants.modules import MenuEntry, ModuleAppConfig, ModuleManifest

from .config import CONFIG_SCHEMA, DEFAULTS

_CATEGORY = {
    "type": "object",
    "properties": {
        "code": {"type": "string", "pattern": "^[a-z0-9_-]{1,40}$"},
        "name": {"type": "string", "minLength": 1, "maxLength": 40},
        "deadline_amount": {"type": "integer", "minimum": 1, "maximum": 365},
        "deadline_unit": {"enum": ["hours", "days", "working_days"]},
        "subcategories": {
            "type": "array",
            "items": {"type": "string", "minLength": 1, "maxLength": 40},
        },
    },
    "required": ["code", "name"],
    "additionalProperties": False,
}


class VoicesConfig(ModuleAppConfig):
    default = True
    name = "tenant_apps.voices"
    label = "voices"
    verbose_name = _("群众留言")

    manifest = ModuleManifest(
        code="voices",
        name=_("民生码上见 · 有事找代表"),
        description=_("群众扫码留言，代表受理，单位办理，人大督办，群众评价"),
        menu=(
            MenuEntry(_("群众留言"), "voices:manage", "voices.view_all", "chat-square-text"),
            MenuEntry(_("我的留言"), "voices:inbox", "voices.respond", "inbox"),
            MenuEntry(_("交办件"), "voices:handling", "voices.handle", "briefcase"),
            MenuEntry(_("留言统计"), "voices:stats", "voices.stats", "bar-chart"),
            MenuEntry(_("留言设置"), "voices:settings", "voices.configure", "gear"),
        ),
        capabilities={
            # Every message of the congress, read-only for leaders.
            "voices.view_all": (Role.ADMINISTRATOR, Role.STAFF, Role.LEADER),
            # Reassign, reroute, merge, close.
            "voices.manage": (Role.ADMINISTRATOR, Role.STAFF),
            # A deputy's own inbox: accept, answer, assign, return, mark as common problem.
            "voices.respond": (Role.DEPUTY,),
            # A handler's unit's assigned items (object grants decide which).
            "voices.handle": (Role.HANDLER,),
            "voices.stats": (Role.ADMINISTRATOR, Role.STAFF, Role.LEADER),
            # Categories, deadlines, the working-day calendar, Open311 keys.
            "voices.configure": (Role.ADMINISTRATOR, Role.STAFF),
        },
        events=(
            "voice.submitted",
            "voice.assigned",
            "voice.replied",
            "voice.rated",
            "voice.reopened",
            "voice.overdue",
            "voice.closed",
            "voice.escalation_requested",
        ),
        metrics=("voices.submitted", "voices.replied", "voices.satisfied", "voices.overdue"),
        worklist="tenant_apps.voices.worklist.worklist",
        config_schema=CONFIG_SCHEMA,
        default_config=DEFAULTS,
        home_template="voices/_home_section.html",
        home_context="tenant_apps.voices.selectors.home_context",
        urls="tenant_apps.voices.urls",
        api_urls="tenant_apps.voices.api.urls",
        seed_schema={
            "type": "object",
            "properties": {"categories": {"type": "array", "items": _CATEGORY, "maxItems": 50}},
            "additionalProperties": False,
        },
        seeder="tenant_apps.voices.taxonomy.seed_categories",
    )

    def ready(self) -> None:
        super().ready()
        from django.db.models.signals import post_delete, post_save

        from . import taxonomy
        from .models import CalendarDay, Category
        from .workcalendar import forget_overrides

        post_save.connect(forget_overrides, sender=CalendarDay, dispatch_uid="voices.calendar.saved")
        post_delete.connect(forget_overrides, sender=CalendarDay, dispatch_uid="voices.calendar.deleted")
        post_save.connect(taxonomy.forget, sender=Category, dispatch_uid="voices.categories.saved")
        post_delete.connect(taxonomy.forget, sender=Category, dispatch_uid="voices.categories.deleted")
