from celery import shared_task
from django.db import connection

from .models import OutboxEvent


@shared_task(name="shared_apps.bus.tasks.outbox_backlog")
def outbox_backlog() -> dict:
    """Events not yet relayed in the schema the task was queued from (tenant-aware)."""
    return {
        "schema": connection.schema_name,
        "pending": OutboxEvent.objects.filter(relayed_at__isnull=True).count(),
    }
