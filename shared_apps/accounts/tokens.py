"""Link tokens and SMS codes: generated here, stored only as keyed hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from django.conf import settings


def new_token() -> str:
    """A URL-safe link token with 256 bits of randomness."""
    return secrets.token_urlsafe(32)


def new_code(digits: int) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(digits))


def digest(kind: str, value: str, *, user_id: int | None = None) -> str:
    """Keyed hash of a secret. Codes are short, so they are bound to their user: the same
    six digits of two people never collide, and a table dump cannot be brute-forced offline."""
    key = hashlib.sha256(f"renda.accounts.{kind}:{settings.SECRET_KEY}".encode()).digest()
    message = f"{user_id}:{value}" if user_id is not None else value
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)
