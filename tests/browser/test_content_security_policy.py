"""In a real browser, the Content-Security-Policy blocks nothing the pages need: their
scripts are static files, and the behaviours that were inline still work."""

from __future__ import annotations

import pytest

from tests.support.browser import login, shot
from tests.support.world import PASSWORD

pytestmark = pytest.mark.browser


def _watch(page) -> list[str]:
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return violations


def test_pages_run_under_the_policy_without_violations(world, live_server_url, page):
    base = live_server_url.format(host=world.host("T1"))
    seeds = world.seeds["T1"]
    violations = _watch(page)

    page.goto(f"{base}/voices/write/{seeds['voices']['token']}/")
    # Rendered all visible; write.js hides every category's extra fields but the picked one's.
    page.locator("input[name=category]").first.check()
    hidden = page.evaluate(
        "Array.from(document.querySelectorAll('.vm-cat-extra')).filter(b => b.hidden).length"
    )
    assert hidden >= page.locator(".vm-cat-extra").count() - 1 > 0 or page.locator(".vm-cat-extra").count() == 0
    shot(page, "csp-voices-write")

    login(page, base, "staff_T1", PASSWORD)
    page.goto(f"{base}/deputies/register/new/")
    assert "form-control" in (page.locator("[data-bootstrap-fields] input[name=name]").get_attribute("class") or "")
    shot(page, "csp-deputy-form")
    page.goto(f"{base}/stations/manage/{seeds['stations']['station_id']}/poster/")
    assert page.locator("[data-print]").count() == 1
    assert page.evaluate("getComputedStyle(document.querySelector('.a4')).width") != "auto"
    shot(page, "csp-station-poster")
    page.goto(f"{base}/portal/manage/new/")
    page.wait_for_load_state("networkidle")
    shot(page, "csp-portal-editor")
    page.goto(f"{base}/dashboard/")
    page.wait_for_load_state("networkidle")
    shot(page, "csp-dashboard")
    page.goto(f"{base}/api/docs/")
    page.wait_for_selector(".swagger-ui .information-container", timeout=15000)
    page.goto(f"{base}/api/redoc/")
    page.wait_for_selector("redoc, [role=main], .api-content", timeout=15000)
    assert not violations, violations
