"""Platform pages of the bus: catalog (page and JSON), operations, dead letters, keys."""

from __future__ import annotations

from django.db import transaction
from django_tenants.utils import schema_context

from shared_apps.bus import delivery, relay
from shared_apps.bus.hub.models import ApiKey, DeliveryStatus, FailedDelivery
from shared_apps.bus.services import publish
from shared_apps.bus.tests.events_for_tests import PING  # noqa: F401


def test_the_catalog_is_a_page_and_json_with_every_version(world, client_for):
    page = client_for(None).get("/bus/catalog/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "escalation.decided" in body and "additionalProperties" in body
    data = client_for(None).get("/api/v1/bus/catalog/").json()
    pings = [t for t in data["event_types"] if t["name"] == "bustest.ping"]
    assert [(t["version"], t["latest"]) for t in pings] == [(1, False), (2, True)]


def test_operations_are_for_platform_operators_only(world, client_for):
    assert client_for(None, world.user("administrator", "P")).get("/console/bus/").status_code == 403
    assert client_for(None, world.users["operator"]).get("/console/bus/").status_code == 200
    # Not served on congress sites at all.
    assert client_for("P", world.users["operator"]).get("/console/bus/").status_code == 404
    assert client_for(None).get("/console/bus/").status_code == 302


def test_operators_inspect_and_replay_a_dead_letter(clean_bus, client_for):
    world = clean_bus
    broken = {"on": True}

    @delivery.register("test-fragile", ["bustest.ping"])
    def handle(event):
        if broken["on"]:
            raise ValueError("下游暂时不可用")

    try:
        with schema_context(world.congresses["T2"].schema_name), transaction.atomic():
            publish("bustest.ping", {"n": 5, "weight": 1})
        relay.relay_pending()
        delivery.run("test-fragile")
        failure = FailedDelivery.objects.get(consumer="test-fragile")
        FailedDelivery.objects.filter(pk=failure.pk).update(status=DeliveryStatus.DEAD, attempts=5)
        operator = client_for(None, world.users["operator"])
        overview = operator.get("/console/bus/", {"status": "dead"}).content.decode()
        assert "test-fragile" in overview and "bustest.ping" in overview
        detail = operator.get(f"/console/bus/failures/{failure.pk}/").content.decode()
        assert "下游暂时不可用" in detail, detail[-3000:]
        assert '&quot;weight&quot;: 1' in detail
        broken["on"] = False
        assert operator.post(f"/console/bus/failures/{failure.pk}/replay/").status_code == 302
        failure.refresh_from_db()
        assert failure.status == DeliveryStatus.RESOLVED
    finally:
        delivery.unregister("test-fragile")


def test_operators_create_and_revoke_ingestion_keys(clean_bus, client_for):
    world = clean_bus
    operator = client_for(None, world.users["operator"])
    assert operator.post("/console/bus/keys/", {"congress": "", "label": "x"}).status_code == 400
    created = operator.post("/console/bus/keys/", {"congress": world.congresses["K2"].pk, "label": "县自建平台"})
    assert created.status_code == 200
    key = ApiKey.objects.get(label="县自建平台")
    assert key.secret in created.content.decode()
    # Shown once: the list does not repeat it.
    assert key.secret not in operator.get("/console/bus/keys/").content.decode()
    operator.post(f"/console/bus/keys/{key.pk}/revoke/")
    key.refresh_from_db()
    assert key.revoked_at is not None
    leader = client_for(None, world.user("leader", "P"))
    assert leader.post("/console/bus/keys/", {"congress": world.congresses["K2"].pk, "label": "y"}).status_code == 403
