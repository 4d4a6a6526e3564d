"""Celery tasks of the bus: the relay and the consumers, for deployments without dedicated processes."""

from __future__ import annotations

import datetime as dt

from celery import shared_task
from django.db import connection
from django.utils import timezone

from . import delivery, relay
from .hub.partitions import ensure_partitions
from .models import OutboxEvent


@shared_task(name="shared_apps.bus.tasks.relay_pending", ignore_result=True)
def relay_pending(max_seconds: float = 20.0) -> int:
    """Drain pending outboxes for up to ``max_seconds`` (beat runs it every few seconds)."""
    connection.set_schema_to_public()
    return relay.relay_pending(max_seconds=max_seconds).events


@shared_task(name="shared_apps.bus.tasks.run_consumers", ignore_result=True)
def run_consumers() -> int:
    connection.set_schema_to_public()
    return delivery.run_all()


@shared_task(name="shared_apps.bus.tasks.ensure_partitions", ignore_result=True)
def create_partitions() -> list[str]:
    connection.set_schema_to_public()
    return ensure_partitions(months_ahead=2)


@shared_task(name="shared_apps.bus.tasks.outbox_backlog")
def outbox_backlog() -> dict:
    """Events not yet relayed in the schema the task was queued from (tenant-aware)."""
    return {
        "schema": connection.schema_name,
        "pending": OutboxEvent.objects.filter(relayed_at__isnull=True).count(),
    }


@shared_task(name="shared_apps.bus.tasks.purge_relayed", ignore_result=True)
def purge_relayed(days: int = 7) -> int:
    """Delete outbox rows relayed more than ``days`` ago, in every schema that had events."""
    from tenants.models import Congress

    from .hub.models import CongressFeed

    cutoff = timezone.now() - dt.timedelta(days=days)
    active = set(CongressFeed.objects.values_list("congress_id", flat=True))
    removed = 0
    for schema in Congress.objects.filter(pk__in=active).values_list("schema_name", flat=True):
        connection.set_schema(schema)
        removed += OutboxEvent.objects.filter(relayed_at__lt=cutoff).delete()[0]
    connection.set_schema_to_public()
    return removed


@shared_task(name="shared_apps.bus.tasks.purge_nonces", ignore_result=True)
def purge_nonces() -> int:
    """Forget ingestion nonces older than twice the accepted clock skew: such requests are refused anyway."""
    from .hub.models import IngestNonce
    from .ingest import TOLERANCE

    connection.set_schema_to_public()
    return IngestNonce.objects.filter(seen_at__lt=timezone.now() - 2 * TOLERANCE).delete()[0]
