"""Consumers of the bus log: offsets, inbox, retries with backoff, dead letters, rebuilds.

Delivery is at least once; a consumer's effect and its inbox row are written in one
transaction (a savepoint per event), so each effect happens exactly once. Apps declare their
consumers in ``consumers.py`` (autodiscovered) with :func:`register`.
"""

from __future__ import annotations

import datetime as dt
import logging
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from django.db import connection, transaction
from django.utils import timezone

from . import catalog
from .hub import log
from .hub.log import Event
from .hub.models import ConsumerState, DeliveryStatus, FailedDelivery

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
BACKOFF_BASE = dt.timedelta(seconds=10)
BACKOFF_CAP = dt.timedelta(hours=1)
DEFAULT_BATCH = 500


@dataclass(frozen=True)
class Consumer:
    name: str
    types: frozenset[str]
    handle: Callable[[Event], None]
    description: str = ""
    # Clears every effect, for a rebuild from the start of the log; None: not rebuildable.
    reset: Callable[[], None] | None = None
    # Optional: applies many events at once (one savepoint for the batch); on any error the
    # batch is rolled back and applied event by event, so one bad event is isolated as usual.
    apply_batch: Callable[[list[Event]], object] | None = None


_consumers: dict[str, Consumer] = {}


def register(
    name: str, types: Iterable[str], *, description: str = "", reset: Callable[[], None] | None = None,
    apply_batch: Callable[[list[Event]], object] | None = None,
):
    """Decorator: ``@register("rollups", ["voice.submitted", ...], reset=...)``."""

    def decorator(handle: Callable[[Event], None]):
        _consumers[name] = Consumer(name, frozenset(types), handle, description, reset, apply_batch)
        return handle

    return decorator


def unregister(name: str) -> None:
    _consumers.pop(name, None)


def consumers() -> dict[str, Consumer]:
    return dict(_consumers)


def get(name: str) -> Consumer:
    return _consumers[name]


def backoff(attempts: int) -> dt.timedelta:
    return min(BACKOFF_BASE * (2 ** (attempts - 1)), BACKOFF_CAP)


def _as_latest(event: Event) -> Event:
    version, payload = catalog.upcast(event.type, event.version, event.payload)
    return replace(event, version=version, payload=payload) if version != event.version else event


def _apply(consumer: Consumer, event: Event) -> bool:
    """Apply once: inbox row and effect in one savepoint. False if already applied."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO public.bushub_inboxentry (consumer, event_id, handled_at) VALUES (%s, %s, clock_timestamp()) "
            "ON CONFLICT (consumer, event_id) DO NOTHING RETURNING id",
            [consumer.name, event.event_id],
        )
        if cursor.fetchone() is None:
            return False
        try:
            consumer.handle(_as_latest(event))
        finally:
            connection.set_schema_to_public()
    return True


def _apply_batch(consumer: Consumer, events: list[Event]) -> bool:
    """All of ``events`` in one savepoint: inbox rows and effects. False if anything failed."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO public.bushub_inboxentry (consumer, event_id, handled_at) "
                "SELECT %s, unnest(%s::uuid[]), clock_timestamp() "
                "ON CONFLICT (consumer, event_id) DO NOTHING RETURNING event_id",
                [consumer.name, [e.event_id for e in events]],
            )
            fresh = {row[0] for row in cursor.fetchall()}
            unseen = [_as_latest(e) for e in events if e.event_id in fresh]
            if unseen:
                try:
                    consumer.apply_batch(unseen)
                finally:
                    connection.set_schema_to_public()
    except Exception:
        return False
    return True


def _record_failure(consumer: Consumer, event: Event, error: str) -> None:
    now = timezone.now()
    failure, created = FailedDelivery.objects.get_or_create(
        consumer=consumer.name,
        event_id=event.event_id,
        defaults={"seq": event.seq, "type": event.type, "last_error": error,
                  "next_attempt_at": now + backoff(1)},
    )
    if not created:
        failure.attempts += 1
        failure.last_error = error
        if failure.attempts >= MAX_ATTEMPTS:
            failure.status = DeliveryStatus.DEAD
        else:
            failure.status = DeliveryStatus.RETRYING
            failure.next_attempt_at = now + backoff(failure.attempts)
        failure.save()
    logger.warning("consumer %s failed on event %s (%s)", consumer.name, event.seq, event.type)


def _error_text() -> str:
    return traceback.format_exc(limit=5)[-4000:]


def run(name: str, batch_size: int = DEFAULT_BATCH) -> int:
    """Apply the next batch of the log to consumer ``name``; returns events read.

    The consumer's state row is locked with SKIP LOCKED, so two runners never work the same
    consumer at once, and the new offset commits with the effects.
    """
    consumer = get(name)
    ConsumerState.objects.get_or_create(name=name)
    with transaction.atomic():
        state = ConsumerState.objects.select_for_update(skip_locked=True).filter(name=name).first()
        if state is None:
            return 0
        events, position = log.read_after(state.position, batch_size, types=consumer.types)
        if not (consumer.apply_batch and events and _apply_batch(consumer, events)):
            for event in events:
                try:
                    _apply(consumer, event)
                except Exception:
                    _record_failure(consumer, event, _error_text())
        if position != state.position:
            state.position = position
            state.save(update_fields=["position", "updated_at"])
    return len(events)


def retry_due(name: str, now: dt.datetime | None = None, limit: int = 100) -> int:
    """Try failed deliveries whose backoff has passed. Returns how many succeeded."""
    consumer = get(name)
    now = now or timezone.now()
    succeeded = 0
    with transaction.atomic():
        due = list(
            FailedDelivery.objects.select_for_update(skip_locked=True)
            .filter(consumer=name, status=DeliveryStatus.RETRYING, next_attempt_at__lte=now)
            .order_by("seq")[:limit]
        )
        for failure in due:
            event = log.read_one(failure.seq)
            try:
                if event is not None:
                    _apply(consumer, event)
            except Exception:
                _record_failure(consumer, event, _error_text())
                continue
            failure.status = DeliveryStatus.RESOLVED
            failure.resolved_at = timezone.now()
            failure.save(update_fields=["status", "resolved_at"])
            succeeded += 1
    return succeeded


def replay(failure_id: int) -> bool:
    """Send a dead letter (or a waiting retry) through its consumer again, now."""
    with transaction.atomic():
        failure = FailedDelivery.objects.select_for_update().get(pk=failure_id)
        if failure.status == DeliveryStatus.RESOLVED:
            return True
        failure.status = DeliveryStatus.RETRYING
        failure.attempts = 0
        failure.next_attempt_at = timezone.now()
        failure.save(update_fields=["status", "attempts", "next_attempt_at"])
    retry_due(failure.consumer)
    failure.refresh_from_db()
    return failure.status == DeliveryStatus.RESOLVED


def run_all(batch_size: int = DEFAULT_BATCH) -> int:
    """One pass of every consumer until each has caught up; returns events read in total."""
    total = 0
    for name in sorted(_consumers):
        while True:
            read = run(name, batch_size)
            total += read
            if read < batch_size:
                break
        retry_due(name)
    return total


def rebuild(name: str, batch_size: int = 5000) -> int:
    """Forget the consumer's effects and apply the whole log again, in one transaction.

    Readers keep seeing the old figures until the rebuilt ones commit.
    """
    from .hub.models import InboxEntry

    consumer = get(name)
    if consumer.reset is None:
        raise ValueError(f"consumer {name!r} cannot be rebuilt")
    ConsumerState.objects.get_or_create(name=name)
    with transaction.atomic():
        state = ConsumerState.objects.select_for_update().get(name=name)
        consumer.reset()
        InboxEntry.objects.filter(consumer=name).delete()
        FailedDelivery.objects.filter(consumer=name).delete()
        state.position = 0
        state.rebuilt_at = timezone.now()
        state.save()
        total = 0
        while True:
            read = run(name, batch_size)
            total += read
            if read < batch_size:
                break
    return total
