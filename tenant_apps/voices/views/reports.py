"""The congress's statistics page and its Excel exports."""

from __future__ import annotations

import contextlib
import datetime as dt

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from shared_apps.identity.access import capability_required

from .. import config, exports, selectors, stats


def _scoped(request: HttpRequest):
    qs = selectors.all_voices()
    for key, lookup in (("from", "submitted_at__date__gte"), ("to", "submitted_at__date__lte")):
        value = request.GET.get(key)
        if value:
            with contextlib.suppress(ValueError):
                qs = qs.filter(**{lookup: dt.date.fromisoformat(value)})
    return qs


@capability_required("voices.stats")
def stats_page(request: HttpRequest) -> HttpResponse:
    report = stats.report(_scoped(request), stop_words=config.get("stop_words"))
    return render(
        request,
        "voices/staff/stats.html",
        {"report": report, "params": request.GET, "tables": list(exports.STATS_TABLES)},
    )


@capability_required("voices.stats")
def stats_export(request: HttpRequest, table: str) -> HttpResponse:
    if table != "all" and table not in exports.STATS_TABLES:
        raise Http404
    report = stats.report(_scoped(request), stop_words=config.get("stop_words"))
    return exports.stats_workbook(report, table)
