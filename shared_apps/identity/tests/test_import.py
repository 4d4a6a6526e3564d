"""Members and units from Excel: good file, bad rows, all-or-nothing, idempotent re-run, export round trip."""

from __future__ import annotations

import io
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from shared_apps.accounts.models import Invitation
from shared_apps.audit.models import AuditEntry
from shared_apps.identity import importer, selectors
from shared_apps.identity.models import Membership, OrganisationUnit, SeatRequest, User
from shared_apps.identity.roles import Role


def workbook(congress, units=(), members=()) -> bytes:
    """Fill the downloadable template the way an office would."""
    book = load_workbook(io.BytesIO(importer.template(congress)))
    for row in units:
        book[importer.UNITS_SHEET].append(list(row))
    for row in members:
        book[importer.MEMBERS_SHEET].append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def state(congress) -> tuple:
    return (
        User.objects.count(),
        Membership.objects.filter(congress=congress).count(),
        OrganisationUnit.objects.filter(congress=congress).count(),
        SeatRequest.objects.filter(congress=congress).count(),
        Invitation.objects.count(),
    )


def test_good_file_dry_run_import_and_idempotent_re_run(world, client_for):
    k1 = world.congresses["K1"]
    outsider = world.user("staff", "T2")  # already works in another congress
    outsider.phone = "17800000009"
    outsider.save(update_fields=["phone"])
    leader = world.user("leader", "K1")
    leader.email = "leader.k1@example.cn"
    leader.save(update_fields=["email"])
    content = workbook(
        k1,
        units=[("政府及部门", "住房和城乡建设局"), ("人民法院", "K1-court"), ("监委", "测试区监察委员会")],
        members=[
            ("王工作", "17800000001", "", "工作人员", ""),
            ("李承办", "", "li.handler@example.cn", "承办人员", "住房和城乡建设局"),
            ("李承办", "", "li.handler@example.cn", "工作人员", ""),  # a second role, one account
            ("赵法院", "178 0000 0003", "", "承办人员", "K1-court"),
            ("钱管理", "+86 17800000004", "", "管理员", ""),
            ("外单位", "17800000009", "", "领导", ""),  # consent needed
            ("领导", "", "LEADER.K1@example.cn", "领导", ""),  # already true
        ],
    )
    before = state(k1)
    report, _plan = importer.check(io.BytesIO(content), k1, actor=world.user("administrator", "K1"))
    assert report.ok, report.errors
    assert (report.units_created, report.accounts_created, report.members_added, report.seats_pending,
            report.unchanged) == (2, 4, 5, 1, 2)
    assert state(k1) == before  # the dry run writes nothing

    admin = client_for("K1", world.user("administrator", "K1"))
    upload = io.BytesIO(content)
    upload.name = "members.xlsx"
    page = admin.post("/accounts/members/import/", {"file": upload, "action": "import"})
    assert page.status_code == 200 and "导入完成" in page.content.decode()

    handler = selectors.user_by_email("li.handler@example.cn")
    seats = Membership.objects.active().filter(user=handler, congress=k1)
    roles = set(seats.values_list("role", "organisation_unit__name"))
    assert roles == {(Role.HANDLER, "住房和城乡建设局"), (Role.STAFF, None)}
    assert handler.groups.filter(organisation_unit__name="住房和城乡建设局").exists()
    assert selectors.user_by_phone("17800000004").memberships.get().role == Role.ADMINISTRATOR
    assert not Membership.objects.active().filter(user=outsider, congress=k1).exists()
    assert SeatRequest.objects.filter(user=outsider, congress=k1, status="pending").count() == 1
    new_people = [handler, selectors.user_by_phone("17800000001")]
    assert Invitation.objects.filter(congress=k1, user__in=new_people).count() == 2
    with schema_context(k1.schema_name):
        entry = AuditEntry.objects.get(action="identity.members_imported")
    assert entry.actor_id == world.user("administrator", "K1").pk and entry.data["accounts_created"] == 4

    after = state(k1)
    again = importer.run(io.BytesIO(content), k1, actor=world.user("administrator", "K1"))
    assert (again.units_created, again.accounts_created, again.members_added, again.seats_pending) == (0, 0, 0, 0)
    assert again.unchanged == again.rows
    assert state(k1) == after  # re-running the same file changes nothing


def test_bad_rows_are_reported_with_reasons_and_nothing_is_imported(world, client_for):
    t1 = world.congresses["T1"]  # a sub-district: no courts
    content = workbook(
        t1,
        units=[("人民法院", "某法院"), ("政府及部门", "街道办"), ("", "无类别"), ("政府及部门", "街道办"),
               ("人民法院", "T1-government")],
        members=[
            ("好人", "17900000001", "", "工作人员", ""),
            ("坏号", "12345", "", "工作人员", ""),
            ("无联系", "", "", "工作人员", ""),
            ("代表", "17900000002", "", "人大代表", ""),
            ("无单位", "17900000003", "", "承办人员", ""),
            ("错单位", "17900000004", "", "承办人员", "不存在的局"),
            ("", "17900000005", "bad-email", "主任", ""),
            ("好人", "17900000001", "", "工作人员", ""),
            ("多余", "17900000006", "", "领导", "街道办"),
        ],
    )
    before = state(t1)
    report, _plan = importer.check(io.BytesIO(content), t1)
    reasons = {(e.sheet, e.row, e.column): e.reason for e in report.errors}
    assert "只设在县级及以上" in reasons["单位", 2, "类别"]
    assert reasons["单位", 4, "类别"] == "类别不能为空"
    assert "与第 3 行重复" in reasons["单位", 5, "名称"]
    assert "已存在" in reasons["单位", 6, "类别"]
    assert "11 位数字" in reasons["成员", 3, "手机号"]
    assert "至少填写一项" in reasons["成员", 4, "手机号"]
    assert "代表名册" in reasons["成员", 5, "角色"]
    assert "必须填写单位" in reasons["成员", 6, "单位"]
    assert "不存在" in reasons["成员", 7, "单位"]
    assert reasons["成员", 8, "姓名"] == "姓名不能为空"
    assert "格式不正确" in reasons["成员", 8, "电子邮箱"]
    assert "不是有效的角色" in reasons["成员", 8, "角色"]
    assert "与第 2 行重复" in reasons["成员", 9, "姓名"]
    assert "只有承办人员" in reasons["成员", 10, "单位"]

    admin = client_for("T1", world.user("administrator", "T1"))
    upload = io.BytesIO(content)
    upload.name = "bad.xlsx"
    page = admin.post("/accounts/members/import/", {"file": upload, "action": "import"})
    assert page.status_code == 400
    assert "未导入任何数据" in page.content.decode() and "只设在县级及以上" in page.content.decode()
    upload.seek(0)
    api = admin.post("/api/v1/identity/members/import/", {"file": upload, "dry_run": "false"})
    assert api.status_code == 400 and len(api.json()["errors"]) == len(report.errors)
    assert state(t1) == before  # all or nothing: not even the good row
    assert selectors.user_by_phone("17900000001") is None

    not_excel = io.BytesIO(b"name,phone\n")
    not_excel.name = "x.xlsx"
    page = admin.post("/accounts/members/import/", {"file": not_excel, "action": "check"})
    assert page.status_code == 400 and "不是有效的 Excel" in page.content.decode()


def test_export_then_import_changes_nothing(world, client_for):
    k2 = world.congresses["K2"]
    admin = client_for("K2", world.user("administrator", "K2"))
    for person in ("staff", "leader", "deputy_affairs"):
        user = world.user(person, "K2")
        user.phone = f"1760000{len(person):02d}{ord(person[0]) % 100:02d}"
        user.save(update_fields=["phone"])
    for kind in ("court", "government"):
        user = world.user(f"handler_{kind}", "K2")
        user.email = f"{kind}@k2.example.cn"
        user.save(update_fields=["email"])
    admin_user = world.user("administrator", "K2")
    admin_user.email = "admin@k2.example.cn"
    admin_user.save(update_fields=["email"])
    response = admin.get("/accounts/members/export.xlsx")
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    content = b"".join(response) if response.streaming else response.content
    report, _plan = importer.check(io.BytesIO(content), k2, actor=admin_user)
    # Members without phone or e-mail are reported (the file can't identify them); the rest are unchanged.
    unidentified = {e.row for e in report.errors}
    assert all(e.reason == "手机号和电子邮箱至少填写一项" for e in report.errors)
    assert report.changes == 0 and report.unchanged == report.rows - len(unidentified)
    assert admin.get("/api/v1/identity/members/export/").status_code == 200
    assert client_for("K2", world.user("staff", "K2")).get("/accounts/members/export.xlsx").status_code == 403


def test_seven_hundred_rows_import_in_a_few_statements(world, db):
    """Lianyungang's scale: 451 staff and 227 handlers of the 一府一委两院 in one file."""
    k2 = world.congresses["K2"]
    units = [("政府及部门", f"政府部门{i:02d}") for i in range(20)] + [
        ("监察委员会", "某县监察委员会"), ("人民法院", "某县人民法院"), ("人民检察院", "某县人民检察院")]
    members = [(f"工作人员{i}", f"1550000{i:04d}", "", "工作人员", "") for i in range(451)]
    members += [(f"承办人{i}", f"1560000{i:04d}", "", "承办人员", units[i % len(units)][1]) for i in range(227)]
    content = workbook(k2, units=units, members=members)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        report = importer.run(io.BytesIO(content), k2, actor=world.user("administrator", "K2"))
        elapsed = time.perf_counter() - started
    assert report.accounts_created == 678 and report.members_added == 678 and report.units_created == 23
    print(f"\n700-row import: {elapsed:.2f}s, {len(queries)} queries")
    # Reading and writing people, units and memberships is bulk: a constant number of statements.
    # What remains per account is its invitation (grant, message, audit: the accounts app).
    ours = [q for q in queries if '"identity_' in q["sql"] or '"auth_group' in q["sql"]]
    assert len(ours) <= 25, [q["sql"][:80] for q in ours]
    assert Invitation.objects.filter(congress=k2).count() >= 678
    assert Membership.objects.active().filter(congress=k2, role=Role.HANDLER).count() >= 227
    with CaptureQueriesContext(connection) as queries:
        again = importer.run(io.BytesIO(content), k2)
    assert again.changes == 0 and len(queries) < 20
