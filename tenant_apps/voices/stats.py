"""The congress's own statistics, in the offices' style: collected, answered, satisfied, rate.

Definitions (docs/glossary.md): *answered* = messages with at least one reply to the citizen
(a deputy's, the lead unit's or the parent congress's) or turned into a deputy suggestion;
*on time* = first answer no later than the deadline; *satisfaction rate* = (满意 + 基本满意) ÷
rated messages, on each message's latest rating. Rates are exact decimals rounded half-up to
two places.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path

from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from .models import AgeBand, Category, Gender, Rating, Voice
from .states import Status

STOP_WORDS_FILE = Path(__file__).with_name("stopwords.txt")


def rate(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def headline(qs: QuerySet[Voice]) -> dict:
    row = qs.aggregate(
        collected=Count("pk"),
        answered=Count("pk", filter=Q(first_replied_at__isnull=False)),
        on_time=Count("pk", filter=Q(first_replied_at__isnull=False, first_replied_at__lte=F("due_at"))),
        rated=Count("pk", filter=~Q(rating="")),
        satisfied=Count("pk", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY_SATISFIED])),
        closed=Count("pk", filter=Q(status=Status.CLOSED)),
        overdue=Count("pk", filter=Q(overdue_at__isnull=False, status__in=Status.handling())),
    )
    row["answer_rate"] = rate(row["answered"], row["collected"])
    row["on_time_rate"] = rate(row["on_time"], row["answered"])
    row["satisfaction_rate"] = rate(row["satisfied"], row["rated"])
    row["satisfaction_text"] = f"{row['satisfaction_rate']}%" if row["satisfaction_rate"] is not None else "—"
    return row


def by_category(qs: QuerySet[Voice]) -> list[dict]:
    names = dict(Category.objects.values_list("code", "name"))
    total = qs.count()
    rows = (
        qs.values("category__code")
        .annotate(
            n=Count("pk"),
            answered=Count("pk", filter=Q(first_replied_at__isnull=False)),
            satisfied=Count("pk", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY_SATISFIED])),
            rated=Count("pk", filter=~Q(rating="")),
        )
        .order_by("-n", "category__code")
    )
    return [
        {
            "code": r["category__code"],
            "name": names.get(r["category__code"], r["category__code"]),
            "count": r["n"],
            "share": rate(r["n"], total),
            "answered": r["answered"],
            "satisfied": r["satisfied"],
            "satisfaction_rate": rate(r["satisfied"], r["rated"]),
        }
        for r in rows
    ]


def by_status(qs: QuerySet[Voice]) -> list[dict]:
    counts = dict(qs.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return [{"code": s.value, "name": str(s.label), "count": counts.get(s.value, 0)} for s in Status]


def by_month(qs: QuerySet[Voice]) -> list[dict]:
    rows = (
        qs.annotate(month=TruncMonth("submitted_at", tzinfo=timezone.get_current_timezone()))
        .values("month")
        .annotate(
            n=Count("pk"),
            answered=Count("pk", filter=Q(first_replied_at__isnull=False)),
            satisfied=Count("pk", filter=Q(rating__in=[Rating.SATISFIED, Rating.BASICALLY_SATISFIED])),
        )
        .order_by("month")
    )
    return [
        {
            "month": r["month"].strftime("%Y-%m"),
            "count": r["n"],
            "answered": r["answered"],
            "satisfied": r["satisfied"],
        }
        for r in rows
    ]


def reply_times(qs: QuerySet[Voice]) -> dict:
    answered = qs.filter(first_replied_at__isnull=False)
    avg = answered.aggregate(avg=Avg(F("first_replied_at") - F("submitted_at")))["avg"]
    seconds = sorted(int((a - s).total_seconds()) for a, s in answered.values_list("first_replied_at", "submitted_at"))
    median = seconds[len(seconds) // 2] if seconds else None
    consult = answered.filter(category__code="consultation")
    within_24h = consult.filter(first_replied_at__lte=F("submitted_at") + dt.timedelta(hours=24)).count()
    return {
        "average_hours": round(avg.total_seconds() / 3600, 1) if avg is not None else None,
        "median_hours": round(median / 3600, 1) if median is not None else None,
        "consultations_answered": consult.count(),
        "consultations_within_24h": within_24h,
        "consultations_24h_rate": rate(within_24h, consult.count()),
    }


def by_gender(qs: QuerySet[Voice]) -> list[dict]:
    given = qs.exclude(gender="")
    total = given.count()
    counts = dict(given.values_list("gender").annotate(n=Count("pk")).values_list("gender", "n"))
    return [
        {
            "code": g.value,
            "name": str(g.label),
            "count": counts.get(g.value, 0),
            "share": rate(counts.get(g.value, 0), total),
        }
        for g in Gender
    ]


def by_age_band(qs: QuerySet[Voice]) -> list[dict]:
    given = qs.exclude(age_band="")
    total = given.count()
    counts = dict(given.values_list("age_band").annotate(n=Count("pk")).values_list("age_band", "n"))
    return [
        {
            "code": a.value,
            "name": str(a.label),
            "count": counts.get(a.value, 0),
            "share": rate(counts.get(a.value, 0), total),
        }
        for a in AgeBand
    ]


@lru_cache(maxsize=1)
def default_stop_words() -> frozenset[str]:
    return frozenset(w.strip() for w in STOP_WORDS_FILE.read_text(encoding="utf-8").split() if w.strip())


def keywords(qs: QuerySet[Voice], *, top: int = 20, extra_stop_words=(), limit: int = 5000) -> list[dict]:
    """Top words of titles and texts by jieba segmentation, without stop words and single
    characters; each message counts a word once."""
    import jieba

    jieba.setLogLevel(60)
    stop = default_stop_words() | set(extra_stop_words)
    counter: Counter[str] = Counter()
    for title, text in qs.order_by("-submitted_at").values_list("title", "description")[:limit]:
        words = {w.strip() for w in jieba.lcut(f"{title}。{text}")}
        counter.update(w for w in words if len(w) > 1 and w not in stop and not w.isdigit())
    return [{"word": w, "count": n} for w, n in counter.most_common(top)]


def report(qs: QuerySet[Voice], *, stop_words=()) -> dict:
    return {
        "headline": headline(qs),
        "categories": by_category(qs),
        "statuses": by_status(qs),
        "months": by_month(qs),
        "reply_times": reply_times(qs),
        "genders": by_gender(qs),
        "age_bands": by_age_band(qs),
        "keywords": keywords(qs, extra_stop_words=stop_words),
    }
