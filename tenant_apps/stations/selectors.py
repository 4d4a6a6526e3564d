"""Reads of the stations module."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tenant_apps.deputies.models import Deputy

from .models import LiaisonStation

WEEKDAYS = {
    1: _("星期一"),
    2: _("星期二"),
    3: _("星期三"),
    4: _("星期四"),
    5: _("星期五"),
    6: _("星期六"),
    7: _("星期日"),
}


def stations(*, include_inactive: bool = True) -> QuerySet[LiaisonStation]:
    found = LiaisonStation.objects.prefetch_related(
        Prefetch("deputies", queryset=Deputy.objects.in_office().order_by("name"))
    )
    return found if include_inactive else found.filter(is_active=True)


def public_stations() -> QuerySet[LiaisonStation]:
    return stations(include_inactive=False)


def by_token(token: str) -> LiaisonStation | None:
    return public_stations().filter(public_token=token).first()


def reception_days_label(station: LiaisonStation) -> str:
    return "、".join(str(WEEKDAYS[d]) for d in station.reception_days if d in WEEKDAYS)


def home_context(request: HttpRequest) -> dict:
    # One query: the home page lists names and addresses only.
    return {"stations": list(LiaisonStation.objects.filter(is_active=True).order_by("name")[:6])}
