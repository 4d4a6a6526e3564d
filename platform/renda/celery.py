"""The tenant-aware Celery app: a task queued inside a congress runs in its schema."""

import os

from tenant_schemas_celery.app import CeleryApp

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings.dev")

app = CeleryApp("renda")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
