"""Administrators add staff, handlers and administrators; each then does exactly what the role allows."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django_tenants.utils import schema_context

from shared_apps.accounts.models import Invitation
from shared_apps.audit.models import AuditEntry
from shared_apps.identity import second_factor, selectors, services
from shared_apps.identity.models import Membership, SeatRequest, SeatRequestStatus
from shared_apps.identity.roles import Role
from shared_apps.messaging.models import OutboundMessage
from tests.support.second_factor import code_for, enrol
from tests.support.world import PASSWORD


def _login(world, key: str, user, client_for):
    """Log in through the real form, with the password the invitation would have set.

    Administrators then pass the second factor through the real form too, with a known device.
    """
    user.set_password(PASSWORD)
    user.save(update_fields=["password"])
    client = client_for(key)
    response = client.post("/accounts/login/", {"username": user.phone or user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    if second_factor.required_for(user):
        enrol(user)
        verified = client.post("/accounts/otp/", {"token": code_for(user.username), "next": "/console/"})
        assert verified.status_code == 302, verified.content.decode()[:500]
    return client


def test_administrator_adds_staff_handler_and_administrator_who_each_do_what_their_role_allows(world, client_for):
    congress = world.congresses["K1"]
    admin = client_for("K1", world.user("administrator", "K1"))
    unit = world.units["K1"]["court"]

    page = admin.get("/accounts/members/add/")
    assert page.status_code == 200 and "添加成员" in page.content.decode()
    new_staff = {"display_name": "新同事", "phone": "177 0000 0101", "role": "staff"}
    response = admin.post("/accounts/members/add/", new_staff)
    assert response.status_code == 302
    staff = selectors.user_by_phone("17700000101")
    assert staff is not None and staff.display_name == "新同事"
    assert "177" not in staff.username  # login names carry no personal data
    response = admin.post("/accounts/members/add/", {
        "display_name": "法院承办人", "email": "Court.Handler@Example.cn", "role": "handler",
        "organisation_unit": unit.pk,
    })
    assert response.status_code == 302
    handler = selectors.user_by_email("court.handler@example.cn")
    created = admin.post("/api/v1/identity/members/", {"display_name": "第二管理员", "phone": "17700000102",
                                                        "role": "administrator"}, content_type="application/json")
    assert created.status_code == 201 and created.json()["outcome"] == "created"
    second_admin = selectors.user_by_phone("17700000102")

    # Every new account got its invitation, and every change is in the audit trail with its actor.
    for user in (staff, handler, second_admin):
        assert Invitation.objects.filter(user=user, congress=congress).exists()
    with schema_context(congress.schema_name):
        added = AuditEntry.objects.filter(action="identity.membership_added", data__user__in=[staff.pk, handler.pk])
        assert added.count() == 2
        assert set(added.values_list("actor_id", flat=True)) == {world.user("administrator", "K1").pk}
    assert Membership.objects.active().get(user=handler, congress=congress).organisation_unit == unit

    as_staff = _login(world, "K1", staff, client_for)
    assert as_staff.get("/console/").status_code == 200
    assert as_staff.get("/accounts/members/").status_code == 200  # staff see members
    assert as_staff.get("/accounts/members/add/").status_code == 403  # but do not manage them
    assert as_staff.post("/api/v1/identity/units/", {"kind": "government", "name": "X"}).status_code == 403
    assert as_staff.get("/console/modules/").status_code == 403

    as_handler = _login(world, "K1", handler, client_for)
    assert as_handler.get("/console/").status_code == 200
    assert as_handler.get("/accounts/members/").status_code == 403
    assert as_handler.get("/api/v1/identity/members/").status_code == 403
    assert "identity.view_members" not in as_handler.get("/api/v1/identity/me/").json()["capabilities"]

    as_admin = _login(world, "K1", second_admin, client_for)
    assert as_admin.get("/console/modules/").status_code == 200
    response = as_admin.post("/accounts/units/", {"kind": "procuratorate", "name": "某区人民检察院"})
    assert response.status_code == 302
    # The second administrator can end the first one's seat: a congress always keeps one.
    first = Membership.objects.active().get(user=world.user("administrator", "K1"), congress=congress)
    assert as_admin.post(f"/accounts/members/{first.pk}/remove/").status_code == 302
    assert not Membership.objects.active().filter(pk=first.pk).exists()
    own = Membership.objects.active().get(user=second_admin, congress=congress, role=Role.ADMINISTRATOR)
    with pytest.raises(ValidationError, match="唯一的管理员"):
        services.remove_member(own)


def test_a_handler_needs_a_unit_and_bad_input_gets_clear_chinese_errors(world, client_for):
    admin = client_for("K1", world.user("administrator", "K1"))
    page = admin.post("/accounts/members/add/", {"display_name": "甲", "phone": "12345", "role": "handler"})
    assert page.status_code == 400
    body = page.content.decode()
    assert "手机号应为 11 位数字" in body
    page = admin.post("/accounts/members/add/", {"display_name": "甲", "phone": "17700000201", "role": "handler"})
    assert page.status_code == 400 and "承办人员必须属于一个单位" in page.content.decode()
    assert selectors.user_by_phone("17700000201") is None  # nothing half-made
    api = admin.post("/api/v1/identity/members/", {"role": "staff"}, content_type="application/json")
    assert api.status_code == 400
    error = api.json()["error"]
    assert error["code"] and "手机号或电子邮箱" in error["message"] and "phone" in error["fields"]
    deputy = admin.post("/api/v1/identity/members/", {"phone": "17700000202", "display_name": "乙", "role": "deputy"},
                        content_type="application/json")
    assert deputy.status_code == 400


def test_changing_a_role_keeps_the_history(world, client_for):
    congress = world.congresses["K1"]
    admin = client_for("K1", world.user("administrator", "K1"))
    added = services.add_person(congress=congress, role=Role.STAFF, display_name="丙", phone="17700000301")
    old = added.membership
    response = admin.post(f"/accounts/members/{old.pk}/role/", {
        "role": "handler", "organisation_unit": world.units["K1"]["government"].pk})
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.ended_at is not None
    new = Membership.objects.active().get(user=added.user, congress=congress)
    assert new.role == Role.HANDLER and added.user.groups.filter(pk=world.units["K1"]["government"].group_id).exists()
    with schema_context(congress.schema_name):
        change = AuditEntry.objects.get(action="identity.role_changed", object_id=str(new.pk))
    assert change.data["from_role"] == "staff" and change.data["to_role"] == "handler"
    api = admin.post(f"/api/v1/identity/members/{new.pk}/role/", {"role": "leader"}, content_type="application/json")
    assert api.status_code == 200 and api.json()["role"] == "leader"
    assert not added.user.groups.filter(pk=world.units["K1"]["government"].group_id).exists()
    assert Membership.objects.filter(user=added.user, congress=congress).count() == 3


def test_ids_of_another_congress_are_not_found_here(world, client_for):
    """An administrator of T1, on T1's own site, cannot reach T2's memberships or units by id."""
    admin = client_for("T1", world.user("administrator", "T1"))
    theirs = Membership.objects.active().get(user=world.user("staff", "T2"))
    unit = world.units["T2"]["government"]
    assert admin.post(f"/accounts/members/{theirs.pk}/remove/").status_code == 404
    assert admin.get(f"/accounts/members/{theirs.pk}/role/").status_code == 404
    assert admin.delete(f"/api/v1/identity/members/{theirs.pk}/").status_code == 404
    assert admin.post(f"/accounts/units/{unit.pk}/retire/").status_code == 404
    assert admin.post(f"/api/v1/identity/units/{unit.pk}/rename/", {"name": "x"}).status_code == 404
    response = admin.post("/api/v1/identity/members/", {"phone": "17700000401", "display_name": "丁",
                          "role": "handler", "organisation_unit_id": unit.pk}, content_type="application/json")
    assert response.status_code == 400
    assert Membership.objects.active().filter(pk=theirs.pk).exists()


# Consent ---------------------------------------------------------------------------------------


def test_a_person_of_another_congress_must_accept_a_seat(world, client_for):
    t1 = world.congresses["T1"]
    person = world.user("staff", "T2")
    person.phone = "17700000501"
    person.save(update_fields=["phone"])
    admin = client_for("T1", world.user("administrator", "T1"))
    response = admin.post("/accounts/members/add/", {"phone": "17700000501", "role": "staff"})
    assert response.status_code == 302
    assert not Membership.objects.active().filter(user=person, congress=t1).exists()
    seat = SeatRequest.objects.get(user=person, congress=t1, status=SeatRequestStatus.PENDING)
    assert "待本人确认" in admin.get("/accounts/members/").content.decode()
    notice = OutboundMessage.objects.get(purpose="identity.seat_offered", user_id=person.pk)
    assert "/accounts/seats/" in notice.text and t1.name in notice.text

    # Nobody else can accept it, not even the administrator who offered it.
    other = client_for("T1", world.user("leader", "T1"))
    assert other.post(f"/accounts/seats/{seat.pk}/accept/").status_code == 404
    assert admin.post(f"/api/v1/identity/seats/{seat.pk}/accept/").status_code == 404

    own = client_for("T2", person)
    listed = own.get("/accounts/seats/")
    assert listed.status_code == 200 and t1.name in listed.content.decode()
    assert [s["id"] for s in own.get("/api/v1/identity/seats/").json()["results"]] == [seat.pk]
    assert own.post(f"/accounts/seats/{seat.pk}/accept/").status_code == 302
    assert Membership.objects.active().filter(user=person, congress=t1, role=Role.STAFF).exists()
    seat.refresh_from_db()
    assert seat.status == SeatRequestStatus.ACCEPTED and seat.decided_by == person
    assert own.post(f"/accounts/seats/{seat.pk}/accept/").status_code == 404  # once


def test_declining_and_an_operator_linking_directly(world, client_for):
    t1 = world.congresses["T1"]
    person = world.user("leader", "K2")
    person.email = "leader-k2@example.cn"
    person.save(update_fields=["email"])
    offered = services.add_person(congress=t1, role=Role.LEADER, email="LEADER-K2@example.cn",
                                  actor=world.user("administrator", "T1"))
    assert offered.outcome == "pending"
    declined = client_for("K2", person).post(f"/api/v1/identity/seats/{offered.request.pk}/decline/")
    assert declined.status_code == 200 and declined.json()["status"] == "declined"
    assert not Membership.objects.active().filter(user=person, congress=t1).exists()

    operator = world.users["operator"]
    direct = services.add_person(congress=t1, role=Role.LEADER, email="leader-k2@example.cn", actor=operator)
    assert direct.outcome == "added"
    with schema_context(t1.schema_name):
        assert AuditEntry.objects.filter(action="identity.seat_linked_by_operator", data__user=person.pk).exists()


def test_a_deputy_seat_on_an_account_of_another_congress_waits_for_consent(world, client_for):
    """Issue 11.5: staff of T1 registering a deputy with the phone of K2's leader do not take over the account."""
    import datetime as dt

    from tenant_apps.deputies import services as deputies
    from tenant_apps.deputies.models import Deputy

    t1 = world.congresses["T1"]
    person = world.user("leader", "K2")
    person.phone = "17700000601"
    person.save(update_fields=["phone"])
    staff = world.user("staff", "T1")
    with schema_context(t1.schema_name):
        deputy = deputies.register_deputy(
            name="某代表", registered_on=dt.date(2022, 1, 1), mobile="17700000601", create_account=True, actor=staff,
        )
        assert deputy.user_id is None
    assert not Membership.objects.active().filter(user=person, congress=t1).exists()
    seat = SeatRequest.objects.get(user=person, congress=t1, role=Role.DEPUTY)
    assert seat.reference == f"deputies.deputy:{deputy.pk}"

    assert client_for("K2", person).post(f"/accounts/seats/{seat.pk}/accept/").status_code == 302
    assert Membership.objects.active().filter(user=person, congress=t1, role=Role.DEPUTY).exists()
    with schema_context(t1.schema_name):
        assert Deputy.objects.get(pk=deputy.pk).user_id == person.pk


def test_a_deputy_registered_by_an_operator_or_for_a_fresh_account_is_linked_at_once(world, db):
    import datetime as dt

    from tenant_apps.deputies import services as deputies

    t1 = world.congresses["T1"]
    person = world.user("deputy", "K2")
    person.phone = "17700000701"
    person.save(update_fields=["phone"])
    with schema_context(t1.schema_name):
        linked = deputies.register_deputy(
            name="运营登记", registered_on=dt.date(2022, 1, 1), mobile="17700000701", create_account=True,
            actor=world.users["operator"],
        )
        fresh = deputies.register_deputy(
            name="新代表", registered_on=dt.date(2022, 1, 1), mobile="17700000702", create_account=True,
            actor=world.user("staff", "T1"),
        )
    assert linked.user_id == person.pk
    assert fresh.user is not None and Membership.objects.active().filter(user=fresh.user, congress=t1).exists()


def test_someone_already_in_this_congress_gets_another_role_without_asking(world, db):
    t1, k1 = world.congresses["T1"], world.congresses["K1"]
    person = world.user("deputy", "T1")
    services.add_membership(user=person, congress=k1, role=Role.STAFF)  # also works in the county
    person.phone = "17700000901"
    person.save(update_fields=["phone"])
    added = services.add_person(congress=t1, role=Role.LEADER, phone="17700000901",
                                actor=world.user("administrator", "T1"))
    assert added.outcome == "added"
    assert Membership.objects.active().filter(user=person, congress=t1, role=Role.LEADER).exists()
