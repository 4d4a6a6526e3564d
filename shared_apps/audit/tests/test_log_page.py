"""The audit page shows names and readable labels, not ids and codes."""

from __future__ import annotations

from django_tenants.utils import schema_context

from shared_apps.audit import labels
from shared_apps.audit.services import acting, record


def test_audit_page_shows_names_and_labels(world, client_for):
    admin = world.user("administrator", "T1")
    congress = world.congresses["T1"]
    with schema_context(congress.schema_name), acting(user_id=admin.pk, ip="198.51.100.5"):
        record("tenants.module_disabled", congress, {"module": "portal"}, congress=congress)
        record("identity.login_failed", None, {"known_account": False})
        record("someapp.unlabelled_action", congress)
    body = client_for("T1", admin).get("/console/audit/").content.decode()
    assert "停用模块" in body and "tenants.module_disabled</td>" not in body
    assert admin.display_name in body  # the actor's name, not the id
    assert congress.name in body  # the object's name, not "tenants.congress #id"
    assert "tenants.congress #" not in body
    assert "198.51.100.5" in body
    assert "someapp.unlabelled_action" in body  # unknown codes show as they are


def test_apps_register_their_labels(db):
    assert labels.label("voices.accept") == "受理"
    assert labels.label("identity.login") == "登录"
    assert labels.label("deputies.register_exported") == "导出代表名册"
