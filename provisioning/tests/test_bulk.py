"""Bulk onboarding: a 30-congress subtree from one file, in dependency order."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from provisioning import bulk, spec
from provisioning.models import Batch, JobState, ProvisioningJob
from tenants.models import Congress, CongressStatus

pytestmark = pytest.mark.django_db

HEADER = "region_code,name,level,parent,domains,hosting_mode,modules"


def subtree_rows() -> list[str]:
    """A new city (320500) with 4 counties, each with 6 or 7 townships and sub-districts: 30 rows.

    Children come before their parents in the file: the order of the run comes from levels.
    """
    rows = []
    counties = ["320505", "320506", "320507", "320508"]
    n = 0
    for county in counties:
        for t in range(7 if county == "320505" else 6):
            n += 1
            level = "township" if t % 2 else "subdistrict"
            code = f"{county}{100 + t:03d}"
            rows.append(f"{code},批量{n}号乡镇街道,{level},,b{code}.testserver,,portal")
    rows += [f"{c},批量{c}区人大常委会,county,,b{c}.testserver,,portal" for c in counties]
    rows.append("320500,批量市人大常委会,city,320000,b320500.testserver,hosted,portal")
    return rows


def csv_bytes(rows: list[str]) -> bytes:
    return ("\ufeff" + "\n".join([HEADER, *rows]) + "\n").encode()


def test_a_thirty_congress_subtree_from_csv(world):
    rows = subtree_rows()
    assert len(rows) == 30
    seen = []
    batch = bulk.submit(csv_bytes(rows), "subtree.csv")
    assert batch.jobs.count() == 30
    batch = bulk.run(batch.pk, workers=1, progress=lambda job: seen.append((job.depth, job.state)))
    counts = bulk.summary(batch)
    assert batch.state == JobState.SUCCEEDED, list(
        batch.jobs.exclude(state="succeeded").values("region_code", "error")
    )
    assert counts["succeeded"] == 30 and counts["failed"] == 0
    # Parents first: depths never go down in the order jobs finished.
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)
    city = Congress.objects.get(region_code="320500")
    subtree = Congress.objects.subtree_of(city)
    assert subtree.count() == 30
    assert set(subtree.values_list("status", flat=True)) == {CongressStatus.ACTIVE}
    assert Congress.objects.get(region_code="320505101").parent.region_code == "320505"


def test_running_the_same_file_again_changes_nothing(world):
    all_rows = subtree_rows()
    rows = [*all_rows[:3], all_rows[-5], all_rows[-1]]  # 3 townships, their county, the city
    first = bulk.run(bulk.submit(csv_bytes(rows), "a.csv").pk, workers=1)
    assert first.state == JobState.SUCCEEDED
    congresses = Congress.objects.count()
    second = bulk.run(bulk.submit(csv_bytes(rows), "a.csv").pk, workers=1)
    assert second.state == JobState.SUCCEEDED
    assert Congress.objects.count() == congresses
    assert all("跳过" in job.log[0]["message"] for job in second.jobs.all())


def test_a_file_with_problems_creates_nothing(world):
    rows = [
        "320500,坏市,city,320000,bad1.testserver,,portal",
        "320500,重复,city,320000,bad2.testserver,,",
        "320599,坏县,county,,t1.testserver,,nonsense",
        "32059,格式错,county,,bad3.testserver,,",
    ]
    before = (Congress.objects.count(), Batch.objects.count(), ProvisioningJob.objects.count())
    with pytest.raises(spec.SpecInvalid) as caught:
        bulk.submit(csv_bytes(rows), "bad.csv")
    paths = {p.path for p in caught.value.problems}
    assert {
        "rows[3].region_code",
        "rows[4].domains[0]",
        "rows[4].modules.nonsense",
        "rows[5].region_code",
    } <= paths
    assert (
        Congress.objects.count(),
        Batch.objects.count(),
        ProvisioningJob.objects.count(),
    ) == before


def test_a_failed_parent_stops_its_children_and_a_rerun_resumes(world, monkeypatch):
    from provisioning import pipeline

    rows = [subtree_rows()[0], subtree_rows()[-5], subtree_rows()[-1]]
    real = pipeline.STEP_FUNCS["seed"]

    def failing(job):
        if job.region_code == "320505":
            raise RuntimeError("county seed broke")
        return real(job)

    monkeypatch.setitem(pipeline.STEP_FUNCS, "seed", failing)
    batch = bulk.run(bulk.submit(csv_bytes(rows), "x.csv").pk, workers=1)
    states = dict(batch.jobs.values_list("region_code", "state"))
    assert states == {"320500": "succeeded", "320505": "failed", "320505100": "failed"}
    child = batch.jobs.get(region_code="320505100")
    assert child.step == "validate" and "parent" in child.error
    monkeypatch.undo()
    again = bulk.run(bulk.submit(csv_bytes(rows), "x.csv").pk, workers=1)
    assert again.state == JobState.SUCCEEDED
    assert Congress.objects.get(region_code="320505100").status == CongressStatus.ACTIVE


def test_excel_files_are_read_too(world):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append([320500, "表格市人大常委会", "city", "", "x320500.testserver", "", "portal"])
    sheet.append(["320505", "表格区人大常委会", "county", None, "x320505.testserver", None, None])
    buffer = io.BytesIO()
    book.save(buffer)
    batch = bulk.run(bulk.submit(buffer.getvalue(), "tree.xlsx").pk, workers=1)
    assert batch.state == JobState.SUCCEEDED
    assert Congress.objects.get(region_code="320505").parent.region_code == "320500"


def test_a_file_without_the_required_columns_is_refused():
    with pytest.raises(spec.SpecInvalid) as caught:
        bulk.read_rows(b"code,title\n1,2\n", "x.csv")
    assert caught.value.problems[0].path == "(header)"
