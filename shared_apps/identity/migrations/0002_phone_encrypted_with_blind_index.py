"""Users' mobiles leave the clear: encrypted in place, found through a blind index, and
usernames made from a mobile ("m138...") replaced by ones that carry no personal data."""

import re
import secrets

from django.db import migrations

import shared_apps.privacy.fields

_MOBILE_USERNAME = re.compile(r"^m\+?\d{5,20}$")


def encrypt_phones(apps, schema_editor):
    from shared_apps.privacy.fields import encrypt
    from shared_apps.privacy.masking import blind_index, normalise_phone

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, username, phone FROM identity_user WHERE phone IS NOT NULL OR username ~ '^m[+0-9]'")
        rows = cursor.fetchall()
        taken = set()
        for pk, username, phone in rows:
            updates, params = [], []
            if phone is not None and not phone.startswith("gAAAAA"):
                digits = normalise_phone(phone)
                updates += ["phone = %s", "phone_index = %s"]
                params += [encrypt(phone) if phone else None, blind_index(digits) if digits else None]
            if _MOBILE_USERNAME.match(username):
                while True:
                    fresh = f"u{secrets.token_hex(5)}"
                    cursor.execute("SELECT 1 FROM identity_user WHERE username = %s", [fresh])
                    if fresh not in taken and cursor.fetchone() is None:
                        break
                taken.add(fresh)
                updates.append("username = %s")
                params.append(fresh)
            if updates:
                cursor.execute(f"UPDATE identity_user SET {', '.join(updates)} WHERE id = %s", [*params, pk])


def decrypt_phones(apps, schema_editor):
    from shared_apps.privacy.fields import decrypt

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, phone FROM identity_user WHERE phone IS NOT NULL")
        for pk, phone in cursor.fetchall():
            plain = decrypt(phone) if phone.startswith("gAAAAA") else phone
            cursor.execute("UPDATE identity_user SET phone = %s, phone_index = NULL WHERE id = %s", [plain, pk])


class Migration(migrations.Migration):

    dependencies = [
        ('identity', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='phone_index',
            field=shared_apps.privacy.fields.BlindIndexField(null=True, purpose='phone', source='phone', unique=True),
        ),
        migrations.AlterField(
            model_name='user',
            name='phone',
            field=shared_apps.privacy.fields.EncryptedCharField(blank=True, max_length=20, null=True, verbose_name='手机号'),
        ),
        migrations.RunPython(encrypt_phones, decrypt_phones),
    ]
