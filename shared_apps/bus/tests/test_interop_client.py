"""The example client of docs/interop.md signs requests the API accepts."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from shared_apps.bus import ingest
from shared_apps.bus.hub.models import BusEvent

CLIENT = Path(__file__).resolve().parents[3] / "docs" / "examples" / "renda_ingest.py"


def load_client():
    spec = importlib.util.spec_from_file_location("renda_ingest", CLIENT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_example_client_is_accepted(clean_bus, client_for):
    world = clean_bus
    key, secret = ingest.create_key(world.congresses["K2"], label="示例客户端")
    client = load_client().IngestClient("http://testserver", key_id=key.key_id, secret=secret)
    events = [client.event("station.opened", 1, congress="320221",
                           payload={"station_id": 3, "opened_on": "2026-10-01", "deputy_count": 4})]
    body, headers = client.build_request(events)
    response = client_for(None).post(
        "/api/v1/bus/ingest/", data=body, content_type="application/json",
        **{f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items() if k != "Content-Type"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["results"][0]["status"] == "accepted"
    assert BusEvent.objects.get(event_id=events[0]["id"]).congress_id == world.congresses["K2"].pk
