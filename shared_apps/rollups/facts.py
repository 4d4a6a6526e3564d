"""What each bus event adds to the rollups: (metric, day, dimensions, value).

Written against the catalog's newest versions (the bus upcasts older payloads).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime

from shared_apps.bus.hub.log import Event

SATISFIED = frozenset({"satisfied", "basically_satisfied"})


@dataclass(frozen=True)
class Figure:
    metric: str
    day: dt.date
    value: Decimal = Decimal(1)
    dims: dict[str, str] = field(default_factory=dict)


def local_day(value: str) -> dt.date:
    """The Asia/Shanghai date of an ISO date or date-time."""
    moment = parse_datetime(value)
    if moment is None:
        day = parse_date(value)
        if day is None:
            raise ValueError(f"not a date: {value!r}")
        return day
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    return timezone.localtime(moment).date()


def _voice_submitted(p: dict, level: str) -> list[Figure]:
    return [Figure("voices.submitted", local_day(p["submitted_at"]), dims={"category": p["category"], "level": level})]


def _voice_assigned(p: dict, level: str) -> list[Figure]:
    return [Figure("voices.assigned", local_day(p["assigned_at"]), dims={"category": p["category"]})]


def _voice_replied(p: dict, level: str) -> list[Figure]:
    day = local_day(p["replied_at"])
    cat = {"category": p["category"]}
    figures = [
        Figure("voices.answered", day, dims={**cat, "grade": p.get("grade") or ""}),
        Figure("voices.reply_seconds", day, Decimal(p["reply_seconds"]), dims=cat),
    ]
    if p["on_time"]:
        figures.append(Figure("voices.on_time", day, dims=cat))
    return figures


def _voice_rated(p: dict, level: str) -> list[Figure]:
    day = local_day(p["rated_at"])
    cat = {"category": p["category"]}
    figures = [Figure("voices.rated", day, dims={**cat, "rating": p["rating"]})]
    if p["rating"] in SATISFIED:
        figures.append(Figure("voices.satisfied", day, dims=cat))
    elif p["rating"] == "dissatisfied":
        figures.append(Figure("voices.dissatisfied", day, dims=cat))
    return figures


def _voice_reopened(p: dict, level: str) -> list[Figure]:
    return [Figure("voices.reopened", local_day(p["reopened_at"]), dims={"category": p["category"]})]


def _voice_overdue(p: dict, level: str) -> list[Figure]:
    return [Figure("voices.overdue", local_day(p["due_at"]), dims={"category": p["category"]})]


def _voice_closed(p: dict, level: str) -> list[Figure]:
    return [
        Figure("voices.closed", local_day(p["closed_at"]), dims={"category": p["category"], "status": p["outcome"]})
    ]


def _escalation_requested(p: dict, level: str) -> list[Figure]:
    return [Figure("escalations.requested", local_day(p["requested_at"]), dims={"category": p["category"]})]


def _escalation_decided(p: dict, level: str) -> list[Figure]:
    return [Figure("escalations.decided", local_day(p["decided_at"]), dims={"status": p["status"]})]


def _duty_recorded(p: dict, level: str) -> list[Figure]:
    day = local_day(p["occurred_on"])
    kind = {"category": p["duty_type"]}
    return [
        Figure("duty.records", day, dims={**kind, "status": p["entered_by"]}),
        Figure("duty.points", day, Decimal(str(p["points"])), dims=kind),
        Figure("duty.deputy_records", day, Decimal(len(p["deputy_ids"])), dims=kind),
    ]


def _duty_verified(p: dict, level: str) -> list[Figure]:
    return [
        Figure("duty.verified", local_day(p["verified_at"]), dims={"category": p["duty_type"], "status": p["outcome"]})
    ]


def _station_opened(p: dict, level: str) -> list[Figure]:
    return [Figure("stations.opened", local_day(p["opened_on"]))]


def _keywords(p: dict, level: str) -> list[Figure]:
    day = local_day(p["day"])
    return [
        Figure("topics.keyword", day, Decimal(item["count"]),
               dims={"category": p.get("category") or "", "term": item["word"]})
        for item in p["counts"]
    ]


def _notice_published(p: dict, level: str) -> list[Figure]:
    return [Figure("distribution.notices", local_day(p["published_at"]), dims={"category": p["kind"]})]


def _comment_received(p: dict, level: str) -> list[Figure]:
    return [Figure("distribution.comments", local_day(p["commented_at"]), dims={"status": p["source"]})]


# Deputies (registered, active) need state of their own; see rollups.services.
SIMPLE: dict[str, Callable[[dict, str], list[Figure]]] = {
    "voice.submitted": _voice_submitted,
    "voice.assigned": _voice_assigned,
    "voice.replied": _voice_replied,
    "voice.rated": _voice_rated,
    "voice.reopened": _voice_reopened,
    "voice.overdue": _voice_overdue,
    "voice.closed": _voice_closed,
    "voice.escalation_requested": _escalation_requested,
    "escalation.decided": _escalation_decided,
    "duty.recorded": _duty_recorded,
    "duty.verified": _duty_verified,
    "station.opened": _station_opened,
    "topics.keywords_counted": _keywords,
    "distribution.notice_published": _notice_published,
    "distribution.comment_received": _comment_received,
}

STATEFUL = ("deputy.registered", "deputy.left_office")

EVENT_TYPES = frozenset(SIMPLE) | frozenset(STATEFUL)


def figures_of(event: Event, level: str) -> list[Figure]:
    handler = SIMPLE.get(event.type)
    return handler(event.payload, level) if handler else []


# Metric names and their Chinese labels (dashboard, export).
METRICS = {
    "voices.submitted": "群众意见数",
    "voices.assigned": "交办数",
    "voices.answered": "已答复",
    "voices.on_time": "按时答复",
    "voices.reply_seconds": "答复用时（秒）",
    "voices.overdue": "超期",
    "voices.rated": "已评价",
    "voices.satisfied": "满意",
    "voices.dissatisfied": "不满意",
    "voices.reopened": "重新办理",
    "voices.closed": "已办结",
    "escalations.requested": "提级办理",
    "escalations.decided": "上级答复",
    "duty.records": "履职记录",
    "duty.points": "履职积分",
    "duty.deputy_records": "代表履职人次",
    "duty.verified": "履职审核",
    "deputies.registered": "代表人数",
    "deputies.active": "活跃代表（人·月）",
    "stations.opened": "联络站",
    "topics.keyword": "热点词频",
    "distribution.notices": "下发通知",
    "distribution.comments": "反馈意见",
}
