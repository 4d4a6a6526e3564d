"""The dashboard as an Excel workbook (openpyxl)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from shared_apps.web import xlsx

from .labels import label
from .selectors import HEADLINE, Dashboard, metric_label

RATE_LABELS = {
    "reply_rate": "答复率（%）",
    "on_time_rate": "按时答复率（%）",
    "satisfaction_rate": "满意率（%）",
    "avg_reply_hours": "平均答复用时（小时）",
    "duty_per_deputy": "人均履职次数",
}


def _sheet(book: Workbook, title: str, header: list[str], rows: list[list]) -> None:
    sheet = book.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for column in sheet.columns:
        sheet.column_dimensions[column[0].column_letter].width = max(12, min(40, len(str(column[0].value)) * 2 + 4))


def workbook(board: Dashboard) -> bytes:
    book = Workbook()
    book.remove(book.active)
    period = f"{board.period.start:%Y-%m} — {board.period.end:%Y-%m}"
    overview = [[_("人大"), board.node.name], [_("时间范围"), period]]
    overview += [[_(metric_label(m)), float(board.totals.get(m, 0))] for m in HEADLINE]
    overview += [[_(label), board.rates.get(key)] for key, label in RATE_LABELS.items()]
    _sheet(book, _("总览"), [_("项目"), _("数值")], overview)
    _sheet(
        book, _("下级人大"),
        [_("排名"), _("人大"), _("层级"), _("综合得分"), *[_(metric_label(m)) for m in HEADLINE],
         *[_(v) for v in RATE_LABELS.values()]],
        [
            [c["rank"], c["unit"].name + (_("（本级）") if c["is_self"] else ""), c["unit"].level_label, c["score"],
             *[float(c["figures"].get(m, 0)) for m in HEADLINE], *[c["rates"].get(k) for k in RATE_LABELS]]
            for c in board.children
        ],
    )
    trend_metrics = [m for m in board.trend if m != "months"]
    _sheet(
        book, _("月度趋势"), [_("月份"), *[_(metric_label(m)) for m in trend_metrics]],
        [[month, *[float(board.trend[m][i]) for m in trend_metrics]] for i, month in enumerate(board.trend["months"])],
    )
    _sheet(book, _("类别分布"), [_("类别"), _("代码"), _("群众意见数")],
           [[label("category", k), k, float(v)] for k, v in board.mix["category"]])
    _sheet(book, _("履职类型"), [_("类型"), _("代码"), _("履职记录")],
           [[label("duty_type", k), k, float(v)] for k, v in board.mix["duty_type"]])
    _sheet(book, _("热点话题"), [_("关键词"), _("出现次数")], [[w, n] for w, n in board.hot_topics])
    return xlsx.to_bytes(book)
