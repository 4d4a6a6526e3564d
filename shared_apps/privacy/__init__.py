"""Personal data (PIPL): encrypted at rest, searchable by blind index, masked when shown.

- ``EncryptedCharField`` / ``EncryptedTextField`` (django-fernet-encrypted-fields, keys derived
  from SECRET_KEY and SALT_KEY, rotation through SECRET_KEY_FALLBACKS) for the stored value.
- ``blind_index(value)`` for equality lookups (rate limits, duplicates) without decrypting.
- ``mask_phone`` / ``mask_name`` wherever a value is shown to someone without the right to see it.
"""

from .masking import blind_index, mask_name, mask_phone, normalise_phone

__all__ = ["blind_index", "mask_name", "mask_phone", "normalise_phone"]
