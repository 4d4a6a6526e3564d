from __future__ import annotations

from typing import Any

from django.db.models import Model

from . import chain
from .context import current_actor
from .models import AuditEntry


def record(action: str, target: Model, data: dict[str, Any] | None = None, *, congress=None) -> AuditEntry:
    """Write an audit entry for ``target`` in the current schema, attributed to the current actor."""
    actor = current_actor()
    entry = AuditEntry(
        actor_id=actor.user_id,
        ip=actor.ip,
        source=actor.source,
        congress_id=getattr(congress, "pk", None),
        action=action,
        object_type=target._meta.label_lower,
        object_id=str(target.pk),
        data=data or {},
    )
    return chain.append(entry)
