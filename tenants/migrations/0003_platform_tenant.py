"""Every deployment has the platform tenant (the public schema) from its first migrate.

Platform events (e.g. `tenant.provisioned`) are published in the public schema, and the bus
attributes each outbox to the congress owning its schema: the public schema's owner must exist
before anyone is onboarded.
"""

from django.conf import settings
from django.db import migrations


def create_platform(apps, schema_editor):
    Congress = apps.get_model("tenants", "Congress")
    Domain = apps.get_model("tenants", "Domain")
    platform, created = Congress.objects.get_or_create(
        schema_name="public",
        defaults={"name": "数字人大云平台", "level": "platform", "status": "active", "path": "/", "depth": 0},
    )
    if created and not Domain.objects.filter(domain=settings.BASE_DOMAIN).exists():
        Domain.objects.create(domain=settings.BASE_DOMAIN, tenant=platform, is_primary=True)


class Migration(migrations.Migration):
    dependencies = [("tenants", "0002_drop_duplicate_path_index")]

    operations = [migrations.RunPython(create_platform, migrations.RunPython.noop)]
