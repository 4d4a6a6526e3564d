from django.utils.translation import gettext_lazy as _

from shared_apps.identity.roles import Role
from tenants.modules import MenuEntry, ModuleAppConfig, ModuleManifest


class PortalConfig(ModuleAppConfig):
    default = True
    name = "tenant_apps.portal"
    label = "portal"
    verbose_name = _("门户")

    manifest = ModuleManifest(
        code="portal",
        name=_("门户网站"),
        description=_("人大要闻、通知公告"),
        menu=(MenuEntry(_("新闻与公告"), "portal:manage", "portal.manage_posts", "newspaper"),),
        capabilities={
            "portal.manage_posts": (Role.ADMINISTRATOR, Role.STAFF),
            "portal.publish_posts": (Role.ADMINISTRATOR, Role.STAFF),
            "portal.view_drafts": (Role.ADMINISTRATOR, Role.STAFF, Role.LEADER),
        },
        events=("portal.post_published",),
        metrics=("portal.posts_published",),
        config_schema={
            "type": "object",
            "properties": {
                "home_post_count": {"title": _("首页显示文章数"), "type": "integer", "minimum": 1, "maximum": 50},
                "kinds": {
                    "title": _("首页显示的栏目"),
                    "type": "array", "items": {"enum": ["news", "notice"]}, "uniqueItems": True,
                },
            },
            "additionalProperties": False,
        },
        default_config={"home_post_count": 8},
        home_template="portal/_home_section.html",
        home_context="tenant_apps.portal.selectors.home_context",
        urls="tenant_apps.portal.urls",
        api_urls="tenant_apps.portal.api.urls",
        # A tenant spec's `seed.portal`: the first posts of a new congress's site.
        seed_schema={
            "type": "object",
            "properties": {
                "posts": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "kind": {"enum": ["news", "notice"]},
                            "title": {"type": "string", "minLength": 1, "maxLength": 200},
                            "body": {"type": "string"},
                            "publish": {"type": "boolean"},
                        },
                        "required": ["kind", "title", "body"],
                        "additionalProperties": False,
                    },
                }
            },
            "additionalProperties": False,
        },
        seeder="tenant_apps.portal.services.seed",
    )
