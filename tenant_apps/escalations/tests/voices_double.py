"""A stand-in for ``tenant_apps.voices.services.record_upstream_update``, for tests only.

Used while the voices module (issue 5) is not on this branch: it records each call with the
schema it ran in, which is what the escalation consumer is responsible for.
"""

from __future__ import annotations

from django.db import connection

calls: list[dict] = []


def record_upstream_update(voice_id: int, *, status: str, text: str, at) -> None:
    calls.append({"schema": connection.schema_name, "voice_id": voice_id, "status": status, "text": text, "at": at})
