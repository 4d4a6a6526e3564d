"""Appending to the bus log and reading it back."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

# Appends take this lock from the moment they draw sequence numbers until they commit, so the
# log becomes visible in sequence order and a consumer reading `seq > offset` never skips a
# row that commits later with a smaller number. Relays still fetch and lock outbox rows in
# parallel; only the short append is serialised.
APPEND_LOCK = 0x52454E4441  # "RENDA"

# Wakes consumers after an append.
LOG_CHANNEL = "renda_bus_log"


@dataclass(frozen=True)
class NewEvent:
    event_id: uuid.UUID
    type: str
    version: int
    congress_id: int
    occurred_at: dt.datetime
    payload_json: str


@dataclass(frozen=True)
class Event:
    """An event as consumers see it."""

    seq: int
    event_id: uuid.UUID
    type: str
    version: int
    congress_id: int
    source: str
    occurred_at: dt.datetime
    recorded_at: dt.datetime
    payload: dict[str, Any]


_APPEND = """
WITH input AS (
    SELECT * FROM unnest(%s::uuid[], %s::text[], %s::int[], %s::int[], %s::timestamptz[], %s::jsonb[])
        WITH ORDINALITY AS t(event_id, type, version, congress_id, occurred_at, payload, ord)
), ids AS (
    INSERT INTO public.bushub_eventid (event_id, seq)
    SELECT event_id, nextval('public.bushub_busevent_seq') FROM input ORDER BY ord
    ON CONFLICT (event_id) DO NOTHING
    RETURNING event_id, seq
), logged AS (
    INSERT INTO public.bushub_busevent
        (seq, event_id, type, version, congress_id, source, occurred_at, recorded_at, payload)
    SELECT ids.seq, input.event_id, input.type, input.version, input.congress_id, %s,
           input.occurred_at, now(), input.payload
    FROM ids JOIN input USING (event_id)
    RETURNING event_id, seq, congress_id
), feed AS (
    INSERT INTO public.bushub_congressfeed (congress_id, last_event_at, events_total)
    SELECT congress_id, now(), count(*) FROM logged GROUP BY congress_id
    ON CONFLICT (congress_id) DO UPDATE SET
        last_event_at = EXCLUDED.last_event_at,
        events_total = public.bushub_congressfeed.events_total + EXCLUDED.events_total
)
SELECT event_id, seq FROM logged
"""


def append(events: Sequence[NewEvent], *, source: str) -> dict[uuid.UUID, int]:
    """Append ``events`` (in the caller's transaction); returns the new ones' sequence numbers.

    Event ids already in the log are skipped: appending is idempotent.
    """
    unique: dict[uuid.UUID, NewEvent] = {}
    for event in events:
        unique.setdefault(event.event_id, event)
    if not unique:
        return {}
    rows = list(unique.values())
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [APPEND_LOCK])
        cursor.execute(
            _APPEND,
            [
                [e.event_id for e in rows],
                [e.type for e in rows],
                [e.version for e in rows],
                [e.congress_id for e in rows],
                [e.occurred_at for e in rows],
                [e.payload_json for e in rows],
                source,
            ],
        )
        appended = {row[0]: row[1] for row in cursor.fetchall()}
        if appended:
            cursor.execute("SELECT pg_notify(%s, '')", [LOG_CHANNEL])
    return appended


_COLUMNS = "seq, event_id, type, version, congress_id, source, occurred_at, recorded_at, payload"


def _event(row) -> Event:
    payload = row[8]
    if isinstance(payload, str):
        payload = json.loads(payload)
    return Event(*row[:8], payload=payload)


def read_after(position: int, limit: int, types: frozenset[str] | None = None) -> tuple[list[Event], int]:
    """Up to ``limit`` events after ``position`` (of ``types`` only, if given), and the new position.

    With a type filter the new position may pass events of other types: it is the last event
    returned when the batch is full, else the head of the log as this statement saw it (appends
    commit in sequence order, so nothing below that head can still appear).
    """
    with connection.cursor() as cursor:
        if types is None:
            cursor.execute(
                f"SELECT {_COLUMNS} FROM public.bushub_busevent WHERE seq > %s ORDER BY seq LIMIT %s",
                [position, limit],
            )
            events = [_event(row) for row in cursor.fetchall()]
            return events, events[-1].seq if events else position
        # The head first: every event up to it has committed (appends commit in sequence order).
        cursor.execute("SELECT coalesce(max(seq), 0) FROM public.bushub_busevent")
        head = cursor.fetchone()[0]
        cursor.execute(
            f"SELECT {_COLUMNS} FROM public.bushub_busevent "
            f"WHERE seq > %s AND seq <= %s AND type = ANY(%s) ORDER BY seq LIMIT %s",
            [position, head, sorted(types), limit],
        )
        events = [_event(row) for row in cursor.fetchall()]
        return events, events[-1].seq if len(events) == limit else max(position, head)


def read_one(seq: int) -> Event | None:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_COLUMNS} FROM public.bushub_busevent WHERE seq = %s", [seq])
        row = cursor.fetchone()
    return _event(row) if row else None


def head() -> int:
    """The highest sequence number in the log (0 when empty)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(seq), 0) FROM public.bushub_busevent")
        return cursor.fetchone()[0]
