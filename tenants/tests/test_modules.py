"""The module switchboard: a switched-off module is 404 for that congress only."""

import json

import pytest
from django.core.exceptions import ValidationError

from tenants.modules import all_manifests
from tenants.services import set_module


def test_portal_manifest_is_complete():
    manifest = all_manifests()["portal"]
    assert manifest.menu and manifest.capabilities and manifest.events == ("portal.post_published",)
    assert "staff" in manifest.roles


def test_switched_off_module_is_404_for_one_congress_and_works_for_another(world, client_for):
    set_module(world.congresses["T1"], "portal", enabled=False)
    off = client_for("T1", world.user("administrator", "T1"))
    on = client_for("T2", world.user("administrator", "T2"))
    for url in ("/portal/manage/", "/api/v1/portal/posts/", "/api/v1/portal/public-posts/", "/portal/list/news/"):
        assert off.get(url).status_code == 404, url
        assert on.get(url).status_code == 200, url
    # Its menu entry and home section disappear too.
    assert "新闻与公告" not in off.get("/console/").content.decode()
    assert 'data-module="portal"' not in off.get("/").content.decode()
    assert 'data-module="portal"' in on.get("/").content.decode()


def test_api_404_for_switched_off_module_is_structured(world, client_for):
    set_module(world.congresses["T1"], "portal", enabled=False)
    response = client_for("T1", world.user("administrator", "T1")).get("/api/v1/portal/posts/")
    assert response.status_code == 404


def test_module_config_is_validated_against_the_manifest(world, db):
    with pytest.raises(ValidationError) as info:
        set_module(world.congresses["T1"], "portal", enabled=True, config={"home_post_count": 0})
    assert "home_post_count" in str(info.value)
    with pytest.raises(ValidationError):
        set_module(world.congresses["T1"], "nonexistent", enabled=True)


def test_administrator_switches_modules_on_the_page(world, client_for):
    client = client_for("T1", world.user("administrator", "T1"))
    response = client.post("/console/modules/", {"module": "portal", "config": json.dumps({"home_post_count": 3})})
    assert response.status_code == 302
    assert client.get("/portal/manage/").status_code == 404
    bad = client.post("/console/modules/", {"module": "portal", "enabled": "on", "config": "{not json"})
    assert bad.status_code == 400
    assert "不是有效的 JSON" in bad.content.decode()


def test_staff_cannot_switch_modules(world, client_for):
    client = client_for("T1", world.user("staff", "T1"))
    assert client.post("/console/modules/", {"module": "portal"}).status_code == 403


def test_switchboard_never_shows_a_secret_and_an_empty_one_keeps_the_stored(world, client_for):
    from tenants.selectors import module_config

    manifest = all_manifests()["voices"]
    assert "webhook_secret" in manifest.secret_keys
    congress = world.congresses["T1"]
    set_module(congress, "voices", enabled=True, config={"webhook_secret": "s3cret-webhook-signing-key"})
    client = client_for("T1", world.user("administrator", "T1"))
    page = client.get("/console/modules/").content.decode()
    assert "s3cret-webhook-signing-key" not in page
    assert "webhook_secret" in page  # the key is there, blank, to be overwritten
    config = json.loads(_voices_textarea(page))
    assert config["webhook_secret"] == ""
    config["max_reopens"] = 2
    response = client.post("/console/modules/", {"module": "voices", "enabled": "on", "config": json.dumps(config)})
    assert response.status_code == 302
    stored = module_config("voices", congress)
    assert stored["webhook_secret"] == "s3cret-webhook-signing-key" and stored["max_reopens"] == 2
    config["webhook_secret"] = "a-new-secret"
    client.post("/console/modules/", {"module": "voices", "enabled": "on", "config": json.dumps(config)})
    from tenants.models import ModuleSwitch

    assert ModuleSwitch.objects.get(congress=congress, module="voices").config["webhook_secret"] == "a-new-secret"


def _voices_textarea(page: str) -> str:
    import html
    import re

    form = page.split('data-module="voices"', 1)[1]
    return html.unescape(re.search(r'<textarea[^>]*name="config"[^>]*>(.*?)</textarea>', form, re.S).group(1))
