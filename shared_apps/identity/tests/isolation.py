"""Members, units and seat requests in the tenant isolation suite (both sites serve them)."""

from shared_apps.identity import services
from shared_apps.identity.models import SeatRequest
from shared_apps.identity.roles import Role
from tests.isolation.registry import Case


def SEED(world, key):
    congress = world.congresses[key]
    unit = services.create_organisation_unit(congress=congress, kind="government", name=f"{key}-机密局")
    person = services.create_user(username=f"iso_member_{key}", display_name=f"{key}机密成员")
    member = services.add_membership(user=person, congress=congress, role=Role.STAFF)
    invitee = services.create_user(username=f"iso_invitee_{key}", display_name=f"{key}待确认人")
    seat = SeatRequest.objects.create(user=invitee, congress=congress, role=Role.LEADER)
    return {
        "membership_id": member.pk,
        "unit_id": unit.pk,
        "seat_id": seat.pk,
        "secrets": [unit.name, person.display_name, invitee.display_name],
    }


def _member(seed):
    return {"pk": seed["membership_id"]}


def _unit(seed):
    return {"pk": seed["unit_id"]}


def _seat(seed):
    return {"pk": seed["seat_id"]}


ADD = {"display_name": "越权添加", "phone": "17600009999", "role": "administrator"}

# (url name, method, kwargs, data); GET cases get 200 for the congress's own administrator
_TABLE = [
    ("identity:member_add", "get", None, None),
    ("identity:member_add", "post", None, ADD),
    ("identity:member_role", "get", _member, None),
    ("identity:member_role", "post", _member, {"role": "administrator"}),
    ("identity:member_remove", "post", _member, None),
    ("identity:seat_cancel", "post", _seat, None),
    ("identity:members_import", "get", None, None),
    ("identity:members_import", "post", None, None),
    ("identity:import_template", "get", None, None),
    ("identity:members_export", "get", None, None),
    ("identity:units", "get", None, None),
    ("identity:units", "post", None, {"kind": "government", "name": "越权单位"}),
    ("identity:unit_rename", "post", _unit, {"name": "越权改名"}),
    ("identity:unit_retire", "post", _unit, None),
    ("identity:unit_restore", "post", _unit, None),
    ("identity-api:member-list", "get", None, None),
    ("identity-api:member-list", "post", None, ADD),
    ("identity-api:member-detail", "get", _member, None),
    ("identity-api:member-detail", "delete", _member, None),
    ("identity-api:member-role", "post", _member, {"role": "administrator"}),
    ("identity-api:member-import-file", "post", None, None),
    ("identity-api:member-export", "get", None, None),
    ("identity-api:unit-list", "get", None, None),
    ("identity-api:unit-list", "post", None, {"kind": "government", "name": "越权单位"}),
    ("identity-api:unit-detail", "get", _unit, None),
    ("identity-api:unit-rename", "post", _unit, {"name": "越权改名"}),
    ("identity-api:unit-retire", "post", _unit, None),
    ("identity-api:unit-restore", "post", _unit, None),
]

CASES = [Case(name, method=method, kwargs=kwargs, data=data) for name, method, kwargs, data in _TABLE]
# On the platform site these pages and endpoints exist too (shared URLconf): nobody holds a
# congress capability there, so administrators of congresses are refused.
CASES += [
    Case(name, method=method, kwargs=(lambda seed: {"pk": 1}) if kwargs else None, data=data, site="platform")
    for name, method, kwargs, data in _TABLE
]

EXEMPT = {
    "identity:seats": "lists the requesting user's own pending seats (an operator: all, by design)",
    "identity:seat_accept": "acts only on the requesting user's own pending seat (404 otherwise; test_people)",
    "identity:seat_decline": "acts only on the requesting user's own pending seat (404 otherwise; test_people)",
    "identity-api:seat-list": "the requesting user's own pending seats",
    "identity-api:seat-accept": "acts only on the requesting user's own pending seat (404 otherwise)",
    "identity-api:seat-decline": "acts only on the requesting user's own pending seat (404 otherwise)",
}

# Write cases and what the congress's own administrator gets: the positive controls
# (shared_apps/identity/tests/test_isolation_controls.py).
OWN_WRITE_STATUS = {
    "identity:member_add": 302,
    "identity:member_role": 302,
    "identity:member_remove": 302,
    "identity:seat_cancel": 302,
    "identity:members_import": 200,  # a dry run of a good file
    "identity:units": 302,
    "identity:unit_rename": 302,
    "identity:unit_retire": 302,
    "identity:unit_restore": 302,
    "identity-api:member-list": 201,
    "identity-api:member-detail": 204,
    "identity-api:member-role": 200,
    "identity-api:member-import-file": 200,
    "identity-api:unit-list": 201,
    "identity-api:unit-rename": 200,
    "identity-api:unit-retire": 200,
    "identity-api:unit-restore": 200,
}
