"""Members, units and seat requests in the tenant isolation suite (both sites serve them)."""

import io

from openpyxl import load_workbook

from shared_apps.identity import importer, services
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
        "congress_id": congress.pk,
        "secrets": [unit.name, person.display_name, invitee.display_name],
    }


def _member(seed):
    return {"pk": seed["membership_id"]}


def _unit(seed):
    return {"pk": seed["unit_id"]}


def _seat(seed):
    return {"pk": seed["seat_id"]}


def _import_file(seed):
    """A real, good workbook of the target congress, checked as a dry run: the rightful user gets
    the report (200); anyone else is refused before the file is read."""
    from tenants.models import Congress

    book = load_workbook(io.BytesIO(importer.template(Congress.objects.get(pk=seed["congress_id"]))))
    book[importer.MEMBERS_SHEET].append(["对照", "17600008888", "", "工作人员", ""])
    upload = io.BytesIO()
    book.save(upload)
    upload.seek(0)
    upload.name = "members.xlsx"
    return {"file": upload, "action": "check", "dry_run": "true"}


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
    ("identity:members_import", "post", None, _import_file),
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
    ("identity-api:member-import-file", "post", None, _import_file),
    ("identity-api:member-export", "get", None, None),
    ("identity-api:unit-list", "get", None, None),
    ("identity-api:unit-list", "post", None, {"kind": "government", "name": "越权单位"}),
    ("identity-api:unit-detail", "get", _unit, None),
    ("identity-api:unit-rename", "post", _unit, {"name": "越权改名"}),
    ("identity-api:unit-retire", "post", _unit, None),
    ("identity-api:unit-restore", "post", _unit, None),
]

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


def _own_status(name, method):
    return 200 if method == "get" else OWN_WRITE_STATUS[name]


CASES = [
    Case(name, method=method, kwargs=kwargs, data=data, own_status=_own_status(name, method))
    for name, method, kwargs, data in _TABLE
]
# On the platform site these pages and endpoints exist too (shared URLconf). They are guarded
# by congress capabilities (identity.manage_members / view_members), and nobody holds one on
# the platform site (identity.selectors: no congress there): congress administrators and the
# platform operator alike get 403 before any object is looked up. Operators manage accounts
# through the accounts pages instead. The positive controls of these views are the congress
# cases above (same views, same guards).
CASES += [
    Case(name, method=method, kwargs=(lambda seed: {"pk": 1}) if kwargs else None,
         data=None if callable(data) else data, site="platform", own_status=403)
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
