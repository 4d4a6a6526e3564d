"""Liaison stations (代表联络站 / 代表之家 / 联络点) of one congress."""

from __future__ import annotations

import secrets

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_public_token() -> str:
    """The station's id in public URLs and its QR code; never changes, so posters stay valid."""
    return secrets.token_urlsafe(9)


class StationKind(models.TextChoices):
    STATION = "station", _("代表联络站")
    HOME = "home", _("代表之家")
    POINT = "point", _("代表联络点")


class LiaisonStation(models.Model):
    public_token = models.CharField(_("公开标识"), max_length=24, unique=True, default=new_public_token, editable=False)
    kind = models.CharField(_("类型"), max_length=8, choices=StationKind.choices, default=StationKind.STATION)
    name = models.CharField(_("名称"), max_length=100)
    address = models.CharField(_("地址"), max_length=200)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    opening_hours = models.CharField(_("开放时间"), max_length=200, blank=True)
    # ISO weekdays (1 = Monday) on which deputies receive citizens at the station.
    reception_days = ArrayField(models.PositiveSmallIntegerField(), verbose_name=_("接待日"), default=list, blank=True)
    reception_note = models.CharField(_("接待安排说明"), max_length=200, blank=True)
    phone = models.CharField(_("联系电话"), max_length=30, blank=True)
    deputies = models.ManyToManyField(
        "deputies.Deputy",
        verbose_name=_("进站代表"),
        through="StationedDeputy",
        related_name="stations",
        blank=True,
    )
    opened_on = models.DateField(_("启用日期"))
    is_active = models.BooleanField(_("启用"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("联络站")
        verbose_name_plural = _("联络站")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class StationedDeputy(models.Model):
    """A deputy stationed at a station (进站代表), since a date."""

    station = models.ForeignKey(LiaisonStation, on_delete=models.CASCADE, related_name="stationings")
    deputy = models.ForeignKey("deputies.Deputy", on_delete=models.CASCADE, related_name="stationings")
    since = models.DateField(_("进站日期"))

    class Meta:
        verbose_name = _("进站代表")
        verbose_name_plural = _("进站代表")
        ordering = ["station_id", "pk"]
        constraints = [models.UniqueConstraint(fields=["station", "deputy"], name="stationed_deputy_unique")]

    def __str__(self) -> str:
        return f"{self.deputy_id} @ {self.station_id}"
