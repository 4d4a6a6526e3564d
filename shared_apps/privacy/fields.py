"""Encrypted columns that fail loudly, and blind-index columns for equality lookups.

django-fernet-encrypted-fields returns the stored text unchanged when no configured key
decrypts it: with a wrong or lost key, ciphertext would flow into pages, exports and
messages as if it were a phone number. These fields raise instead.
"""

from __future__ import annotations

import base64
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.pbkdf2 import PBKDF2HMAC
from django.conf import settings
from django.db import models
from encrypted_fields import fields as _lib

from .masking import blind_index, normalise_phone

__all__ = [
    "BlindIndexField",
    "DecryptionError",
    "EncryptedCharField",
    "EncryptedJSONField",
    "EncryptedTextField",
    "fernet",
    "is_encrypted",
]

# Every Fernet token starts with the version byte 0x80, "gAAAAA" once base64-encoded.
_TOKEN_PREFIX = "gAAAAA"


class DecryptionError(RuntimeError):
    """A stored value no configured key decrypts: wrong SECRET_KEY/SALT_KEY, or a lost fallback."""


@lru_cache(maxsize=8)
def _fernet(secret_keys: tuple[str, ...], salts: tuple[str, ...]) -> MultiFernet:
    keys = []
    for secret in secret_keys:
        for salt in salts:
            kdf = PBKDF2HMAC(algorithm=hashes.SHA256(), length=32, salt=salt.encode(), iterations=100_000)
            keys.append(Fernet(base64.urlsafe_b64encode(kdf.derive(secret.encode()))))
    return MultiFernet(keys)


def fernet() -> MultiFernet:
    """The keys of the current settings (new values are encrypted with the first)."""
    salts = settings.SALT_KEY if isinstance(settings.SALT_KEY, list | tuple) else [settings.SALT_KEY]
    secrets = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return _fernet(tuple(secrets), tuple(salts))


def primary_fernet() -> MultiFernet:
    """Only the key new values are written with: a token it opens needs no re-encryption."""
    salts = settings.SALT_KEY if isinstance(settings.SALT_KEY, list | tuple) else [settings.SALT_KEY]
    return _fernet((settings.SECRET_KEY,), (salts[0],))


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise DecryptionError(
            "an encrypted value cannot be decrypted with the configured keys "
            "(SECRET_KEY, SECRET_KEY_FALLBACKS, FIELD_ENCRYPTION_SALT); see deploy/keys.md"
        ) from None


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def is_encrypted(field: models.Field) -> bool:
    """Whether the column holds ciphertext (this module's fields or the library's own)."""
    return isinstance(field, _lib.EncryptedFieldMixin)


class _Strict:
    # Keys follow the settings of the moment (override_settings, rotation) rather than
    # being frozen on the field at first use.
    @property
    def f(self) -> MultiFernet:
        return fernet()

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return decrypt(value)

    def to_python(self, value: Any) -> Any:
        # Input from forms and fixtures is plain text; only something that is a token is decrypted.
        if isinstance(value, str) and value.startswith(_TOKEN_PREFIX) and not hasattr(self, "_already_decrypted"):
            value = decrypt(value)
        return super(_lib.EncryptedFieldMixin, self).to_python(value)


class EncryptedCharField(_Strict, _lib.EncryptedCharField):
    pass


class EncryptedTextField(_Strict, _lib.EncryptedTextField):
    pass


class EncryptedJSONField(_lib.EncryptedJSONField):
    """JSON whose every leaf value is encrypted; a leaf no key opens raises, as above."""

    @property
    def f(self) -> MultiFernet:
        return fernet()

    def _decrypt_values(self, value: Any) -> Any:
        if isinstance(value, str):
            return decrypt(value)
        return super()._decrypt_values(value)


class BlindIndexField(models.CharField):
    """The versioned blind index (``masking.blind_index``) of another field of the model.

    Computed on every save from ``source``, so it cannot drift from the value; lookups go
    through ``masking.blind_indexes`` (every key version), and ``manage.py rotate_blind_index``
    rewrites the rows of an older version.
    """

    def __init__(self, *args: Any, source: str = "", purpose: str = "phone", **kwargs: Any) -> None:
        self.source, self.purpose = source, purpose
        kwargs.setdefault("max_length", 80)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("blank", True)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"], kwargs["purpose"] = self.source, self.purpose
        for key, default in (("max_length", 80), ("editable", False), ("blank", True)):
            if kwargs.get(key) == default:
                kwargs.pop(key)
        return name, path, args, kwargs

    def index_of(self, value: str | None) -> str | None:
        if self.purpose == "phone":
            value = normalise_phone(value or "")
        if not value:
            return None if self.null else ""
        return blind_index(value, purpose=self.purpose)

    def pre_save(self, model_instance: models.Model, add: bool) -> str | None:
        value = self.index_of(getattr(model_instance, self.source))
        setattr(model_instance, self.attname, value)
        return value
