from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db.models import Model

from . import chain
from .context import Actor, current_actor, reset_actor, set_actor
from .models import AuditEntry


def record(
    action: str, target: Model | None, data: dict[str, Any] | None = None, *, congress=None
) -> AuditEntry:
    """Write an audit entry for ``target`` in the current schema, attributed to the current actor.

    ``target`` is None for events about no stored object (a failed login for an unknown name).
    """
    actor = current_actor()
    entry = AuditEntry(
        actor_id=actor.user_id,
        ip=actor.ip,
        source=actor.source,
        congress_id=getattr(congress, "pk", None),
        action=action,
        object_type=target._meta.label_lower if target is not None else "",
        object_id=str(target.pk) if target is not None else "",
        data=data or {},
    )
    return chain.append(entry)


@contextmanager
def acting(*, user_id: int | None, ip: str | None, source: str = "web") -> Iterator[None]:
    """Attribute the records made inside the block to ``user_id`` from ``ip``."""
    token = set_actor(Actor(user_id=user_id, ip=ip, source=source))
    try:
        yield
    finally:
        reset_actor(token)
