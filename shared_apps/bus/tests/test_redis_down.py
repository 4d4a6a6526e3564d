"""Redis down while congresses publish: events wait in the outbox, and flow once Redis is back."""

from __future__ import annotations

import time

import pytest
from django.db import connection, transaction
from django_tenants.utils import schema_context
from kombu.exceptions import OperationalError

from renda.celery import app
from shared_apps.bus import tasks
from shared_apps.bus.services import publish
from shared_apps.bus.tests.events_for_tests import PING  # noqa: F401

pytestmark = pytest.mark.celery


def _count(sql: str) -> int:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchone()[0]


def test_events_wait_in_the_outbox_while_redis_is_down_and_flow_when_it_is_back(committed_bus, celery_worker):
    world = committed_bus
    schema = world.congresses["T1"].schema_name
    # Nothing listens on port 1: the broker is "down" for this publisher.
    with app.connection_for_write("redis://127.0.0.1:1/0") as down:
        with schema_context(schema), transaction.atomic():
            for n in range(5):
                publish("bustest.ping", {"n": n}, version=1)
        with pytest.raises(OperationalError):
            tasks.relay_pending.apply_async(connection=down, retry=False)
    connection.set_schema_to_public()
    assert _count(f'SELECT count(*) FROM "{schema}".bus_outboxevent WHERE relayed_at IS NULL') == 5
    assert _count("SELECT count(*) FROM public.bushub_pendingschema") == 1
    assert _count("SELECT count(*) FROM public.bushub_busevent") == 0

    # Redis is back: a real worker takes the queued relay task.
    tasks.relay_pending.delay()
    deadline = time.monotonic() + 40
    while _count("SELECT count(*) FROM public.bushub_busevent") < 5:
        assert time.monotonic() < deadline, "the worker did not relay the waiting events"
        time.sleep(0.2)
    assert _count(f'SELECT count(*) FROM "{schema}".bus_outboxevent WHERE relayed_at IS NULL') == 0
