"""The set-password page on a phone (390 px wide) in headless Chromium: open the invitation,
see the policy's errors in Chinese, set the password, log in."""

from __future__ import annotations

import pytest

from tests.support.browser import shot

from .helpers import GOOD_PASSWORD, last_message, link_in

pytestmark = pytest.mark.browser


def _invite(world, django_db_blocker):
    from shared_apps.accounts import services as accounts
    from shared_apps.identity.roles import Role
    from shared_apps.identity.services import add_membership, create_user

    with django_db_blocker.unblock():
        user = create_user(username="browser_invitee", display_name="浏览器受邀人", email="invitee@example.cn")
        add_membership(user=user, congress=world.congresses["T1"], role=Role.STAFF)
        accounts.invite(user, congress=world.congresses["T1"])
        return link_in(last_message(user, "accounts.invitation"))


def test_set_password_on_a_phone(world, live_server_url, browser, django_db_blocker):
    link = _invite(world, django_db_blocker)
    base = live_server_url.format(host=world.host("T1"))
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        page.goto(base + link)
        page.wait_for_url("**/accounts/set-password/")
        assert "浏览器受邀人" in page.inner_text("main")
        shot(page, "accounts-set-password-390")

        page.fill("#id_new_password1", "12345")
        page.fill("#id_new_password2", "12345")
        page.click("[data-testid=set-password] button[type=submit]")
        page.wait_for_load_state("networkidle")
        errors = page.inner_text("[data-testid=set-password]")
        assert "密码太短" in errors and "密码只包含数字" in errors
        # Nothing falls off the screen, errors included.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, "accounts-set-password-390-errors")

        page.fill("#id_new_password1", GOOD_PASSWORD)
        page.fill("#id_new_password2", GOOD_PASSWORD)
        page.click("[data-testid=set-password] button[type=submit]")
        page.wait_for_url("**/accounts/login/")
        assert "密码已设置" in page.inner_text("main")
        page.fill("#id_username", "browser_invitee")
        page.fill("#id_password", GOOD_PASSWORD)
        page.click("main form button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "/accounts/login/" not in page.url

        page.goto(base + link)  # used: refused, in words
        assert "该邀请链接已使用过" in page.inner_text("[data-testid=refusal]")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        shot(page, "accounts-invitation-used-390")
    finally:
        context.close()


def test_administrator_account_page(world, live_server_url, page, django_db_blocker):
    from shared_apps.identity.roles import Role
    from shared_apps.identity.services import add_membership, create_user
    from tests.support.browser import login
    from tests.support.world import PASSWORD

    with django_db_blocker.unblock():
        user = create_user(username="browser_pending", display_name="待激活人员", phone="13600009999")
        add_membership(user=user, congress=world.congresses["T1"], role=Role.STAFF)
    base = live_server_url.format(host=world.host("T1"))
    login(page, base, "administrator_T1", PASSWORD)
    page.goto(f"{base}/accounts/manage/{user.pk}/")
    assert "尚未设置" in page.inner_text("[data-testid=account]")
    page.click("text=重发邀请")
    page.wait_for_load_state("networkidle")
    assert "邀请已重新发送" in page.inner_text("main")
    assert "136****9999" in page.inner_text("[data-testid=account]")
    page.click("text=停用账号")
    page.wait_for_load_state("networkidle")
    assert "已停用" in page.inner_text("[data-testid=account]")
    shot(page, "accounts-manage")
