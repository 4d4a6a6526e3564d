"""Benchmark P2 (issue 3): migration rollout over SIZE schemas, against django-tenants'
`migrate_schemas --executor=multiprocessing`, then a real additive migration rolled out.

    /work/main/.venv/bin/python bench/p2_rollout.py SIZE [--reuse]

Without --reuse, the scratch database is recreated and SIZE congresses are onboarded first
(clone path, bulk); with --reuse, the congresses P1 left in the scratch database are used.
Each timing is a fresh `manage.py` process (Django start-up included, for both sides), 2 workers
each: this project's `rollout_migrations` with nothing to apply; django-tenants'
`migrate_schemas --tenant --executor=multiprocessing` (TENANT_MULTIPROCESSING_MAX_PROCESSES=2)
with nothing to apply; then, with the bench.additive app installed (one migration creating a
table with an index), `migrate_schemas --shared` and `rollout_migrations` over every schema,
and `rollout_migrations` once more (nothing left). Ends with one summary line.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    if "--reuse" not in sys.argv:
        common.recreate_database()
        common.manage("migrate_schemas", "--shared", "-v", "0")
        common.setup_django()
        from provisioning import bulk

        batch = bulk.run(
            bulk.submit(common.csv_of(common.province_rows(size)), "p.csv").pk, workers=2
        )
        assert bulk.summary(batch)["failed"] == 0
    else:
        common.setup_django()
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM tenants_congress WHERE schema_name <> 'public'")
        schemas_count = cursor.fetchone()[0]
    from provisioning import rollout

    settled = 0
    if rollout.plan().stale:
        # Schemas made outside this project's paths (P1's baseline congresses, created by
        # django-tenants' own create_schema) carry no recorded state yet: settle them first.
        settled = rollout.run(workers=2).migrated
    started = time.perf_counter()
    plan = rollout.plan()
    plan_seconds = time.perf_counter() - started
    assert not plan.stale, plan.stale[:5]
    connection.close()

    ours_noop = common.manage("rollout_migrations", "--workers", "2", "--no-progress")
    theirs_noop = common.manage(
        "migrate_schemas",
        "--tenant",
        "--executor=multiprocessing",
        "-v",
        "0",
        TENANT_MULTIPROCESSING_MAX_PROCESSES="2",
    )
    shared = common.manage("migrate_schemas", "--shared", "-v", "0", BENCH_ADDITIVE="1")
    additive = common.manage(
        "rollout_migrations", "--workers", "2", "--no-progress", BENCH_ADDITIVE="1"
    )
    after = common.manage(
        "rollout_migrations", "--workers", "2", "--no-progress", BENCH_ADDITIVE="1"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE c.relname = 'bench_additive_reading' AND n.nspname LIKE 'c\\_%%'"
        )
        migrated_tables = cursor.fetchone()[0]
    print(
        f"P2 schemas={schemas_count} noop_rollout={ours_noop:.1f}s "
        f"(plan query {plan_seconds * 1000:.0f}ms) "
        f"noop_migrate_schemas_multiprocessing={theirs_noop:.1f}s "
        f"speedup={theirs_noop / ours_noop:.1f}x "
        f"additive_rollout={additive:.1f}s "
        f"({additive / max(schemas_count, 1) * 1000:.0f}ms/schema, "
        f"table present in {migrated_tables} congress schemas) "
        f"additive_shared_migrate={shared:.1f}s "
        f"noop_after_additive={after:.1f}s settled_before={settled}"
    )


if __name__ == "__main__":
    main()
