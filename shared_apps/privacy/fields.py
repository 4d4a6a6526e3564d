from encrypted_fields.fields import EncryptedCharField, EncryptedTextField

__all__ = ["EncryptedCharField", "EncryptedTextField"]
