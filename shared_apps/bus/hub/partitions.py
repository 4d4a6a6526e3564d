"""Monthly partitions of the bus log, created ahead of time.

Creating a partition locks the parent briefly, so it happens at relay start-up, in a daily
task and when an insert finds no partition, never per batch.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.utils import timezone

PARENT = "bushub_busevent"


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


def partition_name(month: dt.date) -> str:
    return f"{PARENT}_y{month.year:04d}m{month.month:02d}"


def ensure_partitions(around: dt.date | None = None, months_ahead: int = 2) -> list[str]:
    """Create the partitions for the month of ``around`` and ``months_ahead`` after it."""
    month = _month_start(around or timezone.localdate())
    created = []
    with connection.cursor() as cursor:
        for _i in range(months_ahead + 1):
            name = partition_name(month)
            upper = _next_month(month)
            cursor.execute("SELECT to_regclass(%s)", [f"public.{name}"])
            if cursor.fetchone()[0] is None:
                # Bounds in UTC+8 midnight: a month of Asia/Shanghai.
                cursor.execute(
                    f'CREATE TABLE IF NOT EXISTS public."{name}" PARTITION OF public.{PARENT} '
                    f"FOR VALUES FROM ('{month.isoformat()} 00:00:00+08') "
                    f"TO ('{upper.isoformat()} 00:00:00+08')"
                )
                created.append(name)
            month = upper
    return created


def partitions() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = %s ORDER BY c.relname",
            [PARENT],
        )
        return [row[0] for row in cursor.fetchall()]
