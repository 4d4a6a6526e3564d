"""The category taxonomy: seed defaults, the provisioning seeder, editing on the settings page."""

from tenant_apps.voices import taxonomy
from tenant_apps.voices.models import Category


def test_defaults_and_the_provisioning_seeder(world, db, in_congress):
    with in_congress("T2"):
        taxonomy.seed_categories(world.congresses["T2"], {"categories": [
            {"code": "environment", "name": "环境", "deadline_amount": 3, "deadline_unit": "working_days",
             "subcategories": ["噪音", "油烟"]},
        ]})
        codes = set(Category.objects.filter(parent__isnull=True).values_list("code", flat=True))
        assert codes >= {"help", "suggestion", "consultation", "thanks", "other", "environment"}
        consultation = Category.objects.get(code="consultation")
        assert (consultation.deadline_amount, consultation.deadline_unit) == (24, "hours")
        assert [s.name for s in Category.objects.get(code="environment").subcategories.all()] == ["噪音", "油烟"]


def test_staff_edit_a_category_with_extra_fields(world, db, client_for, in_congress):
    with in_congress("T1"):
        help_ = Category.objects.get(code="help")
    client = client_for("T1", world.user("staff", "T1"))
    fields = '[{"name": "building", "label": "楼栋号", "required": true}]'
    response = client.post(f"/voices/settings/categories/{help_.pk}/", {
        "name": "求助", "deadline_amount": "3", "deadline_unit": "working_days", "extra_fields": fields,
        "is_active": "on"})
    assert response.status_code == 302
    with in_congress("T1"):
        help_.refresh_from_db()
        assert help_.deadline_amount == 3 and help_.extra_fields[0]["label"] == "楼栋号"
    page = client_for("T1").get(f"/voices/write/{world.seeds['T1']['voices']['token']}/").content.decode()
    assert "楼栋号" in page
    bad = client.post(f"/voices/settings/categories/{help_.pk}/", {
        "name": "求助", "deadline_amount": "3", "deadline_unit": "working_days", "extra_fields": "not json"})
    assert bad.status_code == 302
    with in_congress("T1"):
        help_.refresh_from_db()
        assert help_.extra_fields[0]["name"] == "building"  # nothing stored was lost


def test_staff_set_rate_limits_deadlines_and_the_webhook(world, db, client_for):
    client = client_for("T1", world.user("administrator", "T1"))
    form = {"rate_limit_ip": "", "rate_limit_phone": "3/h", "remind_before_hours": "12", "unrated_close_days": "5",
            "reopen_days": "10", "max_reopens": "2", "misroute_working_days": "7",
            "webhook_url": "https://bridge.example.gov.cn/hook", "webhook_secret": "s3"}
    assert client.post("/voices/settings/options/", form).status_code == 302
    from tenant_apps.voices import config

    saved = config.all_settings(world.congresses["T1"])
    assert saved["rate_limit_ip"] is None and saved["rate_limit_phone"] == "3/h" and saved["reopen_days"] == 10
    assert saved["webhook_secret"] == "s3"
    page = client.get("/voices/settings/").content.decode()
    assert "bridge.example.gov.cn" in page and "s3" not in page
    client.post("/voices/settings/options/", {**form, "rate_limit_phone": "lots", "webhook_secret": ""})
    assert config.all_settings(world.congresses["T1"])["rate_limit_phone"] == "3/h"  # refused, nothing lost
