"""Subtree rollups as projections: the dashboard's figures stay the same, the rows stay few.

The oracle is the daily ``Rollup`` table, which keeps every figure with all its dimensions on
one row: summing it per subtree, child, month and single dimension gives the figures the
dashboard showed when ``SubtreeRollup`` still held the cross product of the dimensions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.bus.services import publish
from shared_apps.rollups import selectors
from shared_apps.rollups.models import DIMENSIONS, NODE_LEVEL, Rollup, SubtreeRollup
from tenants.models import Congress
from tests.support import contract_events  # noqa: F401  (registers the contract's events)
from tests.support.bus import flow
from tests.support.dashboard_data import publish_sample

MIXES = {  # dashboard mix -> (dimension, metric)
    "category": ("category", "voices.submitted"),
    "duty_type": ("category", "duty.records"),
    "level": ("level", "voices.submitted"),
    "deputy_level": ("level", "deputies.registered"),
    "grade": ("grade", "voices.answered"),
    "rating": ("rating", "voices.rated"),
}


def publish_extras(world) -> None:
    """Events publish_sample does not send: closing, overdue, escalation, stations, leaving office."""
    at = timezone.localtime().replace(day=2, hour=10, minute=0, second=0, microsecond=0)
    for key, outcome in (("T1", "answered"), ("K2", "unrated"), ("C2", "closed_by_staff")):
        with schema_context(world.congresses[key].schema_name), transaction.atomic():
            publish("voice.closed", {"voice_id": 1, "category": "help", "closed_at": at, "outcome": outcome,
                                     "overdue": False})
            publish("voice.overdue", {"voice_id": 2, "category": "suggestion", "due_at": at, "unit_id": None})
            publish("station.opened", {"station_id": 1, "opened_on": "2025-03-01", "deputy_count": 4})
            publish("deputy.left_office", {"deputy_id": 3, "left_on": at.date().isoformat(), "reason": None})
    with schema_context(world.congresses["T2"].schema_name), transaction.atomic():
        publish("voice.escalation_requested", {"voice_id": 1, "category": "help", "summary": "路灯不亮",
                                               "requested_at": at})


def expected(node: Congress, period: selectors.Period) -> dict:
    """The dashboard's figures for ``node``, summed from the daily rollups of its subtree."""
    subtree = {c.pk: c for c in Congress.objects.filter(path__startswith=node.path)}
    child_of = {}
    for pk, congress in subtree.items():
        if pk == node.pk:
            child_of[pk] = pk
        else:
            below = congress.path[len(node.path):].strip("/").split("/")[0]
            child_of[pk] = next(c.pk for c in subtree.values() if c.path == f"{node.path}{below}/")
    totals: dict[str, Decimal] = defaultdict(Decimal)
    children: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    months: dict[str, dict[dt.date, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    mixes: dict[str, dict[str, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(Decimal)))
    for row in Rollup.objects.filter(congress_id__in=subtree):
        month = row.day.replace(day=1)
        if month > period.end or (month < period.start and row.metric not in selectors.STOCKS):
            continue
        totals[row.metric] += row.value
        children[child_of[row.congress_id]][row.metric] += row.value
        if month >= period.start:
            months[row.metric][month] += row.value
        for dimension in ("category", "level", "grade", "rating", "term"):
            if getattr(row, dimension):
                mixes[dimension][row.metric][getattr(row, dimension)] += row.value
    trend = {m: [float(months[m].get(month, 0)) for month in period.months]
             for m in ("voices.submitted", "voices.answered", "voices.on_time", "voices.satisfied",
                       "duty.records", "deputies.active", "escalations.requested")}
    return {
        "totals": {m: float(v) for m, v in totals.items()},
        "children": {pk: {m: float(v) for m, v in figures.items()} for pk, figures in children.items()},
        "trend": trend,
        "mix": {name: sorted(((k, float(v)) for k, v in mixes[dim][metric].items() if v),
                             key=lambda kv: (-kv[1], kv[0]))
                for name, (dim, metric) in MIXES.items()},
        "hot_topics": sorted(((w, int(n)) for w, n in mixes["term"]["topics.keyword"].items() if n),
                             key=lambda kv: (-kv[1], kv[0]))[:30],
    }


def shown(board: selectors.Dashboard) -> dict:
    return {
        "totals": {m: float(v) for m, v in board.totals.items()},
        "children": {c["unit"].id: {m: float(v) for m, v in c["figures"].items()} for c in board.children
                     if c["figures"]},
        "trend": {m: [float(x) for x in v] for m, v in board.trend.items() if m != "months"},
        "mix": {name: [(k, float(v)) for k, v in items] for name, items in board.mix.items()},
        "hot_topics": board.hot_topics,
    }


def test_the_dashboard_shows_the_same_figures_as_the_full_dimension_rows(clean_bus):
    world = clean_bus
    publish_sample(world)
    publish_extras(world)
    flow()
    today = timezone.localdate().replace(day=1)
    periods = [selectors.parse_period({}),
               selectors.Period((today - dt.timedelta(days=70)).replace(day=1), (today - dt.timedelta(days=20))
                                .replace(day=1))]
    for key in ("P", "C1", "K1", "T1", "C2"):
        node = world.congresses[key]
        for period in periods:
            board = selectors.dashboard(world.congresses["P"], node.region_code, period)
            assert board is not None
            assert shown(board) == expected(node, period), (key, period)
    # Every part of the dashboard is exercised by the sample.
    board = selectors.dashboard(world.congresses["P"], None, periods[0])
    assert all(board.mix[name] for name in MIXES) and board.hot_topics
    for metric in ("voices.closed", "voices.overdue", "escalations.requested", "stations.opened",
                   "duty.points", "duty.deputy_records", "deputies.active"):
        assert board.totals[metric], metric
    assert len([c for c in board.children if c["figures"]]) >= 3


def rows_of(node: Congress) -> list[tuple]:
    return sorted(SubtreeRollup.objects.filter(node_id=node.pk)
                  .values_list("child_id", "metric", *DIMENSIONS, "value"))


def test_a_figure_adds_one_plain_row_and_one_row_per_dimension_to_each_ancestor(clean_bus):
    world = clean_bus
    c = world.congresses
    with schema_context(c["T1"].schema_name), transaction.atomic():
        publish("topics.keywords_counted", {"day": "2026-10-05", "category": "help", "source": "voices",
                                            "counts": [{"word": "路灯", "count": 3}]})
        publish("voice.submitted", {"voice_id": 1, "category": "help", "subcategory": None, "station_id": None,
                                    "deputy_id": None, "submitted_at": "2026-10-05T10:00:00+08:00",
                                    "channel": "qr"})
    flow()
    blank = ("",) * 6

    def dims(**given):
        return tuple(given.get(d, "") for d in DIMENSIONS)

    for node, child in ((c["P"], c["C1"]), (c["C1"], c["K1"]), (c["K1"], c["T1"]), (c["T1"], c["T1"])):
        # topics.keyword carries category and term: 1 + 2 rows; voices.submitted category and level: 1 + 2.
        assert rows_of(node) == sorted([
            (child.pk, "topics.keyword", *blank, Decimal(3)),
            (NODE_LEVEL, "topics.keyword", *dims(category="help"), Decimal(3)),
            (NODE_LEVEL, "topics.keyword", *dims(term="路灯"), Decimal(3)),
            (child.pk, "voices.submitted", *blank, Decimal(1)),
            (NODE_LEVEL, "voices.submitted", *dims(category="help"), Decimal(1)),
            (NODE_LEVEL, "voices.submitted", *dims(level="subdistrict"), Decimal(1)),
        ]), node.name
    assert not SubtreeRollup.objects.filter(node_id=c["C2"].pk).exists()


def test_the_rows_grow_with_the_sum_not_the_product_of_the_dimension_values(clean_bus):
    world = clean_bus
    words = [f"词{i}" for i in range(20)]
    categories = ["help", "suggestion", "consultation", "thanks", "other"]
    with schema_context(world.congresses["T1"].schema_name), transaction.atomic():
        for category in categories:
            publish("topics.keywords_counted", {"day": "2026-10-05", "category": category, "source": "voices",
                                                "counts": [{"word": w, "count": 2} for w in words]})
    flow()
    node = world.congresses["P"]
    rows = SubtreeRollup.objects.filter(node_id=node.pk, metric="topics.keyword")
    # One plain row (the child C1), 5 category rows and 20 term rows; not 5 x 20.
    assert rows.count() == 1 + len(categories) + len(words)
    board = selectors.dashboard(node, None, selectors.Period(dt.date(2026, 10, 1), dt.date(2026, 10, 1)))
    assert board.hot_topics[0] == ("词0", 10) and len(board.hot_topics) == 20
    assert board.totals["topics.keyword"] == 200
