"""Per-congress data read on every submission or public page (categories, calendar days,
the public headline figures), cached.

Only a read made outside a transaction is stored, so a change that is later rolled back is
never remembered; `forget` runs on every change (model signals, see apps.py) and again after its
commit, so a reader racing the change cannot keep the old value either.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db import connection, transaction

T = TypeVar("T")
TIMEOUT = 24 * 3600


def _key(name: str) -> str:
    return f"voices:{name}:{connection.schema_name}"


def read_through(name: str, load: Callable[[], T], timeout: int = TIMEOUT) -> T:
    """``load()``'s value, from the cache when it is there; kept for ``timeout`` seconds at most."""
    key = _key(name)
    value = cache.get(key)
    if value is None:
        value = load()
        if not transaction.get_connection().in_atomic_block:
            cache.set(key, value, timeout)
    return value


def forget(name: str) -> None:
    key = _key(name)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))
