"""Consumers: exactly-once effects, retries with backoff, dead letters and replay, versions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.bus import delivery, relay
from shared_apps.bus.hub.models import DeliveryStatus, FailedDelivery, InboxEntry
from shared_apps.bus.services import publish
from shared_apps.bus.tests.events_for_tests import PING  # noqa: F401

seen: list[tuple[int, int, int]] = []
failing: set[int] = set()


@pytest.fixture
def pinger(clean_bus):
    seen.clear()
    failing.clear()

    @delivery.register("test-pinger", ["bustest.ping"], reset=seen.clear)
    def handle(event):
        if event.payload["n"] in failing:
            raise RuntimeError(f"cannot take {event.payload['n']}")
        seen.append((event.version, event.payload["n"], event.payload["weight"]))

    yield clean_bus
    delivery.unregister("test-pinger")


def ping(world, *values: int, version: int = 2) -> None:
    with schema_context(world.congresses["T1"].schema_name), transaction.atomic():
        for n in values:
            payload = {"n": n, "weight": 5} if version == 2 else {"n": n}
            publish("bustest.ping", payload, version=version)
    relay.relay_pending()


def test_a_consumer_reads_both_versions_of_an_event(pinger):
    ping(pinger, 1, version=1)
    ping(pinger, 2, version=2)
    delivery.run("test-pinger")
    assert seen == [(2, 1, 1), (2, 2, 5)]


def test_each_event_applies_once_even_when_read_again(pinger):
    ping(pinger, 1, 2, 3)
    delivery.run("test-pinger")
    from shared_apps.bus.hub.models import ConsumerState

    ConsumerState.objects.filter(name="test-pinger").update(position=0)
    delivery.run("test-pinger")
    assert [n for _v, n, _w in seen] == [1, 2, 3]
    assert InboxEntry.objects.filter(consumer="test-pinger").count() == 3


def test_failures_are_retried_with_backoff_then_dead_lettered_and_replayable(pinger):
    failing.add(2)
    ping(pinger, 1, 2, 3)
    delivery.run("test-pinger")
    # The failing event does not hold up the others.
    assert [n for _v, n, _w in seen] == [1, 3]
    failure = FailedDelivery.objects.get(consumer="test-pinger")
    assert failure.status == DeliveryStatus.RETRYING and failure.attempts == 1
    assert "cannot take 2" in failure.last_error
    first_wait = failure.next_attempt_at - failure.first_failed_at
    # Not due yet: nothing happens.
    assert delivery.retry_due("test-pinger") == 0
    now = timezone.now()
    for attempt in range(2, delivery.MAX_ATTEMPTS + 1):
        now += dt.timedelta(hours=2)
        delivery.retry_due("test-pinger", now=now)
        failure.refresh_from_db()
        assert failure.attempts == attempt
    assert failure.status == DeliveryStatus.DEAD
    assert delivery.backoff(3) > delivery.backoff(2) > first_wait * 0.9
    # Fixed, and replayed from the dead-letter list.
    failing.clear()
    assert delivery.replay(failure.pk) is True
    assert [n for _v, n, _w in seen] == [1, 3, 2]
    failure.refresh_from_db()
    assert failure.status == DeliveryStatus.RESOLVED


def test_rebuild_starts_from_the_beginning_of_the_log(pinger):
    ping(pinger, 1, 2)
    delivery.run("test-pinger")
    delivery.rebuild("test-pinger")
    assert [n for _v, n, _w in seen] == [1, 2]
