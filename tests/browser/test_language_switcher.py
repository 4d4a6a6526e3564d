"""The header's 简体中文 / English switch, clicked in headless Chromium."""

import pytest

from tests.support.browser import login, shot
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser


def test_switching_to_english_and_back(world, live_server_url, page):
    base = live_server_url.format(host=world.host("T1"))
    page.goto(base + "/")
    switcher = page.locator("header [data-testid=language-switcher]")
    assert "人大要闻" in page.locator("main").inner_text()
    switcher.get_by_role("button", name="English").click()
    page.wait_for_load_state("networkidle")
    assert page.url == base + "/"
    assert "Congress news" in page.locator("main").inner_text()
    assert page.locator("html").get_attribute("lang") == "en"
    shot(page, "congress-home-en")

    login(page, base, "administrator_T1", PASSWORD)
    page.goto(base + "/console/")
    assert "Administrator" in page.locator("[data-testid=my-roles]").inner_text()
    shot(page, "console-en")
    page.locator("nav [data-testid=language-switcher]").get_by_role("button", name="简体中文").click()
    page.wait_for_load_state("networkidle")
    assert page.url == base + "/console/"
    assert "管理员" in page.locator("[data-testid=my-roles]").inner_text()
