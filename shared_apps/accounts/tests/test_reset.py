"""Reset by e-mail link and by SMS code; password change; nothing says whether an account exists."""

from __future__ import annotations

import pytest

from shared_apps.accounts.models import PasswordReset
from shared_apps.identity.services import create_user
from shared_apps.messaging.models import OutboundMessage

from .helpers import GOOD_PASSWORD, audit_actions, last_message, link_in

pytestmark = pytest.mark.django_db

OLD = "Old-pass-2026-abc"


def _account(username: str, **fields):
    return create_user(username=username, password=OLD, display_name=username, **fields)


def _logs_in(client, username: str, password: str) -> bool:
    client.post("/accounts/login/", {"username": username, "password": password})
    return "_auth_user_id" in client.session


def test_reset_by_email_link(world, client_for):
    user = _account("reset_mail", email="li.na@example.cn")
    old_session = client_for("T1", user)
    client = client_for("T1")
    response = client.post("/accounts/reset/", {"identifier": "LI.NA@example.cn"})
    assert response.status_code == 200 and "如果该邮箱对应一个有效账号" in response.content.decode()
    message = last_message(user, "accounts.reset")
    link = link_in(message)
    assert link.startswith("/accounts/reset/link/")
    assert client.get(link).url == "/accounts/set-password/"
    assert "重设登录密码" in client.get("/accounts/set-password/").content.decode()
    client.post("/accounts/set-password/", {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert _logs_in(client_for("T1"), "reset_mail", GOOD_PASSWORD)
    assert not _logs_in(client_for("T1"), "reset_mail", OLD)
    # Sessions opened with the old password are over.
    assert old_session.get("/accounts/password/").status_code == 302
    assert "accounts.password_reset" in audit_actions(user, world.congresses["T1"].schema_name)
    used = client_for("T1").get(link)
    assert used.status_code == 410 and "已使用过" in used.content.decode()


def test_reset_for_an_unknown_address_reads_the_same_and_sends_nothing(world, client_for):
    before = OutboundMessage.objects.count()
    response = client_for(None).post("/accounts/reset/", {"identifier": "nobody@example.cn"})
    assert response.status_code == 200 and "如果该邮箱对应一个有效账号" in response.content.decode()
    response = client_for(None).post("/accounts/reset/", {"identifier": "13700009999"})
    assert response.status_code == 302 and response.url == "/accounts/reset/code/"
    assert OutboundMessage.objects.count() == before


def test_reset_by_sms_code(world, client_for):
    user = _account("reset_sms", phone="13800005555")
    client = client_for("T2")
    response = client.post("/accounts/reset/", {"identifier": "138-0000-5555"})
    assert response.status_code == 302 and response.url == "/accounts/reset/code/"
    page = client.get("/accounts/reset/code/")
    assert "138-0000-5555" in page.content.decode()  # the number typed, filled in again
    code = last_message(user, "accounts.reset").params["code"]
    assert len(code) == 6
    wrong = str((int(code) + 1) % 10**6).zfill(6)
    refused = client.post("/accounts/reset/code/", {"phone": "13800005555", "code": wrong})
    assert "验证码不正确或已失效" in refused.content.decode()
    assert PasswordReset.objects.get(user=user).attempts == 1
    accepted = client.post("/accounts/reset/code/", {"phone": "13800005555", "code": code})
    assert accepted.url == "/accounts/set-password/"
    client.post("/accounts/set-password/", {"new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD})
    assert _logs_in(client_for("T2"), "13800005555", GOOD_PASSWORD)


def test_unknown_phone_runs_out_of_attempts_like_a_known_one(world, client_for):
    client = client_for(None)
    for _attempt in range(5):
        response = client.post("/accounts/reset/code/", {"phone": "13700008888", "code": "123456"})
    assert "错误次数过多" in response.content.decode()


def test_reset_requests_are_throttled(world, client_for):
    _account("reset_throttle", phone="13800006666")
    client = client_for(None)
    client.post("/accounts/reset/", {"identifier": "13800006666"})
    again = client.post("/accounts/reset/", {"identifier": "13800006666"})
    assert again.status_code == 200 and "请求过于频繁" in again.content.decode()
    assert PasswordReset.objects.filter(user__username="reset_throttle").count() == 1


def test_a_disabled_account_gets_no_reset(world, client_for):
    user = _account("reset_disabled", email="off@example.cn")
    user.is_active = False
    user.save(update_fields=["is_active"])
    client_for(None).post("/accounts/reset/", {"identifier": "off@example.cn"})
    assert last_message(user, "accounts.reset") is None


def test_password_change(world, client_for):
    user = _account("changer", email="changer@example.cn")
    other_device = client_for("T1", user)
    client = client_for("T1", user)
    wrong = client.post(
        "/accounts/password/",
        {"old_password": "nope", "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )
    assert "当前密码不正确" in wrong.content.decode()
    done = client.post(
        "/accounts/password/",
        {"old_password": OLD, "new_password1": GOOD_PASSWORD, "new_password2": GOOD_PASSWORD},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(GOOD_PASSWORD)
    # This device stays logged in, the other one is logged out.
    assert client.get("/accounts/password/").status_code == 200
    assert other_device.get("/accounts/password/").status_code == 302
    assert "accounts.password_changed" in audit_actions(user, world.congresses["T1"].schema_name)


def test_password_change_needs_a_login(client_for, world):
    response = client_for(None).get("/accounts/password/")
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_reset_by_username_reads_the_same_whether_or_not_it_exists(world, client_for):
    user = _account("reset_by_name2", phone="13800007777")
    known = client_for(None).post("/accounts/reset/", {"identifier": "reset_by_name2"})
    unknown = client_for(None).post("/accounts/reset/", {"identifier": "no_such_name2"})
    assert known.status_code == unknown.status_code == 200

    def main(response) -> str:  # the page's own part; the header carries a per-client CSRF token
        body = response.content.decode()
        return body[body.index("<main") : body.index("</main>")]

    assert main(known) == main(unknown) and "如果该用户名对应一个有效账号" in main(known)
    # The account's own channel was used: a code to its phone.
    assert last_message(user, "accounts.reset").channel == "sms"
