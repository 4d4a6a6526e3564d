"""The relay: moves events from congresses' outboxes into the public bus log.

Work is found through ``bushub_pendingschema`` (written with the outbox row), never by
scanning schemas. Each step locks one marker with ``SKIP LOCKED``, so any number of relays
share the work; an outbox batch is marked relayed in the same transaction that appends it to
the log, so a relay killed mid-batch leaves the batch untouched for the next one.
"""

from __future__ import annotations

import logging
import select
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.utils import DatabaseError

from .hub import log
from .hub.partitions import ensure_partitions
from .services import RELAY_CHANNEL

logger = logging.getLogger(__name__)

DEFAULT_BATCH = 500


@dataclass
class RelayResult:
    schemas: int = 0
    events: int = 0


def _quote(schema: str) -> str:
    return '"' + schema.replace('"', '""') + '"'


def relay_step(batch_size: int = DEFAULT_BATCH) -> tuple[str | None, int]:
    """Move one batch of one pending schema. Returns (schema, events moved); (None, 0) if idle."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT schema_name, congress_id FROM public.bushub_pendingschema "
            "ORDER BY marked_at LIMIT 1 FOR UPDATE SKIP LOCKED"
        )
        row = cursor.fetchone()
        if row is None:
            return None, 0
        schema, congress_id = row
        outbox = f"{_quote(schema)}.bus_outboxevent"
        cursor.execute("SELECT to_regclass(%s)", [outbox])
        if cursor.fetchone()[0] is None:
            # The congress was decommissioned (schema dropped) after it published.
            logger.warning("pending schema %s has no outbox any more; marker dropped", schema)
            cursor.execute("DELETE FROM public.bushub_pendingschema WHERE schema_name = %s", [schema])
            return schema, 0
        cursor.execute(
            f"SELECT id, type, version, occurred_at, payload::text FROM {outbox} "
            "WHERE relayed_at IS NULL ORDER BY occurred_at LIMIT %s FOR UPDATE SKIP LOCKED",
            [batch_size + 1],
        )
        rows = cursor.fetchall()
        batch = rows[:batch_size]
        if batch:
            cursor.execute(
                f"UPDATE {outbox} SET relayed_at = now() WHERE id = ANY(%s)", [[r[0] for r in batch]]
            )
            log.append(
                [
                    log.NewEvent(event_id=r[0], type=r[1], version=r[2], congress_id=congress_id,
                                 occurred_at=r[3], payload_json=r[4])
                    for r in batch
                ],
                source="outbox",
            )
        if len(rows) > batch_size:
            # More to do: go to the back of the queue so other congresses are served too.
            cursor.execute(
                "UPDATE public.bushub_pendingschema SET marked_at = %s WHERE schema_name = %s",
                [rows[batch_size][3], schema],
            )
        else:
            cursor.execute("DELETE FROM public.bushub_pendingschema WHERE schema_name = %s", [schema])
        return schema, len(batch)


def relay_pending(batch_size: int = DEFAULT_BATCH, max_seconds: float | None = None) -> RelayResult:
    """Drain every pending schema (or stop after ``max_seconds``)."""
    result = RelayResult()
    started = time.monotonic()
    while True:
        try:
            schema, moved = relay_step(batch_size)
        except DatabaseError as exc:
            if "no partition" not in str(exc):
                raise
            ensure_partitions()
            continue
        if schema is None:
            return result
        result.schemas += 1
        result.events += moved
        if max_seconds is not None and time.monotonic() - started > max_seconds:
            return result


def run_forever(batch_size: int = DEFAULT_BATCH, idle_wait: float = 5.0, after_batch=None) -> None:
    """The dedicated relay process: LISTEN for wake-ups, drain, and poll now and then anyway."""
    ensure_partitions()
    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = True
    with raw.cursor() as cursor:
        cursor.execute(f"LISTEN {RELAY_CHANNEL}")
    while True:
        result = relay_pending(batch_size)
        if result.events:
            logger.info("relayed %s events", result.events, extra={"events": result.events})
            if after_batch is not None:
                after_batch(result)
            continue
        # Wait on the socket; a notification (or the timeout) wakes us.
        select.select([raw.pgconn.socket], [], [], idle_wait)
        for _notify in raw.notifies(timeout=0):
            pass
