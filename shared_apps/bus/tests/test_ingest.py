"""The ingestion API for connected systems: signature, replay, schema, subtree, idempotency."""

from __future__ import annotations

import json
import secrets
import time
import uuid

import pytest

from shared_apps.bus import ingest
from shared_apps.bus.hub.models import BusEvent
from tests.support import contract_events  # noqa: F401

URL = "/api/v1/bus/ingest/"


@pytest.fixture
def key(clean_bus):
    world = clean_bus
    api_key, secret = ingest.create_key(world.congresses["K1"], label="区自建系统")
    return world, api_key, secret


def submitted(voice_id: int, congress: str, **override) -> dict:
    event = {
        "id": str(uuid.uuid4()), "type": "voice.submitted", "version": 1, "congress": congress,
        "occurred_at": "2026-10-08T09:00:00+08:00",
        "payload": {"voice_id": voice_id, "category": "help", "subcategory": None, "station_id": None,
                    "deputy_id": None, "submitted_at": "2026-10-08T09:00:00+08:00", "channel": "web"},
    }
    event.update(override)
    return event


def post(client, api_key, secret, events, *, timestamp=None, nonce=None, signature=None, body=None):
    body = body if body is not None else json.dumps({"events": events}).encode()
    timestamp = str(timestamp if timestamp is not None else int(time.time()))
    nonce = nonce or secrets.token_hex(16)
    return client.post(
        URL, data=body, content_type="application/json",
        HTTP_X_RENDA_KEY=api_key.key_id, HTTP_X_RENDA_TIMESTAMP=timestamp, HTTP_X_RENDA_NONCE=nonce,
        HTTP_X_RENDA_SIGNATURE=signature or ingest.sign(secret, timestamp, nonce, body),
    )


def test_a_signed_batch_is_accepted_with_a_result_per_event(key, client_for):
    world, api_key, secret = key
    events = [submitted(1, "320102"), submitted(2, "320102001"), submitted(3, "320102002")]
    response = post(client_for(None), api_key, secret, events)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["accepted"] == 3 and [r["status"] for r in body["results"]] == ["accepted"] * 3
    logged = {str(e.event_id): e for e in BusEvent.objects.filter(source="ingest")}
    assert set(logged) == {e["id"] for e in events}
    assert logged[events[1]["id"]].congress_id == world.congresses["T1"].pk


def test_sending_the_same_events_again_is_idempotent(key, client_for):
    _world, api_key, secret = key
    events = [submitted(1, "320102"), submitted(2, "320102")]
    client = client_for(None)
    post(client, api_key, secret, events)
    again = post(client, api_key, secret, [*events, submitted(3, "320102")]).json()
    assert [r["status"] for r in again["results"]] == ["duplicate", "duplicate", "accepted"]
    assert BusEvent.objects.filter(source="ingest").count() == 3


def test_a_bad_signature_a_stale_timestamp_and_a_revoked_key_are_refused(key, client_for):
    _world, api_key, secret = key
    client = client_for(None)
    events = [submitted(1, "320102")]
    bad = post(client, api_key, secret, events, signature="0" * 64)
    assert bad.status_code == 401 and bad.json()["error"]["code"] == "bad_signature"
    stale = post(client, api_key, secret, events, timestamp=int(time.time()) - 3600)
    assert stale.status_code == 401 and stale.json()["error"]["code"] == "stale_request"
    missing = client.post(URL, data=b"{}", content_type="application/json")
    assert missing.status_code == 401 and missing.json()["error"]["code"] == "missing_signature"
    wrong_secret = post(client, api_key, "not-the-secret", events)
    assert wrong_secret.json()["error"]["code"] == "bad_signature"
    ingest.revoke_key(api_key)
    revoked = post(client, api_key, secret, events)
    assert revoked.status_code == 401 and revoked.json()["error"]["code"] == "invalid_key"
    assert not BusEvent.objects.exists()


def test_a_replayed_request_is_refused(key, client_for):
    _world, api_key, secret = key
    client = client_for(None)
    body = json.dumps({"events": [submitted(1, "320102")]}).encode()
    timestamp, nonce = str(int(time.time())), secrets.token_hex(16)
    signature = ingest.sign(secret, timestamp, nonce, body)
    first = post(client, api_key, secret, None, body=body, timestamp=timestamp, nonce=nonce, signature=signature)
    assert first.status_code == 200
    replay = post(client, api_key, secret, None, body=body, timestamp=timestamp, nonce=nonce, signature=signature)
    assert replay.status_code == 409 and replay.json()["error"]["code"] == "replayed_request"


def test_each_event_is_checked_against_the_catalog_and_the_subtree(key, client_for):
    _world, api_key, secret = key
    events = [
        submitted(1, "320102"),
        submitted(2, "320221"),  # K2: outside K1's subtree
        submitted(3, "320100"),  # C1: K1's parent
        submitted(4, "320102", payload={"voice_id": "x", "category": "help", "phone": "13800000000"}),
        submitted(5, "320102", type="voice.unknown"),
        {"id": "not-a-uuid", "type": "voice.submitted"},
    ]
    response = post(client_for(None), api_key, secret, events)
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["accepted", *["rejected"] * 5]
    assert "只能报送本级及下辖人大" in results[1]["errors"][0]
    assert "只能报送本级及下辖人大" in results[2]["errors"][0]
    assert any("phone" in e for e in results[3]["errors"]) and any("voice_id" in e for e in results[3]["errors"])
    assert "事件目录中没有" in results[4]["errors"][0]
    assert any("UUID" in e for e in results[5]["errors"])
    assert BusEvent.objects.filter(source="ingest").count() == 1


def test_batches_are_limited_to_a_thousand_events(key, client_for):
    _world, api_key, secret = key
    client = client_for(None)
    too_many = post(client, api_key, secret, [submitted(i, "320102") for i in range(1001)])
    assert too_many.status_code == 413 and too_many.json()["error"]["code"] == "batch_too_large"
    full = post(client, api_key, secret, [submitted(i, "320102") for i in range(1000)])
    assert full.status_code == 200 and full.json()["accepted"] == 1000
    broken = post(client, api_key, secret, None, body=b"{not json")
    assert broken.status_code == 400 and broken.json()["error"]["code"] == "invalid_json"


def test_ingested_events_reach_the_rollups(key, client_for):
    from shared_apps.rollups.models import NODE_LEVEL, SubtreeRollup
    from tests.support.bus import flow

    world, api_key, secret = key
    post(client_for(None), api_key, secret, [submitted(1, "320102001"), submitted(2, "320102001")])
    flow()
    province = SubtreeRollup.objects.filter(node_id=world.congresses["P"].pk, metric="voices.submitted")
    # Through the city, on the plain row; the origin's level on the province's own level row.
    assert province.get(child_id=world.congresses["C1"].pk, level="").value == 2
    assert province.get(child_id=NODE_LEVEL, level="subdistrict").value == 2


def test_the_ingestion_endpoint_is_not_served_on_congress_sites(key, client_for):
    assert client_for("K1").post(URL, data=b"{}", content_type="application/json").status_code == 404


def test_old_nonces_are_forgotten(key, client_for):
    import datetime as dt

    from django.utils import timezone

    from shared_apps.bus.hub.models import IngestNonce
    from shared_apps.bus.tasks import purge_nonces

    _world, api_key, secret = key
    post(client_for(None), api_key, secret, [submitted(1, "320102")])
    IngestNonce.objects.update(seen_at=timezone.now() - dt.timedelta(hours=1))
    post(client_for(None), api_key, secret, [submitted(2, "320102")])
    assert purge_nonces() == 1 and IngestNonce.objects.count() == 1
