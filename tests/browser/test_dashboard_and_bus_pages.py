"""The dashboard, the bus operations page and the cross-congress pages, in headless Chromium."""

from __future__ import annotations

import pytest

from tests.support.browser import login, shot
from tests.support.bus import flow
from tests.support.dashboard_data import publish_sample
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _orm_next_to_playwright(monkeypatch):
    # Playwright's sync API runs an event loop in this thread; the ORM calls here (publishing,
    # relaying) are plain synchronous test set-up, not request handling.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def figures(committed_bus):
    publish_sample(committed_bus)
    flow()
    return committed_bus


def test_a_leader_drills_down_the_dashboard_and_exports_it(figures, live_server_url, page):
    world = figures
    base = live_server_url.format(host=world.host("P"))
    login(page, base, "leader_P", PASSWORD)
    page.goto(base + "/dashboard/")
    page.wait_for_selector("body[data-charts-ready='6']")
    assert page.locator("[data-testid=kpi-submitted]").inner_text() != "0"
    assert page.locator("canvas").count() >= 6  # ECharts drew, served from /static/vendor/echarts/
    children = page.locator("[data-testid=children]").inner_text()
    assert world.congresses["C1"].name in children and world.congresses["C2"].name in children
    assert "统计总览" in page.locator("aside").inner_text()
    shot(page, "dashboard-province")
    page.click(f"[data-testid=drill]:has-text('{world.congresses['C1'].name}')")
    page.wait_for_selector("body[data-charts-ready='6']")
    assert world.congresses["K1"].name in page.locator("[data-testid=children]").inner_text()
    assert world.congresses["C2"].name not in page.locator("[data-testid=children]").inner_text()
    page.click(f"[data-testid=drill]:has-text('{world.congresses['K1'].name}')")
    page.wait_for_selector("body[data-charts-ready='6']")
    crumbs = page.locator("[data-testid=breadcrumbs]").inner_text()
    assert world.congresses["P"].name in crumbs and world.congresses["C1"].name in crumbs
    shot(page, "dashboard-county")
    with page.expect_download() as download:
        page.click("[data-testid=export]")
    assert download.value.suggested_filename.endswith(".xlsx")
    # The period filter.
    page.fill("#from", "2026-11")
    page.fill("#to", "2026-11")
    page.click("[data-testid=period-form] button[type=submit]")
    page.wait_for_selector("body[data-charts-ready='6']")
    assert "from=2026-11" in page.url


def test_operators_watch_the_bus(figures, live_server_url, page):
    base = live_server_url.format(host="testserver")
    login(page, base, "operator", PASSWORD)
    page.goto(base + "/console/")
    page.click("text=数据总线运行状态")
    assert page.locator("[data-testid=consumers]").inner_text().count("rollups") >= 1
    assert "测试一街道人大工委" in page.locator("[data-testid=feeds]").inner_text()
    shot(page, "bus-operations")
    page.goto(base + "/bus/catalog/")
    assert "voice.submitted" in page.locator("[data-testid=catalog-index]").inner_text()
    shot(page, "bus-catalog")
    page.goto(base + "/console/bus/keys/")
    page.select_option("#congress", label=f"{figures.congresses['K2'].name}（省级统建）")
    page.fill("#label", "县自建平台")
    page.click("[data-testid=create-key] button[type=submit]")
    assert page.locator("[data-testid=secret]").inner_text()
    shot(page, "bus-keys")


def test_a_city_sends_a_draft_down_and_a_township_comments(committed_bus, live_server_url, page):
    world = committed_bus
    city = live_server_url.format(host=world.host("C1"))
    login(page, city, "staff_C1", PASSWORD)
    page.goto(city + "/distribution/sent/")
    page.select_option("#kind", "draft")
    page.fill("#title", "关于《城市绿化条例（草案）》征求意见的通知")
    page.fill("#body", "请各级人大组织代表和群众提出意见。")
    page.click("[data-testid=send] button[type=submit]")
    assert "关于《城市绿化条例（草案）》" in page.locator("[data-testid=sent]").inner_text()
    flow()
    township = live_server_url.format(host=world.host("T1"))
    page.goto(township + "/")
    page.click("text=关于《城市绿化条例（草案）》征求意见的通知")
    page.fill("[data-testid=public-comment] textarea", "建议增加社区口袋公园")
    page.click("[data-testid=public-comment] button[type=submit]")
    shot(page, "distribution-public")
    flow()
    page.goto(city + "/distribution/sent/")
    page.click("text=关于《城市绿化条例（草案）》征求意见的通知")
    feedback = page.locator("[data-testid=feedback]").inner_text()
    assert world.congresses["T1"].name in feedback
    assert "建议增加社区口袋公园" not in page.content()
    shot(page, "distribution-feedback")


def test_a_county_answers_a_case_escalated_by_a_township(committed_bus, live_server_url, page):
    from django.db import transaction
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from shared_apps.bus.services import publish

    world = committed_bus
    with schema_context(world.congresses["T2"].schema_name), transaction.atomic():
        publish("voice.escalation_requested", {
            "voice_id": 777001, "category": "help", "summary": "沿河步道照明不足，涉及三个社区，请区里统筹",
            "requested_at": timezone.now(),
        })
    flow()
    county = live_server_url.format(host=world.host("K1"))
    login(page, county, "staff_K1", PASSWORD)
    page.goto(county + "/escalations/")
    assert world.congresses["T2"].name in page.locator("[data-testid=cases]").inner_text()
    shot(page, "escalations-list")
    page.click("text=沿河步道照明不足")
    page.select_option("#status", "in_progress")
    page.click("[data-testid=decide] button[type=submit]")
    assert "请填写办理意见" in page.content()
    page.fill("#text", "已交区城管局排查，两周内增设路灯。")
    page.click("[data-testid=decide] button[type=submit]")
    assert page.locator("[data-testid=status]").inner_text() == "办理中"
    assert "已交区城管局排查" in page.locator("[data-testid=decisions]").inner_text()
    shot(page, "escalations-detail")
    with schema_context(world.congresses["K1"].schema_name):
        from tenant_apps.escalations.models import EscalatedCase

        EscalatedCase.objects.filter(source_voice_id=777001).delete()
