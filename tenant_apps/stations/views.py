"""Pages of the stations module: staff management, QR codes, the A4 poster, the public page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from shared_apps.identity.access import capability_required, has_capability
from tenants.routing import enabled_modules_of_current

from . import qr, selectors, services
from .forms import StationForm
from .models import LiaisonStation


@capability_required("stations.view")
def manage(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "stations/manage.html",
        {
            "stations": selectors.stations(),
            "can_manage": has_capability(request.user, "stations.manage"),
        },
    )


@capability_required("stations.manage")
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    station = get_object_or_404(LiaisonStation, pk=pk) if pk else None
    if station:
        initial = {f: getattr(station, f) for f in services.FIELDS}
        initial["deputies"] = list(station.deputies.values_list("pk", flat=True))
    else:
        initial = {"is_active": True}
    form = StationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        deputy_ids = [d.pk for d in values.pop("deputies")]
        try:
            if station:
                station = services.update_station(station, deputy_ids=deputy_ids, **values)
            else:
                station = services.open_station(deputy_ids=deputy_ids, **values)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("stations:manage")
    status = 400 if request.method == "POST" else 200
    return render(request, "stations/edit.html", {"form": form, "station": station}, status=status)


def _public_station(token: str) -> LiaisonStation:
    station = selectors.by_token(token)
    if station is None:
        raise Http404
    return station


def qr_svg(request: HttpRequest, token: str) -> HttpResponse:
    station = _public_station(token)
    return HttpResponse(qr.svg(qr.write_url(request, station)), content_type="image/svg+xml")


def qr_png(request: HttpRequest, token: str) -> HttpResponse:
    station = _public_station(token)
    return HttpResponse(qr.png(qr.write_url(request, station)), content_type="image/png")


@capability_required("stations.view")
def poster(request: HttpRequest, pk: int) -> HttpResponse:
    """An A4 poster to print and hang at the station: QR code, deputies' names and photos."""
    station = get_object_or_404(selectors.stations(), pk=pk)
    url = qr.write_url(request, station)
    return render(
        request,
        "stations/poster.html",
        {
            "station": station,
            "qr_svg": mark_safe(qr.svg_inline(url)),
            "write_url": url,
            "days": selectors.reception_days_label(station),
            "congress": request.tenant,
        },
    )


def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "stations/public_list.html", {"stations": selectors.public_stations()})


def public_station(request: HttpRequest, token: str) -> HttpResponse:
    station = _public_station(token)
    return render(
        request,
        "stations/public_station.html",
        {
            "station": station,
            "days": selectors.reception_days_label(station),
            "write_path": qr.write_path(station),
            "voices_on": "voices" in enabled_modules_of_current(),
        },
    )
