"""The office's webhook: administrators only, https only, secret write-only, SSRF-safe delivery."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from shared_apps.identity.roles import Role
from shared_apps.web.tests.test_outbound import NAME, _Bridge, stub_resolver, tls_bridge  # noqa: F401
from tenant_apps.voices import config, notifications, tenants_config
from tenant_apps.voices.models import Notification

from .helpers import submit

FORM = {"rate_limit_ip": "20/h", "rate_limit_phone": "5/h", "remind_before_hours": "24", "unrated_close_days": "7",
        "reopen_days": "15", "max_reopens": "1", "misroute_working_days": "7"}  # fmt: skip


@pytest.fixture
def no_hook(world):
    yield
    tenants_config.set_voices_config(world.congresses["T1"], webhook_url="", webhook_secret="")


def test_staff_cannot_point_the_webhook_anywhere(world, db, client_for, no_hook):
    staff = client_for("T1", world.user(Role.STAFF, "T1"))
    page = staff.get("/voices/settings/").content.decode()
    assert 'name="webhook_url"' not in page and 'name="webhook_secret"' not in page
    response = staff.post(
        "/voices/settings/options/", {**FORM, "webhook_url": "https://evil.example.com/", "webhook_secret": "x"}
    )
    assert response.status_code == 302
    saved = config.all_settings(world.congresses["T1"])
    assert saved["webhook_url"] == "" and saved["webhook_secret"] == ""
    # Staff still save the rest of the form.
    assert staff.post("/voices/settings/options/", {**FORM, "reopen_days": "9"}).status_code == 302
    assert config.all_settings(world.congresses["T1"])["reopen_days"] == 9


def test_administrator_sets_an_https_webhook_and_the_secret_stays_write_only(world, db, client_for, no_hook):
    admin = client_for("T1", world.user(Role.ADMINISTRATOR, "T1"))
    form = {**FORM, "webhook_url": "https://bridge.example.gov.cn/hook", "webhook_secret": "top-secret-value"}
    assert admin.post("/voices/settings/options/", form).status_code == 302
    saved = config.all_settings(world.congresses["T1"])
    assert saved["webhook_url"] == "https://bridge.example.gov.cn/hook"
    assert saved["webhook_secret"] == "top-secret-value"
    page = admin.get("/voices/settings/").content.decode()
    assert "bridge.example.gov.cn" in page and "top-secret-value" not in page and "已设置" in page
    for url in ("http://bridge.example.gov.cn/hook", "file:///etc/passwd", "gopher://127.0.0.1:6379/_"):
        admin.post("/voices/settings/options/", {**form, "webhook_url": url, "webhook_secret": ""})
        assert config.get("webhook_url", world.congresses["T1"]) == "https://bridge.example.gov.cn/hook"


def test_the_config_schema_refuses_non_https_everywhere(world, db):
    with pytest.raises(ValidationError):
        tenants_config.set_voices_config(world.congresses["T1"], webhook_url="http://10.0.0.1/")


def test_delivery_signs_and_posts_to_the_checked_address(
    world, db, in_congress, no_hook, tls_bridge, stub_resolver  # noqa: F811
):
    stub_resolver["addresses"] = ["127.0.0.1"]
    url = f"https://{NAME}:{tls_bridge.server_port}/bridge"
    tenants_config.set_voices_config(world.congresses["T1"], webhook_url=url, webhook_secret="bridge-secret")
    settings = config.all_settings(world.congresses["T1"])
    with in_congress("T1"):
        voice = submit(world)
        hook = Notification.objects.get(voice=voice, channel="webhook")
        notifications.deliver(hook, settings)  # refused: the bridge is on loopback
        assert hook.sent_at is None and "non-public" in hook.error and _Bridge.received == []
        with override_settings(OUTBOUND_ALLOWED_NETWORKS=["127.0.0.1/32"]):
            notifications.deliver(hook, settings)
        assert hook.sent_at is not None and hook.error == ""
    headers, body = _Bridge.received[-1]
    assert notifications.verify("bridge-secret", headers[notifications.SIGNATURE_HEADER], body)
    assert json.loads(body)["voice_id"] == voice.pk


def test_a_new_api_key_is_shown_only_on_its_own_congress_page(world, db, client_for):
    t1 = client_for("T1", world.user(Role.ADMINISTRATOR, "T1"))
    assert t1.post("/voices/settings/keys/", {"name": "城市App"}).status_code == 302
    raw = next(v for k, v in t1.session.items() if k.startswith("voices_new_key"))
    # The same session opened on another congress's settings page (shared cookie domain).
    t2 = client_for("T2", world.user(Role.ADMINISTRATOR, "T2"))
    session = t2.session
    session.update({k: v for k, v in t1.session.items() if k.startswith("voices_new_key")})
    session.save()
    assert raw not in t2.get("/voices/settings/").content.decode()
    assert raw in t1.get("/voices/settings/").content.decode()
