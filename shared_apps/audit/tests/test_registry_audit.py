"""Module switches, module configuration, congress status and register exports are audited."""

from __future__ import annotations

from django_tenants.utils import schema_context

from shared_apps.audit.models import AuditEntry
from tenants.models import Congress, CongressStatus
from tenants.services import set_module, set_status


def _actions(schema: str, prefix: str) -> list[AuditEntry]:
    with schema_context(schema):
        return list(AuditEntry.objects.filter(action__startswith=prefix).order_by("id"))


def test_module_switch_on_the_switchboard_is_audited_with_its_actor(world, client_for):
    admin = world.user("administrator", "T1")
    client = client_for("T1", admin)
    response = client.post("/console/modules/", {"module": "portal", "config": "{}"})  # unchecked: off
    assert response.status_code == 302
    [entry] = _actions(world.congresses["T1"].schema_name, "tenants.module_")
    assert (entry.action, entry.actor_id, entry.data["module"]) == ("tenants.module_disabled", admin.pk, "portal")
    assert entry.congress_id == world.congresses["T1"].pk


def test_module_configuration_is_audited_without_its_values(world, db):
    congress = world.congresses["T2"]
    set_module(congress, "voices", enabled=True, config={"webhook_secret": "s3cret-value"})
    [entry] = _actions("public", "tenants.module_configured")
    assert entry.data == {"module": "voices", "config_keys": ["webhook_secret"]}
    assert "s3cret" not in str(entry.data)
    set_module(congress, "voices", enabled=True, config={"webhook_secret": "s3cret-value"})
    assert len(_actions("public", "tenants.module_configured")) == 1  # nothing changed, nothing recorded


def test_status_change_is_audited(world, db):
    congress = Congress.objects.get(pk=world.congresses["K2"].pk)
    set_status(congress, CongressStatus.SUSPENDED)
    [entry] = _actions("public", "tenants.status_changed")
    assert entry.data == {"from": "active", "to": "suspended"}
    assert entry.object_id == str(congress.pk)


def test_register_export_is_audited(world, client_for):
    staff = world.user("staff", "T1")
    response = client_for("T1", staff).get("/deputies/register/export.xlsx")
    assert response.status_code == 200
    [entry] = _actions(world.congresses["T1"].schema_name, "deputies.register_exported")
    assert entry.actor_id == staff.pk and "unmasked" in entry.data
