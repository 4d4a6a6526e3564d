"""Exports: the register as Excel and as Popolo JSON, archives and statistics as Excel."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font, PatternFill

from shared_apps.web import xlsx

from . import selectors
from .context import current_congress
from .importer import COLUMNS
from .models import DelegationGroup, Deputy, DeputyLevel, Gender, Occupation, Party, Seat, Term

_HEADER = PatternFill("solid", fgColor="C8102E")


def _sheet(workbook: Workbook, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]):
    sheet = workbook.active if workbook.active.title == "Sheet" else workbook.create_sheet()
    sheet.title = title
    sheet.append(list(header))
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = _HEADER
    for row in rows:
        sheet.append(list(row))
    for index, label in enumerate(header, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = max(10, len(str(label)) * 2 + 2)
    sheet.freeze_panes = "A2"
    return sheet


def _save(workbook: Workbook) -> bytes:
    return xlsx.to_bytes(workbook)


def register_xlsx(deputies: Iterable[Deputy], *, reveal: bool) -> bytes:
    """Same columns as the import template, so an exported roster can be edited and re-imported."""
    labels = {
        "gender": dict(Gender.choices),
        "party": dict(Party.choices),
        "occupation": dict(Occupation.choices),
        "level": dict(DeputyLevel.choices),
    }

    def row(deputy: Deputy) -> list[Any]:
        contacts = selectors.contacts(deputy, reveal=reveal)
        values = {
            "roster_code": deputy.roster_code or "",
            "name": deputy.name,
            "ethnicity": deputy.ethnicity,
            "birth_year": deputy.birth_year,
            "position": deputy.position,
            "term": deputy.term.number if deputy.term else "",
            "constituency": deputy.constituency.name if deputy.constituency else "",
            "group": deputy.group.name if deputy.group else "",
            "registered_on": deputy.registered_on.isoformat(),
            **contacts,
        }
        for key, mapping in labels.items():
            values[key] = str(mapping.get(getattr(deputy, key), ""))
        return [values[c.key] for c in COLUMNS] + [deputy.left_on.isoformat() if deputy.left_on else ""]

    workbook = Workbook(write_only=False)
    _sheet(workbook, "代表名册", [c.label for c in COLUMNS] + ["离任日期"], (row(d) for d in deputies))
    return _save(workbook)


def popolo(base_url: str) -> dict[str, Any]:
    """The register in Popolo (https://www.popoloproject.com/): people, organisations, posts and
    memberships. Contact details are personal data and are left out. See docs/interop.md."""
    congress = current_congress()
    congress_id = f"congress-{congress.region_code}"
    deputies = list(Deputy.objects.select_related("term", "constituency", "group").order_by("pk"))
    persons = []
    for deputy in deputies:
        person: dict[str, Any] = {
            "id": f"deputy-{deputy.pk}",
            "name": deputy.name,
            "identifiers": [{"scheme": "renda:deputy", "identifier": str(deputy.pk)}],
        }
        if deputy.roster_code:
            person["identifiers"].append({"scheme": "roster_code", "identifier": deputy.roster_code})
        if deputy.gender:
            person["gender"] = deputy.gender
        if deputy.birth_year:
            person["birth_date"] = str(deputy.birth_year)
        if deputy.photo:
            person["image"] = base_url + deputy.photo.url
        if deputy.ethnicity:
            person["ethnicity"] = deputy.ethnicity
        if deputy.position:
            person["summary"] = deputy.position
        persons.append(person)
    organizations: list[dict[str, Any]] = [
        {
            "id": congress_id,
            "name": congress.name,
            "classification": "legislature",
            "identifiers": [{"scheme": "GB/T 2260", "identifier": congress.region_code}],
        }
    ]
    for group in DelegationGroup.objects.order_by("pk"):
        organizations.append(
            {
                "id": f"group-{group.pk}",
                "name": group.name,
                "classification": "delegation_group",
                "parent_id": congress_id,
            }
        )
    used_parties = {d.party for d in deputies if d.party}
    for code, label in Party.choices:
        if code in used_parties:
            organizations.append({"id": f"party-{code}", "name": str(label), "classification": "party"})
    posts = []
    constituencies = {d.constituency for d in deputies if d.constituency}
    for constituency in sorted(constituencies, key=lambda c: c.pk):
        posts.append(
            {
                "id": f"post-{constituency.pk}",
                "label": f"{constituency.name}代表",
                "role": "代表",
                "organization_id": congress_id,
                "area_id": f"area-{constituency.pk}",
            }
        )
    memberships = []
    for seat in Seat.objects.select_related("deputy").order_by("pk"):
        membership: dict[str, Any] = {
            "id": f"seat-{seat.pk}",
            "person_id": f"deputy-{seat.deputy_id}",
            "organization_id": congress_id,
            "role": str(DeputyLevel(seat.deputy.level).label),
            "start_date": seat.started_on.isoformat(),
        }
        if seat.constituency_id:
            membership["post_id"] = f"post-{seat.constituency_id}"
        if seat.term_id:
            membership["legislative_period_id"] = f"term-{seat.term_id}"
        if seat.ended_on:
            membership["end_date"] = seat.ended_on.isoformat()
        memberships.append(membership)
        if seat.group_id:
            group_membership = {
                "id": f"seat-{seat.pk}-group",
                "person_id": f"deputy-{seat.deputy_id}",
                "organization_id": f"group-{seat.group_id}",
                "role": "组员",
                "start_date": seat.started_on.isoformat(),
            }
            if seat.ended_on:
                group_membership["end_date"] = seat.ended_on.isoformat()
            memberships.append(group_membership)
    for deputy in deputies:
        if deputy.party:
            memberships.append(
                {
                    "id": f"deputy-{deputy.pk}-party",
                    "person_id": f"deputy-{deputy.pk}",
                    "organization_id": f"party-{deputy.party}",
                    "role": "党员",
                }
            )
    events = [
        {
            "id": f"term-{term.pk}",
            "name": term.name,
            "classification": "legislative period",
            "organization_id": congress_id,
            "start_date": term.started_on.isoformat(),
            **({"end_date": term.ended_on.isoformat()} if term.ended_on else {}),
        }
        for term in Term.objects.order_by("number")
    ]
    areas = [
        {"id": f"area-{c.pk}", "name": c.name, "classification": "constituency"}
        for c in sorted(constituencies, key=lambda c: c.pk)
    ]
    return {
        "persons": persons,
        "organizations": organizations,
        "posts": posts,
        "memberships": memberships,
        "events": events,
        "areas": areas,
    }


def archive_xlsx(archive: selectors.Archive) -> bytes:
    workbook = Workbook()
    summary = [(row["name"], row["count"], float(row["points"])) for row in archive.rows]
    summary.append(("合计", archive.total_count, float(archive.total_points)))
    _sheet(workbook, "履职汇总", ["履职类型", "次数", "积分"], summary)
    _sheet(
        workbook,
        "履职记录",
        ["日期", "类型", "标题", "地点", "参加代表", "积分", "内容"],
        (
            (
                d.occurred_on.isoformat(),
                d.type_name,
                d.title,
                d.place,
                "、".join(p.name for p in d.participants.all()),
                float(d.points),
                d.description,
            )
            for d in archive.records
        ),
    )
    for section in archive.sections:
        header = list(section.rows[0]) if section.rows else ["—"]
        _sheet(workbook, section.title[:30], header, ([r[k] for k in header] for r in section.rows))
    return _save(workbook)


def statistics_xlsx(kind: str) -> bytes:
    workbook = Workbook()
    if kind == "composition":
        data = selectors.composition()
        titles = {"level": "按层级", "gender": "按性别", "age": "按年龄段", "party": "按政治面貌"}
        for key, title in titles.items():
            _sheet(workbook, title, ["分类", "人数"], data[key])
    elif kind == "records":
        _sheet(
            workbook,
            "人均履职",
            ["年份", "履职记录（人次）", "在任代表", "人均"],
            ((r["year"], r["records"], r["deputies"], r["per_deputy"]) for r in selectors.records_per_deputy()),
        )
    elif kind == "backlog":
        data = selectors.backlog()
        _sheet(workbook, "待审核", ["履职类型", "待审核"], data["by_type"])
        _sheet(
            workbook,
            "概况",
            ["项目", "数值"],
            [
                ("待审核", data["pending"]),
                ("已退回", data["rejected"]),
                ("最早待审核（天）", data["oldest_days"]),
            ],
        )
    elif kind == "ranking":
        _sheet(
            workbook,
            "积分排行",
            ["名次", "代表", "层级", "履职次数", "积分"],
            (
                (i, r["name"], str(DeputyLevel(r["level"]).label), r["records"], float(r["points"]))
                for i, r in enumerate(selectors.points_ranking(), start=1)
            ),
        )
    else:
        raise KeyError(kind)
    return _save(workbook)


STATISTICS_KINDS = ("composition", "records", "backlog", "ranking")
