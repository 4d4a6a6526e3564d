"""A small client for the Renda Cloud ingestion API (自建接入), standard library only.

    client = IngestClient("https://rd.example.gov.cn", key_id="rk_...", secret="...")
    result = client.send([client.event("voice.submitted", 1, congress="320102", payload={...})])

See docs/interop.md. Copy this file into a connected system; it has no dependencies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import time
import urllib.error
import urllib.request
import uuid

MAX_BATCH = 1000


class IngestClient:
    def __init__(self, base_url: str, *, key_id: str, secret: str, timeout: float = 30.0):
        self.url = base_url.rstrip("/") + "/api/v1/bus/ingest/"
        self.key_id = key_id
        self.secret = secret.encode()
        self.timeout = timeout

    @staticmethod
    def event(type_: str, version: int, *, congress: str, payload: dict, event_id: str | None = None,
              occurred_at: dt.datetime | None = None) -> dict:
        """One event. Keep `event_id` with your record: re-sending it is harmless (idempotent)."""
        return {
            "id": event_id or str(uuid.uuid4()),
            "type": type_,
            "version": version,
            "congress": congress,
            "occurred_at": (occurred_at or dt.datetime.now(dt.UTC)).isoformat(),
            "payload": payload,
        }

    def build_request(self, events: list[dict]) -> tuple[bytes, dict[str, str]]:
        if not 1 <= len(events) <= MAX_BATCH:
            raise ValueError(f"a batch holds 1 to {MAX_BATCH} events")
        body = json.dumps({"events": events}, ensure_ascii=False).encode()
        timestamp = str(int(time.time()))
        nonce = secrets.token_hex(16)
        message = f"{timestamp}\n{nonce}\n".encode() + body
        return body, {
            "Content-Type": "application/json",
            "X-Renda-Key": self.key_id,
            "X-Renda-Timestamp": timestamp,
            "X-Renda-Nonce": nonce,
            "X-Renda-Signature": hmac.new(self.secret, message, hashlib.sha256).hexdigest(),
        }

    def send(self, events: list[dict]) -> dict:
        """Post one batch; returns {"accepted", "duplicate", "rejected", "results": [...]}."""
        body, headers = self.build_request(events)
        request = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            answer = json.load(error)
            if error.code == 422:  # every event rejected: the per-event results say why
                return answer
            raise RuntimeError(f"{error.code}: {answer['error']['code']}: {answer['error']['message']}") from None


if __name__ == "__main__":
    import os

    client = IngestClient(os.environ["RENDA_URL"], key_id=os.environ["RENDA_KEY_ID"], secret=os.environ["RENDA_SECRET"])
    print(json.dumps(client.send([client.event(
        "station.opened", 1, congress=os.environ["RENDA_CONGRESS"],
        payload={"station_id": 1, "opened_on": dt.date.today().isoformat(), "deputy_count": 3},
    )]), ensure_ascii=False, indent=2))
