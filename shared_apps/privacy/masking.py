from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

_DIGITS = re.compile(r"\D+")


def normalise_phone(phone: str) -> str:
    digits = _DIGITS.sub("", phone or "")
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def blind_index(value: str, *, purpose: str = "phone") -> str:
    """A keyed hash for equality lookups on an encrypted value; useless without SECRET_KEY."""
    key = hashlib.sha256(f"renda.privacy.{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


def mask_phone(phone: str | None) -> str:
    digits = normalise_phone(phone or "")
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def mask_name(name: str | None) -> str:
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)
