"""Headers of every response: a Content-Security-Policy with no inline script, and no-store
wherever personal data may be in the response."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

from .test_bad_bytes import _get_urls

pytestmark = pytest.mark.django_db
ROOT = Path(settings.ROOT_DIR)


def _policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


@pytest.mark.parametrize("site", ["congress", "platform"])
def test_every_page_and_endpoint_has_a_policy_without_inline_script(world, client_for, site):
    if site == "congress":
        client = client_for("T2", world.user("administrator", "T2"))
    else:
        client = client_for(None, world.users["operator"])
    client.raise_request_exception = False
    urls = _get_urls(world, site)
    missing = []
    for name, url in sorted(urls.items()):
        response = client.get(url)
        if "Content-Security-Policy" not in response:
            missing.append((name, response.status_code))
            continue
        policy = _policy(response)
        assert policy["script-src"] == ["'self'"], (name, policy)
        assert policy["img-src"] == ["'self'", "data:", "blob:"], (name, policy)
        assert policy["object-src"] == ["'none'"], (name, policy)
        docs = name in ("swagger-ui", "redoc")  # their bundles inject <style> elements
        assert docs or "'unsafe-inline'" not in policy["style-src"], (name, policy)
    assert not missing, missing
    anonymous = client_for("T2" if site == "congress" else None)
    assert "Content-Security-Policy" in anonymous.get("/")


# A <script> element with content, or an event handler attribute (onclick=...), in a template.
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|javascript:", re.I)


def test_no_template_has_inline_script_or_event_handlers():
    found = []
    for folder in ("tenants", "shared_apps", "tenant_apps", "provisioning", "platform"):
        for path in (ROOT / folder).rglob("*.html"):
            for number, line in enumerate(path.read_text().splitlines(), 1):
                if INLINE_SCRIPT.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}")
    assert not found, found


def _no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_personal_pages_api_and_exports_are_never_stored(world, client_for):
    staff = client_for("T2", world.user("administrator", "T2"))
    pages = ("/console/", "/deputies/register/", "/voices/manage/")
    exports = ("/deputies/register/export.xlsx", "/voices/manage/export.xlsx")
    for url in pages + exports:
        response = staff.get(url)
        if response.status_code == 404:
            continue
        assert response.status_code == 200 and _no_store(response), url
    assert _no_store(staff.get("/api/v1/identity/me/"))
    anonymous = client_for("T2")
    assert _no_store(anonymous.get("/api/v1/portal/public-posts/"))  # every API answer
    assert _no_store(anonymous.post("/accounts/login/", {"username": "x", "password": "y"}))


def test_static_files_stay_cacheable(world, client_for):
    response = client_for("T2").get("/static/web/page.js")
    assert response.status_code == 200 and not _no_store(response)
