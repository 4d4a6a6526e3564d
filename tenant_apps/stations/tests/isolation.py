"""Stations endpoints in the tenant isolation suite."""

import datetime as dt

from tenant_apps.stations import services
from tests.isolation.registry import Case


def SEED(world, key):
    station = services.open_station(
        name=f"{key}联络站",
        address=f"{key}幸福路8号",
        opened_on=dt.date(2023, 1, 1),
        reception_days=[2, 4],
    )
    hidden = services.open_station(
        name=f"停用-{key}-机密站点",
        address=f"{key}未公开地址",
        opened_on=dt.date(2023, 1, 1),
        is_active=False,
    )
    return {
        "station_id": station.pk,
        "token": station.public_token,
        "hidden_id": hidden.pk,
        "secrets": [hidden.name, hidden.public_token],
    }


def _pk(seed):
    return {"pk": seed["station_id"]}


def _token(seed):
    return {"token": seed["token"]}


STATION_DATA = {"name": "外来站", "kind": "station", "address": "某地", "opened_on": "2024-01-01"}

CASES = [
    # Public by design: active stations, their deputies and their QR codes.
    Case("stations:public_list", public=True),
    Case("stations:public", kwargs=_token, public=True),
    Case("stations:qr_svg", kwargs=_token, public=True),
    Case("stations:qr_png", kwargs=_token, public=True),
    Case("api-stations:public-station-list", public=True),
    Case(
        "api-stations:public-station-detail",
        kwargs=lambda s: {"public_token": s["token"]},
        public=True,
    ),
    Case("stations:manage"),
    Case("stations:create"),
    Case("stations:create", method="post", data=STATION_DATA, own_status=302),
    Case("stations:edit", kwargs=_pk),
    Case("stations:edit", method="post", kwargs=_pk, data=STATION_DATA, own_status=302),
    Case("stations:poster", kwargs=lambda s: {"pk": s["hidden_id"]}),
    Case("api-stations:station-list"),
    Case("api-stations:station-list", method="post", data=STATION_DATA, own_status=201),
    Case("api-stations:station-detail", kwargs=_pk),
    Case("api-stations:station-detail", method="put", kwargs=_pk, data=STATION_DATA),
]
