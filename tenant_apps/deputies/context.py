"""The congress whose schema the connection is set to, also under ``schema_context`` (which
leaves only a stand-in tenant on the connection: provisioning seeders, tasks, tests)."""

from __future__ import annotations

from django.db import connection

from tenants.models import Congress


def current_congress() -> Congress:
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Congress):
        return tenant
    return Congress.objects.get(schema_name=connection.schema_name)
