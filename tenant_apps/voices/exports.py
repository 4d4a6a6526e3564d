"""Excel exports (openpyxl) of the message list and of every statistics table.

Personal data stays out: the list carries the masked phone only, never the name.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from shared_apps.privacy.masking import mask_phone
from shared_apps.web import xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_response(filename: str, sheets: Sequence[tuple[str, Sequence[str], Iterable[Sequence]]]) -> HttpResponse:
    book = Workbook()
    book.remove(book.active)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title[:31])
        sheet.append(list(header))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(v) for v in row])
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 16
    response = HttpResponse(xlsx.to_bytes(book), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _cell(value):
    if hasattr(value, "tzinfo") and value.tzinfo is not None:
        return timezone.localtime(value).replace(tzinfo=None)
    if value is None:
        return ""
    return value if isinstance(value, int | float | str) else str(value)


def voices_workbook(qs) -> HttpResponse:
    header = [
        _("查询码"),
        _("提交时间"),
        _("类别"),
        _("标题"),
        _("联络站"),
        _("收信代表"),
        _("状态"),
        _("主办单位"),
        _("办理期限"),
        _("超期"),
        _("首次答复"),
        _("评价"),
        _("手机号"),
    ]
    rows = (
        (
            v.tracking_code,
            v.submitted_at,
            v.category.name,
            v.title,
            v.station.name if v.station else "",
            v.deputy.name if v.deputy else "",
            v.get_status_display(),
            v.lead_unit.name if v.lead_unit else "",
            v.due_at,
            _("是") if v.was_overdue else "",
            v.first_replied_at,
            v.get_rating_display(),
            mask_phone(v.phone),
        )
        for v in qs.iterator(chunk_size=500)
    )
    return workbook_response("voices.xlsx", [(_("群众留言"), header, rows)])


def stats_workbook(report: dict, table: str) -> HttpResponse:
    sheets = STATS_TABLES[table](report) if table != "all" else [s for f in STATS_TABLES.values() for s in f(report)]
    return workbook_response(f"voices-stats-{table}.xlsx", sheets)


def _headline(r):
    h = r["headline"]
    return [
        (
            _("总体"),
            [
                _("收集"),
                _("答复"),
                _("答复率%"),
                _("按时答复"),
                _("按时率%"),
                _("已评价"),
                _("满意"),
                _("满意率%"),
                _("办结"),
                _("超期未办"),
            ],
            [
                [
                    h["collected"],
                    h["answered"],
                    h["answer_rate"],
                    h["on_time"],
                    h["on_time_rate"],
                    h["rated"],
                    h["satisfied"],
                    h["satisfaction_rate"],
                    h["closed"],
                    h["overdue"],
                ]
            ],
        )
    ]


def _categories(r):
    return [
        (
            _("按类别"),
            [_("类别"), _("件数"), _("占比%"), _("答复"), _("满意"), _("满意率%")],
            [
                [
                    c["name"],
                    c["count"],
                    c["share"],
                    c["answered"],
                    c["satisfied"],
                    c["satisfaction_rate"],
                ]
                for c in r["categories"]
            ],
        )
    ]


def _statuses(r):
    return [(_("按状态"), [_("状态"), _("件数")], [[s["name"], s["count"]] for s in r["statuses"]])]


def _months(r):
    return [
        (
            _("按月份"),
            [_("月份"), _("收集"), _("答复"), _("满意")],
            [[m["month"], m["count"], m["answered"], m["satisfied"]] for m in r["months"]],
        )
    ]


def _reply_times(r):
    t = r["reply_times"]
    return [
        (
            _("答复用时"),
            [_("平均小时"), _("中位小时"), _("咨询类已答复"), _("24小时内"), _("24小时答复率%")],
            [
                [
                    t["average_hours"],
                    t["median_hours"],
                    t["consultations_answered"],
                    t["consultations_within_24h"],
                    t["consultations_24h_rate"],
                ]
            ],
        )
    ]


def _people(r):
    return [
        (
            _("按性别"),
            [_("性别"), _("件数"), _("占比%")],
            [[g["name"], g["count"], g["share"]] for g in r["genders"]],
        ),
        (
            _("按年龄段"),
            [_("年龄段"), _("件数"), _("占比%")],
            [[a["name"], a["count"], a["share"]] for a in r["age_bands"]],
        ),
    ]


def _keywords(r):
    return [(_("热词"), [_("关键词"), _("提及条数")], [[k["word"], k["count"]] for k in r["keywords"]])]


STATS_TABLES = {
    "headline": _headline,
    "categories": _categories,
    "statuses": _statuses,
    "months": _months,
    "reply_times": _reply_times,
    "people": _people,
    "keywords": _keywords,
}
