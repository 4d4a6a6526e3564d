"""Benchmark P3 (issue 6): the leaders' dashboard over rollups vs. a loop over tenant schemas.

    .venv/bin/python bench/dashboard.py [voices] [sample-schemas]     (default 5000000 30)

Against DATABASE_URL (shared schema migrated). Builds a synthetic province of 1,500 congresses
(1 province, 13 cities, 95 counties, 1,391 townships) as registry rows, and the subtree rollup
rows that `voices` citizens' messages over the last 12 months would produce (written by SQL,
not through the consumer: the rows are the same ones `rollups.services.apply` writes). Times the
dashboard query (shared_apps.rollups.selectors.dashboard, one statement) for the province, a
city and a county: p50/p95 over 40 runs each.

Baseline, same run: the figures computed the old way, one tenant schema after another. A
sample of `sample-schemas` schemas gets a messages table holding its share of the voices; the
per-schema time is measured over the sample and scaled to the subtree's size (1,500 for the
province, 116 for a city, 15 for a county): the full loop is that sum, said so in the output.
Ends with one summary line.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from shared_apps.rollups import selectors  # noqa: E402
from tenants.models import Congress  # noqa: E402

PROVINCE = "540000"  # a code no demo data uses
CITIES, COUNTIES_PER_CITY, TOWNS_PER_COUNTY = 13, 7, 14  # 13 + 91 + 1,274, topped up below
CATEGORIES = ("help", "suggestion", "consultation", "thanks", "other",
              "help-1", "help-2", "help-3", "suggestion-1", "suggestion-2")
MONTHS = 12


def build_tree() -> dict[str, list[int]]:
    """1,500 registry rows (no schemas), path and depth as Congress.save computes them."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM rollups_subtreerollup WHERE node_id IN "
                       "(SELECT id FROM tenants_congress WHERE path LIKE %s)", [f"/{PROVINCE}/%"])
        cursor.execute("DELETE FROM tenants_congress WHERE path LIKE %s AND depth = 3", [f"/{PROVINCE}/%"])
        cursor.execute("DELETE FROM tenants_congress WHERE path LIKE %s AND depth = 2", [f"/{PROVINCE}/%"])
        cursor.execute("DELETE FROM tenants_congress WHERE path LIKE %s AND depth = 1", [f"/{PROVINCE}/%"])
        cursor.execute("DELETE FROM tenants_congress WHERE path LIKE %s", [f"/{PROVINCE}/%"])
    rows: list[tuple] = [("基准省人大常委会", "province", PROVINCE, None, f"/{PROVINCE}/", 0)]
    counties_total, towns_total = 0, 0
    for c in range(1, CITIES + 1):
        city = f"54{c:02d}00"
        rows.append((f"基准{c}市人大常委会", "city", city, PROVINCE, f"/{PROVINCE}/{city}/", 1))
        for k in range(1, COUNTIES_PER_CITY + 1 + (1 if c <= 4 else 0)):
            county = f"54{c:02d}{k:02d}"
            counties_total += 1
            rows.append((f"基准{c}市{k}县人大常委会", "county", county, city, f"/{PROVINCE}/{city}/{county}/", 2))
            towns = TOWNS_PER_COUNTY + (2 if counties_total <= 58 else 1)
            for t in range(1, towns + 1):
                if towns_total >= 1500 - 1 - CITIES - 95:
                    break
                towns_total += 1
                town = f"{county}{t:03d}"
                rows.append((f"基准{c}市{k}县{t}镇人大", "township", town, county,
                             f"/{PROVINCE}/{city}/{county}/{town}/", 3))
    ids: dict[str, int] = {}
    with connection.cursor() as cursor:
        for name, level, code, parent, path, depth in rows:
            cursor.execute(
                "INSERT INTO tenants_congress (schema_name, name, level, parent_id, region_code, path, depth, "
                "hosting_mode, status, is_demo, created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, 'hosted', "
                "'active', true, now()) RETURNING id",
                [f"bench_{code}", name, level, ids.get(parent), code, path, depth],
            )
            ids[code] = cursor.fetchone()[0]
    by_level: dict[str, list[int]] = {}
    for _name, level, code, _p, _path, _d in rows:
        by_level.setdefault(level, []).append(ids[code])
    return by_level


def fill_rollups(voices: int) -> int:
    """Each congress's own monthly figures, then summed into every ancestor (node, child) pair."""
    per_congress = voices / 1500
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_own")
        cursor.execute(
            """
            CREATE UNLOGGED TABLE bench_own AS
            WITH base AS (
                SELECT c.id, c.path, c.level, m.month, cat.category,
                       greatest(0, round(%s / 12.0 / 10 * (0.5 + random())))::int AS submitted
                FROM tenants_congress c
                CROSS JOIN generate_series(date_trunc('month', now())::date - interval '11 months',
                                           date_trunc('month', now())::date, interval '1 month') AS m(month)
                CROSS JOIN unnest(%s::text[]) AS cat(category)
                WHERE c.path LIKE %s
            )
            SELECT id, path, level, month::date AS month, category, 'voices.submitted' AS metric,
                   submitted AS value FROM base
            UNION ALL SELECT id, path, level, month::date, category, 'voices.answered', round(submitted * 0.9)
                FROM base
            UNION ALL SELECT id, path, level, month::date, category, 'voices.on_time', round(submitted * 0.8) FROM base
            UNION ALL SELECT id, path, level, month::date, category, 'voices.rated', round(submitted * 0.7) FROM base
            UNION ALL SELECT id, path, level, month::date, category, 'voices.satisfied', round(submitted * 0.6)
                FROM base
            UNION ALL SELECT id, path, level, month::date, category, 'voices.dissatisfied', round(submitted * 0.05)
                FROM base
            UNION ALL SELECT id, path, level, month::date, category, 'voices.reply_seconds', submitted * 86400
                FROM base
            """,
            [per_congress, list(CATEGORIES), f"/{PROVINCE}/%"],
        )
        # Every ancestor-or-self A of the origin; the child is the next node on the path (or A).
        cursor.execute("SELECT id, parent_id FROM tenants_congress WHERE path LIKE %s", [f"/{PROVINCE}/%"])
        parent = dict(cursor.fetchall())
        pairs = []
        for origin in parent:
            lineage = [origin]
            while parent.get(lineage[-1]) is not None:
                lineage.append(parent[lineage[-1]])
            lineage.reverse()
            for index, node in enumerate(lineage):
                child = lineage[index + 1] if index + 1 < len(lineage) else node
                pairs.append((origin, node, child))
        cursor.execute("DROP TABLE IF EXISTS bench_lineage")
        cursor.execute("CREATE UNLOGGED TABLE bench_lineage (origin int, node int, child int)")
        cursor.execute(
            "INSERT INTO bench_lineage SELECT * FROM unnest(%s::int[], %s::int[], %s::int[])",
            [[p[0] for p in pairs], [p[1] for p in pairs], [p[2] for p in pairs]],
        )
        cursor.execute(
            """
            INSERT INTO rollups_subtreerollup (node_id, child_id, month, metric, category, status, level, grade,
                                               rating, term, value)
            SELECT l.node, l.child, o.month, o.metric, o.category, '', '', '', '', '', sum(o.value)
            FROM bench_own o JOIN bench_lineage l ON l.origin = o.id
            GROUP BY l.node, l.child, o.month, o.metric, o.category
            """
        )
        cursor.execute("SELECT sum(value) FROM bench_own WHERE metric = 'voices.submitted'")
        total = int(cursor.fetchone()[0])
        cursor.execute("DROP TABLE bench_own")
        cursor.execute("DROP TABLE bench_lineage")
        cursor.execute("ANALYZE tenants_congress")
    return total


def time_dashboard(congress: Congress, runs: int = 40) -> tuple[float, float]:
    period = selectors.parse_period({})
    selectors.dashboard(congress, None, period)  # warm
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        board = selectors.dashboard(congress, None, period)
        times.append((time.perf_counter() - started) * 1000)
    assert board is not None and board.totals
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


LOOP_SQL = """
SELECT category, date_trunc('month', submitted_at) AS month, count(*),
       count(*) FILTER (WHERE replied_at IS NOT NULL), count(*) FILTER (WHERE on_time),
       count(*) FILTER (WHERE rating IS NOT NULL),
       count(*) FILTER (WHERE rating IN ('satisfied', 'basically_satisfied')),
       sum(extract(epoch FROM replied_at - submitted_at))
FROM {schema}.voices WHERE submitted_at >= date_trunc('month', now()) - interval '11 months'
GROUP BY 1, 2
"""


def loop_sample(sample: int, voices: int) -> float:
    """Per-schema milliseconds of the schema-by-schema computation, over `sample` real schemas."""
    per_schema = voices // 1500
    rng = random.Random(6)
    schemas = [f"bench_loop_{i:03d}" for i in range(sample)]
    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
            cursor.execute(f"CREATE SCHEMA {schema}")
            cursor.execute(
                f"CREATE TABLE {schema}.voices (id serial PRIMARY KEY, category text, submitted_at timestamptz, "
                "replied_at timestamptz, on_time boolean, rating text)"
            )
            cursor.execute(f"CREATE INDEX ON {schema}.voices (submitted_at)")
            cursor.execute(
                f"""
                INSERT INTO {schema}.voices (category, submitted_at, replied_at, on_time, rating)
                SELECT (%s::text[])[1 + (random() * 9)::int],
                       now() - random() * interval '365 days' AS s,
                       CASE WHEN random() < 0.9 THEN now() - random() * interval '300 days' END,
                       random() < 0.8,
                       (ARRAY['satisfied', 'basically_satisfied', 'dissatisfied', NULL])[1 + (random() * 3)::int]
                FROM generate_series(1, %s)
                """,
                [list(CATEGORIES), per_schema + rng.randint(-50, 50)],
            )
            cursor.execute(f"ANALYZE {schema}.voices")
    # Time the loop as a dashboard would run it: a query per schema, cold connection state aside.
    started = time.perf_counter()
    rounds = 3
    with connection.cursor() as cursor:
        for _ in range(rounds):
            for schema in schemas:
                cursor.execute(f"SET search_path = {schema}, public")
                cursor.execute(LOOP_SQL.format(schema=schema))
                cursor.fetchall()
        cursor.execute("SET search_path = public")
        elapsed = (time.perf_counter() - started) * 1000 / (rounds * len(schemas))
        for schema in schemas:
            cursor.execute(f"DROP SCHEMA {schema} CASCADE")
    return elapsed


def main() -> None:
    voices = int(sys.argv[1]) if len(sys.argv) > 1 else 5_000_000
    sample = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    t0 = time.perf_counter()
    with transaction.atomic():
        by_level = build_tree()
        total = fill_rollups(voices)
    with connection.cursor() as cursor:
        # As autovacuum would leave it: statistics and the visibility map (index-only scans).
        cursor.execute("VACUUM ANALYZE rollups_subtreerollup")
        cursor.execute("SELECT count(*) FROM rollups_subtreerollup r JOIN tenants_congress c ON c.id = r.node_id "
                       "WHERE c.path LIKE %s", [f"/{PROVINCE}/%"])
        rows = cursor.fetchone()[0]
    print(f"built {sum(len(v) for v in by_level.values())} congresses, {total} voices, {rows} subtree rollup rows "
          f"in {time.perf_counter() - t0:.1f}s", flush=True)
    targets = {
        "province": (Congress.objects.get(pk=by_level["province"][0]), 1500),
        "city": (Congress.objects.get(pk=by_level["city"][0]), None),
        "county": (Congress.objects.get(pk=by_level["county"][0]), None),
    }
    per_schema_ms = loop_sample(sample, voices)
    results = []
    for name, (congress, size) in targets.items():
        size = size or Congress.objects.subtree_of(congress).count()
        p50, p95 = time_dashboard(congress)
        loop_ms = per_schema_ms * size
        results.append((name, size, p50, p95, loop_ms))
        print(f"{name:9s} subtree={size:5d} dashboard p50={p50:.1f}ms p95={p95:.1f}ms "
              f"loop={loop_ms:.0f}ms ({per_schema_ms:.2f}ms/schema x {size}, sampled on {sample} schemas) "
              f"speed-up={loop_ms / p95:.0f}x", flush=True)
    summary = " ".join(f"{n}:p95={p95:.1f}ms,loop={loop:.0f}ms,x{loop / p95:.0f}" for n, _s, _p50, p95, loop in results)
    print(f"P3 voices={total} congresses=1500 {summary}")


if __name__ == "__main__":
    main()
