"""Archives are computed from verified records: figures match, query count does not grow."""

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context
from openpyxl import load_workbook

from tenant_apps.deputies import exports, selectors, services
from tenant_apps.deputies.models import DutyRecord, DutyStatus

from .helpers import deputy

pytestmark = pytest.mark.django_db


def _records(d, other, n, year=2024, verified=True, prefix="活动"):
    types = ["meeting", "inspection", "suggestion", "voter_contact", "group_activity"]
    made = []
    for i in range(n):
        record = services.record_duty(
            duty_type=types[i % 5],
            title=f"{prefix}{year}-{i}",
            occurred_on=dt.date(year, 1 + i % 12, 1 + i % 28),
            participants=[d, other] if i % 3 == 0 else [d],
            entered_by="office",
        )
        if verified:
            services.verify_duty(record, user_id=None)
        made.append(record)
    return made


def test_year_and_term_archives_match_the_records(world, client_for):
    with tenant_context(world.congresses["K1"]):
        term = services.create_term(number=9, started_on=dt.date(2021, 10, 1))
        d, other = deputy("陈代表", term=term), deputy("林代表", term=term)
        _records(d, other, 12, year=2024)
        _records(d, other, 5, year=2023)
        pending = _records(d, other, 2, year=2024, verified=False, prefix="未审")
        services.reject_duty(pending[0], user_id=None, reason="重复")
        archive = selectors.year_archive(d, 2024)
        expected = {}
        for r in DutyRecord.objects.filter(participants=d, status=DutyStatus.VERIFIED, occurred_on__year=2024):
            expected[r.duty_type] = expected.get(r.duty_type, 0) + 1
        assert {row["code"]: row["count"] for row in archive.rows if row["count"]} == expected
        assert archive.total_count == 12 and len(archive.records) == 12
        assert archive.total_points == sum(r.points for r in archive.records)
        whole = selectors.term_archive(d, term)
        assert whole.total_count == 17
        book = load_workbook(io.BytesIO(exports.archive_xlsx(whole)))
        summary = list(book["履职汇总"].iter_rows(values_only=True))
        assert summary[-1][:2] == ("合计", 17)
        assert book["履职记录"].max_row == 18
    staff = client_for("K1", world.user("staff", "K1"))
    page = staff.get(f"/deputies/archive/{d.pk}/year/2024/")
    assert page.status_code == 200
    assert 'data-testid="total-count">12<' in page.content.decode()
    assert "活动2024-0" in staff.get(f"/deputies/archive/{d.pk}/term/{term.pk}/print/").content.decode()
    assert staff.get(f"/deputies/archive/{d.pk}/term/{term.pk}/export.xlsx").status_code == 200
    # The unverified and rejected ones do not appear.
    assert pending[1].title not in page.content.decode()


def test_archive_query_count_does_not_depend_on_the_number_of_records(world):
    with tenant_context(world.congresses["K2"]):
        few, other = deputy("少代表"), deputy("他代表")
        many = deputy("多代表")
        _records(few, other, 3)
        _records(many, other, 40)
        counts = []
        for d in (few, many):
            with CaptureQueriesContext(connection) as queries:
                archive = selectors.year_archive(d, 2024)
                for record in archive.records:
                    [p.name for p in record.participants.all()]
                    list(record.attachments.all())
            counts.append(len(queries))
        assert counts[0] == counts[1], counts
