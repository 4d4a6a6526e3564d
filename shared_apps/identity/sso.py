"""Carrying one login across congress hostnames: a signed, single-use, short-lived hand-off."""

from __future__ import annotations

import secrets

from django.core import signing
from django.core.cache import cache

SALT = "renda.identity.sso"
MAX_AGE = 60


def issue(user_id: int, congress_id: int) -> str:
    nonce = secrets.token_urlsafe(16)
    cache.set(f"sso:{nonce}", user_id, MAX_AGE)
    return signing.dumps({"u": user_id, "c": congress_id, "n": nonce}, salt=SALT)


def redeem(token: str, congress_id: int) -> int | None:
    """The user id the token was issued for, once, for this congress; None otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("c") != congress_id:
        return None
    if not cache.delete(f"sso:{data.get('n')}"):
        return None
    return data.get("u")
