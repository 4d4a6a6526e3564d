from django.utils.translation import gettext_lazy as _

from shared_apps.identity.roles import Role
from tenants.modules import MenuEntry, ModuleAppConfig, ModuleManifest


class StationsConfig(ModuleAppConfig):
    default = True
    name = "tenant_apps.stations"
    label = "stations"
    verbose_name = _("联络站")

    manifest = ModuleManifest(
        code="stations",
        name=_("代表联络站"),
        description=_("代表之家、联络站、联络点：地址、开放时间、进站代表、二维码与海报"),
        menu=(MenuEntry(_("联络站"), "stations:manage", "stations.view", "geo-alt"),),
        capabilities={
            "stations.view": (Role.ADMINISTRATOR, Role.STAFF, Role.DEPUTY_AFFAIRS, Role.LEADER),
            "stations.manage": (Role.ADMINISTRATOR, Role.STAFF),
        },
        events=("station.opened",),
        metrics=("stations.opened",),
        config_schema={"type": "object", "properties": {}, "additionalProperties": False},
        default_config={},
        home_template="stations/_home_section.html",
        home_context="tenant_apps.stations.selectors.home_context",
        urls="tenant_apps.stations.urls",
        api_urls="tenant_apps.stations.api.urls",
        seed_schema={
            "type": "object",
            "properties": {
                "stations": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "name": {"type": "string", "minLength": 1, "maxLength": 100},
                            "kind": {"enum": ["station", "home", "point"]},
                            "address": {"type": "string", "minLength": 1, "maxLength": 200},
                            "latitude": {"type": "number", "minimum": -90, "maximum": 90},
                            "longitude": {"type": "number", "minimum": -180, "maximum": 180},
                            "opening_hours": {"type": "string", "maxLength": 200},
                            "reception_days": {
                                "type": "array",
                                "items": {"type": "integer", "minimum": 1, "maximum": 7},
                                "uniqueItems": True,
                            },
                            "phone": {"type": "string", "maxLength": 30},
                            "opened_on": {"type": "string", "format": "date"},
                        },
                        "required": ["name", "address"],
                        "additionalProperties": False,
                    },
                },
            },
            "additionalProperties": False,
        },
        seeder="tenant_apps.stations.services.seed_stations",
    )
