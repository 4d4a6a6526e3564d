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


def test_login_errors_are_in_chinese(world, live_server_url, page):
    base = live_server_url.format(host=world.host("T1"))
    page.goto(base + "/accounts/login/")
    page.fill("#id_username", "administrator_T1")
    page.fill("#id_password", "wrong-password")
    page.click("main form button[type=submit]")
    assert "用户名或密码不正确" in page.locator(".alert-danger").inner_text()
    shot(page, "login-error")


def test_console_navigation_members_modules_and_audit(world, live_server_url, page):
    base = live_server_url.format(host=world.host("T1"))
    login(page, base, "administrator_T1", PASSWORD)
    page.goto(base + "/console/")
    assert "管理员" in page.locator("[data-testid=my-roles]").inner_text()
    nav = page.locator("aside").inner_text()
    assert "新闻与公告" in nav and "模块管理" in nav and "审计日志" in nav
    shot(page, "console")
    with page.expect_navigation():
        page.click("aside >> text=成员与单位")
    assert "T1 leader" in page.locator("[data-testid=members]").inner_text()
    shot(page, "members")
    with page.expect_navigation():
        page.click("aside >> text=模块管理")
    assert page.locator("form[data-module=portal]").is_visible()
    shot(page, "modules")
    with page.expect_navigation():
        page.click("aside >> text=审计日志")
    assert page.locator("[data-testid=audit-log]").is_visible()
    shot(page, "audit-log")


def test_staff_write_and_publish_a_post_that_the_public_then_reads(world, live_server_url, page):
    base = live_server_url.format(host=world.host("T2"))
    login(page, base, "staff_T2", PASSWORD)
    page.goto(base + "/portal/manage/")
    page.click("text=新建")
    page.select_option("select[name=kind]", "notice")
    page.fill("input[name=title]", "浏览器测试：关于召开代表座谈会的通知")
    # The rich-text editor: typed lines stay paragraphs, and text pasted from Word keeps its own.
    editor = page.locator("[data-testid=rich-text-editor] .ql-editor")
    editor.click()
    page.keyboard.type("定于下周三召开。")
    page.keyboard.press("Enter")
    page.keyboard.type("请各位代表准时参加。")
    page.keyboard.press("Enter")
    word = (
        '<html xmlns:o="urn:schemas-microsoft-com:office:office"><body>'
        '<p class="MsoNormal"><span lang="ZH-CN">一、会议时间：下周三上午九时。</span></p>'
        '<p class="MsoNormal"><span lang="ZH-CN">二、会议地点：机关三楼会议室。</span></p>'
        "<script>alert(1)</script></body></html>"
    )
    page.evaluate(
        """html => { const data = new DataTransfer(); data.setData("text/html", html);
        data.setData("text/plain", "pasted");
        document.querySelector(".ql-editor").dispatchEvent(
            new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true})); }""",
        word,
    )
    shot(page, "post-edit")
    page.click("button[name=publish]")
    assert "已发布" in page.locator(".alert").first.inner_text()
    shot(page, "post-manage")
    page.goto(base + "/")
    page.click("text=浏览器测试：关于召开代表座谈会的通知")
    paragraphs = page.locator(".post-body p").all_inner_texts()
    assert paragraphs[:2] == ["定于下周三召开。", "请各位代表准时参加。"]
    assert "一、会议时间：下周三上午九时。" in paragraphs and "二、会议地点：机关三楼会议室。" in paragraphs
    assert page.locator(".post-body script").count() == 0
    shot(page, "post-detail")


def test_switcher_moves_a_person_between_their_congresses(world, live_server_url, page, committed):
    from shared_apps.identity.models import Membership
    from shared_apps.identity.roles import Role
    from shared_apps.identity.services import add_membership

    person = world.user("deputy", "K2")
    if not Membership.objects.active().filter(user=person, congress=world.congresses["C2"]).exists():
        add_membership(user=person, congress=world.congresses["C2"], role=Role.STAFF)
    base = live_server_url.format(host=world.host("K2"))
    login(page, base, "deputy_K2", PASSWORD)
    page.goto(base + "/console/")
    page.click("[data-testid=congress-switcher]")
    shot(page, "switcher-open")
    page.click(f".dropdown-menu >> text={world.congresses['C2'].name}")
    page.wait_for_load_state("networkidle")
    assert page.url.startswith(live_server_url.format(host=world.host("C2")))
    assert "工作人员" in page.locator("[data-testid=my-roles]").inner_text()
    shot(page, "switched-to-city")


def test_api_docs_render_offline(world, live_server_url, page):
    base = live_server_url.format(host=world.host("T1"))
    reached = []  # requests that got a response from the network
    page.on("response", lambda r: reached.append(r.url))
    page.goto(base + "/api/docs/")
    page.wait_for_selector(".swagger-ui .information-container", timeout=15000)
    shot(page, "api-docs")
    page.goto(base + "/api/redoc/")
    page.wait_for_selector("redoc, [role=main], .api-content", timeout=15000)
    shot(page, "api-redoc")
    # Redoc's bundle asks for its logo on a CDN; the docs pages' CSP stops that before the network.
    assert not [u for u in reached if u.startswith("http") and ".testserver:" not in u], reached
