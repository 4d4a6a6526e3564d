"""Benchmark P1 (issue 3): onboarding per tenant, clone path against django-tenants' default,
and a whole province end to end.

    /work/main/.venv/bin/python bench/p1_onboarding.py SIZE [BASELINE_COUNT]

SIZE congresses of a province (1 province, 13 cities, up to 95 counties, the rest townships)
are onboarded by bulk onboarding (the full pipeline, 2 workers). Before that, in the same run,
BASELINE_COUNT (default 20) townships are created each way and timed one by one:
- baseline: django-tenants' `auto_create_schema` path (save, then `create_schema`, which runs
  `migrate_schemas` for the new schema);
- clone: this project's pipeline (validate, clone, migrate check, seed, admins, modules,
  activate, publish), and the bare schema clone alone.
Uses a scratch database (BENCH_DATABASE_URL, or DATABASE_URL's name + `_bench`), recreated.
Ends with one summary line.
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import common


def main() -> None:
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 100
    baseline_count = int(sys.argv[2]) if len(sys.argv) > 2 else 20
    common.recreate_database()
    common.manage("migrate_schemas", "--shared", "-v", "0")
    common.setup_django()

    from django.db import connection

    from provisioning import bulk, pipeline, schemas
    from tenants.models import Congress, CongressStatus

    # A parent chain outside the province under test, for the one-by-one comparison.
    parents = [
        {
            "name": "对照省",
            "level": "province",
            "region_code": "330000",
            "domains": ["z330000.bench.localhost"],
        },
        {
            "name": "对照市",
            "level": "city",
            "region_code": "330100",
            "parent": "330000",
            "domains": ["z330100.bench.localhost"],
        },
        {
            "name": "对照区",
            "level": "county",
            "region_code": "330102",
            "parent": "330100",
            "domains": ["z330102.bench.localhost"],
        },
    ]
    for spec in parents:
        assert pipeline.provision(spec).state == "succeeded"

    baseline = []
    for i in range(baseline_count):
        started = time.perf_counter()
        congress = Congress(
            name=f"默认路径{i}",
            level="township",
            region_code=f"330102{500 + i:03d}",
            parent=Congress.objects.get(region_code="330102"),
            schema_name=f"dt_{i}",
            status=CongressStatus.ACTIVE,
        )
        congress.save()
        congress.create_schema(
            check_if_exists=True, verbosity=0
        )  # what auto_create_schema=True does
        baseline.append(time.perf_counter() - started)
        connection.set_schema_to_public()

    pipeline_times, clone_times = [], []
    for i in range(baseline_count):
        spec = {
            "name": f"克隆路径{i}",
            "level": "township",
            "region_code": f"330102{100 + i:03d}",
            "parent": "330102",
            "domains": [f"c{i}.z.bench.localhost"],
            "modules": {"portal": {}},
            "administrators": [{"username": f"bench_admin_{i}", "email": f"bench_admin_{i}@example.cn"}],
            "units": [{"kind": "government", "name": "镇政府"}],
        }
        started = time.perf_counter()
        job = pipeline.provision(spec)
        pipeline_times.append(time.perf_counter() - started)
        assert job.state == "succeeded", job.error
        started = time.perf_counter()
        schemas.clone_schema(f"bare_{i}")
        clone_times.append(time.perf_counter() - started)

    rows = common.province_rows(size)
    started = time.perf_counter()
    batch = bulk.submit(common.csv_of(rows), "province.csv")
    submitted = time.perf_counter() - started
    batch = bulk.run(batch.pk, workers=2)
    total = time.perf_counter() - started
    counts = bulk.summary(batch)
    levels = {lv: sum(1 for r in rows if r["level"] == lv) for lv in ("province", "city", "county")}

    base = statistics.mean(baseline)
    piped = statistics.mean(pipeline_times)
    p95 = sorted(pipeline_times)[max(0, int(0.95 * len(pipeline_times)) - 1)]
    print(
        f"P1 size={size} (province 1, cities {levels['city']}, counties {levels['county']}, "
        f"townships {size - 1 - levels['city'] - levels['county']}) "
        f"baseline_auto_create_schema={base:.3f}s/tenant (n={baseline_count}) "
        f"clone_pipeline={piped:.3f}s/tenant p95={p95:.3f}s "
        f"bare_clone={statistics.mean(clone_times):.3f}s speedup={base / piped:.1f}x "
        f"province_total={total:.1f}s (validate+queue {submitted:.1f}s) "
        f"province_per_tenant={total / size:.3f}s "
        f"succeeded={counts['succeeded']} failed={counts['failed']} "
        f"method={schemas.method()} migrations={schemas.code_fingerprint().count}"
    )


if __name__ == "__main__":
    main()
