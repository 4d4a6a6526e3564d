"""The hash chain of audit entries: each schema's entries link to the one before.

``entry_hash`` is SHA-256 over the canonical JSON of the entry's content and ``prev_hash``
(the ``entry_hash`` of the schema's previous entry). Changing, removing or reordering any
entry breaks every later link; ``manage.py verify_audit_chain`` finds the first break.
Appending takes a per-schema advisory lock for the rest of the transaction, so concurrent
writers never fork the chain.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import zlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC

from django.db import connection, transaction

LOCK_NAMESPACE = 0x41554454  # "AUDT": first key of the two-key advisory lock


def _ip(value: str | None) -> str | None:
    return str(ipaddress.ip_address(value)) if value else None


def canonical(entry) -> str:
    content = {
        "at": entry.at.astimezone(UTC).isoformat(),
        "actor_id": entry.actor_id,
        "ip": _ip(entry.ip),
        "source": entry.source,
        "congress_id": entry.congress_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "data": entry.data,
        "prev_hash": entry.prev_hash,
    }
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def digest(entry) -> str:
    return hashlib.sha256(canonical(entry).encode()).hexdigest()


def _lock_current_schema() -> None:
    key = zlib.crc32(connection.schema_name.encode()) - 2**31  # into int4's range
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [LOCK_NAMESPACE, key])


def append(entry):
    """Link ``entry`` to the head of the current schema's chain and save it."""
    from .models import AuditEntry

    # What the JSONB column gives back (string keys, lists), so the hash reads back the same.
    entry.data = json.loads(json.dumps(entry.data or {}))
    with transaction.atomic():
        _lock_current_schema()
        head = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry.prev_hash = head or ""
        entry.entry_hash = digest(entry)
        entry.save(force_insert=True)
    return entry


@dataclass(frozen=True)
class Break:
    entry_id: int
    reason: str


def first_break(entries: Iterable) -> tuple[int, Break | None]:
    """(entries checked, the first broken link or None), over entries in id order."""
    previous = ""
    count = 0
    for entry in entries:
        count += 1
        if entry.prev_hash != previous:
            return count, Break(entry.pk, "link")
        if entry.entry_hash != digest(entry):
            return count, Break(entry.pk, "content")
        previous = entry.entry_hash
    return count, None


def entries_in_order(model) -> Iterator:
    return model.objects.order_by("id").iterator(chunk_size=2000)
