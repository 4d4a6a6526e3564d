"""Administrators re-send invitations, disable and re-enable accounts and end sessions,
within their own congress only; platform operators on the platform site."""

from __future__ import annotations

import pytest

from shared_apps.accounts import services as accounts
from shared_apps.accounts.models import Invitation
from shared_apps.identity.roles import Role
from shared_apps.identity.services import add_membership, create_user

from .helpers import audit_actions, last_message

pytestmark = pytest.mark.django_db


def _member(world, key: str, username: str, *, password: str | None = "Member-pass-2026", **fields):
    user = create_user(username=username, password=password, display_name=username, **fields)
    add_membership(user=user, congress=world.congresses[key], role=Role.STAFF)
    return user


def _logged_in(client) -> bool:
    return client.get("/accounts/password/").status_code == 200


def test_administrator_resends_an_invitation(world, client_for):
    target = _member(world, "T1", "adm_resend", password=None, email="resend@example.cn", phone="13600001111")
    admin = client_for("T1", world.user("administrator", "T1"))
    page = admin.get(f"/accounts/manage/{target.pk}/")
    assert page.status_code == 200 and "重发邀请" in page.content.decode()
    response = admin.post(f"/accounts/manage/{target.pk}/resend/", {"channel": "sms"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(user=target)
    assert invitation.channel == "sms" and invitation.invited_by == world.user("administrator", "T1")
    assert invitation.congress == world.congresses["T1"]
    assert last_message(target, "accounts.invitation").channel == "sms"
    api = admin.post(f"/api/v1/accounts/users/{target.pk}/resend-invitation/", {}, content_type="application/json")
    assert api.status_code == 200
    body = api.json()
    assert body["invitation"]["channel"] == "email" and body["invitation"]["sent_to"] == "r***@example.cn"
    assert body["has_password"] is False
    invitation.refresh_from_db()
    assert invitation.state == "revoked"


def test_no_invitation_for_an_account_with_a_password(world, client_for):
    target = _member(world, "T1", "adm_haspw", email="haspw@example.cn")
    admin = client_for("T1", world.user("administrator", "T1"))
    response = admin.post(f"/api/v1/accounts/users/{target.pk}/resend-invitation/", {}, content_type="application/json")
    assert response.status_code == 400
    assert "已设置密码" in response.json()["error"]["message"]


def test_disable_ends_sessions_and_enable_lets_back_in(world, client_for):
    target = _member(world, "T1", "adm_disable")
    session = client_for("T1", target)
    assert _logged_in(session)
    admin = client_for("T1", world.user("administrator", "T1"))
    assert admin.post(f"/accounts/manage/{target.pk}/disable/").status_code == 302
    target.refresh_from_db()
    assert not target.is_active
    assert not _logged_in(session)
    login = client_for("T1").post("/accounts/login/", {"username": "adm_disable", "password": "Member-pass-2026"})
    assert login.status_code == 200  # refused: the form again
    response = admin.post(f"/api/v1/accounts/users/{target.pk}/enable/")
    assert response.status_code == 200 and response.json()["is_active"] is True
    fresh = client_for("T1")
    fresh.post("/accounts/login/", {"username": "adm_disable", "password": "Member-pass-2026"})
    assert _logged_in(fresh)
    actions = audit_actions(target, world.congresses["T1"].schema_name)
    assert {"accounts.disabled", "accounts.enabled"} <= actions


def test_end_sessions(world, client_for):
    target = _member(world, "T2", "adm_sessions")
    phone, laptop = client_for("T2", target), client_for("T1", target)
    assert _logged_in(phone) and _logged_in(laptop)
    admin = client_for("T2", world.user("administrator", "T2"))
    overview = admin.get(f"/api/v1/accounts/users/{target.pk}/").json()
    assert overview["sessions"] == 2
    response = admin.post(f"/api/v1/accounts/users/{target.pk}/end-sessions/")
    assert response.status_code == 200 and response.json() == {"sessions_ended": 2}
    assert not _logged_in(phone) and not _logged_in(laptop)
    target.refresh_from_db()
    assert target.is_active


def test_other_congresses_administrators_are_refused(world, client_for):
    target = _member(world, "T1", "adm_foreign", password=None, phone="13600002222")
    for key in ("T2", "K1", "P"):
        admin = client_for(key, world.user("administrator", key))
        assert admin.get(f"/accounts/manage/{target.pk}/").status_code == 404
        for action in ("resend", "disable", "enable", "end-sessions"):
            assert admin.post(f"/accounts/manage/{target.pk}/{action}/").status_code == 404
        assert admin.post(f"/api/v1/accounts/users/{target.pk}/disable/").status_code == 404
        # Pointing at the target's congress hostname does not help: the policy asks that congress.
        there = client_for("T1", world.user("administrator", key))
        assert there.post(f"/api/v1/accounts/users/{target.pk}/disable/").status_code == 403
    target.refresh_from_db()
    assert target.is_active and not Invitation.objects.filter(user=target).exists()


def test_staff_without_manage_members_are_refused(world, client_for):
    target = _member(world, "T1", "adm_staffonly")
    for role in ("staff", "leader", "deputy"):
        client = client_for("T1", world.user(role, "T1"))
        assert client.get(f"/accounts/manage/{target.pk}/").status_code == 403
        assert client.post(f"/api/v1/accounts/users/{target.pk}/end-sessions/").status_code == 403


def test_scope_limits_within_the_own_congress(world, client_for):
    admin = client_for("T1", world.user("administrator", "T1"))
    # A platform operator who is also a member here.
    operator = world.users["operator"]
    add_membership(user=operator, congress=world.congresses["T1"], role=Role.STAFF)
    response = admin.post(f"/api/v1/accounts/users/{operator.pk}/end-sessions/")
    assert response.status_code == 403 and "平台运营人员" in response.json()["error"]["message"]
    # An administrator of another congress who is also staff here.
    other_admin = world.user("administrator", "T2")
    add_membership(user=other_admin, congress=world.congresses["T1"], role=Role.STAFF)
    response = admin.post(f"/api/v1/accounts/users/{other_admin.pk}/disable/")
    assert response.status_code == 403 and "其他人大的管理员" in response.json()["error"]["message"]
    # A plain member of two congresses: sessions may end, disabling is for the platform.
    shared = _member(world, "T1", "adm_shared")
    add_membership(user=shared, congress=world.congresses["K2"], role=Role.DEPUTY)
    assert admin.post(f"/api/v1/accounts/users/{shared.pk}/end-sessions/").status_code == 200
    response = admin.post(f"/api/v1/accounts/users/{shared.pk}/disable/")
    assert response.status_code == 403 and "还属于其他人大" in response.json()["error"]["message"]
    shared.refresh_from_db()
    assert shared.is_active
    # Not oneself.
    me = world.user("administrator", "T1")
    response = admin.post(f"/api/v1/accounts/users/{me.pk}/disable/")
    assert response.status_code == 400 and "不能停用自己" in response.json()["error"]["message"]


def test_platform_operators_act_on_the_platform_site(world, client_for):
    target = _member(world, "K2", "adm_platform")
    add_membership(user=target, congress=world.congresses["C2"], role=Role.ADMINISTRATOR)
    operator = client_for(None, world.users["operator"])
    assert operator.get(f"/accounts/manage/{target.pk}/").status_code == 200
    assert operator.post(f"/api/v1/accounts/users/{target.pk}/disable/").json()["is_active"] is False
    assert operator.post(f"/accounts/manage/{target.pk}/enable/").status_code == 302
    target.refresh_from_db()
    assert target.is_active
    congress_admin = client_for(None, world.user("administrator", "K2"))
    assert congress_admin.get(f"/accounts/manage/{target.pk}/").status_code == 403
    assert congress_admin.post(f"/api/v1/accounts/users/{target.pk}/disable/").status_code == 403


def test_the_service_refuses_the_same(world):
    from django.core.exceptions import PermissionDenied

    target = _member(world, "T1", "adm_service")
    with pytest.raises(PermissionDenied):
        accounts.disable_account(world.user("administrator", "T1"), target, congress=None)


def test_records_of_sessions_that_are_gone_are_purged(world, client_for):
    import datetime as dt

    from django.contrib.sessions.models import Session
    from django.utils import timezone

    from shared_apps.accounts.models import SessionRecord
    from shared_apps.accounts.tasks import purge_session_records

    target = _member(world, "T1", "adm_purge")
    live, gone = client_for("T1", target), client_for("T1", target)
    gone_key = gone.session.session_key
    Session.objects.filter(session_key=gone_key).delete()
    SessionRecord.objects.filter(user=target).update(created_at=timezone.now() - dt.timedelta(hours=2))
    assert purge_session_records() == 1
    assert list(SessionRecord.objects.filter(user=target).values_list("session_key", flat=True)) == [
        live.session.session_key
    ]
