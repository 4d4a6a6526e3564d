"""Carrying one login across congress hostnames: a signed, single-use, short-lived hand-off.

The token travels in the body of a POST from the origin host's hand-off page (never in a URL,
so never in an access log), and carries the sign-on family and, when the origin session passed
the second factor, the device it was passed with.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.cache import cache

SALT = "renda.identity.sso"
MAX_AGE = 60


@dataclass(frozen=True)
class HandOff:
    user_id: int
    family: str | None
    otp_device: str | None


def issue(user_id: int, congress_id: int, *, family: str | None = None, otp_device: str | None = None) -> str:
    nonce = secrets.token_urlsafe(16)
    cache.set(f"sso:{nonce}", user_id, MAX_AGE)
    return signing.dumps(
        {"u": user_id, "c": congress_id, "n": nonce, "f": family, "d": otp_device}, salt=SALT
    )


def redeem(token: str, congress_id: int) -> HandOff | None:
    """What the token was issued for, once, for this congress; None otherwise."""
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("c") != congress_id:
        return None
    if not cache.delete(f"sso:{data.get('n')}"):
        return None
    return HandOff(user_id=data.get("u"), family=data.get("f"), otp_device=data.get("d"))
