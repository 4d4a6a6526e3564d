"""Login controls (MLPS 2.0 identification and authentication): lockout, second factor,
password policy, idle timeout, and the audit trail of logins."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_tenants.utils import schema_context

from shared_apps.audit.models import AuditEntry
from shared_apps.identity.middleware import LAST_SEEN
from shared_apps.identity.models import User
from shared_apps.identity.services import create_user
from tests.support.second_factor import code_for
from tests.support.world import PASSWORD


def _login(client, username: str, password: str, ip: str = "198.51.100.1", **extra):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip, **extra
    )


def _entries(world, key: str, action: str):
    with schema_context(world.congresses[key].schema_name):
        return list(AuditEntry.objects.filter(action=action).order_by("id"))


# --- lockout ---------------------------------------------------------------------------------


def test_repeated_failures_lock_the_account(world, client_for, settings):
    client = client_for("T1")
    statuses = [
        # From a new address each time: the account alone is what gets locked.
        _login(client, "staff_T1", "wrong-password", ip=f"198.51.100.{attempt + 10}").status_code
        for attempt in range(settings.AXES_FAILURE_LIMIT)
    ]
    # The attempt that reaches the limit is answered with the lockout.
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    response = _login(client, "staff_T1", PASSWORD, ip="198.51.100.99")
    assert response.status_code == 429
    assert "登录已被暂时锁定" in response.content.decode()
    assert client.get("/console/").status_code == 302  # not logged in
    assert _entries(world, "T1", "identity.locked_out")


def test_repeated_failures_lock_the_client_address(world, client_for, settings):
    client = client_for("T1")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"nobody{attempt}", "wrong-password", ip="198.51.100.7")
    assert _login(client, "leader_T1", PASSWORD, ip="198.51.100.7").status_code == 429
    # Another client logs in as usual.
    assert _login(client_for("T1"), "leader_T1", PASSWORD, ip="198.51.100.8").status_code == 302


def test_lockout_keys_on_the_client_behind_the_trusted_proxy(world, client_for, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.0/8"]
    client = client_for("T1")
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, f"nobody{attempt}", "wrong", ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    # The proxy itself is not locked: another client behind it still logs in.
    ok = _login(client_for("T1"), "leader_T1", PASSWORD, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.6")
    assert ok.status_code == 302
    refused = _login(client_for("T1"), "leader_T1", PASSWORD, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert refused.status_code == 429


# --- audit of logins ---------------------------------------------------------------------------


def test_login_failure_and_logout_are_audited_with_the_address(world, client_for):
    client = client_for("T1")
    _login(client, "staff_T1", "wrong-password", ip="198.51.100.20")
    _login(client, "13800138000", "wrong-password", ip="198.51.100.21")
    assert _login(client, "staff_T1", PASSWORD, ip="198.51.100.22").status_code == 302
    client.post("/accounts/logout/", REMOTE_ADDR="198.51.100.23")
    staff = world.user("staff", "T1")
    failed = _entries(world, "T1", "identity.login_failed")
    assert [(e.ip, e.object_id, e.data) for e in failed] == [
        ("198.51.100.20", str(staff.pk), {"known_account": True}),
        # The attempted name (here a phone number) is not kept.
        ("198.51.100.21", "", {"known_account": False}),
    ]
    [login] = _entries(world, "T1", "identity.login")
    assert (login.actor_id, login.ip, login.data["via"]) == (staff.pk, "198.51.100.22", "password")
    [logout] = _entries(world, "T1", "identity.logout")
    assert (logout.actor_id, logout.ip) == (staff.pk, "198.51.100.23")


# --- second factor -----------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["administrator_T1", "operator"])
def test_operators_and_administrators_must_pass_the_second_factor(world, client_for, username):
    client = client_for("T1" if username != "operator" else None)
    response = _login(client, username, PASSWORD)
    assert response.status_code == 302
    assert client.get("/console/")["Location"].startswith("/accounts/otp/?next=")
    me = client.get("/api/v1/identity/me/")
    assert me.status_code == 403 and me.json()["error"]["code"] == "second_factor_required"
    wrong = client.post("/accounts/otp/", {"token": "000000"})
    assert wrong.status_code == 200 and "验证码不正确" in wrong.content.decode()
    time.sleep(1.1)  # django-otp throttles guessing: one second after a first failure
    assert client.post("/accounts/otp/", {"token": code_for(username), "next": "/console/"})["Location"] == "/console/"
    assert client.get("/console/").status_code == 200
    assert client.get("/api/v1/identity/me/").status_code == 200


def test_other_roles_need_no_second_factor(world, client_for):
    client = client_for("T1")
    _login(client, "staff_T1", PASSWORD)
    assert client.get("/console/").status_code == 200


def test_a_new_administrator_enrols_on_first_login(world, client_for):
    from shared_apps.identity.roles import Role
    from shared_apps.identity.services import add_membership

    user = create_user(username="new_admin_T1", password=PASSWORD)
    add_membership(user=user, congress=world.congresses["T1"], role=Role.ADMINISTRATOR)
    client = client_for("T1")
    _login(client, "new_admin_T1", PASSWORD)
    assert client.get("/console/")["Location"].startswith("/accounts/otp/setup/")
    setup = client.get("/accounts/otp/setup/")
    assert setup.status_code == 200 and 'data-testid="otp-secret"' in setup.content.decode()
    qr = client.get("/accounts/otp/setup/qr.svg")
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    device = user.totpdevice_set.get(confirmed=False)
    assert client.post("/accounts/otp/setup/", {"token": "123456"}).status_code == 200
    time.sleep(1.1)  # django-otp throttles guessing: one second after a first failure
    code = f"{totp(device.bin_key):06d}"
    assert client.post("/accounts/otp/setup/", {"token": code, "next": "/console/"}).status_code == 302
    assert client.get("/console/").status_code == 200
    assert user.totpdevice_set.get().confirmed
    # Once enrolled, a password-only session cannot enrol another device.
    again = client_for("T1")
    _login(again, "new_admin_T1", PASSWORD, ip="198.51.100.40")
    assert again.get("/accounts/otp/setup/")["Location"] == "/accounts/otp/"
    assert _entries(world, "T1", "identity.second_factor_enrolled")


# --- passwords and sessions ----------------------------------------------------------------------


@pytest.mark.parametrize("password", ["1234", "12345678901", "password123", "short1"])
def test_weak_passwords_are_refused_where_a_password_is_set(db, password):
    with pytest.raises(ValidationError):
        create_user(username="weak_one", password=password)
    assert not User.objects.filter(username="weak_one").exists()


def test_an_idle_session_ends(world, client_for, settings):
    settings.SESSION_IDLE_TIMEOUT = 600
    client = client_for("T1")
    _login(client, "staff_T1", PASSWORD)
    assert client.get("/console/").status_code == 200
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 599
    session.save()
    assert client.get("/console/").status_code == 200  # active: the clock restarts
    session = client.session
    session[LAST_SEEN] = int(time.time()) - 601
    session.save()
    response = client.get("/console/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert _entries(world, "T1", "identity.session_expired")


def test_an_idle_session_ends_alone(world, client_for, settings):
    """Idle on one hostname, active on another of the same sign-on: only the idle one ends."""
    from shared_apps.identity.roles import Role
    from shared_apps.identity.services import add_membership
    from shared_apps.identity.tests.test_sso import _hand_off, _land

    add_membership(user=world.user("staff", "T1"), congress=world.congresses["K1"], role=Role.STAFF)
    home = client_for("T1")
    _login(home, "staff_T1", PASSWORD)
    county = client_for("K1")
    _land(world, county, _hand_off(world, home, "K1"), "T1")
    session = home.session
    session[LAST_SEEN] = int(time.time()) - settings.SESSION_IDLE_TIMEOUT - 1
    session.save()
    assert home.get("/console/").status_code == 302
    assert county.get("/console/").status_code == 200
