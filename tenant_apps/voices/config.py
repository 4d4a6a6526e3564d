"""The voices module's configuration per congress (ModuleSwitch.config), with its defaults."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

RATE = {"type": ["string", "null"], "pattern": r"^\d+/\d*[smhd]$"}

CONFIG_SCHEMA = {
    "type": "object",
    "properties": {
        # django-ratelimit rates such as "10/h"; null switches that limit off.
        "rate_limit_ip": {**RATE, "title": _("每个地址的提交频率上限"), "description": _("如 20/h；留空不限")},
        "rate_limit_phone": {**RATE, "title": _("每个手机号的提交频率上限"), "description": _("如 5/h；留空不限")},
        "duplicate_window_hours": {
            "title": _("重复留言判定时段（小时）"), "type": "integer", "minimum": 0, "maximum": 720,
        },
        "duplicate_similarity": {"title": _("重复留言相似度阈值"), "type": "number", "minimum": 0.5, "maximum": 1},
        "remind_before_hours": {"title": _("到期前提醒（小时）"), "type": "integer", "minimum": 1, "maximum": 720},
        "unrated_close_days": {"title": _("未评价自动办结（天）"), "type": "integer", "minimum": 1, "maximum": 365},
        "reopen_days": {"title": _("可申请重新办理的期限（天）"), "type": "integer", "minimum": 1, "maximum": 90},
        "max_reopens": {"title": _("最多重新办理次数"), "type": "integer", "minimum": 0, "maximum": 5},
        "misroute_working_days": {
            "title": _("误交办退回期限（工作日）"), "type": "integer", "minimum": 1, "maximum": 30,
        },
        "webhook_url": {"title": _("消息推送地址（Webhook）"), "type": "string", "maxLength": 500},
        "webhook_secret": {"title": _("消息推送签名密钥"), "writeOnly": True, "type": "string", "maxLength": 200},
        "consent_version": {"title": _("个人信息告知版本"), "type": "string", "maxLength": 20},
        "stop_words": {
            "title": _("热词停用词"),
            "type": "array",
            "items": {"type": "string", "maxLength": 20},
            "maxItems": 2000,
        },
    },
    "additionalProperties": False,
}

DEFAULTS = {
    "rate_limit_ip": "20/h",
    "rate_limit_phone": "5/h",
    "duplicate_window_hours": 24,
    "duplicate_similarity": 0.9,
    "remind_before_hours": 24,
    "unrated_close_days": 7,
    "reopen_days": 15,
    "max_reopens": 1,
    "misroute_working_days": 7,
    "webhook_url": "",
    "webhook_secret": "",
    "consent_version": "2026-01",
    "stop_words": [],
}


def get(key: str, congress=None):
    return all_settings(congress)[key]


def all_settings(congress=None) -> dict:
    # Imported here: apps.py reads this module before the models are ready.
    from tenants.selectors import module_config

    return {**DEFAULTS, **module_config("voices", congress or current_congress())}


def current_congress():
    """The congress of the connection's schema, also under django-tenants' schema_context (which
    only knows the schema name)."""
    from django.db import connection

    from tenants.models import Congress

    tenant = getattr(connection, "tenant", None)
    if getattr(tenant, "pk", None) and hasattr(tenant, "level"):
        return tenant
    return Congress.objects.get(schema_name=connection.schema_name)
