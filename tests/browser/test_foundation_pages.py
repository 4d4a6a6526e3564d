"""The foundation's pages in headless Chromium: they load, they work, and a screenshot is kept."""

import pytest

from tests.support.browser import login, shot
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser


def test_platform_home_lists_the_congress_tree(world, live_server_url, page):
    page.goto(live_server_url.format(host="testserver") + "/")
    tree = page.locator("[data-testid=congress-tree]")
    assert tree.is_visible()
    for congress in world.congresses.values():
        assert congress.name in tree.inner_text()
    shot(page, "platform-home")


def test_congress_home_and_staff_console(world, live_server_url, page):
    base = live_server_url.format(host=world.host("T1"))
    page.goto(base + "/")
    assert world.congresses["T1"].name in page.title()
    shot(page, "congress-home")
    login(page, base, "administrator_T1", PASSWORD)
    page.goto(base + "/console/")
    assert "管理员" in page.locator("[data-testid=my-roles]").inner_text()
    nav = page.locator("aside").inner_text()
    assert "新闻与公告" in nav and "模块管理" in nav
    shot(page, "console")
