"""The voices module's configuration per congress (ModuleSwitch.config), with its defaults."""

from __future__ import annotations

RATE = {"type": ["string", "null"], "pattern": r"^\d+/\d*[smhd]$"}

CONFIG_SCHEMA = {
    "type": "object",
    "properties": {
        # django-ratelimit rates such as "10/h"; null switches that limit off.
        "rate_limit_ip": RATE,
        "rate_limit_phone": RATE,
        "duplicate_window_hours": {"type": "integer", "minimum": 0, "maximum": 720},
        "duplicate_similarity": {"type": "number", "minimum": 0.5, "maximum": 1},
        "remind_before_hours": {"type": "integer", "minimum": 1, "maximum": 720},
        "unrated_close_days": {"type": "integer", "minimum": 1, "maximum": 365},
        "reopen_days": {"type": "integer", "minimum": 1, "maximum": 90},
        "max_reopens": {"type": "integer", "minimum": 0, "maximum": 5},
        "misroute_working_days": {"type": "integer", "minimum": 1, "maximum": 30},
        "webhook_url": {"type": "string", "maxLength": 500},
        # Write-only: the switchboard never shows it back (tenants.modules.ModuleManifest.secret_keys).
        "webhook_secret": {"type": "string", "maxLength": 200, "writeOnly": True},
        "consent_version": {"type": "string", "maxLength": 20},
        "stop_words": {
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
