"""Short-lived personal data parked in the cache between two requests, sealed.

The cache (Redis) holds only ciphertext under a hash of the token; the key to open it is
derived from the token, which only the client holds. A copy of Redis, or anyone reading it
with the application's keys, learns nothing; the entry also expires quickly.
"""

from __future__ import annotations

import base64
import hashlib
import secrets

from cryptography.fernet import Fernet, InvalidToken
from django.core.cache import cache

DEFAULT_TTL = 10 * 60


def _fernet(token: str) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(hashlib.sha256(f"renda.sealed:{token}".encode()).digest()))


def _key(scope: str, token: str) -> str:
    return f"sealed:{scope}:{hashlib.sha256(token.encode()).hexdigest()}"


def seal(scope: str, content: bytes, *, ttl: int = DEFAULT_TTL) -> str:
    """Park ``content`` for ``ttl`` seconds; returns the token that alone can open it."""
    token = secrets.token_urlsafe(24)
    cache.set(_key(scope, token), _fernet(token).encrypt(content), ttl)
    return token


def unseal(scope: str, token: str, *, ttl: int = DEFAULT_TTL) -> bytes | None:
    """The content parked under ``token`` in ``scope``, or None (expired, wrong scope or token)."""
    stored = cache.get(_key(scope, token or ""))
    if stored is None:
        return None
    try:
        return _fernet(token).decrypt(stored, ttl=ttl)
    except InvalidToken:
        return None


def discard(scope: str, token: str) -> None:
    cache.delete(_key(scope, token or ""))
