"""The second factor in headless Chromium: verify, and enrol on first login (also at 390 px)."""

import pytest
from django_otp.oath import totp

from tests.support.browser import login, shot
from tests.support.second_factor import code_for
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser


def test_administrator_verifies_the_code_after_the_password(world, live_server_url, page):
    base = live_server_url.format(host=world.host("T2"))
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "administrator_T2")
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "/accounts/otp/" in page.url
    assert "二次验证" in page.locator("main").inner_text()
    shot(page, "otp-verify")
    page.fill("#id_token", code_for("administrator_T2"))
    page.click("main form[data-testid=otp-verify] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/console/")


def test_a_new_administrator_enrols_with_the_qr_code(world, live_server_url, browser, committed):
    from shared_apps.identity.models import Membership
    from shared_apps.identity.roles import Role
    from shared_apps.identity.services import add_membership, create_user

    user = create_user(username="browser_new_admin", password=PASSWORD, display_name="新管理员")
    membership = add_membership(user=user, congress=world.congresses["T2"], role=Role.ADMINISTRATOR)
    # The user stays (deleting one reaches into every schema's guardian tables); the seat goes.
    committed.append((Membership, membership.pk, "public"))
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        base = live_server_url.format(host=world.host("T2"))
        login(page, base, "browser_new_admin", PASSWORD)
        assert "/accounts/otp/setup/" in page.url
        qr = page.locator("[data-testid=otp-qr]")
        assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
        shot(page, "otp-setup-390")
        device = user.totpdevice_set.get(confirmed=False)
        page.fill("#id_token", f"{totp(device.bin_key):06d}")
        page.click("main form[data-testid=otp-setup] button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert page.url.endswith("/console/")
    finally:
        user.totpdevice_set.all().delete()
        context.close()
