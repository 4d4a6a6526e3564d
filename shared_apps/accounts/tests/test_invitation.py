"""Invitation, then set password, then login; expired, used and void links refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from shared_apps.accounts import services as accounts
from shared_apps.accounts.models import Invitation

from .helpers import GOOD_PASSWORD, audit_actions, last_message, link_in, new_account

pytestmark = pytest.mark.django_db


def _login(client, username: str, password: str):
    return client.post("/accounts/login/", {"username": username, "password": password})


def test_invitation_by_email_then_set_password_then_login(world, client_for):
    user = new_account("inv_mail", email="zhang.wei@example.cn")
    congress = world.congresses["T1"]
    invitation = accounts.invite(user, congress=congress, invited_by=world.user("administrator", "T1"))
    assert invitation.channel == "email" and invitation.sent_to == "z***@example.cn"
    assert not user.has_usable_password()
    message = last_message(user, "accounts.invitation")
    assert message.channel == "email" and message.congress_id == congress.pk
    assert "inv_mail" in message.text
    link = link_in(message)
    assert link.startswith("/accounts/invitation/")
    # Only a keyed hash is stored, never the token.
    assert link.split("/")[3] not in invitation.secret_hash

    client = client_for("T1")
    response = client.get(link)
    assert response.status_code == 302 and response.url == "/accounts/set-password/"
    page = client.get("/accounts/set-password/")
    assert page.status_code == 200 and "设置登录密码" in page.content.decode()

    # The policy, in Chinese: too short, too simple, mismatched.
    weak = client.post("/accounts/set-password/", {"new_password1": "abc", "new_password2": "abc"})
    body = weak.content.decode()
    assert weak.status_code == 200
    assert "密码太短，至少需要 10 个字符" in body and "至少 3 类" in body
    mismatch = client.post(
        "/accounts/set-password/", {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD + "x"}
    )
    assert "两次输入的密码不一致" in mismatch.content.decode()

    done = client.post("/accounts/set-password/", {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert done.status_code == 302 and done.url == "/accounts/login/"
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)
    invitation.refresh_from_db()
    assert invitation.used_at is not None

    fresh = client_for("T1")
    assert _login(fresh, "zhang.wei@example.cn", GOOD_PASSWORD).status_code == 302
    assert fresh.session.get("_auth_user_id") == str(user.pk)
    actions = audit_actions(user, congress.schema_name)
    assert {"accounts.invited", "accounts.invitation_accepted"} <= actions

    # The same link again: refused, with a clear message.
    again = client_for("T1").get(link)
    assert again.status_code == 410
    assert "该邀请链接已使用过" in again.content.decode()


def test_expired_link_is_refused_with_a_clear_message(world, client_for):
    user = new_account("inv_expired", email="expired@example.cn")
    accounts.invite(user, congress=world.congresses["T1"])
    link = link_in(last_message(user, "accounts.invitation"))
    Invitation.objects.filter(user=user).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    response = client_for("T1").get(link)
    assert response.status_code == 410
    assert "该邀请链接已过期" in response.content.decode()


def test_link_expiring_between_opening_and_submitting_is_refused(world, client_for):
    user = new_account("inv_late", email="late@example.cn")
    accounts.invite(user)
    client = client_for(None)
    client.get(link_in(last_message(user, "accounts.invitation")))
    Invitation.objects.filter(user=user).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    response = client.post("/accounts/set-password/", {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert response.status_code == 410 and "已过期" in response.content.decode()
    user.refresh_from_db()
    assert not user.has_usable_password()


def test_a_newer_invitation_voids_the_older_one(world, client_for):
    user = new_account("inv_twice", email="twice@example.cn")
    accounts.invite(user)
    first = link_in(last_message(user, "accounts.invitation"))
    accounts.invite(user)
    second = link_in(last_message(user, "accounts.invitation"))
    assert "已作废" in client_for(None).get(first).content.decode()
    assert client_for(None).get(second).status_code == 302


def test_unknown_link_is_refused(client_for, world):
    response = client_for(None).get("/accounts/invitation/not-a-real-token/")
    assert response.status_code == 404 and "链接无效" in response.content.decode()


def test_set_password_page_without_a_link_says_what_to_do(client_for, world):
    response = client_for(None).get("/accounts/set-password/")
    assert response.status_code == 400 and "请先打开邀请" in response.content.decode()


def test_invitation_by_sms_code(world, client_for):
    user = new_account("inv_sms", phone="13900001111")
    invitation = accounts.invite(user, congress=world.congresses["T2"])
    assert invitation.channel == "sms" and invitation.sent_to == "139****1111"
    message = last_message(user, "accounts.invitation")
    assert message.channel == "sms" and message.template == "accounts.invitation"
    code = message.params["code"]
    assert len(code) == 8 and code in message.text and "/accounts/activate/" in message.text

    client = client_for("T2")
    wrong_code = "00000000" if code != "00000000" else "1"
    wrong = client.post("/accounts/activate/", {"phone": "13900001111", "code": wrong_code})
    assert "验证码不正确或已失效" in wrong.content.decode()
    right = client.post("/accounts/activate/", {"phone": "139 0000 1111", "code": code})
    assert right.status_code == 302 and right.url == "/accounts/set-password/"
    client.post("/accounts/set-password/", {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert _login(client_for("T2"), "13900001111", GOOD_PASSWORD).status_code == 302


def test_sms_code_attempts_are_limited(world, client_for):
    user = new_account("inv_guess", phone="13900002222")
    accounts.invite(user)
    code = last_message(user, "accounts.invitation").params["code"]
    client = client_for(None)
    wrong = str((int(code) + 1) % 10**8).zfill(8)
    for _attempt in range(5):
        response = client.post("/accounts/activate/", {"phone": "13900002222", "code": wrong})
    assert "错误次数过多" in response.content.decode()
    # Even the right code no longer works: a new one must be sent.
    response = client.post("/accounts/activate/", {"phone": "13900002222", "code": code})
    assert response.status_code == 200 and "错误次数过多" in response.content.decode()


def test_invite_needs_somewhere_to_send(world):
    from django.core.exceptions import ValidationError

    user = new_account("inv_nowhere")
    with pytest.raises(ValidationError) as raised:
        accounts.invite(user)
    assert "既没有邮箱也没有手机号" in str(raised.value)
    with pytest.raises(ValidationError):
        accounts.invite(new_account("inv_mailonly", email="m@example.cn"), channel="sms")
    assert accounts.invite_new(user) is None
