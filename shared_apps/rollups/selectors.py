"""The leaders' dashboard: one SQL statement per view over the subtree rollups.

The statement reads only rows whose ``node_id`` is the node on screen, and it only finds that
node when its path lies inside the leader's own subtree (``scope``), so nothing outside the
leader's subtree can be summed, whatever ``node`` a request names. Its cost depends on the
number of children and months (plain rows) and on the number of distinct dimension values
(dimension rows, one dimension each), not on how many congresses lie below nor on the cross
product of a figure's dimensions.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.models import Congress
from tenants.regions import Level

from .facts import METRICS
from .labels import label
from .models import NODE_LEVEL

# Which label table each mix uses.
_MIX_KIND = {"category": "category", "duty_type": "duty_type", "level": "level", "deputy_level": "level",
             "grade": "grade", "rating": "rating"}

# Figures carried in totals, per child and per month.
HEADLINE = (
    "voices.submitted", "voices.answered", "voices.on_time", "voices.overdue", "voices.rated",
    "voices.satisfied", "voices.dissatisfied", "voices.reply_seconds", "voices.closed",
    "escalations.requested", "duty.records", "duty.deputy_records", "duty.points",
    "deputies.registered", "deputies.active", "stations.opened", "distribution.comments",
)
# Stock figures: summed from the beginning, not over the chosen months.
STOCKS = ("deputies.registered", "stations.opened")
DIMENSION_SETS = ("category", "level", "grade", "rating", "term")

# One pass over the node's rows (models.SubtreeRollup): the plain rows (child_id <> NODE_LEVEL)
# give the totals, the children and the months; the dimension rows (child_id = NODE_LEVEL, one
# dimension each) give the mixes and the hot topics. Each grouping set sums only its own kind.
_SQL = """
WITH node AS (
    SELECT id, name, level, path, region_code FROM tenants_congress
    WHERE region_code = %(node)s AND path LIKE %(scope)s
), figures AS (
    SELECT r.child_id, r.month, r.metric, r.category, r.level, r.grade, r.rating, r.term, r.value
    FROM rollups_subtreerollup r JOIN node ON r.node_id = node.id
    WHERE r.month <= %(to)s AND (r.month >= %(from)s OR r.metric = ANY(%(stocks)s))
)
SELECT 'node', n.id, n.name, n.level, n.region_code, NULL::date, NULL, NULL, NULL::float8 FROM node n
UNION ALL
SELECT 'child', c.id, c.name, c.level, c.region_code, NULL, NULL, NULL, NULL
FROM tenants_congress c JOIN node ON c.parent_id = node.id
UNION ALL
SELECT 'crumb', a.id, a.name, a.level, a.region_code, NULL, NULL, NULL, NULL
FROM tenants_congress a JOIN node ON node.path LIKE a.path || '%%'
WHERE a.path LIKE %(scope)s AND a.id <> node.id
UNION ALL
SELECT * FROM (
    SELECT
        CASE WHEN GROUPING(child_id) = 0 THEN 'by_child'
             WHEN GROUPING(month) = 0 THEN 'by_month'
             WHEN GROUPING(category) = 1 THEN 'total'
             WHEN category <> '' THEN 'category'
             WHEN level <> '' THEN 'level'
             WHEN grade <> '' THEN 'grade'
             WHEN rating <> '' THEN 'rating'
             WHEN term <> '' THEN 'term'
             ELSE 'plain' END AS part,
        child_id, NULL, NULL, NULL, month, metric, category || level || grade || rating || term,
        CASE WHEN GROUPING(category) = 0 THEN sum(value::float8) FILTER (WHERE child_id = %(node_level)s)
             ELSE sum(value::float8) FILTER (WHERE child_id <> %(node_level)s) END AS value
    FROM figures
    GROUP BY GROUPING SETS (
        (metric), (metric, child_id), (metric, month), (metric, category, level, grade, rating, term)
    )
) parts WHERE value IS NOT NULL AND part <> 'plain'
"""


@dataclass(frozen=True)
class Period:
    start: dt.date  # first day of the first month
    end: dt.date  # first day of the last month

    @property
    def months(self) -> list[dt.date]:
        months, month = [], self.start
        while month <= self.end:
            months.append(month)
            month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        return months

    def query(self) -> str:
        return f"from={self.start:%Y-%m}&to={self.end:%Y-%m}"


def _month(value: str, field_name: str) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except (TypeError, ValueError):
        raise ValidationError({field_name: [_("月份格式应为 YYYY-MM，例如 2026-01。")]}) from None


def parse_period(params) -> Period:
    """``from``/``to`` as YYYY-MM; the twelve months up to this one by default."""
    today = timezone.localdate().replace(day=1)
    end = _month(params["to"], "to") if params.get("to") else today
    if params.get("from"):
        start = _month(params["from"], "from")
    else:
        start = (end.replace(year=end.year - 1) + dt.timedelta(days=31)).replace(day=1)
    if start > end:
        raise ValidationError({"from": [_("起始月份不能晚于截止月份。")]})
    if (end.year - start.year) * 12 + end.month - start.month >= 60:
        raise ValidationError({"from": [_("时间范围最长 60 个月。")]})
    return Period(start, end)


@dataclass
class Unit:
    """A congress as the dashboard shows it."""

    id: int
    name: str
    level: str
    code: str

    @property
    def level_label(self) -> str:
        return str(Level(self.level).label) if self.level in Level.values else self.level


def _rate(part, whole) -> float | None:
    return round(float(part) / float(whole) * 100, 1) if whole else None


def indicators(f: dict[str, Decimal]) -> dict[str, float | None]:
    g = lambda m: f.get(m, Decimal(0))  # noqa: E731
    return {
        "reply_rate": _rate(g("voices.answered"), g("voices.submitted")),
        "on_time_rate": _rate(g("voices.on_time"), g("voices.answered")),
        "satisfaction_rate": _rate(g("voices.satisfied"), g("voices.rated")),
        "avg_reply_hours": round(float(g("voices.reply_seconds")) / float(g("voices.answered")) / 3600, 1)
        if g("voices.answered") else None,
        "duty_per_deputy": round(float(g("duty.deputy_records")) / float(g("deputies.registered")), 2)
        if g("deputies.registered") > 0 else None,
    }


def score(ind: dict) -> float | None:
    """The children's ranking: the mean of reply, on-time and satisfaction rates that exist."""
    parts = [ind[k] for k in ("reply_rate", "on_time_rate", "satisfaction_rate") if ind[k] is not None]
    return round(sum(parts) / len(parts), 1) if parts else None


@dataclass
class Dashboard:
    scope: Unit  # the leader's own congress
    node: Unit
    period: Period
    crumbs: list[Unit] = field(default_factory=list)
    totals: dict[str, Decimal] = field(default_factory=dict)
    rates: dict[str, float | None] = field(default_factory=dict)
    children: list[dict] = field(default_factory=list)
    trend: dict[str, list] = field(default_factory=dict)
    mix: dict[str, dict[str, list]] = field(default_factory=dict)
    hot_topics: list[tuple[str, int]] = field(default_factory=list)

    def as_json(self) -> dict:
        def unit(u: Unit) -> dict:
            return {"id": u.id, "name": u.name, "level": u.level, "code": u.code}

        return {
            "scope": unit(self.scope),
            "node": unit(self.node),
            "breadcrumbs": [unit(u) for u in self.crumbs],
            "period": {"from": f"{self.period.start:%Y-%m}", "to": f"{self.period.end:%Y-%m}"},
            "totals": {k: float(v) for k, v in self.totals.items()},
            "rates": self.rates,
            "children": [
                {**unit(c["unit"]), "figures": {k: float(v) for k, v in c["figures"].items()},
                 "rates": c["rates"], "score": c["score"], "rank": c["rank"], "is_self": c["is_self"]}
                for c in self.children
            ],
            "trend": {k: [float(x) if isinstance(x, Decimal) else x for x in v] for k, v in self.trend.items()},
            "mix": {
                name: [{"code": code, "label": label(_MIX_KIND[name], code), "value": float(value)}
                       for code, value in items]
                for name, items in self.mix.items()
            },
            "hot_topics": [{"word": w, "count": n} for w, n in self.hot_topics],
        }


def dashboard(scope: Congress, node_code: str | None, period: Period) -> Dashboard | None:
    """The dashboard of ``node_code`` (default: ``scope`` itself) for a leader of ``scope``.

    None when the node does not exist or lies outside ``scope``'s subtree.
    """
    params = {
        "node": node_code or scope.region_code,
        "scope": scope.path + "%",
        "from": period.start,
        "to": period.end,
        "stocks": list(STOCKS),
        "node_level": NODE_LEVEL,
    }
    with connection.cursor() as cursor:
        cursor.execute(_SQL, params)
        rows = cursor.fetchall()
    node = next((Unit(r[1], r[2], r[3], r[4]) for r in rows if r[0] == "node"), None)
    if node is None:
        return None
    board = Dashboard(
        scope=Unit(scope.pk, scope.name, scope.level, scope.region_code or ""), node=node, period=period
    )
    board.crumbs = sorted(
        (Unit(r[1], r[2], r[3], r[4]) for r in rows if r[0] == "crumb"), key=lambda u: len(u.code)
    )
    children = {r[1]: Unit(r[1], r[2], r[3], r[4]) for r in rows if r[0] == "child"}
    per_child: dict[int, dict[str, Decimal]] = defaultdict(dict)
    per_month: dict[str, dict[dt.date, Decimal]] = defaultdict(dict)
    mixes: dict[str, dict[str, dict[str, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for part, child_id, _n, _l, _c, month, metric, dim, raw in rows:
        # Summed as float8 in SQL (numeric sums cost twice as much); the figures have 2 decimals.
        value = round(raw, 2) if raw is not None else None
        if part == "total":
            board.totals[metric] = value
        elif part == "by_child":
            per_child[child_id][metric] = value
        elif part == "by_month" and month >= period.start:
            per_month[metric][month] = value
        elif part in DIMENSION_SETS and dim:
            mixes[part][metric][dim] = value
    board.rates = indicators(board.totals)
    for child_id in per_child:
        if child_id not in children and child_id == node.id:
            children[child_id] = node
    ranked = []
    for child_id, unit in children.items():
        figures = per_child.get(child_id, {})
        rates = indicators(figures)
        ranked.append({"unit": unit, "figures": figures, "rates": rates, "score": score(rates),
                       "is_self": child_id == node.id})
    ranked.sort(key=lambda c: (c["is_self"], -(c["score"] if c["score"] is not None else -1), c["unit"].code))
    rank = 0
    for entry in ranked:
        entry["rank"] = None if entry["is_self"] or entry["score"] is None else (rank := rank + 1)
    board.children = ranked
    months = period.months
    board.trend = {"months": [f"{m:%Y-%m}" for m in months]}
    for metric in ("voices.submitted", "voices.answered", "voices.on_time", "voices.satisfied",
                   "duty.records", "deputies.active", "escalations.requested"):
        board.trend[metric] = [per_month.get(metric, {}).get(m, Decimal(0)) for m in months]
    board.mix = {
        "category": _sorted(mixes["category"].get("voices.submitted", {})),
        "duty_type": _sorted(mixes["category"].get("duty.records", {})),
        "level": _sorted(mixes["level"].get("voices.submitted", {})),
        "deputy_level": _sorted(mixes["level"].get("deputies.registered", {})),
        "grade": _sorted(mixes["grade"].get("voices.answered", {})),
        "rating": _sorted(mixes["rating"].get("voices.rated", {})),
    }
    board.hot_topics = [(w, int(n)) for w, n in _sorted(mixes["term"].get("topics.keyword", {}))[:30]]
    return board


def _sorted(values: dict[str, Decimal]) -> list[tuple[str, Decimal]]:
    return sorted(((k, v) for k, v in values.items() if v), key=lambda kv: (-kv[1], kv[0]))


def metric_label(metric: str) -> str:
    return METRICS.get(metric, metric)
