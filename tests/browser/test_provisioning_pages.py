"""The provincial office's onboarding pages in headless Chromium, with screenshots looked at."""

from __future__ import annotations

import pytest

from tests.support.browser import login, shot
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def office(world, live_server_url, page):
    base = live_server_url.format(host="testserver")
    login(page, base, "operator", PASSWORD)
    return base


def test_onboard_from_the_form_and_watch_the_job(office, page):
    page.goto(office + "/provisioning/new/")
    shot(page, "provisioning-new")
    page.fill("#id_name", "浏览器开通街道人大工委")
    page.select_option("#id_level", "subdistrict")
    page.fill("#id_region_code", "320221801")
    page.fill("#id_parent", "320221")
    page.fill("#id_domains", "browser-801.testserver")
    page.check("#id_modules_portal")
    page.fill("#id_admin_username", "admin_browser_801")
    page.fill("#id_admin_display_name", "浏览器管理员")
    page.fill("#id_admin_phone", "13912340801")
    page.click("[data-testid=onboard-form] button[type=submit]")
    page.wait_for_url("**/provisioning/jobs/*/")
    page.wait_for_selector("[data-testid=job-progress]:has-text('100%')")
    assert page.locator("[data-testid=job-steps] .bi-check-circle-fill").count() == 8
    assert "已完成" in page.locator("[data-testid=job-state]").inner_text()
    assert "已发布 tenant.provisioned" in page.locator("[data-testid=job-log]").inner_text()
    shot(page, "provisioning-job-done")


def test_a_bad_form_lists_every_problem(office, page):
    page.goto(office + "/provisioning/new/")
    page.fill("#id_name", "重复的街道")
    page.select_option("#id_level", "subdistrict")
    page.fill("#id_region_code", "320102001")
    page.fill("#id_parent", "320100")
    page.fill("#id_domains", "t1.testserver")
    page.click("[data-testid=onboard-form] button[type=submit]")
    problems = page.locator("[data-testid=problems]")
    text = problems.inner_text()
    assert "region_code" in text and "parent" in text and "domains[0]" in text
    assert "未创建任何内容" in text
    shot(page, "provisioning-new-problems")


def test_a_failed_job_can_be_retried_and_rolled_back(office, page):
    spec = """
name: 失败演示街道
level: subdistrict
region_code: "320221802"
parent: "320221"
domains: [browser-802.testserver]
modules: {portal: {}}
seed:
  portal:
    posts: [{kind: news, title: 空正文, body: "   "}]
"""
    page.goto(office + "/provisioning/new/")
    page.fill("#id_spec_text", spec)
    page.click("[data-testid=onboard-form] button[type=submit]")
    page.wait_for_url("**/provisioning/jobs/*/")
    assert "失败" in page.locator("[data-testid=job-state]").inner_text()
    assert "请填写正文" in page.locator("[data-testid=job-error]").inner_text()
    assert page.locator("[data-step=seed] .bi-x-circle-fill").is_visible()
    shot(page, "provisioning-job-failed")
    page.click("[data-action=retry] button")
    page.wait_for_load_state("networkidle")
    assert "第 2 次执行" in page.locator("[data-testid=job-log]").inner_text()
    page.click("[data-action=rollback] button")
    page.wait_for_load_state("networkidle")
    assert "已回滚" in page.locator("[data-testid=job-state]").inner_text()
    shot(page, "provisioning-job-rolled-back")


def test_bulk_onboarding_with_live_progress(office, page, tmp_path):
    rows = [
        "region_code,name,level,domains,modules",
        "320600,浏览器批量市人大常委会,city,b320600.testserver,portal",
    ]
    rows += [
        f"32060{i},浏览器批量{i}区人大常委会,county,b32060{i}.testserver,portal" for i in (2, 3)
    ]
    rows += [
        f"32060{i}10{j},浏览器批量{i}-{j}街道人大工委,subdistrict,b32060{i}10{j}.testserver,portal"
        for i in (2, 3)
        for j in (1, 2)
    ]
    path = tmp_path / "subtree.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    page.goto(office + "/provisioning/bulk/")
    shot(page, "provisioning-bulk")
    page.set_input_files("#id_file", str(path))
    page.fill("#id_name", "浏览器批量开通")
    page.click("[data-testid=bulk-form] button[type=submit]")
    page.wait_for_url("**/provisioning/batches/*/")
    page.wait_for_selector("[data-testid=batch-progress]:has-text('100%')")
    assert page.locator("[data-testid=batch-jobs] tbody tr").count() == 7
    assert "已完成 7" in page.locator("[data-testid=batch-counts]").inner_text()
    shot(page, "provisioning-batch")
    page.goto(office + "/provisioning/")
    assert "浏览器批量开通" in page.locator("[data-testid=batches]").inner_text()
    shot(page, "provisioning-dashboard")


def test_suspend_then_archive_from_the_congress_list(office, page, live_server_url):
    page.goto(office + "/provisioning/congresses/")
    row = page.locator("tr[data-region='320221801']")
    row.locator("[data-action=suspend]").click()
    page.wait_for_load_state("networkidle")
    row = page.locator("tr[data-region='320221801']")
    assert "已暂停" in row.inner_text()
    shot(page, "provisioning-congresses-suspended")
    # The congress's own site is read-only with a notice.
    page.goto(live_server_url.format(host="browser-801.testserver") + "/")
    assert page.locator("[data-testid=suspended-notice]").is_visible()
    shot(page, "provisioning-suspended-site")
    page.goto(office + "/provisioning/congresses/")
    page.locator("tr[data-region='320221801'] [data-action=archive]").click()
    page.wait_for_load_state("networkidle")
    row = page.locator("tr[data-region='320221801']")
    assert "已归档" in row.inner_text()
    # Dropping needs the region code typed in: a wrong one is refused.
    row.locator("input[name=confirm]").fill("000000")
    row.locator("[data-action=drop]").click()
    page.wait_for_load_state("networkidle")
    assert "确认内容不符" in page.locator(".alert").first.inner_text()
    shot(page, "provisioning-congresses-archived")
