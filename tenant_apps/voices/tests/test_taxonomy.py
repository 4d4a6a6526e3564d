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
