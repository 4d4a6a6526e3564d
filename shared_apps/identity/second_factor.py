"""Who must pass a second factor (TOTP), and the devices that provide it.

Platform operators (``is_staff`` or superuser) and congress administrators must: after the
password they verify a code from their authenticator app, or enrol one on first login,
before any other page (shared_apps.identity.middleware.SecondFactorMiddleware).
"""

from __future__ import annotations

from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Membership, User
from .roles import Role

DEVICE_NAME = "authenticator"


def required_for(user: User) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return Membership.objects.active().filter(user=user, role=Role.ADMINISTRATOR).exists()


def confirmed_devices(user: User) -> list[TOTPDevice]:
    return list(TOTPDevice.objects.devices_for_user(user, confirmed=True))


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being enrolled (one per user, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)


def verify(request, token: str, *, enrolling: bool = False) -> TOTPDevice | None:
    """Check ``token``; on success mark the session verified (and confirm an enrolling device)."""
    token = (token or "").strip().replace(" ", "")
    if not token.isdigit():
        return None
    user = request.user
    devices = [pending_device(user)] if enrolling else confirmed_devices(user)
    for device in devices:
        if device.verify_token(token):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            otp_login(request, device)
            return device
    return None


def mark_verified(request, device: TOTPDevice) -> None:
    otp_login(request, device)
