"""Rollups from real events of real congress schemas: incremental, re-delivered, rebuilt."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django_tenants.utils import schema_context

from shared_apps.bus import delivery
from shared_apps.bus.hub import log
from shared_apps.bus.hub.models import BusEvent, ConsumerState
from shared_apps.bus.services import publish
from shared_apps.rollups.models import NODE_LEVEL, Rollup, SubtreeRollup
from tests.support import contract_events  # noqa: F401  (registers the contract's events)
from tests.support.bus import flow

TS = "2026-10-{day:02d}T10:00:00+08:00"


def emit(world, key: str, events: list[tuple[str, dict]]) -> None:
    with schema_context(world.congresses[key].schema_name), transaction.atomic():
        for name, payload in events:
            publish(name, payload)


def voice_events(voice_id: int, category: str, day: int, *, on_time=True, rating="satisfied"):
    ts = TS.format(day=day)
    return [
        ("voice.submitted", {"voice_id": voice_id, "category": category, "subcategory": None,
                             "station_id": 1, "deputy_id": None, "submitted_at": ts, "channel": "qr"}),
        ("voice.replied", {"voice_id": voice_id, "category": category, "unit_id": 3, "grade": "A",
                           "replied_at": ts, "submitted_at": ts, "due_at": ts, "on_time": on_time,
                           "reply_seconds": 3600, "by": "unit"}),
        ("voice.rated", {"voice_id": voice_id, "category": category, "rating": rating, "rated_at": ts}),
    ]


def seed_events(world) -> None:
    emit(world, "T1", voice_events(1, "help", 3) + voice_events(2, "suggestion", 4, on_time=False))
    emit(world, "T1", voice_events(3, "help", 5, rating="dissatisfied"))
    emit(world, "T2", voice_events(1, "help", 6))
    emit(world, "K2", voice_events(1, "consultation", 7))
    emit(world, "K1", [
        ("deputy.registered", {"deputy_id": 7, "level": "county", "gender": None, "birth_year": None,
                               "party": None, "term_id": None, "group_id": None, "registered_on": "2026-01-05"}),
        ("deputy.registered", {"deputy_id": 8, "level": "county", "gender": "female", "birth_year": 1980,
                               "party": None, "term_id": 1, "group_id": None, "registered_on": "2026-01-05"}),
        ("duty.recorded", {"record_id": 1, "duty_type": "voter_contact", "deputy_ids": [7, 8],
                           "occurred_on": "2026-10-02", "points": 2.5, "entered_by": "office"}),
        ("duty.recorded", {"record_id": 2, "duty_type": "inspection", "deputy_ids": [7], "occurred_on": "2026-10-09",
                           "points": 1, "entered_by": "deputy"}),
        ("deputy.left_office", {"deputy_id": 8, "left_on": "2026-10-20", "reason": None}),
    ])


def subtree_total(node, metric: str, child=None) -> Decimal:
    # The plain projection (the dimension rows at NODE_LEVEL hold the same figures once per dimension).
    rows = SubtreeRollup.objects.filter(node_id=node.pk, metric=metric).exclude(child_id=NODE_LEVEL)
    if child is not None:
        rows = rows.filter(child_id=child.pk)
    return sum((r.value for r in rows), Decimal(0))


def snapshot() -> tuple[list, list]:
    fields = ["metric", "category", "status", "level", "grade", "rating", "term", "value"]
    return (
        sorted(Rollup.objects.values_list("congress_id", "day", *fields)),
        sorted(SubtreeRollup.objects.values_list("node_id", "child_id", "month", *fields)),
    )


def test_rollups_sum_each_subtree_and_each_child(clean_bus):
    world = clean_bus
    seed_events(world)
    flow()
    c = world.congresses
    assert subtree_total(c["P"], "voices.submitted") == 5
    assert subtree_total(c["P"], "voices.submitted", child=c["C1"]) == 4
    assert subtree_total(c["K1"], "voices.submitted", child=c["T1"]) == 3
    assert subtree_total(c["T1"], "voices.submitted", child=c["T1"]) == 3
    assert subtree_total(c["C2"], "voices.submitted") == 1
    assert subtree_total(c["K1"], "voices.on_time") == 3
    assert subtree_total(c["K1"], "voices.dissatisfied") == 1
    assert subtree_total(c["K1"], "voices.reply_seconds") == 4 * 3600
    # Two deputies registered, one left; two active in October, counted once each.
    assert subtree_total(c["P"], "deputies.registered") == 1
    assert subtree_total(c["P"], "deputies.active") == 2
    assert subtree_total(c["C1"], "duty.points") == Decimal("3.5")
    daily = Rollup.objects.filter(congress_id=c["T1"].pk, metric="voices.submitted", category="help")
    assert sorted((str(r.day), r.level, r.value) for r in daily) == [
        ("2026-10-03", "subdistrict", 1), ("2026-10-05", "subdistrict", 1)
    ]


def test_a_redelivered_batch_is_not_counted_twice(clean_bus):
    world = clean_bus
    seed_events(world)
    flow()
    before = snapshot()
    # The consumer forgets its offset (as after a crash before its offset committed)...
    ConsumerState.objects.filter(name="rollups").update(position=0)
    delivery.run_all()
    # ...and the relay hands the same events to the log again.
    events = list(BusEvent.objects.all())
    again = log.append(
        [log.NewEvent(e.event_id, e.type, e.version, e.congress_id, e.occurred_at, "{}") for e in events],
        source="outbox",
    )
    assert again == {}
    delivery.run_all()
    assert snapshot() == before


def test_rebuild_from_the_log_equals_the_incremental_figures(clean_bus):
    world = clean_bus
    seed_events(world)
    flow()
    emit(world, "T2", voice_events(9, "suggestion", 11))
    flow()
    incremental = snapshot()
    assert incremental[0] and incremental[1]
    delivery.rebuild("rollups")
    assert snapshot() == incremental


def test_one_bad_event_in_a_batch_is_isolated_and_the_rest_applied(clean_bus):
    import json
    import uuid

    from django.utils import timezone

    from shared_apps.bus.hub.models import FailedDelivery

    world = clean_bus
    emit(world, "T2", voice_events(1, "help", 6)[:1])
    from shared_apps.bus import relay

    relay.relay_pending()
    bad = log.NewEvent(uuid.uuid4(), "voice.submitted", 1, 999_999, timezone.now(),
                       json.dumps(voice_events(2, "help", 6)[0][1], default=str))
    with transaction.atomic():
        log.append([bad], source="ingest")
    emit(world, "T2", voice_events(3, "help", 7)[:1])
    relay.relay_pending()
    delivery.run("rollups")
    assert subtree_total(world.congresses["K1"], "voices.submitted") == 2
    failure = FailedDelivery.objects.get(consumer="rollups")
    assert failure.event_id == bad.event_id and "DoesNotExist" in failure.last_error
