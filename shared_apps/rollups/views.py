"""Pages of the leaders' dashboard (一图总览)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from shared_apps.identity.access import capability_required

from . import export, selectors
from .facts import METRICS


def _board(request: HttpRequest) -> tuple[selectors.Dashboard | None, dict | None]:
    try:
        period = selectors.parse_period(request.GET)
    except ValidationError as exc:
        return None, exc.message_dict
    board = selectors.dashboard(request.tenant, request.GET.get("node"), period)
    if board is None:
        raise Http404(_("该人大不在您的统计范围内。"))
    return board, None


@capability_required("dashboard.view")
def overview(request: HttpRequest) -> HttpResponse:
    board, errors = _board(request)
    if errors:
        return render(request, "rollups/dashboard.html", {"errors": errors, "params": request.GET}, status=400)
    return render(
        request,
        "rollups/dashboard.html",
        {"board": board, "data": board.as_json(), "metrics": METRICS, "params": request.GET},
    )


@capability_required("dashboard.view")
def export_xlsx(request: HttpRequest) -> HttpResponse:
    board, errors = _board(request)
    if errors:
        return HttpResponse(" ".join(m for ms in errors.values() for m in ms), status=400,
                            content_type="text/plain; charset=utf-8")
    response = HttpResponse(
        export.workbook(board),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"dashboard-{board.node.code}-{board.period.start:%Y%m}-{board.period.end:%Y%m}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
