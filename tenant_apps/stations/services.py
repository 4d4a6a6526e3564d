"""Writes of the stations module: opening, editing and staffing liaison stations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.audit.services import record
from shared_apps.bus.services import publish
from tenant_apps.deputies.models import Deputy

from .models import LiaisonStation, StationedDeputy, StationKind

FIELDS = (
    "name",
    "kind",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "reception_days",
    "reception_note",
    "phone",
    "opened_on",
    "is_active",
)


def _coordinates(values: dict[str, Any]) -> None:
    """Six decimals (about 0.1 m) whatever the caller passed: float, string or Decimal."""
    for key in ("latitude", "longitude"):
        if values.get(key) is not None:
            try:
                values[key] = Decimal(str(values[key])).quantize(Decimal("0.000001"))
            except ArithmeticError as exc:
                raise ValidationError({key: [_("坐标格式无效。")]}) from exc


def _validate(values: Mapping[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if not (values.get("name") or "").strip():
        errors["name"] = [_("请填写名称。")]
    if not (values.get("address") or "").strip():
        errors["address"] = [_("请填写地址。")]
    if values.get("kind") and values["kind"] not in StationKind.values:
        errors["kind"] = [_("类型无效。")]
    lat, lon = values.get("latitude"), values.get("longitude")
    if (lat is None) != (lon is None):
        errors["latitude"] = [_("经纬度须同时填写。")]
    if lat is not None and not -90 <= Decimal(str(lat)) <= 90:
        errors["latitude"] = [_("纬度应在 -90 到 90 之间。")]
    if lon is not None and not -180 <= Decimal(str(lon)) <= 180:
        errors["longitude"] = [_("经度应在 -180 到 180 之间。")]
    days = values.get("reception_days") or []
    if any(not isinstance(d, int) or not 1 <= d <= 7 for d in days):
        errors["reception_days"] = [_("接待日应为星期一至星期日。")]
    if errors:
        raise ValidationError(errors)


def _deputies(deputy_ids: Iterable[int]) -> list[Deputy]:
    ids = set(deputy_ids)
    found = list(Deputy.objects.in_office().filter(pk__in=ids))
    if len(found) != len(ids):
        raise ValidationError({"deputies": [_("只能安排在任代表进站。")]})
    return found


def _staff(station: LiaisonStation, deputies: list[Deputy], since: dt.date) -> None:
    wanted = {d.pk for d in deputies}
    station.stationings.exclude(deputy_id__in=wanted).delete()
    present = set(station.stationings.values_list("deputy_id", flat=True))
    StationedDeputy.objects.bulk_create(
        [StationedDeputy(station=station, deputy_id=pk, since=since) for pk in wanted - present]
    )


@transaction.atomic
def open_station(*, deputy_ids: Iterable[int] = (), **values: Any) -> LiaisonStation:
    """Register a station; its public token (the QR target) is fixed from now on."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown station fields: {sorted(unknown)}")
    values["reception_days"] = sorted(set(values.get("reception_days") or []))
    values.setdefault("opened_on", timezone.localdate())
    _coordinates(values)
    _validate(values)
    deputies = _deputies(deputy_ids)
    station = LiaisonStation(**values)
    station.full_clean(exclude=["public_token"])
    station.save()
    _staff(station, deputies, station.opened_on)
    record("stations.opened", station, {"name": station.name})
    publish(
        "station.opened",
        {"station_id": station.pk, "opened_on": station.opened_on, "deputy_count": len(deputies)},
    )
    return station


@transaction.atomic
def update_station(
    station: LiaisonStation, *, deputy_ids: Iterable[int] | None = None, **values: Any
) -> LiaisonStation:
    """Rename, move or re-staff a station; the public token and so every printed QR stay valid."""
    unknown = set(values) - set(FIELDS)
    if unknown:
        raise TypeError(f"unknown station fields: {sorted(unknown)}")
    if "reception_days" in values:
        values["reception_days"] = sorted(set(values["reception_days"] or []))
    _coordinates(values)
    merged = {f: getattr(station, f) for f in FIELDS} | values
    _validate(merged)
    changed = sorted(f for f, v in values.items() if getattr(station, f) != v)
    for field, value in values.items():
        setattr(station, field, value)
    station.full_clean(exclude=["public_token"])
    station.save()
    if deputy_ids is not None:
        _staff(station, _deputies(deputy_ids), timezone.localdate())
        changed.append("deputies")
    record("stations.updated", station, {"fields": changed})
    return station


def seed_stations(congress, data: Mapping[str, Any]) -> None:
    """Provisioning hook (manifest ``seeder``): the `seed.stations` block of a tenant spec.

    Runs inside the new congress's schema; stations named in the spec that exist already are
    left alone, so running a spec twice opens nothing twice.
    """
    existing = set(LiaisonStation.objects.values_list("name", flat=True))
    for spec in data.get("stations", []):
        if spec["name"] in existing:
            continue
        values = dict(spec)
        if "opened_on" in values:
            values["opened_on"] = dt.date.fromisoformat(values["opened_on"])
        for key in ("latitude", "longitude"):
            if key in values:
                values[key] = Decimal(str(values[key]))
        open_station(**values)
