"""Keep the template schema current: after every `migrate` of the public schema."""

from __future__ import annotations

from django.db import connection


def refresh_template_after_migrate(sender, using: str = "default", plan=None, **kwargs) -> None:
    from django.conf import settings

    from . import schemas

    # post_migrate fires once per migrated schema; the public run is the one that
    # follows a deployment's `migrate`, and the template's own run must not recurse.
    if connection.schema_name != "public" or not getattr(
        settings, "PROVISIONING_KEEP_TEMPLATE", True
    ):
        return
    if schemas.method() != "clone":
        return
    schemas.code_fingerprint.cache_clear()
    schemas.refresh_template()


def record_state_after_migrate_schemas(sender, schema_name: str, **kwargs) -> None:
    """django-tenants' own `migrate_schemas` brought a schema current: record it, so the next
    rollout does not migrate it again."""
    from . import schemas

    if schema_name != "public":
        schemas.record_state(schema_name)
