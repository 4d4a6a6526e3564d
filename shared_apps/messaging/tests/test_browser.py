"""The outbox page in headless Chromium: an administrator finds it in the sidebar and reads the
demo's messages, also on a phone; an operator sees every congress's messages on the platform site."""

import pytest

from tests.support.browser import login, shot
from tests.support.world import PASSWORD

from .isolation import seed_phone

pytestmark = pytest.mark.browser


def test_congress_administrator_reads_the_sink_on_a_phone(world, live_server_url, browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    base = live_server_url.format(host=world.host("T1"))
    login(page, base, "administrator_T1", PASSWORD)
    page.goto(base + "/console/")
    # On a phone the sidebar is off-canvas: one tap on the menu button opens it.
    page.click("[data-testid=nav-toggle]")
    page.wait_for_selector("#console-nav.show")
    with page.expect_navigation():
        page.click("aside >> text=消息发送记录")
    outbox = page.locator("[data-testid=outbox]").inner_text()
    phone = seed_phone("T1")
    assert "outbox-secret-T1" in outbox and "outbox-secret-T2" not in outbox
    assert phone not in outbox and f"{phone[:3]}****{phone[-4:]}" in outbox
    shot(page, "messaging-outbox-390")
    # Nothing of the page falls off a phone's screen (the console's top bar is the shell's).
    wide = page.evaluate("""[...document.querySelectorAll('main *')]
        .filter(e => e.getBoundingClientRect().right > 390).map(e => e.tagName + '.' + e.className)""")
    assert wide == []
    context.close()


def test_platform_operator_sees_every_congress(world, live_server_url, page):
    base = live_server_url.format(host="testserver")
    login(page, base, "operator", PASSWORD)
    page.goto(base + "/console/")
    with page.expect_navigation():
        page.click("text=消息发送记录")
    outbox = page.locator("[data-testid=outbox]").inner_text()
    assert "outbox-secret-T1" in outbox and "outbox-secret-K2" in outbox
    assert world.congresses["T1"].name in outbox
    shot(page, "messaging-outbox-platform")
