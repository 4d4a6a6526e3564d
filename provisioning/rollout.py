"""Migration rollout over every congress schema.

The code's migration set is one fingerprint; each schema's last applied fingerprint is a
row of ``SchemaState``. One query finds the schemas that differ, so a rollout with nothing
to apply opens no migration executor at all. Schemas are migrated in parallel processes;
each success is recorded as it happens, so an interrupted rollout resumes where it stopped,
and a failing schema is reported without stopping the others.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import connection, connections
from django.utils import timezone

from . import schemas
from .models import RolloutRun

_STALE_SQL = """
SELECT c.schema_name FROM tenants_congress c
LEFT JOIN provisioning_schemastate s ON s.schema_name = c.schema_name
WHERE c.schema_name <> 'public' AND c.hosting_mode <> 'connected'
  AND c.status <> 'archived' AND c.status <> 'provisioning'
  AND s.fingerprint IS DISTINCT FROM %s
ORDER BY c.schema_name
"""

_COUNT_SQL = """
SELECT count(*) FROM tenants_congress c
WHERE c.schema_name <> 'public' AND c.hosting_mode <> 'connected'
  AND c.status <> 'archived' AND c.status <> 'provisioning'
"""


@dataclass
class Plan:
    fingerprint: str
    total: int
    stale: list[str] = field(default_factory=list)

    @property
    def skipped(self) -> int:
        return self.total - len(self.stale)


def plan() -> Plan:
    """Which schemas need migrating: two queries, whatever the number of schemas."""
    fingerprint = schemas.code_fingerprint().digest
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(_STALE_SQL, [fingerprint])
        stale = [row[0] for row in cursor.fetchall()]
        cursor.execute(_COUNT_SQL)
        total = cursor.fetchone()[0]
    return Plan(fingerprint=fingerprint, total=total, stale=stale)


def _migrate_one(schema_name: str) -> tuple[str, str | None]:
    try:
        schemas.migrate_schema(schema_name)
        return schema_name, None
    except Exception as exc:  # reported per schema; the rollout goes on
        connection.set_schema_to_public()
        return schema_name, f"{type(exc).__name__}: {exc}"


def _init_worker() -> None:
    # Forked children must not share the parent's database socket.
    for conn in connections.all():
        conn.inc_thread_sharing()
        conn.connection = None
        conn.dec_thread_sharing()


def run(
    *, workers: int = 2, progress: Callable[[str, str | None], None] | None = None
) -> RolloutRun:
    """Migrate every stale schema (template first); returns the run with its failures."""
    if schemas.method() == "clone":
        schemas.refresh_template()
    current = plan()
    run_row = RolloutRun.objects.create(
        fingerprint=current.fingerprint, total=current.total, skipped=current.skipped
    )
    failures: dict[str, str] = {}
    migrated = 0

    def done(result: tuple[str, str | None]) -> None:
        nonlocal migrated
        name, error = result
        if error:
            failures[name] = error
        else:
            migrated += 1
        if progress:
            progress(name, error)

    if workers <= 1 or len(current.stale) <= 1:
        for name in current.stale:
            done(_migrate_one(name))
    else:
        connections.close_all()
        context = multiprocessing.get_context("fork")
        with context.Pool(workers, initializer=_init_worker) as pool:
            for result in pool.imap_unordered(_migrate_one, current.stale):
                done(result)
    run_row.migrated = migrated
    run_row.failures = failures
    run_row.finished_at = timezone.now()
    run_row.save()
    return run_row
