"""Members, units, import and pending seats in headless Chromium, desktop and 390 px wide."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

from shared_apps.identity import importer
from tests.support.browser import login, shot
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _fits(page) -> None:
    """Nothing falls off-screen sideways: neither the page nor anything in its content."""
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than the screen"
    overflow = page.evaluate("(m => m.scrollWidth - m.clientWidth)(document.querySelector('main'))")
    assert overflow <= 0, f"the page content is {overflow}px wider than its column"
    widest = page.evaluate(
        "Math.max(...[...document.querySelectorAll('main *')].map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= 390 + 1, f"an element reaches {widest}px on a 390px screen"


def _xlsx(world, rows) -> dict:
    book = load_workbook(io.BytesIO(importer.template(world.congresses["K2"])))
    for row in rows:
        book[importer.MEMBERS_SHEET].append(row)
    out = io.BytesIO()
    book.save(out)
    return {"name": "members.xlsx", "mimeType": XLSX, "buffer": out.getvalue()}


def test_an_administrator_manages_members_and_units(world, live_server_url, page):
    base = live_server_url.format(host=world.host("K2"))
    login(page, base, "administrator_K2", PASSWORD)
    page.goto(base + "/accounts/members/add/")
    page.fill("#id_display_name", "浏览器承办人")
    page.fill("#id_phone", "17500000001")
    page.select_option("#id_role", "handler")
    page.select_option("#id_organisation_unit", label="K2-court（人民法院）")
    page.click("[data-testid=member-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "浏览器承办人" in page.locator("[data-testid=members]").inner_text()
    shot(page, "identity-members-desktop")

    page.goto(base + "/accounts/units/")
    page.fill("#id_name", "浏览器测试局")
    page.click("[data-testid=unit-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "浏览器测试局" in page.locator("[data-testid=units]").inner_text()
    shot(page, "identity-units-desktop")

    page.goto(base + "/accounts/members/import/")
    page.set_input_files("input[name=file]", [_xlsx(world, [["坏号", "123", "", "工作人员", ""]])])
    page.click("button[value=check]")
    page.wait_for_load_state("networkidle")
    assert "11 位数字" in page.locator("[data-testid=row-errors]").inner_text()
    shot(page, "identity-import-errors-desktop")


def test_the_pages_work_on_a_phone(world, live_server_url, browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        base = live_server_url.format(host=world.host("K2"))
        login(page, base, "administrator_K2", PASSWORD)
        page.goto(base + "/accounts/members/")
        cards = page.locator("[data-testid=member-cards]")
        assert cards.is_visible() and not page.locator("[data-testid=members]").is_visible()
        _fits(page)
        shot(page, "identity-members-390")
        cards.locator("summary", has_text="移除").first.click()  # the confirm step opens in place
        _fits(page)
        page.goto(base + "/accounts/units/")
        assert page.locator("[data-testid=unit-cards]").is_visible()
        _fits(page)
        shot(page, "identity-units-390")
        page.goto(base + "/accounts/members/add/")
        _fits(page)
        shot(page, "identity-add-390")
        page.goto(base + "/accounts/members/import/")
        page.set_input_files("input[name=file]", [_xlsx(world, [["", "123", "x", "主任", "某局"]])])
        page.click("button[value=check]")
        page.wait_for_load_state("networkidle")
        _fits(page)
        shot(page, "identity-import-errors-390")

    finally:
        context.close()


def test_a_person_accepts_a_pending_seat_on_a_phone(world, live_server_url, browser, django_db_blocker):
    from shared_apps.identity.models import Membership

    person = world.user("deputy_affairs", "C1")
    with django_db_blocker.unblock():
        person.phone = "17500000009"
        person.save(update_fields=["phone"])
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(15_000)
    try:
        admin_base = live_server_url.format(host=world.host("K2"))
        login(page, admin_base, "administrator_K2", PASSWORD)
        page.goto(admin_base + "/accounts/members/add/")
        page.fill("#id_phone", "17500000009")
        page.select_option("#id_role", "staff")
        page.click("[data-testid=member-form] button[type=submit]")
        page.wait_for_load_state("networkidle")
        assert "本人确认后生效" in page.content()
        assert page.locator("[data-testid=pending-seats]").is_visible()
        _fits(page)
        shot(page, "identity-members-pending-390")
        context.clear_cookies()

        own_base = live_server_url.format(host=world.host("C1"))
        login(page, own_base, "deputy_affairs_C1", PASSWORD)
        page.goto(own_base + "/accounts/congresses/")
        page.click("[data-testid=pending-seats-notice] a")
        page.wait_for_load_state("networkidle")
        assert world.congresses["K2"].name in page.locator("[data-testid=my-seats]").inner_text()
        _fits(page)
        shot(page, "identity-seats-390")
        page.click("[data-testid=accept]")
        page.wait_for_load_state("networkidle")
        assert "已加入" in page.content()
        with django_db_blocker.unblock():
            assert Membership.objects.active().filter(user=person, congress=world.congresses["K2"]).exists()
    finally:
        context.close()
