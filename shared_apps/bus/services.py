"""Publishing domain events to the outbox of the current schema."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from . import catalog
from .models import OutboxEvent

# The channel the relay LISTENs on. Notifications only wake it: the pending marker is the truth.
RELAY_CHANNEL = "renda_bus_pending"


class PublishOutsideTransaction(RuntimeError):
    pass


def _jsonable(payload: Mapping[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder))


def publish(event_type: str, payload: Mapping[str, Any], *, version: int | None = None) -> OutboxEvent:
    """Record ``event_type`` in the outbox, as part of the caller's transaction.

    The payload is checked against the catalog first: a bad one raises
    ``catalog.InvalidPayload`` and nothing is written. Calling this outside
    ``transaction.atomic`` is a bug (the change and its event could part ways).
    """
    if not transaction.get_connection().in_atomic_block:
        raise PublishOutsideTransaction(f"publish({event_type!r}) must run inside transaction.atomic()")
    declared = catalog.get(event_type, version)
    data = _jsonable(payload)
    declared.validate(data)
    event = OutboxEvent(type=declared.name, version=declared.version, payload=data, occurred_at=timezone.now())
    # One round trip: the outbox row, the relay's pending marker and the wake-up. Publishing
    # sits on every write path (a citizen's submission among them), so statements count.
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH event AS ({_OUTBOX_INSERT}), marker AS ({_MARKER_UPSERT}) SELECT pg_notify(%s, '')",
            [event.id, event.type, event.version, event.occurred_at, json.dumps(data), *_marker_params(),
             RELAY_CHANNEL],
        )
    event._state.adding, event._state.db = False, connection.alias
    return event


# ``DO UPDATE`` (not ``DO NOTHING``) takes the marker's row lock until commit: a relay that is
# draining this schema either waits for us or skips the schema, and can never delete the marker
# between our outbox insert and our commit.
_OUTBOX_INSERT = (
    "INSERT INTO bus_outboxevent (id, type, version, occurred_at, payload) VALUES (%s, %s, %s, %s, %s::jsonb)"
)
_MARKER_UPSERT = (
    "INSERT INTO public.bushub_pendingschema (schema_name, congress_id, marked_at) VALUES (%s, %s, now()) "
    "ON CONFLICT (schema_name) DO UPDATE SET congress_id = EXCLUDED.congress_id"
)


def _marker_params() -> list:
    congress_id = getattr(getattr(connection, "tenant", None), "pk", None)
    if congress_id is None:
        congress_id = _congress_of_schema(connection.schema_name)
    return [connection.schema_name, congress_id]


_schema_owner: dict[str, int] = {}


def _congress_of_schema(schema_name: str) -> int:
    # schema_context() sets a stand-in tenant without a pk; a schema never changes owner.
    if schema_name not in _schema_owner:
        from tenants.models import Congress

        owner = Congress.objects.filter(schema_name=schema_name).values_list("pk", flat=True).first()
        if owner is None:
            raise RuntimeError(f"no congress owns schema {schema_name!r}")
        _schema_owner[schema_name] = owner
    return _schema_owner[schema_name]


def current_schema() -> str:
    return connection.schema_name
