"""Publishing domain events to the outbox of the current schema."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from . import catalog
from .models import OutboxEvent


class PublishOutsideTransaction(RuntimeError):
    pass


def _jsonable(payload: Mapping[str, Any]) -> dict[str, Any]:
    import json

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
    return OutboxEvent.objects.create(type=declared.name, version=declared.version, payload=data)


def current_schema() -> str:
    return connection.schema_name
