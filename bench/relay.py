"""Benchmark P4 (issue 6): relay throughput, and commit-to-rollup lag under steady tenant writes.

    .venv/bin/python bench/relay.py [events] [rate-per-second] [seconds]   (default 100000 1000 20)

Against DATABASE_URL (shared schema migrated; 8 bench congresses with real schemas are created
on the first run). Three measurements, one summary line at the end:

1. Physical bound: the same rows written by plain batched INSERTs (1,000 rows a statement)
   into an ordinary table, no partitioning, no dedup, no outbox.
2. Relay throughput: `events` voice.submitted events published into the 8 outboxes, then
   drained by one relay (in this process) and, on a second fill, by two relay processes at once
   (`manage.py relay --once`); batches of 1,000.
3. Lag: a dedicated relay (`manage.py relay`) and consumers (`manage.py consume`) run while
   4 writer threads publish `rate` events a second, one event per transaction, for `seconds`;
   lag = the rollup consumer's inbox time minus the event's commit time, p50/p95.
"""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings.dev")

import django  # noqa: E402

django.setup()

from django.db import close_old_connections, connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tenants.utils import schema_context  # noqa: E402

from shared_apps.bus import relay  # noqa: E402
from shared_apps.bus.services import publish  # noqa: E402
from tenants.models import Congress  # noqa: E402
from tenants.regions import Level  # noqa: E402
from tenants.services import create_congress, ensure_platform  # noqa: E402

PROVINCE = "530000"
CITIES = [f"53{c:02d}00" for c in range(1, 8)]


def congresses() -> list[Congress]:
    ensure_platform("localhost")
    found = {c.region_code: c for c in Congress.objects.filter(region_code__in=[PROVINCE, *CITIES])}
    if PROVINCE not in found:
        found[PROVINCE] = create_congress(name="基准P4省人大", level=Level.PROVINCE, region_code=PROVINCE)
    for code in CITIES:
        if code not in found:
            found[code] = create_congress(name=f"基准P4市人大{code}", level=Level.CITY, region_code=code,
                                          parent=found[PROVINCE])
    return [found[PROVINCE], *(found[c] for c in CITIES)]


def reset(schemas: list[str]) -> None:
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE bushub_busevent, bushub_eventid, bushub_pendingschema, bushub_congressfeed, "
                       "bushub_consumerstate, bushub_inboxentry, bushub_faileddelivery, rollups_rollup, "
                       "rollups_subtreerollup, rollups_activedeputy, rollups_knowndeputy")
        for schema in schemas:
            cursor.execute(f'TRUNCATE "{schema}".bus_outboxevent')


def payload(n: int) -> dict:
    return {"voice_id": n, "category": ("help", "suggestion", "consultation")[n % 3], "subcategory": None,
            "station_id": None, "deputy_id": None, "submitted_at": timezone.now(), "channel": "qr"}


def fill(schemas: list[str], events: int) -> float:
    started = time.perf_counter()
    per_schema = events // len(schemas)
    for schema in schemas:
        with schema_context(schema):
            for start in range(0, per_schema, 1000):
                with transaction.atomic():
                    for n in range(start, min(start + 1000, per_schema)):
                        publish("voice.submitted", payload(n))
    return events / (time.perf_counter() - started)


def plain_insert(events: int) -> float:
    import json
    import uuid

    body = json.dumps(payload(1), default=str)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_plain_log")
        cursor.execute("CREATE TABLE bench_plain_log (seq bigserial PRIMARY KEY, event_id uuid, type text, "
                       "version smallint, congress_id int, occurred_at timestamptz, payload jsonb)")
        started = time.perf_counter()
        for _ in range(0, events, 1000):
            with transaction.atomic():
                cursor.execute(
                    "INSERT INTO bench_plain_log (event_id, type, version, congress_id, occurred_at, payload) "
                    "SELECT unnest(%s::uuid[]), 'voice.submitted', 1, 1, now(), unnest(%s::jsonb[])",
                    [[uuid.uuid4() for _ in range(1000)], [body] * 1000],
                )
        rate = events / (time.perf_counter() - started)
        cursor.execute("DROP TABLE bench_plain_log")
    return rate


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'platform'}"}


def relay_two_processes() -> float:
    started = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "relay", "--once", "--batch-size", "1000"],
                              env=env(), cwd=ROOT, stdout=subprocess.DEVNULL) for _ in range(2)]
    for proc in procs:
        proc.wait()
    return time.perf_counter() - started


def steady_load(schemas: list[str], rate: int, seconds: int) -> tuple[int, float, float]:
    relay_proc = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "relay", "--idle-wait", "1"],
                                  env=env(), cwd=ROOT, stdout=subprocess.DEVNULL)
    consume_proc = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "consume", "--idle-wait", "1"],
                                    env=env(), cwd=ROOT, stdout=subprocess.DEVNULL)
    time.sleep(3)
    threads_n = 4
    published = [0] * threads_n
    deadline = time.monotonic() + seconds

    def writer(index: int) -> None:
        interval = threads_n / rate
        next_at = time.monotonic()
        n = 10_000_000 * (index + 1)
        while time.monotonic() < deadline:
            schema = schemas[(n + index) % len(schemas)]
            with schema_context(schema), transaction.atomic():
                publish("voice.submitted", payload(n))
            n += 1
            published[index] += 1
            next_at += interval
            pause = next_at - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        close_old_connections()
        connection.close()

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(threads_n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total = sum(published)
    with connection.cursor() as cursor:
        wait_until = time.monotonic() + 60
        while time.monotonic() < wait_until:
            cursor.execute("SELECT count(*) FROM bushub_inboxentry WHERE consumer = 'rollups'")
            if cursor.fetchone()[0] >= total:
                break
            time.sleep(0.5)
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM i.handled_at - e.occurred_at)), "
            "percentile_cont(0.95) WITHIN GROUP (ORDER BY extract(epoch FROM i.handled_at - e.occurred_at)) "
            "FROM bushub_inboxentry i JOIN bushub_busevent e USING (event_id) WHERE i.consumer = 'rollups'"
        )
        p50, p95 = cursor.fetchone()
    relay_proc.terminate()
    consume_proc.terminate()
    relay_proc.wait(10)
    consume_proc.wait(10)
    return total, p50, p95


def main() -> None:
    events = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    rate = int(sys.argv[2]) if len(sys.argv) > 2 else 1000
    seconds = int(sys.argv[3]) if len(sys.argv) > 3 else 20
    schemas = [c.schema_name for c in congresses()]
    bound = plain_insert(events)
    print(f"plain batched INSERT: {bound:.0f} rows/s", flush=True)

    reset(schemas)
    write_rate = fill(schemas, events)
    started = time.perf_counter()
    moved = relay.relay_pending(batch_size=1000).events
    one = moved / (time.perf_counter() - started)
    print(f"publish into outboxes: {write_rate:.0f} events/s; one relay: {moved} events, {one:.0f} events/s",
          flush=True)

    reset(schemas)
    fill(schemas, events)
    elapsed = relay_two_processes()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT event_id) FROM bushub_busevent")
        logged, distinct = cursor.fetchone()
    two = logged / elapsed
    assert logged == distinct == events - events % len(schemas), (logged, distinct)
    print(f"two relay processes: {logged} events, {two:.0f} events/s (process start-up included)", flush=True)

    reset(schemas)
    total, p50, p95 = steady_load(schemas, rate, seconds)
    print(f"steady load: {total} events at ~{rate}/s for {seconds}s; commit-to-rollup lag p50={p50:.3f}s "
          f"p95={p95:.3f}s", flush=True)
    reset(schemas)
    print(f"P4 events={events} plain_insert={bound:.0f}/s relay_1={one:.0f}/s relay_2={two:.0f}/s "
          f"lag_rate={rate}/s lag_p50={p50:.3f}s lag_p95={p95:.3f}s at={dt.datetime.now():%Y-%m-%d}")


if __name__ == "__main__":
    main()
