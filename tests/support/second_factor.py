"""Test logins that have passed the second factor, the way a real login does.

The requirement itself stays on in tests (shared_apps/identity/tests/test_second_factor.py):
fixtures log operators and administrators in *and* verify them with a known TOTP device.
"""

from __future__ import annotations

import hashlib

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from shared_apps.identity import second_factor

BACKEND = "shared_apps.identity.backends.MembershipRoleBackend"


def key_for(username: str) -> str:
    """A fixed TOTP key per test account (hex), so browser tests can compute codes."""
    return hashlib.sha1(f"renda-test-totp:{username}".encode()).hexdigest()


def code_for(username: str, *, steps_ahead: int = 0) -> str:
    return f"{totp(bytes.fromhex(key_for(username)), drift=steps_ahead):06d}"


def enrol(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(
        user=user, name="test", key=key_for(user.username), confirmed=True
    )


def login_verified(client, user) -> None:
    """``client.force_login(user)``, plus the second factor where the user needs one."""
    client.force_login(user, backend=BACKEND)
    if second_factor.required_for(user):
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = enrol(user).persistent_id
        session.save()
