from django.utils.translation import gettext_lazy as _

from shared_apps.identity.roles import Role
from tenants.modules import MenuEntry, ModuleAppConfig, ModuleManifest

from .duty_types import BUILT_IN, BUILT_IN_POINTS

OFFICE = (Role.ADMINISTRATOR, Role.STAFF)
READERS = (Role.ADMINISTRATOR, Role.STAFF, Role.DEPUTY_AFFAIRS, Role.LEADER)


class DeputiesConfig(ModuleAppConfig):
    default = True
    name = "tenant_apps.deputies"
    label = "deputies"
    verbose_name = _("代表履职")

    manifest = ModuleManifest(
        code="deputies",
        name=_("代表履职"),
        description=_("代表名册、代表小组、履职记录与审核、履职档案、代表风采"),
        menu=(
            MenuEntry(_("代表名册"), "deputies:register", "deputies.view_register", "people"),
            MenuEntry(_("履职记录"), "deputies:duties", "deputies.view_duties", "journal-check"),
            MenuEntry(_("我的履职"), "deputies:my_duties", "deputies.record_own_duty", "person-check"),
            MenuEntry(_("履职审核"), "deputies:verification", "deputies.verify_duty", "check2-square"),
            MenuEntry(_("履职统计"), "deputies:statistics", "deputies.view_statistics", "bar-chart"),
        ),
        capabilities={
            "deputies.view_register": READERS,
            "deputies.manage_register": OFFICE,
            # Unmasked contact details: the offices that phone and write to deputies.
            "deputies.view_contacts": (Role.ADMINISTRATOR, Role.STAFF, Role.DEPUTY_AFFAIRS),
            "deputies.view_duties": READERS,
            "deputies.record_own_duty": (Role.DEPUTY,),
            "deputies.record_for_deputies": (Role.ADMINISTRATOR, Role.STAFF, Role.DEPUTY_AFFAIRS),
            "deputies.verify_duty": (Role.DEPUTY_AFFAIRS,),
            "deputies.view_statistics": READERS,
        },
        events=("deputy.registered", "deputy.left_office", "duty.recorded", "duty.verified"),
        metrics=(
            "deputies.registered",
            "deputies.left_office",
            "duty.recorded",
            "duty.verified",
            "duty.points",
        ),
        worklist="tenant_apps.deputies.worklist.worklist",
        config_schema={
            "type": "object",
            "properties": {
                # Points per duty type (built-in or custom code), per participant.
                "points": {
                    "title": _("履职积分"),
                    "x-key-titles": dict(BUILT_IN),
                    "type": "object",
                    "additionalProperties": {"type": "number", "minimum": 0, "maximum": 1000},
                },
                # Duty types of the congress's own, next to the five built-in ones.
                "custom_types": {
                    "title": _("自定义履职类型"),
                    "type": "array",
                    "maxItems": 30,
                    "items": {
                        "type": "object",
                        "properties": {
                            "code": {"title": _("代码"), "type": "string", "pattern": "^[a-z][a-z0-9_]{1,30}$"},
                            "name": {"title": _("名称"), "type": "string", "minLength": 1, "maxLength": 30},
                        },
                        "required": ["code", "name"],
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        },
        default_config={"points": dict(BUILT_IN_POINTS), "custom_types": []},
        home_template="deputies/_home_section.html",
        home_context="tenant_apps.deputies.selectors.home_context",
        urls="tenant_apps.deputies.urls",
        api_urls="tenant_apps.deputies.api.urls",
    )
