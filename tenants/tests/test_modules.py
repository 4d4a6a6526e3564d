"""The module switchboard: a switched-off module is 404 for that congress only."""


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
    page = client.get("/console/modules/").content.decode()
    # A form generated from the schema, labelled in Chinese, not a JSON text box.
    assert 'name="portal-home_post_count"' in page and "首页显示文章数" in page
    response = client.post("/console/modules/", {"module": "portal", "portal-home_post_count": "3"})
    assert response.status_code == 302
    assert client.get("/portal/manage/").status_code == 404
    bad = client.post("/console/modules/", {"module": "portal", "portal-enabled": "on", "portal-home_post_count": "0"})
    assert bad.status_code == 400
    assert "1" in bad.content.decode() and "portal-home_post_count" in bad.content.decode()
    set_module(world.congresses["T1"], "portal", enabled=True, config={"home_post_count": 8})


def test_staff_cannot_switch_modules(world, client_for):
    client = client_for("T1", world.user("staff", "T1"))
    assert client.post("/console/modules/", {"module": "portal"}).status_code == 403
