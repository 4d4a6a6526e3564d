"""Landing pages by role and the console on a phone (390 px), in headless Chromium."""

import pytest

from tests.support.browser import login, shot
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser):
    context = browser.new_context(locale="zh-CN", viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _fits(page) -> None:
    """Nothing falls off-screen: the page is no wider than the phone."""
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"{page.url} is {width} px wide on a {PHONE['width']} px phone"


def test_a_handler_lands_on_their_unit_queue_on_a_phone(world, live_server_url, phone):
    base = live_server_url.format(host=world.host("T1"))
    login(phone, base, "handler_government_T1", PASSWORD)
    phone.goto(base + "/console/")
    assert phone.locator("h1").inner_text() == "我的待办"
    lists = phone.locator("[data-testid=worklist]")
    assert "本单位交办的群众留言" in lists.first.inner_text()
    assert int(lists.first.locator("[data-testid=count-open]").inner_text()) >= 1
    assert "已启用模块" not in phone.content()
    _fits(phone)
    shot(phone, "mobile-handler-landing")
    with phone.expect_navigation():
        lists.first.locator(".list-group-item a").first.click()
    _fits(phone)
    shot(phone, "mobile-handler-item")


def test_a_deputy_lands_on_their_inbox_and_tasks_on_a_phone(world, live_server_url, phone):
    base = live_server_url.format(host=world.host("T1"))
    login(phone, base, "deputy_T1", PASSWORD)
    phone.goto(base + "/console/")
    text = phone.locator("[data-testid=worklists]").inner_text()
    assert "我的群众留言" in text and "未读通知" in text
    _fits(phone)
    shot(phone, "mobile-deputy-landing")
    # The menu is one tap away, off-canvas.
    phone.click("[data-testid=nav-toggle]")
    phone.wait_for_selector("#console-nav.show")
    assert phone.locator("#console-nav >> text=我的履职").is_visible()
    shot(phone, "mobile-deputy-menu")


def test_staff_tables_become_cards_on_a_phone(world, live_server_url, phone):
    base = live_server_url.format(host=world.host("T1"))
    login(phone, base, "staff_T1", PASSWORD)
    pages = (("/voices/manage/", "voices"), ("/deputies/register/", "register"), ("/console/members/", "members"))
    for path, name in pages:
        phone.goto(base + path)
        tables = phone.locator("main table.table-stack")
        if tables.count():
            cell = tables.first.locator("tbody td[data-label]").first
            assert cell.get_attribute("data-label")
            assert tables.first.locator("thead").is_hidden()
        _fits(phone)
        shot(phone, f"mobile-staff-{name}")


def test_module_settings_are_a_form_with_write_only_secrets(world, live_server_url, page):
    base = live_server_url.format(host=world.host("K2"))
    login(page, base, "administrator_K2", PASSWORD)
    page.goto(base + "/console/modules/")
    form = page.locator("form[data-module=voices]")
    form.locator("summary").click()
    assert form.locator("input[name=voices-webhook_secret][type=password]").is_visible()
    form.locator("input[name=voices-max_reopens]").fill("9")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    error = page.locator("form[data-module=voices] .invalid-feedback").first.inner_text()
    assert "5" in error
    shot(page, "module-settings-error")
    form = page.locator("form[data-module=voices]")
    form.locator("input[name=voices-max_reopens]").fill("2")
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    assert "设置已保存" in page.locator(".alert").first.inner_text()
    shot(page, "module-settings")
