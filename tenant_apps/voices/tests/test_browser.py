"""The whole loop in headless Chromium, through the public pages and the staff pages: scan the
station's QR URL, submit with a photo, the deputy assigns, the handler replies, the citizen rates
dissatisfied, the message is reopened and answered again, and the citizen is satisfied."""

import re

import pytest

from tests.support.browser import login, shot
from tests.support.world import PASSWORD

from .helpers import jpeg_with_exif

pytestmark = pytest.mark.browser

PHONE = "13755501234"


def _mobile(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(15_000)
    return context, page


def _staff(browser, base, username):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    login(page, base, username, PASSWORD)
    return context, page


def _rate(page, base, code, key, rating, comment=""):
    page.goto(f"{base}/voices/track/")
    page.fill("#id_code", code)
    page.fill("#id_secret", key)
    page.click("[data-testid=track-form] button[type=submit]")
    page.wait_for_selector("[data-testid=rate-form]")
    page.click(f"label[for=rate-{rating}]")
    if comment:
        page.fill("#id_comment", comment)
    page.click("[data-testid=rate-form] button[type=submit]")
    page.wait_for_load_state("networkidle")


def _reply(page, base, title, grade, text):
    page.goto(f"{base}/voices/handling/")
    page.click(f"text={title}")
    page.select_option("[data-testid=reply-form] select[name=grade]", grade)
    page.fill("[data-testid=reply-form] textarea[name=text]", text)
    page.click("[data-testid=reply-form] button")
    page.wait_for_load_state("networkidle")


def test_the_whole_loop(world, live_server_url, browser, tmp_path):
    base = live_server_url.format(host=world.host("T1"))
    token = world.seeds["T1"]["voices"]["token"]
    title = "东门路灯不亮"
    photo = tmp_path / "lamp.jpg"
    photo.write_bytes(jpeg_with_exif((640, 480)))

    citizen_ctx, citizen = _mobile(browser)
    citizen.goto(f"{base}/")
    assert citizen.locator("[data-testid=write-link]").is_visible()
    shot(citizen, "voices-01-home-section")
    citizen.goto(f"{base}/voices/write/{token}/")
    assert "T1留言联络站" in citizen.locator("[data-testid=station-name]").inner_text()
    citizen.click("label[for=cat-help]")
    citizen.fill("#id_title", title)
    citizen.fill("#id_description", "东门口三盏路灯连续一周不亮，老人晚上出门很不方便。")
    citizen.set_input_files("#id_photos", str(photo))
    citizen.fill("#id_location", "幸福小区东门")
    citizen.fill("#id_name", "陈阿姨")
    citizen.fill("#id_phone", PHONE)
    citizen.check("#id_consent")
    shot(citizen, "voices-02-write-form")
    citizen.click("[data-testid=submit]")
    code = citizen.locator("[data-testid=tracking-code]").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{10}", code)
    key = citizen.locator("[data-testid=citizen-key]").inner_text().strip()
    assert re.fullmatch(r"[2-9A-Z]{4}-[2-9A-Z]{4}-[2-9A-Z]{4}", key)
    shot(citizen, "voices-03-submitted")

    deputy_ctx, deputy = _staff(browser, base, "deputy_T1")
    deputy.goto(f"{base}/voices/inbox/")
    assert title in deputy.locator("[data-testid=notifications]").inner_text()
    deputy.click(f"[data-testid=voices] >> text={title}")
    assert "137****1234" in deputy.locator("[data-testid=masked-phone]").inner_text()
    assert PHONE not in deputy.content()
    deputy.click("[data-testid=accept]")
    deputy.select_option("#lead_unit", label=f"T1-government（{'政府及部门'}）")
    deputy.select_option("#co_units", label="T1-court")
    deputy.click("[data-testid=assign-form] button")
    assert deputy.locator("[data-testid=status]").inner_text() == "办理中"
    shot(deputy, "voices-04-deputy-assigned")

    handler_ctx, handler = _staff(browser, base, "handler_government_T1")
    _reply(handler, base, title, "B", "已联系供电所，正在更换灯具。")
    assert handler.locator("[data-testid=status]").inner_text() == "已答复"
    shot(handler, "voices-05-handler-replied")
    other_ctx, other = _staff(browser, base, "handler_supervision_T1")
    other.goto(f"{base}/voices/handling/")
    assert title not in other.content()
    other_ctx.close()

    # An insider knows the code and the masked phone's last four digits: that opens nothing.
    insider_ctx, insider = _mobile(browser)
    insider.goto(f"{base}/voices/track/")
    insider.fill("#id_code", code)
    insider.fill("#id_secret", PHONE[-4:])
    insider.click("[data-testid=track-form] button[type=submit]")
    assert "查询码或查询密钥不正确" in insider.locator("[data-testid=track-form]").inner_text()
    shot(insider, "voices-05b-track-refused")
    insider_ctx.close()

    citizen.goto(f"{base}/voices/track/")
    citizen.fill("#id_code", code)
    citizen.fill("#id_secret", key)
    shot(citizen, "voices-05c-track-form")
    _rate(citizen, base, code, key, "dissatisfied", "一周过去了还是不亮")
    assert citizen.locator("[data-testid=status]").inner_text() == "重新办理"
    assert "已联系供电所" in citizen.locator("[data-testid=timeline]").inner_text()
    shot(citizen, "voices-06-citizen-dissatisfied")

    _reply(handler, base, title, "A", "三盏路灯已全部修复，感谢监督。")
    citizen.goto(f"{base}/voices/track/{code}/")
    citizen.wait_for_selector("[data-testid=rate-form]")
    shot(citizen, "voices-06b-rate-form")
    _rate(citizen, base, code, key, "satisfied")
    assert citizen.locator("[data-testid=status]").inner_text() == "已办结"
    assert citizen.locator("[data-testid=rating]").inner_text() == "满意"
    timeline = citizen.locator("[data-testid=timeline]").inner_text()
    assert "三盏路灯已全部修复" in timeline and "内部" not in timeline
    shot(citizen, "voices-07-citizen-satisfied")

    staff_ctx, staff = _staff(browser, base, "staff_T1")
    staff.goto(f"{base}/voices/manage/")
    staff.click(f"[data-testid=voices] >> text={title}")
    rows = staff.locator("[data-testid=timeline] tr").count()
    assert rows >= 9
    shot(staff, "voices-08-staff-timeline")
    staff.goto(f"{base}/voices/stats/")
    assert "满意率" in staff.locator("[data-testid=headline]").inner_text()
    shot(staff, "voices-09-stats")
    staff.goto(f"{base}/voices/settings/")
    assert "国庆" in staff.locator("[data-testid=calendar]").inner_text()
    staff.fill("input[name=date]", "2026-12-26")
    staff.select_option("select[name=kind]", "working")
    staff.fill("input[name=note]", "年终补班")
    staff.click("form[action$='/settings/calendar/'] button")
    assert "12-26 班" in staff.locator("[data-testid=calendar]").inner_text()
    row = staff.locator("[data-testid=categories] tr", has_text="consultation-1")
    row.locator("input[name=deadline_amount]").fill("12")
    row.locator("button").click()
    assert "类别已保存" in staff.content()
    assert staff.locator("[data-testid=categories] tr", has_text="consultation-1").locator(
        "input[name=deadline_amount]").input_value() == "12"
    shot(staff, "voices-10-settings")
    for ctx in (citizen_ctx, deputy_ctx, handler_ctx, staff_ctx):
        ctx.close()


def test_a_station_network_past_the_tracking_limit_gets_a_captcha(world, live_server_url, browser):
    """Citizens at one station share an address: past the limit the page asks for a captcha."""
    base = live_server_url.format(host=world.host("T2"))
    context, page = _mobile(browser)
    for _attempt in range(31):
        page.goto(f"{base}/voices/track/")
        page.fill("#id_code", "ABCDEFGHJK")
        page.fill("#id_secret", "AAAA-BBBB-CCCC")
        page.click("[data-testid=track-form] button[type=submit]")
        if page.locator("[data-testid=captcha]").count():
            break
    assert page.locator("[data-testid=captcha] img").is_visible()
    assert "验证码" in page.locator("[data-testid=track-form]").inner_text()
    shot(page, "voices-11-track-captcha")
    context.close()
