"""Reads for the operations page: relay lag, throughput, consumer offsets, dead letters, feeds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, Q
from django.utils import timezone

from tenants.models import HostingMode

from . import delivery
from .hub import log
from .hub.models import ConsumerState, DeliveryStatus, FailedDelivery
from .hub.partitions import partitions


@dataclass
class RelayHealth:
    pending_schemas: int
    oldest_pending_at: dt.datetime | None
    lag_seconds: float | None
    head: int
    per_minute: int
    per_hour: int
    recent_commit_lag_ms: float | None


def relay_health() -> RelayHealth:
    now = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), min(marked_at) FROM public.bushub_pendingschema")
        pending, oldest = cursor.fetchone()
        cursor.execute(
            "SELECT count(*) FILTER (WHERE recorded_at > now() - interval '1 minute'), count(*), "
            "percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM recorded_at - occurred_at)) "
            "FILTER (WHERE source = 'outbox' AND recorded_at > now() - interval '5 minutes') "
            "FROM public.bushub_busevent WHERE recorded_at > now() - interval '1 hour'"
        )
        minute, hour, lag95 = cursor.fetchone()
    return RelayHealth(
        pending_schemas=pending, oldest_pending_at=oldest,
        lag_seconds=(now - oldest).total_seconds() if oldest else None,
        head=log.head(), per_minute=minute, per_hour=hour,
        recent_commit_lag_ms=round(lag95 * 1000, 1) if lag95 is not None else None,
    )


def consumer_rows() -> list[dict]:
    head = log.head()
    states = {s.name: s for s in ConsumerState.objects.all()}
    failures = {
        row["consumer"]: row
        for row in FailedDelivery.objects.values("consumer").annotate(
            retrying=Count("id", filter=Q(status=DeliveryStatus.RETRYING)),
            dead=Count("id", filter=Q(status=DeliveryStatus.DEAD)),
        )
    }
    rows = []
    for name, consumer in sorted(delivery.consumers().items()):
        state = states.get(name)
        position = state.position if state else 0
        rows.append({
            "name": name, "description": consumer.description, "position": position, "behind": head - position,
            "updated_at": state.updated_at if state else None, "rebuilt_at": state.rebuilt_at if state else None,
            "retrying": failures.get(name, {}).get("retrying", 0), "dead": failures.get(name, {}).get("dead", 0),
            "rebuildable": consumer.reset is not None,
        })
    return rows


def failures(status: str | None = None):
    qs = FailedDelivery.objects.exclude(status=DeliveryStatus.RESOLVED)
    return qs.filter(status=status) if status else qs


def congress_feeds() -> list[dict]:
    """Every congress with its last event time; those silent longest first."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.id, c.name, c.level, c.hosting_mode, f.last_event_at, coalesce(f.events_total, 0) "
            "FROM tenants_congress c LEFT JOIN public.bushub_congressfeed f ON f.congress_id = c.id "
            "WHERE c.level <> 'platform' ORDER BY f.last_event_at ASC NULLS FIRST, c.path LIMIT 500"
        )
        keys = ("id", "name", "level", "hosting_mode", "last_event_at", "events_total")
        rows = [dict(zip(keys, row, strict=True)) for row in cursor.fetchall()]
    labels = dict(HostingMode.choices)
    for row in rows:
        row["hosting_label"] = labels.get(row["hosting_mode"], row["hosting_mode"])
    return rows


def log_partitions() -> list[str]:
    return partitions()
