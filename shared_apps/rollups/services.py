"""Writes of the rollups: applying a bus event to the daily and subtree figures."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import connection

from shared_apps.bus.hub.log import Event

from . import tree
from .facts import Figure, figures_of, local_day
from .models import DIMENSIONS, NODE_LEVEL


def _deputy_figures(event: Event) -> list[Figure]:
    p = event.payload
    with connection.cursor() as cursor:
        if event.type == "deputy.registered":
            cursor.execute(
                "INSERT INTO rollups_knowndeputy (congress_id, deputy_id, level) VALUES (%s, %s, %s) "
                "ON CONFLICT (congress_id, deputy_id) DO NOTHING RETURNING id",
                [event.congress_id, p["deputy_id"], p["level"]],
            )
            if cursor.fetchone() is None:
                return []
            return [Figure("deputies.registered", local_day(p["registered_on"]), dims={"level": p["level"]})]
        # Leaving office: subtract from the level the deputy was counted under, once.
        cursor.execute(
            "DELETE FROM rollups_knowndeputy WHERE congress_id = %s AND deputy_id = %s RETURNING level",
            [event.congress_id, p["deputy_id"]],
        )
        row = cursor.fetchone()
        if row is None:
            return []
        return [Figure("deputies.registered", local_day(p["left_on"]), Decimal(-1), dims={"level": row[0]})]


def _active_deputies(event: Event) -> list[Figure]:
    """A deputy counts once per congress and month, on the day of their first record."""
    p = event.payload
    day = local_day(p["occurred_on"])
    month = day.replace(day=1)
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO rollups_activedeputy (congress_id, month, deputy_id) "
            "SELECT %s, %s, unnest(%s::bigint[]) ON CONFLICT DO NOTHING RETURNING deputy_id",
            [event.congress_id, month, list(p["deputy_ids"])],
        )
        fresh = len(cursor.fetchall())
    return [Figure("deputies.active", day, Decimal(fresh))] if fresh else []


_COLUMNS = ", ".join(DIMENSIONS)
_PLAIN = ("",) * len(DIMENSIONS)


def subtree_keys(lineage: tuple[int, ...] | list[int], month, metric: str, dims: tuple[str, ...]):
    """The ``SubtreeRollup`` keys one figure adds to, for an origin with this ``lineage``.

    ``dims`` holds the figure's values in ``DIMENSIONS`` order ('' where it carries none).
    Per ancestor: the plain row (node, child, month, metric), then one row at the node level per
    dimension the figure carries, that dimension alone; 1 + k rows for k dimensions.
    """
    single = [
        (*_PLAIN[:i], value, *_PLAIN[i + 1:]) for i, value in enumerate(dims) if value
    ]
    for index, node in enumerate(lineage):
        # The child of `node` through which the event came (the origin itself at its own node).
        child = lineage[index + 1] if index + 1 < len(lineage) else node
        yield (node, child, month, metric, *_PLAIN)
        for one in single:
            yield (node, NODE_LEVEL, month, metric, *one)


def _collect(event: Event, daily: dict[tuple, Decimal], subtree: dict[tuple, Decimal]) -> int:
    origin = tree.origin(event.congress_id)
    if event.type in ("deputy.registered", "deputy.left_office"):
        figures = _deputy_figures(event)
    else:
        figures = figures_of(event, origin.level)
        if event.type == "duty.recorded":
            figures += _active_deputies(event)
    for figure in figures:
        dims = tuple(figure.dims.get(d, "") for d in DIMENSIONS)
        daily[(event.congress_id, figure.day, figure.metric, *dims)] += figure.value
        for key in subtree_keys(origin.lineage, figure.day.replace(day=1), figure.metric, dims):
            subtree[key] += figure.value
    return len(figures)


def apply_many(events: list[Event]) -> int:
    """Add what ``events`` say to the rollups, in two statements; returns the figures produced."""
    daily: dict[tuple, Decimal] = defaultdict(Decimal)
    subtree: dict[tuple, Decimal] = defaultdict(Decimal)
    produced = sum(_collect(event, daily, subtree) for event in events)
    if daily:
        with connection.cursor() as cursor:
            _upsert(cursor, "rollups_rollup", f"congress_id, day, metric, {_COLUMNS}", daily)
            _upsert(cursor, "rollups_subtreerollup", f"node_id, child_id, month, metric, {_COLUMNS}", subtree)
    return produced


def apply(event: Event) -> int:
    return apply_many([event])


def _upsert(cursor, table: str, key_columns: str, rows: dict[tuple, Decimal]) -> None:
    width = len(next(iter(rows))) + 1
    value_rows = ", ".join(["(" + ", ".join(["%s"] * width) + ")"] * len(rows))
    params = [v for key, value in rows.items() for v in (*key, value)]
    cursor.execute(
        f"INSERT INTO {table} ({key_columns}, value) VALUES {value_rows} "
        f"ON CONFLICT ({key_columns}) "
        f"DO UPDATE SET value = {table}.value + EXCLUDED.value",
        params,
    )


def reset() -> None:
    """Forget every figure (before a rebuild from the log).

    DELETE, not TRUNCATE: dashboards keep reading the old figures until the rebuild commits.
    """
    with connection.cursor() as cursor:
        for table in ("rollups_rollup", "rollups_subtreerollup", "rollups_activedeputy", "rollups_knowndeputy"):
            cursor.execute(f"DELETE FROM {table}")
