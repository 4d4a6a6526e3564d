"""Personal data (PIPL): encrypted at rest, searchable by blind index, masked when shown.

- ``EncryptedCharField`` / ``EncryptedTextField`` (django-fernet-encrypted-fields, keys derived
  from SECRET_KEY and SALT_KEY, rotation through SECRET_KEY_FALLBACKS) for the stored value;
  a value no key decrypts raises ``DecryptionError`` instead of passing ciphertext on.
- ``blind_index(value)`` for equality lookups (rate limits, duplicates) without decrypting, keyed
  by BLIND_INDEX_KEYS (versioned); ``blind_indexes(value)`` for lookups across a key rotation;
  ``BlindIndexField(source=...)`` keeps a model's index in step with its value.
- ``mask_phone`` / ``mask_name`` wherever a value is shown to someone without the right to see it.
"""

from .masking import blind_index, blind_indexes, mask_name, mask_phone, normalise_phone

__all__ = ["blind_index", "blind_indexes", "mask_name", "mask_phone", "normalise_phone"]
