from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class ProvisioningConfig(AppConfig):
    name = "provisioning"
    verbose_name = _("开通")

    def ready(self) -> None:
        from django_tenants.signals import schema_migrated

        from . import events  # noqa: F401
        from .signals import record_state_after_migrate_schemas, refresh_template_after_migrate

        post_migrate.connect(refresh_template_after_migrate, sender=self)
        schema_migrated.connect(record_state_after_migrate_schemas)
