"""Statistics for the congress dashboard, their Excel exports, and the register exports."""

import datetime as dt
import io
import json

import pytest
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from tenant_apps.deputies import selectors, services

from .helpers import deputy

pytestmark = pytest.mark.django_db


def test_statistics_and_their_excel_exports(world, client_for):
    this_year = dt.date.today().year
    with tenant_context(world.congresses["C2"]):
        a = deputy("统计甲", gender="female", birth_year=this_year - 40, party="cpc")
        b = deputy("统计乙", gender="male", birth_year=this_year - 70, party="masses", level="city")
        for i in range(3):
            record = services.record_duty(
                duty_type="suggestion",
                title=f"建议{i}",
                occurred_on=dt.date(this_year, 1, 2 + i),
                participants=[a],
                entered_by="office",
            )
            services.verify_duty(record, user_id=None)
        services.record_duty(
            duty_type="meeting",
            title="待审",
            occurred_on=dt.date(this_year, 1, 9),
            participants=[b],
            entered_by="office",
        )
        composition = selectors.composition()
        assert dict(composition["gender"])["女"] >= 1 and dict(composition["age"])["65岁及以上"] >= 1
        backlog = selectors.backlog()
        assert backlog["pending"] >= 1
        ranking = selectors.points_ranking(this_year)
        assert ranking[0]["name"] == "统计甲" and float(ranking[0]["points"]) == 15
        row = next(r for r in selectors.records_per_deputy() if r["year"] == this_year)
        assert row["records"] >= 3
    leader = client_for("C2", world.user("leader", "C2"))
    page = leader.get("/deputies/statistics/").content.decode()
    assert "统计甲" in page
    for kind in ("composition", "records", "backlog", "ranking"):
        response = leader.get(f"/deputies/statistics/{kind}.xlsx")
        assert response.status_code == 200
        load_workbook(io.BytesIO(response.content))
    assert leader.get("/api/v1/deputies/statistics/").json()["backlog"]["pending"] >= 1
    assert client_for("C2", world.user("deputy", "C2")).get("/deputies/statistics/").status_code == 403


def test_register_exports_excel_masked_and_popolo_without_contacts(world, client_for):
    with tenant_context(world.congresses["C1"]):
        term = services.create_term(number=16, started_on=dt.date(2021, 10, 1))
        place = services.create_constituency(name="出口第一选区")
        group = services.create_group(name="出口小组", term=term)
        d = deputy(
            "出口代表",
            mobile="13812340000",
            term=term,
            constituency=place,
            group=group,
            party="cpc",
            roster_code="C-1",
        )
        services.leave_office(deputy("出口前任", mobile="13812340001"), left_on=dt.date(2024, 1, 1))
    leader = client_for("C1", world.user("leader", "C1"))
    book = load_workbook(io.BytesIO(leader.get("/deputies/register/export.xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    mine = next(r for r in rows if r[1] == "出口代表")
    assert "138****0000" in mine and "13812340000" not in mine
    popolo = json.loads(leader.get("/deputies/register/export.popolo.json").content)
    assert set(popolo) >= {"persons", "organizations", "memberships", "posts"}
    person = next(p for p in popolo["persons"] if p["name"] == "出口代表")
    assert person["id"] == f"deputy-{d.pk}"
    assert "13812340000" not in json.dumps(popolo) and "contact_details" not in json.dumps(popolo)
    seat = next(
        m
        for m in popolo["memberships"]
        if m["person_id"] == person["id"] and m["organization_id"].startswith("congress-")
    )
    assert seat["post_id"] == f"post-{place.pk}" and seat["legislative_period_id"] == f"term-{term.pk}"
    assert any(m["organization_id"] == f"group-{group.pk}" for m in popolo["memberships"])
    former = next(p for p in popolo["persons"] if p["name"] == "出口前任")
    assert any(m.get("end_date") == "2024-01-01" for m in popolo["memberships"] if m["person_id"] == former["id"])


def test_register_export_neutralises_an_imported_formula_name(world, client_for):
    payload = '=HYPERLINK("http://evil.example/","张三")'
    with tenant_context(world.congresses["C1"]):
        deputy(payload, mobile="13812349999")
    leader = client_for("C1", world.user("leader", "C1"))
    book = load_workbook(io.BytesIO(leader.get("/deputies/register/export.xlsx").content))
    cell = next(c for row in book.active.iter_rows() for c in row if c.value == payload)
    assert cell.data_type == "s" and cell.quotePrefix
