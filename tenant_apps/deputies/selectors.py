"""Reads of the deputies module: the register (with masking), duty records, archives, statistics."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Sum, Value, When
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from shared_apps.privacy.masking import mask_phone
from tenants.selectors import module_config

from .context import current_congress
from .duty_types import DutyType, duty_types
from .models import Deputy, DeputyLevel, DutyRecord, DutyStatus, Gender, Party, Term


def register(
    *, include_former: bool = False, q: str = "", level: str = "", group_id: int | None = None
) -> QuerySet[Deputy]:
    deputies = Deputy.objects.select_related("term", "constituency", "group")
    if not include_former:
        deputies = deputies.in_office()
    if q:
        deputies = deputies.filter(Q(name__icontains=q) | Q(position__icontains=q) | Q(roster_code=q))
    if level:
        deputies = deputies.filter(level=level)
    if group_id:
        deputies = deputies.filter(group_id=group_id)
    return deputies


def mask_email(email: str) -> str:
    if not email or "@" not in email:
        return "*" * len(email or "")
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"


def mask_address(address: str) -> str:
    return f"{address[:6]}****" if address else ""


def contacts(deputy: Deputy, *, reveal: bool) -> dict[str, str]:
    """Contact details as a viewer may see them: in clear only with deputies.view_contacts."""
    if reveal:
        return {"mobile": deputy.mobile, "email": deputy.email, "address": deputy.address}
    return {
        "mobile": mask_phone(deputy.mobile) if deputy.mobile else "",
        "email": mask_email(deputy.email),
        "address": mask_address(deputy.address),
    }


def deputy_of(user) -> Deputy | None:
    """The user's open seat in this congress, if they are a deputy here."""
    if not user.is_authenticated:
        return None
    return Deputy.objects.in_office().filter(user_id=user.pk).first()


def types() -> dict[str, DutyType]:
    return duty_types(module_config("deputies", current_congress()))


# Duty records ---------------------------------------------------------------------------------


def duties(*, status: str = "", duty_type: str = "", deputy_id: int | None = None) -> QuerySet[DutyRecord]:
    records = DutyRecord.objects.prefetch_related(Prefetch("participants", queryset=Deputy.objects.only("pk", "name")))
    if status:
        records = records.filter(status=status)
    if duty_type:
        records = records.filter(duty_type=duty_type)
    if deputy_id:
        records = records.filter(participants__pk=deputy_id)
    return records


def verification_queue() -> QuerySet[DutyRecord]:
    return duties(status=DutyStatus.PENDING).order_by("occurred_on", "pk")


# Archives (一人一档、一年一册、一届一本) --------------------------------------------------------


@dataclass
class ArchiveSection:
    """What another module adds to a deputy's archive (their suggestions, citizens' messages)."""

    title: str
    rows: list[dict[str, Any]]


# Modules that know more about a deputy register a provider here in their AppConfig.ready():
# provider(deputy, start, end) -> ArchiveSection | None. Read at render time, so no document drifts.
ARCHIVE_SECTION_PROVIDERS: list[Callable[[Deputy, dt.date, dt.date], ArchiveSection | None]] = []


@dataclass
class Archive:
    deputy: Deputy
    title: str
    start: dt.date
    end: dt.date
    term: Term | None = None
    year: int | None = None
    rows: list[dict[str, Any]] = field(default_factory=list)  # per duty type: code, name, count, points
    records: list[DutyRecord] = field(default_factory=list)
    total_count: int = 0
    total_points: Decimal = Decimal(0)
    sections: list[ArchiveSection] = field(default_factory=list)


def _archive(deputy: Deputy, start: dt.date, end: dt.date, **extra: Any) -> Archive:
    """Verified records of the deputy in [start, end], in a fixed number of queries."""
    verified = DutyRecord.objects.verified().filter(participants=deputy, occurred_on__range=(start, end))
    per_type = {
        row["duty_type"]: row
        for row in verified.values("duty_type").annotate(count=Count("pk"), points=Sum("points")).order_by()
    }
    known = types()
    rows = []
    for code, kind in known.items():
        found = per_type.get(code, {})
        rows.append(
            {
                "code": code,
                "name": kind.name,
                "count": found.get("count", 0),
                "points": found.get("points") or Decimal(0),
            }
        )
    for code, found in per_type.items():
        if code not in known:  # a custom type the congress has since removed still counts
            rows.append({"code": code, "name": code, "count": found["count"], "points": found["points"]})
    records = list(
        verified.prefetch_related(
            Prefetch("participants", queryset=Deputy.objects.only("pk", "name")), "attachments"
        ).order_by("occurred_on", "pk")
    )
    names = {code: kind.name for code, kind in known.items()}
    for duty in records:
        duty.type_name = names.get(duty.duty_type, duty.duty_type)
    archive = Archive(
        deputy=deputy,
        start=start,
        end=end,
        rows=rows,
        records=records,
        total_count=sum(r["count"] for r in rows),
        total_points=sum((r["points"] for r in rows), Decimal(0)),
        **extra,
    )
    for provider in ARCHIVE_SECTION_PROVIDERS:
        section = provider(deputy, start, end)
        if section is not None:
            archive.sections.append(section)
    return archive


def year_archive(deputy: Deputy, year: int) -> Archive:
    return _archive(
        deputy,
        dt.date(year, 1, 1),
        dt.date(year, 12, 31),
        year=year,
        title=str(_("%(name)s %(year)s年度履职档案") % {"name": deputy.name, "year": year}),
    )


def term_archive(deputy: Deputy, term: Term) -> Archive:
    end = term.ended_on or timezone.localdate()
    title = str(_("%(name)s %(term)s履职档案") % {"name": deputy.name, "term": term.name})
    return _archive(deputy, term.started_on, end, term=term, title=title)


def archive_years(deputy: Deputy) -> list[int]:
    first = deputy.registered_on.year
    last = (deputy.left_on or timezone.localdate()).year
    return list(range(last, first - 1, -1))


def terms_of(deputy: Deputy) -> list[Term]:
    ids = set(deputy.seats.exclude(term=None).values_list("term_id", flat=True))
    if deputy.term_id:
        ids.add(deputy.term_id)
    return list(Term.objects.filter(pk__in=ids))


# Public side (代表风采) ----------------------------------------------------------------------


def public_deputies() -> QuerySet[Deputy]:
    return Deputy.objects.in_office().select_related("group", "constituency").order_by("name", "pk")


def public_profile(deputy: Deputy) -> dict[str, Any]:
    today = timezone.localdate()
    archive = _archive(deputy, deputy.registered_on, today, title=deputy.name)
    archive.records = archive.records[-20:][::-1]
    return {
        "deputy": deputy,
        "archive": archive,
        "stations": list(deputy.stations.filter(is_active=True)),
    }


def home_context(request: HttpRequest) -> dict[str, Any]:
    """One query: up to eight deputies in office, those with a photo first."""
    has_photo = Case(When(photo="", then=Value(0)), default=Value(1))
    return {"deputies": list(public_deputies().order_by(has_photo.desc(), "name", "pk")[:8])}


# Statistics for the congress dashboard ------------------------------------------------------------

AGE_BANDS = (
    (0, 34, _("35岁以下")),
    (35, 44, _("35-44岁")),
    (45, 54, _("45-54岁")),
    (55, 64, _("55-64岁")),
    (65, 200, _("65岁及以上")),
)


def composition() -> dict[str, list[tuple[str, int]]]:
    """Deputies in office by level, gender, age band and party."""
    deputies = Deputy.objects.in_office()
    this_year = timezone.localdate().year

    def counted(field_name: str, choices) -> list[tuple[str, int]]:
        found = dict(deputies.values_list(field_name).annotate(n=Count("pk")).order_by())
        rows = [(str(label), found.pop(value, 0)) for value, label in choices]
        unknown = sum(found.values())
        return rows + ([(str(_("未填写")), unknown)] if unknown else [])

    years = dict(deputies.values_list("birth_year").annotate(n=Count("pk")).order_by())
    ages = []
    for low, high, label in AGE_BANDS:
        ages.append((str(label), sum(n for y, n in years.items() if y and low <= this_year - y <= high)))
    if years.get(None):
        ages.append((str(_("未填写")), years[None]))
    return {
        "level": counted("level", DeputyLevel.choices),
        "gender": counted("gender", Gender.choices),
        "age": ages,
        "party": counted("party", Party.choices),
    }


def records_per_deputy(years: int = 5) -> list[dict[str, Any]]:
    """Per year: verified participations, deputies in office, and the ratio (seed 001: 6.5)."""
    this_year = timezone.localdate().year
    rows = []
    participations = dict(
        DutyRecord.participants.through.objects.filter(dutyrecord__status=DutyStatus.VERIFIED)
        .values_list("dutyrecord__occurred_on__year")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for year in range(this_year - years + 1, this_year + 1):
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        serving = (
            Deputy.objects.filter(registered_on__lte=end)
            .filter(Q(left_on__isnull=True) | Q(left_on__gte=start))
            .count()
        )
        count = participations.get(year, 0)
        rows.append(
            {
                "year": year,
                "records": count,
                "deputies": serving,
                "per_deputy": round(count / serving, 2) if serving else 0,
            }
        )
    return rows


def backlog() -> dict[str, Any]:
    pending = DutyRecord.objects.filter(status=DutyStatus.PENDING)
    names = {code: kind.name for code, kind in types().items()}
    by_type = [
        (names.get(code, code), n)
        for code, n in pending.values_list("duty_type").annotate(n=Count("pk")).order_by("duty_type")
    ]
    oldest = pending.order_by("created_at").values_list("created_at", flat=True).first()
    return {
        "pending": pending.count(),
        "rejected": DutyRecord.objects.filter(status=DutyStatus.REJECTED).count(),
        "oldest": oldest,
        "oldest_days": (timezone.now() - oldest).days if oldest else 0,
        "by_type": by_type,
    }


def points_ranking(year: int | None = None, limit: int = 50) -> list[dict[str, Any]]:
    verified = Q(duty_records__status=DutyStatus.VERIFIED)
    if year:
        verified &= Q(duty_records__occurred_on__year=year)
    return list(
        Deputy.objects.in_office()
        .annotate(
            points=Sum("duty_records__points", filter=verified),
            records=Count("duty_records", filter=verified),
        )
        .filter(records__gt=0)
        .order_by("-points", "name")
        .values("pk", "name", "level", "points", "records")[:limit]
    )
