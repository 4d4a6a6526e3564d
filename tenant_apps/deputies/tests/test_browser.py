"""Deputies and stations pages in headless Chromium; the screenshots are looked at."""

import pytest

from tests.support.browser import login, shot
from tests.support.world import PASSWORD

from .helpers import good_row, jpeg_with_exif, roster

pytestmark = pytest.mark.browser

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _file(name: str, content: bytes, mime: str = XLSX) -> dict:
    return {"name": name, "mimeType": mime, "buffer": content}


def test_import_page_dry_run_errors_then_import(world, live_server_url, page):
    base = live_server_url.format(host=world.host("T2"))
    login(page, base, "staff_T2", PASSWORD)
    page.goto(base + "/deputies/register/import/")
    bad = roster(
        [
            good_row(101, position="浏览器导入"),
            good_row(102, gender="未知"),
            good_row(103, mobile="123", registered_on="去年"),
        ]
    )
    page.set_input_files("input[name=file]", [_file("roster.xlsx", bad)])
    page.click("[data-testid=upload-form] button[type=submit]")
    errors = page.locator("[data-testid=row-errors]").inner_text()
    assert "第 3 行" in errors and "第 4 行" in errors and "不是有效的性别" in errors
    shot(page, "deputies-import-errors")
    good = roster([good_row(101, name="浏览器导入甲"), good_row(102, name="浏览器导入乙")])
    page.set_input_files("input[name=file]", [_file("roster.xlsx", good)])
    page.click("[data-testid=upload-form] button[type=submit]")
    assert "检查通过" in page.locator("[data-testid=report]").inner_text()
    shot(page, "deputies-import-checked")
    page.click("[data-testid=confirm-import]")
    page.wait_for_load_state("networkidle")
    assert "导入完成" in page.content() and "浏览器导入甲" in page.locator("[data-testid=register]").inner_text()
    shot(page, "deputies-register")


def test_public_profile_and_archive_pages(world, live_server_url, page):
    base = live_server_url.format(host=world.host("T1"))
    pk = world.seeds["T1"]["deputies"]["deputy_id"]
    term = world.seeds["T1"]["deputies"]["term_id"]
    login(page, base, "staff_T1", PASSWORD)
    page.goto(f"{base}/deputies/register/{pk}/edit/")
    page.set_input_files("input[name=photo]", [_file("me.jpg", jpeg_with_exif(), "image/jpeg")])
    page.fill("input[name=position]", "街道社区卫生服务中心主任")
    page.click("[data-testid=deputy-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    assert "已保存" in page.content()
    shot(page, "deputies-detail")
    page.goto(f"{base}/deputies/archive/{pk}/year/2024/")
    assert page.locator("[data-testid=total-count]").inner_text() == "1"
    assert "待审-T1" not in page.content()
    shot(page, "deputies-archive-year")
    page.goto(f"{base}/deputies/archive/{pk}/term/{term}/")
    shot(page, "deputies-archive-term")
    page.goto(f"{base}/deputies/archive/{pk}/term/{term}/print/")
    page.emulate_media(media="print")
    shot(page, "deputies-archive-print")
    page.emulate_media(media="screen")
    page.goto(f"{base}/deputies/statistics/")
    shot(page, "deputies-statistics")
    public = page.context.browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    visitor = public.new_page()
    visitor.goto(f"{base}/deputies/people/{pk}/")
    profile = visitor.locator("[data-testid=profile]").inner_text()
    assert "T1代表甲" in profile and "139" not in profile
    assert visitor.locator("[data-testid=public-total]").inner_text() == "1"
    assert "待审-T1" not in visitor.content()
    assert visitor.locator("[data-testid=profile] img").evaluate("i => i.naturalWidth") > 0
    shot(visitor, "deputies-public-profile")
    public.close()


def test_verification_page(world, live_server_url, page):
    base = live_server_url.format(host=world.host("K2"))
    login(page, base, "deputy_affairs_K2", PASSWORD)
    page.goto(base + "/deputies/verification/")
    card = page.locator("[data-testid=pending-record]").first
    assert "待审-K2" in card.inner_text()
    shot(page, "deputies-verification")
    card.locator("input[name=reason]").fill("请补充活动照片")
    card.locator("button", has_text="退回").click()
    page.wait_for_load_state("networkidle")
    assert "已退回" in page.content()


def test_station_form_poster_and_public_page(world, live_server_url, page):
    base = live_server_url.format(host=world.host("T1"))
    login(page, base, "staff_T1", PASSWORD)
    page.goto(base + "/stations/manage/new/")
    page.fill("input[name=name]", "浏览器社区代表联络站")
    page.fill("input[name=address]", "和平路 12 号党群服务中心")
    page.fill("input[name=opening_hours]", "周一至周五 9:00-17:00")
    page.fill("input[name=opened_on]", "2024-06-01")
    page.check("input[name=reception_days][value='3']")
    page.select_option("select[name=deputies]", label="T1代表甲")
    shot(page, "stations-form")
    page.click("[data-testid=station-form] button[type=submit]")
    page.wait_for_load_state("networkidle")
    row = page.locator("[data-testid=stations] tr", has_text="浏览器社区代表联络站")
    row.locator("a", has_text="海报").click()
    page.wait_for_load_state("networkidle")
    poster = page.locator("[data-testid=poster]")
    assert "T1代表甲" in poster.inner_text()
    assert page.locator("[data-testid=poster-qr] svg").is_visible()
    page.emulate_media(media="print")
    poster.screenshot(path=str(shot(page, "stations-poster")))
    page.emulate_media(media="screen")
    page.goto(base + "/stations/")
    page.locator("a", has_text="浏览器社区代表联络站").click()
    page.wait_for_load_state("networkidle")
    assert "T1代表甲" in page.locator("[data-testid=station-deputies]").inner_text()
    assert page.locator("img[alt=二维码]").evaluate("i => i.naturalWidth") > 0
    shot(page, "stations-public")
