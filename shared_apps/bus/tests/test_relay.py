"""The relay: outbox -> pending marker -> bus log, exactly once, also when killed mid-batch."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.bus import relay, services
from shared_apps.bus.hub.models import BusEvent, CongressFeed, EventId, PendingSchema
from shared_apps.bus.models import OutboxEvent
from shared_apps.bus.tests.events_for_tests import PING  # noqa: F401  (registers the type)
from tests.support.dburl import url_for_child_processes

ROOT = Path(__file__).resolve().parents[3]


def publish_pings(schema: str, count: int, start: int = 0) -> None:
    with schema_context(schema), transaction.atomic():
        for n in range(start, start + count):
            services.publish("bustest.ping", {"n": n}, version=1)


def test_publish_marks_the_schema_pending_in_the_same_transaction(clean_bus):
    t1 = clean_bus.congresses["T1"]
    with schema_context(t1.schema_name):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.publish("bustest.ping", {"n": 1}, version=1)
            raise RuntimeError("rolled back")
        assert not PendingSchema.objects.exists()
        with transaction.atomic():
            services.publish("bustest.ping", {"n": 2}, version=1)
    marker = PendingSchema.objects.get()
    assert (marker.schema_name, marker.congress_id) == (t1.schema_name, t1.pk)


def test_relay_moves_outboxes_to_the_log_with_the_congress_and_one_sequence(clean_bus):
    world = clean_bus
    publish_pings(world.congresses["T1"].schema_name, 3)
    publish_pings(world.congresses["K2"].schema_name, 2)
    result = relay.relay_pending(batch_size=2)
    assert result.events == 5
    events = list(BusEvent.objects.order_by("seq"))
    assert len(events) == 5 and len({e.seq for e in events}) == 5
    assert {e.congress_id for e in events} == {world.congresses["T1"].pk, world.congresses["K2"].pk}
    assert not PendingSchema.objects.exists()
    with schema_context(world.congresses["T1"].schema_name):
        assert not OutboxEvent.objects.filter(relayed_at__isnull=True).exists()
    assert CongressFeed.objects.get(congress_id=world.congresses["T1"].pk).events_total == 3
    # Nothing pending: a second pass moves nothing and duplicates nothing.
    assert relay.relay_pending().events == 0
    assert BusEvent.objects.count() == 5 == EventId.objects.count()


def test_the_log_is_partitioned_by_month(clean_bus):
    from shared_apps.bus.hub.partitions import partitions

    names = partitions()
    assert len(names) >= 3 and all(n.startswith("bushub_busevent_y") for n in names)


def _db_env() -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "renda.settings.test",
        "DATABASE_URL": url_for_child_processes(),
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'platform'}",
    }


def _logged() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM public.bushub_busevent")
        return cursor.fetchone()[0]


def test_no_event_is_lost_when_a_relay_is_killed_mid_batch(committed_bus):
    world = committed_bus
    schemas = [world.congresses[k].schema_name for k in ("T1", "T2", "K1")]
    for schema in schemas:
        publish_pings(schema, 400)
    total = 1200
    proc = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "relay", "--batch-size", "10", "--idle-wait", "0.2"],
        env=_db_env(), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while _logged() < 50:
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the relay process moved nothing"
            time.sleep(0.02)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(10)
    moved_before = _logged()
    assert moved_before < total, "the relay finished before it could be killed; raise the volume"
    with connection.cursor() as cursor:
        pending = 0
        for schema in schemas:
            cursor.execute(f'SELECT count(*) FROM "{schema}".bus_outboxevent WHERE relayed_at IS NULL')
            pending += cursor.fetchone()[0]
    # Whatever the killed relay had not committed is still waiting, exactly.
    assert moved_before + pending == total
    # A second relay (here, in this process) takes over.
    relay.relay_pending(batch_size=100)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT event_id) FROM public.bushub_busevent")
        assert cursor.fetchone() == (total, total)
        cursor.execute("SELECT count(*) FROM public.bushub_pendingschema")
        assert cursor.fetchone()[0] == 0


def test_several_relays_at_once_share_the_work_without_duplicates(committed_bus):
    world = committed_bus
    keys = ("P", "C1", "C2", "K1", "K2", "T1", "T2")
    for key in keys:
        publish_pings(world.congresses[key].schema_name, 150)
    procs = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "relay", "--once", "--batch-size", "25"],
            env=_db_env(), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for _ in range(3)
    ]
    for proc in procs:
        _out, err = proc.communicate(timeout=60)
        assert proc.returncode == 0, err.decode()
    relay.relay_pending()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*), count(DISTINCT event_id), count(DISTINCT seq) FROM public.bushub_busevent")
        assert cursor.fetchone() == (1050, 1050, 1050)


def test_a_marker_for_a_dropped_schema_does_not_stall_the_relay(clean_bus):
    PendingSchema.objects.create(schema_name="c_gone", congress_id=clean_bus.congresses["T1"].pk,
                                 marked_at=timezone.now())
    publish_pings(clean_bus.congresses["T2"].schema_name, 2)
    assert relay.relay_pending().events == 2
    assert not PendingSchema.objects.exists()
