"""Keys: a wrong encryption key is a loud error; blind indexes survive key rotations."""

from __future__ import annotations

import importlib

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings
from django_tenants.utils import schema_context

from shared_apps.identity.models import User
from shared_apps.identity.selectors import user_by_phone
from shared_apps.identity.services import create_user
from shared_apps.messaging.models import OutboundMessage
from shared_apps.privacy import blind_index, blind_indexes
from shared_apps.privacy.fields import DecryptionError
from shared_apps.privacy.rotation import reindex, targets

pytestmark = pytest.mark.django_db


def test_a_value_no_key_decrypts_is_a_loud_error_not_ciphertext(world):
    user = create_user(username="keys_wrong", phone="13700001111")
    with override_settings(SECRET_KEY="another-key-entirely-0123456789abcdef", SECRET_KEY_FALLBACKS=[]):
        with pytest.raises(DecryptionError):
            User.objects.get(pk=user.pk)
        with pytest.raises(DecryptionError):
            list(User.objects.filter(pk=user.pk).values_list("phone", flat=True))
    assert User.objects.get(pk=user.pk).phone == "13700001111"


def test_an_old_key_in_the_fallbacks_still_decrypts(world, settings):
    user = create_user(username="keys_fallback", phone="13700002222")
    old = settings.SECRET_KEY
    with override_settings(SECRET_KEY="rotated-key-0123456789abcdef-0123456789", SECRET_KEY_FALLBACKS=[old]):
        assert User.objects.get(pk=user.pk).phone == "13700002222"


def test_rotating_secret_key_keeps_lookups_by_phone(world, settings):
    user = create_user(username="keys_rotate", phone="13700003333")
    old = settings.SECRET_KEY
    with override_settings(SECRET_KEY="rotated-key-0123456789abcdef-0123456789", SECRET_KEY_FALLBACKS=[old]):
        assert user_by_phone("13700003333") == user


def test_indexes_carry_their_key_version_and_lookups_try_every_version(world):
    with override_settings(BLIND_INDEX_KEYS={"1": "old-index-key"}, BLIND_INDEX_VERSION="1"):
        user = create_user(username="keys_versioned", phone="13700004444")
        assert user.phone_index.startswith("1:")
    with override_settings(BLIND_INDEX_KEYS={"1": "old-index-key", "2": "new-index-key"}, BLIND_INDEX_VERSION="2"):
        assert blind_index("13700004444").startswith("2:")
        assert len(blind_indexes("13700004444")) == 2
        assert user_by_phone("13700004444") == user  # mid-rotation: still found under version 1
    with override_settings(BLIND_INDEX_KEYS={"2": "new-index-key"}, BLIND_INDEX_VERSION="2"):
        assert user_by_phone("13700004444") is None  # the old key gone before re-indexing: lost


def test_rotate_blind_index_reindexes_users_and_every_congress_schema(world, in_congress):
    from tenant_apps.deputies.models import Deputy
    from tenant_apps.deputies.tests.helpers import deputy

    user = create_user(username="keys_command", phone="13700005555")
    with in_congress("T1"):
        d = deputy("轮换代表", mobile="13700006666")
    with override_settings(BLIND_INDEX_KEYS={"0": "unused", "7": "seven"}, BLIND_INDEX_VERSION="7"):
        with pytest.raises(CommandError):
            call_command("rotate_blind_index", "--check", stdout=None)
        # Interrupted after one batch of one row: running again resumes.
        first = next(t for t in targets() if t.model is User)
        assert reindex(first, batch=1) >= 1
        call_command("rotate_blind_index", "--batch", "50")
        call_command("rotate_blind_index", "--check")
        user.refresh_from_db()
        assert user.phone_index.startswith("7:")
        assert user_by_phone("13700005555") == user
        with in_congress("T1"):
            assert Deputy.objects.get(pk=d.pk).mobile_index == blind_index("13700006666")
        covered = {(t.model._meta.label, t.schema) for t in targets()}
        schema = world.congresses["T1"].schema_name
        assert {("identity.User", "public"), ("deputies.Deputy", schema), ("voices.Voice", schema)} <= covered
    with override_settings(BLIND_INDEX_KEYS={"7": "seven"}, BLIND_INDEX_VERSION="7"):
        assert user_by_phone("13700005555") == user


def test_the_migration_encrypts_clear_phones_and_renames_mobile_usernames(world):
    migration = importlib.import_module("shared_apps.identity.migrations.0002_phone_encrypted_with_blind_index")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO identity_user (password, is_superuser, username, first_name, last_name, email, "
            "is_staff, is_active, date_joined, display_name, phone) VALUES "
            "('!', false, 'm13700007777', '', '', '', false, true, now(), '旧代表', '13700007777') RETURNING id"
        )
        pk = cursor.fetchone()[0]
    with schema_context("public"), connection.schema_editor() as editor:
        migration.encrypt_phones(None, editor)
    with connection.cursor() as cursor:
        cursor.execute("SELECT username, phone, phone_index FROM identity_user WHERE id = %s", [pk])
        username, stored, index = cursor.fetchone()
    assert "7777" not in username + stored and username.startswith("u")
    assert index == blind_index("13700007777")
    assert user_by_phone("13700007777").pk == pk
    assert User.objects.get(pk=pk).phone == "13700007777"


def test_rotate_encryption_rewrites_old_key_values_resumably(world, in_congress, settings):
    from tenant_apps.deputies.models import Deputy
    from tenant_apps.deputies.tests.helpers import deputy

    user = create_user(username="keys_reencrypt", phone="13700008888")
    with in_congress("T1"):
        d = deputy("换钥代表", mobile="13700009999", email="hy@example.cn")
    message = OutboundMessage.objects.create(
        channel="sms", recipient="13700007777", recipient_index="x", purpose="test", backend="sink",
        params={"code": "246810", "links": ["https://a.example.cn/"]}, text="换钥消息",
    )
    old = settings.SECRET_KEY
    with override_settings(SECRET_KEY="rotated-key-0123456789abcdef-0123456789", SECRET_KEY_FALLBACKS=[old]):
        with pytest.raises(CommandError):
            call_command("rotate_encryption", "--check")
        call_command("rotate_encryption", "--batch", "100")
        call_command("rotate_encryption", "--check")
    # The old key gone: everything still reads, so nothing was left under it.
    with override_settings(SECRET_KEY="rotated-key-0123456789abcdef-0123456789", SECRET_KEY_FALLBACKS=[]):
        assert User.objects.get(pk=user.pk).phone == "13700008888"
        assert user_by_phone("13700008888") == user  # the blind index never depended on it
        with in_congress("T1"):
            fresh = Deputy.objects.get(pk=d.pk)
            assert (fresh.mobile, fresh.email) == ("13700009999", "hy@example.cn")
        # Encrypted JSON: every leaf is rewritten, the document keeps its shape.
        sent = OutboundMessage.objects.get(pk=message.pk)
        assert (sent.recipient, sent.text) == ("13700007777", "换钥消息")
        assert sent.params == {"code": "246810", "links": ["https://a.example.cn/"]}
