"""Signals other apps listen to (seat_accepted); logins, logouts, failed logins and lockouts in the
audit trail; sign-on families."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import Signal, receiver
from django.http import HttpRequest

from shared_apps.audit.services import acting, record
from shared_apps.web.client import client_ip

from . import signon
from .middleware import IDLE_LOGOUT_ATTR
from .models import User

# Sent inside the transaction that accepts a seat request (kwargs: ``request``, a SeatRequest
# already marked accepted, with its new ``membership``). The module named in
# ``request.reference`` finishes its own side, e.g. deputies links the register entry.
seat_accepted = Signal()

# Set by the hand-off landing before it logs the user in: the family to join.
SSO_FAMILY_ATTR = "renda_sso_family"


def _ip(request: HttpRequest | None) -> str | None:
    return client_ip(request) if request is not None else None


@receiver(user_logged_in)
def _logged_in(sender, request: HttpRequest | None, user: User, **kwargs) -> None:
    if request is None:
        return
    family = getattr(request, SSO_FAMILY_ATTR, None)
    signon.join(request, user, family)
    with acting(user_id=user.pk, ip=_ip(request)):
        record("identity.login", user, {"via": "sso" if family else "password"})


@receiver(user_logged_out)
def _logged_out(sender, request: HttpRequest | None, user: User | None, **kwargs) -> None:
    if request is None:
        return
    if getattr(request, IDLE_LOGOUT_ATTR, False):
        signon.leave_family(request)
        action, data = "identity.session_expired", {}
    else:
        action, data = "identity.logout", {"sessions_ended": signon.end_family(request)}
    if user is not None:
        with acting(user_id=user.pk, ip=_ip(request)):
            record(action, user, data)


@receiver(user_login_failed)
def _login_failed(sender, credentials: dict, request: HttpRequest | None = None, **kwargs) -> None:
    # The attempted name may be a phone number: only whether it named an account is kept.
    name = credentials.get("username") or ""
    user = User.objects.filter(username__iexact=name).first() if name else None
    with acting(user_id=None, ip=_ip(request)):
        record("identity.login_failed", user, {"known_account": user is not None})


@receiver(user_locked_out)
def _locked_out(sender, request: HttpRequest | None, username: str | None, ip_address: str | None, **kwargs):
    user = User.objects.filter(username__iexact=username).first() if username else None
    with acting(user_id=None, ip=ip_address or _ip(request)):
        record("identity.locked_out", user, {"known_account": user is not None})
