"""Organisation units: the kinds follow the level; rename, retire and restore, audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from shared_apps.audit.models import AuditEntry
from shared_apps.identity import services
from shared_apps.identity.models import OrganisationKind
from shared_apps.identity.roles import Role
from shared_apps.identity.rules import kinds_for_level
from tenants.regions import Level


def test_courts_procuratorates_and_supervision_commissions_exist_from_county_level_up():
    assert kinds_for_level(Level.TOWNSHIP) == kinds_for_level(Level.SUBDISTRICT) == (
        OrganisationKind.CONGRESS, OrganisationKind.GOVERNMENT)
    for level in (Level.PROVINCE, Level.CITY, Level.COUNTY):
        assert set(kinds_for_level(level)) == set(OrganisationKind)


@pytest.mark.parametrize("kind", ["court", "procuratorate", "supervision"])
def test_a_sub_district_cannot_create_a_court(world, client_for, kind):
    with pytest.raises(ValidationError, match="只设在县级及以上"):
        services.create_organisation_unit(congress=world.congresses["T1"], kind=kind, name="某法院")
    admin = client_for("T1", world.user("administrator", "T1"))
    page = admin.post("/accounts/units/", {"kind": kind, "name": "某法院"})
    assert page.status_code == 400
    api = admin.post("/api/v1/identity/units/", {"kind": kind, "name": "某法院"}, content_type="application/json")
    assert api.status_code == 400 and "只设在县级及以上" in api.json()["error"]["message"]
    offered = admin.get("/accounts/units/").content.decode()
    assert 'value="government"' in offered and f'value="{kind}"' not in offered


def test_a_county_creates_renames_retires_and_restores_units(world, client_for):
    k1 = world.congresses["K1"]
    admin = client_for("K1", world.user("administrator", "K1"))
    created = admin.post("/api/v1/identity/units/", {"kind": "court", "name": "测试区人民法院"},
                         content_type="application/json")
    assert created.status_code == 201
    unit_id = created.json()["id"]
    again = admin.post("/accounts/units/", {"kind": "court", "name": "测试区人民法院"})
    assert again.status_code == 400 and "已有名为" in again.content.decode()

    assert admin.post(f"/accounts/units/{unit_id}/rename/", {"name": "测试区法院"}).status_code == 302
    unit = k1.organisation_units.get(pk=unit_id)
    assert unit.name == "测试区法院" and unit.group.name.endswith("测试区法院")
    services.create_organisation_unit(congress=k1, kind="court", name="测试区人民法院")  # the old name is free

    handler = services.add_person(congress=k1, role=Role.HANDLER, display_name="戊", phone="17700000801",
                                  organisation_unit=unit).membership
    refused = admin.post(f"/api/v1/identity/units/{unit_id}/retire/")
    assert refused.status_code == 400 and "承办人员" in refused.json()["error"]["message"]
    services.remove_member(handler)
    assert admin.post(f"/accounts/units/{unit_id}/retire/").status_code == 302
    unit.refresh_from_db()
    assert not unit.is_active
    with pytest.raises(ValidationError, match="已撤销"):
        services.add_person(congress=k1, role=Role.HANDLER, display_name="己", phone="17700000802",
                            organisation_unit=unit)
    assert admin.post(f"/api/v1/identity/units/{unit_id}/restore/").json()["is_active"] is True
    with schema_context(k1.schema_name):
        actions = set(AuditEntry.objects.filter(object_id=str(unit_id), object_type="identity.organisationunit")
                      .values_list("action", flat=True))
    assert {"identity.unit_created", "identity.unit_renamed", "identity.unit_retired",
            "identity.unit_restored"} <= actions


def test_readers_see_units_but_only_administrators_change_them(world, client_for):
    leader = client_for("K1", world.user("leader", "K1"))
    assert leader.get("/accounts/units/").status_code == 200
    assert leader.post("/accounts/units/", {"kind": "government", "name": "某局"}).status_code == 403
    unit = world.units["K1"]["government"]
    assert leader.post(f"/accounts/units/{unit.pk}/rename/", {"name": "改名"}).status_code == 403
    assert leader.post(f"/api/v1/identity/units/{unit.pk}/retire/").status_code == 403


def test_onboarding_a_township_with_a_court_is_refused(db):
    from provisioning import spec

    data = spec.normalise({
        "name": "某镇人大", "level": "township", "region_code": "320102190", "parent": "320102",
        "units": [{"kind": "court", "name": "人民法庭"}, {"kind": "government", "name": "镇政府"}],
    })
    problems = {p.path: p.message for p in spec.validate(data)}
    assert "只设在县级及以上" in problems["units[0].kind"]
    assert "units[1].kind" not in problems
