"""Celery tasks: deadline reminders, overdue escalation, unrated close, notification delivery.

Beat runs :func:`sweep_all` every few minutes in the public schema. It does not start one
task per congress at once: congresses are cut into batches, and each batch is queued with its
own delay across ``VOICES_SWEEP_SPREAD_SECONDS``, so 1,500 congresses become a steady trickle
instead of a thundering herd. Within a batch each congress is swept in its own schema.
"""

from __future__ import annotations

import datetime as dt
import logging
import zlib

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from django_tenants.utils import schema_context

from . import config, services
from .models import Notification, NotificationChannel, Voice
from .states import Status

log = logging.getLogger(__name__)
PER_RUN_LIMIT = 500


def congresses_with_voices() -> list[str]:
    from tenants.models import CongressStatus, HostingMode, ModuleSwitch

    return list(
        ModuleSwitch.objects.filter(module="voices", enabled=True, congress__status=CongressStatus.ACTIVE)
        .exclude(congress__hosting_mode=HostingMode.CONNECTED)
        .order_by("congress__schema_name")
        .values_list("congress__schema_name", flat=True)
    )


def _batches(schemas: list[str], size: int) -> list[list[str]]:
    # A stable order (by checksum) keeps each congress in the same slot sweep after sweep.
    ordered = sorted(schemas, key=lambda s: (zlib.crc32(s.encode()), s))
    return [ordered[i : i + size] for i in range(0, len(ordered), size)]


def plan(schemas: list[str], size: int, spread: int) -> list[tuple[int, list[str]]]:
    """(countdown in seconds, schemas) per batch, evenly spread over ``spread`` seconds."""
    batches = _batches(schemas, size)
    return [(int(spread * index / len(batches)), batch) for index, batch in enumerate(batches)]


@shared_task(name="tenant_apps.voices.tasks.sweep_all")
def sweep_all() -> int:
    """Queue the sweep of every congress with the module on, in delayed batches."""
    schemas = congresses_with_voices()
    batches = plan(schemas, settings.VOICES_SWEEP_BATCH, settings.VOICES_SWEEP_SPREAD_SECONDS)
    for countdown, batch in batches:
        sweep_batch.apply_async(args=[batch], countdown=countdown)
    log.info("voices sweep queued", extra={"congresses": len(schemas), "batches": len(batches)})
    return len(schemas)


@shared_task(name="tenant_apps.voices.tasks.sweep_batch")
def sweep_batch(schemas: list[str]) -> dict[str, dict]:
    results = {}
    for schema in schemas:
        with schema_context(schema):
            try:
                results[schema] = sweep_here()
            except Exception:  # one broken congress must not stop the others
                log.exception("voices sweep failed", extra={"schema": schema})
    return results


@shared_task(name="tenant_apps.voices.tasks.sweep_congress")
def sweep_congress() -> dict:
    """Sweep the congress whose schema the task was queued in (tenant_schemas_celery header)."""
    return sweep_here()


def sweep_here(now: dt.datetime | None = None) -> dict:
    now = now or timezone.now()
    cfg = config.all_settings()
    handling = Voice.objects.filter(status__in=Status.handling(), due_at__isnull=False)
    reminded = overdue = unrated = 0
    for voice in handling.filter(overdue_at__isnull=True, due_at__lte=now).order_by("due_at")[:PER_RUN_LIMIT]:
        overdue += services.mark_overdue(voice)
    soon = now + dt.timedelta(hours=cfg["remind_before_hours"])
    for voice in handling.filter(reminded_at__isnull=True, due_at__gt=now, due_at__lte=soon)[:PER_RUN_LIMIT]:
        reminded += services.remind(voice)
    cutoff = now - dt.timedelta(days=cfg["unrated_close_days"])
    for voice in Voice.objects.filter(status=Status.REPLIED, replied_at__lte=cutoff)[:PER_RUN_LIMIT]:
        unrated += services.close_unrated(voice)
    retry = list(
        Notification.objects.exclude(channel=NotificationChannel.INBOX)
        .filter(sent_at__isnull=True, attempts__gt=0, attempts__lt=5)
        .values_list("pk", flat=True)[:PER_RUN_LIMIT]
    )
    if retry:
        deliver_notifications(retry)
    return {
        "reminded": reminded,
        "overdue": overdue,
        "unrated_closed": unrated,
        "retried": len(retry),
    }


@shared_task(name="tenant_apps.voices.tasks.deliver_notifications")
def deliver_notifications(ids: list[int]) -> int:
    from .notifications import deliver

    cfg = config.all_settings()
    sent = 0
    for notification in Notification.objects.filter(pk__in=ids, sent_at__isnull=True):
        deliver(notification, cfg)
        sent += notification.sent_at is not None
    return sent
