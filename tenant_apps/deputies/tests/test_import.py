"""Excel import: template, dry run with per-row Chinese reasons, all or nothing, idempotent."""

import io

import pytest
from django.db import connection
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from shared_apps.bus.models import OutboxEvent
from shared_apps.identity.models import Membership
from shared_apps.identity.selectors import user_by_phone
from tenant_apps.deputies import importer
from tenant_apps.deputies.models import Deputy

from .helpers import good_row, roster

pytestmark = pytest.mark.django_db


def test_template_has_the_columns_and_instructions(world, client_for):
    response = client_for("T1", world.user("staff", "T1")).get("/deputies/register/import/template.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    header = [c.value for c in book.worksheets[0][1]]
    assert header[:3] == ["代表编号", "姓名*", "性别"] and "手机号*" in header
    assert "填写说明" in book.sheetnames


def test_dry_run_reports_every_bad_row_with_its_number_and_a_chinese_reason(world):
    rows = [
        good_row(1),
        good_row(2, gender="未知"),
        good_row(3, mobile="123"),
        good_row(4, name="", registered_on="明年"),
        good_row(5, mobile="15900000001"),  # same as row 2 of the sheet
        good_row(6, term="99"),
    ]
    with tenant_context(world.congresses["T2"]):
        report, _parsed = importer.check(io.BytesIO(roster(rows)))
        assert Deputy.objects.filter(name__startswith="导入代表").count() == 0
    found = {(e.row, e.column): e.reason for e in report.errors}
    assert "不是有效的性别" in found[(3, "性别")]
    assert "手机号“123”无效" in found[(4, "手机号")]
    assert found[(5, "姓名")] == "姓名不能为空" and "无法识别" in found[(5, "当选日期")]
    assert found[(6, "手机号")] == "与第 2 行重复"
    assert "届次“99”不存在" in found[(7, "届次")]
    assert {e.row for e in report.errors} == {3, 4, 5, 6, 7}


def test_import_is_all_or_nothing(world):
    data = roster([good_row(1), good_row(2), good_row(3, birth_year="一九七〇")])
    with tenant_context(world.congresses["T2"]):
        before = OutboxEvent.objects.count()
        with pytest.raises(importer.ImportRejected) as rejected:
            importer.run(io.BytesIO(data))
        assert [e.row for e in rejected.value.report.errors] == [4]
        assert not Deputy.objects.filter(name__startswith="导入代表").exists()
        assert OutboxEvent.objects.count() == before
    assert user_by_phone("15900000001") is None


def test_reimporting_the_same_file_changes_nothing(world):
    congress = world.congresses["T2"]
    data = roster([good_row(i) for i in range(1, 6)] + [good_row(6, roster_code="A-006")])
    with tenant_context(congress):
        first = importer.run(io.BytesIO(data))
        assert (first.created, first.updated, first.unchanged) == (6, 0, 0)
        snapshot = list(
            Deputy.objects.filter(name__startswith="导入代表")
            .order_by("pk")
            .values_list("pk", "name", "mobile_index", "updated_at", "group__name")
        )
        events = OutboxEvent.objects.count()
        memberships = Membership.objects.filter(congress=congress, role="deputy").count()
        second = importer.run(io.BytesIO(data))
        assert (second.created, second.updated, second.unchanged) == (0, 0, 6)
        assert (
            list(
                Deputy.objects.filter(name__startswith="导入代表")
                .order_by("pk")
                .values_list("pk", "name", "mobile_index", "updated_at", "group__name")
            )
            == snapshot
        )
        assert OutboxEvent.objects.count() == events
        assert Membership.objects.filter(congress=congress, role="deputy").count() == memberships
        changed = roster([good_row(i) for i in range(1, 6)] + [good_row(6, roster_code="A-006", position="新职务")])
        third = importer.run(io.BytesIO(changed))
        assert (third.created, third.updated, third.unchanged) == (0, 1, 5)
        assert Deputy.objects.get(roster_code="A-006").position == "新职务"
        assert Deputy.objects.get(roster_code="A-006").user.phone == "15900000006"


def test_import_page_checks_then_imports(world, client_for):
    staff = client_for("T2", world.user("staff", "T2"))
    bad = roster([good_row(11), good_row(12, gender="X")])
    response = staff.post("/deputies/register/import/", {"file": _upload(bad)})
    assert response.status_code == 400
    assert "第 3 行" in response.content.decode() and "未导入任何数据" in response.content.decode()
    good = roster([good_row(11), good_row(12)])
    response = staff.post("/deputies/register/import/", {"file": _upload(good)})
    assert response.status_code == 200 and "检查通过" in response.content.decode()
    token = response.context["token"]
    assert (
        client_for("T1", world.user("staff", "T1")).post("/deputies/register/import/", {"token": token}).status_code
        == 302
    )  # unknown there
    response = staff.post("/deputies/register/import/", {"token": token})
    assert response.status_code == 302
    with tenant_context(world.congresses["T2"]):
        assert Deputy.objects.filter(name__in=["导入代表11", "导入代表12"]).count() == 2


def _upload(content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(
        "roster.xlsx", content, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )


def test_imported_accounts_keep_mobiles_encrypted_and_usernames_personless(world):
    with tenant_context(world.congresses["T2"]):
        importer.run(io.BytesIO(roster([good_row(31), good_row(32)])))
    for number in ("15900000031", "15900000032"):
        user = user_by_phone(number)
        assert user is not None and user.phone == number
        assert user.username.startswith("u") and number[-8:] not in user.username
        with connection.cursor() as cursor:
            cursor.execute("SELECT username, phone, phone_index FROM identity_user WHERE id = %s", [user.pk])
            username, stored, index = cursor.fetchone()
        assert number[-8:] not in username + stored + index


def test_the_checked_file_waits_sealed_in_redis_briefly(world, client_for):
    from django_redis import get_redis_connection

    redis = get_redis_connection("default")
    redis.flushdb()
    content = roster([good_row(41), good_row(42)])
    staff = client_for("T2", world.user("staff", "T2"))
    response = staff.post("/deputies/register/import/", {"file": _upload(content)})
    token = response.context["token"]
    keys = redis.keys("*")
    assert keys
    for key in keys:
        assert token.encode() not in key
        value = redis.get(key) or b""
        assert b"PK\x03\x04" not in value and content[:200] not in value  # not the spreadsheet
        if b"sealed:" in key:
            assert 0 < redis.ttl(key) <= 10 * 60
    assert any(b"sealed:" in key for key in keys)
    assert staff.post("/deputies/register/import/", {"token": token}).status_code == 302
    with tenant_context(world.congresses["T2"]):
        assert Deputy.objects.filter(name__in=["导入代表41", "导入代表42"]).count() == 2
