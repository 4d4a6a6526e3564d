"""Module settings forms generated from each manifest's configuration schema."""

from __future__ import annotations

import pytest

from tenants.configforms import ModuleConfigForm, redacted
from tenants.models import ModuleSwitch
from tenants.modules import get_manifest
from tenants.services import set_module

SECRET = "s3cret-webhook-key-T1"


@pytest.fixture
def voices_admin(world, client_for):
    congress = world.congresses["T1"]
    set_module(congress, "voices", enabled=True, config={"webhook_secret": SECRET})
    yield client_for("T1", world.user("administrator", "T1"))
    set_module(congress, "voices", enabled=True, config={"webhook_secret": ""})


def _voices_post(**fields):
    data = {"module": "voices", "voices-enabled": "on"}
    data.update({f"voices-{k}": v for k, v in fields.items()})
    return data


def test_every_module_config_round_trips_through_its_form(world, db):
    """Submitting a module's form unchanged stores the configuration it started from."""
    for code in ("portal", "voices", "deputies", "stations"):
        manifest = get_manifest(code)
        stored = dict(manifest.default_config)
        form = ModuleConfigForm(manifest, stored)
        data = {"module": code}
        for name, field in form.fields.items():
            value = field.prepare_value(form.initial.get(name))
            if value in (None, False):
                continue
            data[form.add_prefix(name)] = "on" if value is True else value
        bound = ModuleConfigForm(manifest, stored, data)
        assert bound.is_valid(), (code, bound.errors)
        assert {**manifest.default_config, **bound.config()} == {**manifest.default_config, **stored}, code


def test_a_secret_is_never_rendered_back(voices_admin):
    page = voices_admin.get("/console/modules/").content.decode()
    assert SECRET not in page
    assert 'name="voices-webhook_secret"' in page and 'type="password"' in page
    assert "已设置，留空则不修改" in page


def test_an_empty_secret_keeps_the_stored_one_and_clear_removes_it(world, voices_admin):
    congress = world.congresses["T1"]
    assert voices_admin.post("/console/modules/", _voices_post(max_reopens="2")).status_code == 302
    config = ModuleSwitch.objects.get(congress=congress, module="voices").config
    assert config["webhook_secret"] == SECRET and config["max_reopens"] == 2
    assert voices_admin.post("/console/modules/", _voices_post(webhook_secret__clear="on")).status_code == 302
    assert ModuleSwitch.objects.get(congress=congress, module="voices").config["webhook_secret"] == ""


def test_bad_values_are_refused_in_chinese_and_nothing_is_stored(world, voices_admin):
    congress = world.congresses["T1"]
    before = ModuleSwitch.objects.get(congress=congress, module="voices").config
    response = voices_admin.post("/console/modules/", _voices_post(max_reopens="99", stop_words="公园\n停车"))
    assert response.status_code == 400
    assert "确保该值小于或等于5" in response.content.decode().replace(" ", "")
    assert ModuleSwitch.objects.get(congress=congress, module="voices").config == before


def test_lists_and_numeric_maps_become_plain_fields(world, db):
    manifest = get_manifest("deputies")
    data = {
        "module": "deputies", "deputies-enabled": "on",
        "deputies-points__meeting": "4", "deputies-points__inspection": "3",
        "deputies-custom_types": "river_patrol|巡河\nvisit|走访",
    }
    form = ModuleConfigForm(manifest, {}, data)
    assert form.is_valid(), form.errors
    config = form.config()
    assert config["points"]["meeting"] == 4
    assert config["custom_types"] == [{"code": "river_patrol", "name": "巡河"}, {"code": "visit", "name": "走访"}]
    assert "履职积分 · 参加会议" in str(form["points__meeting"].label)
    bad = ModuleConfigForm(manifest, {}, {**data, "deputies-custom_types": "只有一项"})
    assert not bad.is_valid()
    assert "第 1 行应有 2 项" in str(bad.errors)


def test_redacted_hides_secrets(db):
    manifest = get_manifest("voices")
    shown = redacted(manifest, {"webhook_secret": SECRET, "max_reopens": 1})
    assert shown == {"webhook_secret": True, "max_reopens": 1}
