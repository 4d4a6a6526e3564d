"""The congress tree as the rollups see it: ancestors and levels, cached briefly per process."""

from __future__ import annotations

import time
from dataclasses import dataclass

from tenants.models import Congress
from tenants.regions import Level

_TTL = 300.0
_cache: dict[int, tuple[float, Origin]] = {}


@dataclass(frozen=True)
class Origin:
    congress_id: int
    level: str
    # Root first, the congress itself last.
    lineage: tuple[int, ...]


def origin(congress_id: int) -> Origin:
    now = time.monotonic()
    hit = _cache.get(congress_id)
    if hit and now - hit[0] < _TTL:
        return hit[1]
    congress = Congress.objects.only("path", "level").get(pk=congress_id)
    lineage = tuple(
        Congress.objects.exclude(level=Level.PLATFORM)
        .extra(where=["%s LIKE path || '%%'"], params=[congress.path])
        .order_by("depth")
        .values_list("pk", flat=True)
    )
    found = Origin(congress_id=congress_id, level=congress.level, lineage=lineage or (congress_id,))
    _cache[congress_id] = (now, found)
    return found


def forget() -> None:
    _cache.clear()
