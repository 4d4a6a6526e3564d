from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

_DIGITS = re.compile(r"\D+")


def normalise_phone(phone: str) -> str:
    digits = _DIGITS.sub("", phone or "")
    if digits.startswith("86") and len(digits) == 13:
        digits = digits[2:]
    return digits


def _index_keys() -> dict[str, str]:
    keys = {str(v): k for v, k in settings.BLIND_INDEX_KEYS.items()}
    if str(settings.BLIND_INDEX_VERSION) not in keys:
        raise ImproperlyConfigured("BLIND_INDEX_VERSION names no key of BLIND_INDEX_KEYS")
    return keys


def _digest(key: str, value: str, purpose: str) -> str:
    derived = hashlib.sha256(f"renda.privacy.{purpose}:{key}".encode()).digest()
    return hmac.new(derived, value.encode(), hashlib.sha256).hexdigest()


def _indexed(version: str, digest: str) -> str:
    # Version "0" is the unversioned index of earlier releases (then keyed on SECRET_KEY):
    # kept bare so that rows written before versioning still match until rotated.
    return digest if version == "0" else f"{version}:{digest}"


def blind_index(value: str, *, purpose: str = "phone", version: str | None = None) -> str:
    """A keyed hash for equality lookups on an encrypted value, prefixed with its key version.

    Keys come from BLIND_INDEX_KEYS, not SECRET_KEY, so rotating SECRET_KEY leaves lookups
    intact; rotating an index key is ``manage.py rotate_blind_index`` (deploy/keys.md).
    """
    keys = _index_keys()
    version = str(version if version is not None else settings.BLIND_INDEX_VERSION)
    return _indexed(version, _digest(keys[version], value, purpose))


def blind_indexes(value: str, *, purpose: str = "phone") -> list[str]:
    """The index of ``value`` under every configured key version (lookups during a rotation)."""
    return [_indexed(v, _digest(k, value, purpose)) for v, k in _index_keys().items()]


def current_index_prefix() -> str:
    version = str(settings.BLIND_INDEX_VERSION)
    return "" if version == "0" else f"{version}:"


def mask_phone(phone: str | None) -> str:
    digits = normalise_phone(phone or "")
    if len(digits) < 7:
        return "*" * len(digits)
    return f"{digits[:3]}****{digits[-4:]}"


def mask_name(name: str | None) -> str:
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)
