from encrypted_fields.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField

__all__ = ["EncryptedCharField", "EncryptedJSONField", "EncryptedTextField"]
