"""Liaison stations: opening, the QR code (decoded), renaming, poster, public page, seeder."""

import datetime as dt
import io

import pytest
import zxingcpp
from django_tenants.utils import tenant_context
from PIL import Image

from shared_apps.bus.models import OutboxEvent
from tenant_apps.deputies import services as deputies
from tenant_apps.deputies.tests.helpers import deputy
from tenant_apps.stations import services
from tenant_apps.stations.models import LiaisonStation
from tenants.modules import get_manifest

pytestmark = pytest.mark.django_db


def _decode(png: bytes) -> str:
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert len(results) == 1
    return results[0].text


@pytest.fixture
def station(world):
    with tenant_context(world.congresses["T1"]):
        people = [deputy("站代表甲"), deputy("站代表乙")]
        return services.open_station(
            name="东湖社区代表联络站",
            address="东湖路 1 号",
            opened_on=dt.date(2024, 3, 1),
            latitude=32.05,
            longitude=118.78,
            opening_hours="工作日 9:00-17:00",
            reception_days=[4, 2],
            deputy_ids=[d.pk for d in people],
        ), people


def test_opening_publishes_station_opened(world, station):
    opened, _people = station
    with tenant_context(world.congresses["T1"]):
        event = OutboxEvent.objects.get(type="station.opened", payload__station_id=opened.pk)
    assert event.payload == {"station_id": opened.pk, "opened_on": "2024-03-01", "deputy_count": 2}
    assert opened.reception_days == [2, 4]


def test_the_qr_code_decodes_to_the_write_url_and_survives_a_rename(world, client_for, station):
    opened, _people = station
    public = client_for("T1")
    url = f"/stations/s/{opened.public_token}/qr.png"
    expected = f"http://{world.host('T1')}/voices/write/{opened.public_token}/"
    assert _decode(public.get(url).content) == expected
    svg = public.get(f"/stations/s/{opened.public_token}/qr.svg")
    assert svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    staff = client_for("T1", world.user("staff", "T1"))
    response = staff.post(
        f"/stations/manage/{opened.pk}/",
        {
            "name": "东湖街道代表之家",
            "kind": "home",
            "address": "东湖路 2 号",
            "opened_on": "2024-03-01",
            "is_active": "on",
            "reception_days": ["1"],
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(world.congresses["T1"]):
        renamed = LiaisonStation.objects.get(pk=opened.pk)
    assert renamed.name == "东湖街道代表之家" and renamed.public_token == opened.public_token
    assert _decode(public.get(url).content) == expected
    page = public.get(f"/stations/s/{opened.public_token}/").content.decode()
    assert "东湖街道代表之家" in page


def test_public_page_poster_and_inactive_stations(world, client_for, station):
    opened, _people = station
    public = client_for("T1")
    page = public.get(f"/stations/s/{opened.public_token}/").content.decode()
    assert "站代表甲" in page and "星期二、星期四" in page and "工作日 9:00-17:00" in page
    staff = client_for("T1", world.user("staff", "T1"))
    poster = staff.get(f"/stations/manage/{opened.pk}/poster/").content.decode()
    assert "<svg" in poster and "站代表甲" in poster and "站代表乙" in poster
    assert public.get(f"/stations/manage/{opened.pk}/poster/").status_code == 302  # login first
    with tenant_context(world.congresses["T1"]):
        services.update_station(opened, is_active=False)
    assert public.get(f"/stations/s/{opened.public_token}/").status_code == 404
    assert public.get(f"/api/v1/stations/public-stations/{opened.public_token}/").status_code == 404


def test_a_deputy_leaving_office_leaves_the_station(world, station):
    opened, people = station
    with tenant_context(world.congresses["T1"]):
        deputies.leave_office(people[0], left_on=dt.date(2025, 1, 1))
        assert list(opened.deputies.values_list("name", flat=True)) == ["站代表乙"]


def test_bad_station_input_is_refused_in_chinese(world, client_for):
    staff = client_for("T1", world.user("staff", "T1"))
    response = staff.post(
        "/api/v1/stations/stations/",
        {"name": "x", "address": "y", "latitude": 95, "longitude": 100},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "error" in response.json()
    response = staff.post(
        "/stations/manage/new/",
        {"name": "", "address": "", "kind": "station", "opened_on": "2024-01-01"},
    )
    assert response.status_code == 400


def test_seeder_opens_the_stations_of_a_tenant_spec_once(world):
    manifest = get_manifest("stations")
    spec = {
        "stations": [
            {
                "name": "种子联络站",
                "address": "种子路 3 号",
                "latitude": 31.2,
                "longitude": 121.4,
                "reception_days": [3],
                "opened_on": "2024-05-01",
            }
        ]
    }
    import jsonschema

    jsonschema.validate(spec, manifest.seed_schema)
    from django.utils.module_loading import import_string

    seeder = import_string(manifest.seeder)
    congress = world.congresses["T2"]
    with tenant_context(congress):
        seeder(congress, spec)
        seeder(congress, spec)
        seeded = LiaisonStation.objects.filter(name="种子联络站")
        assert seeded.count() == 1 and seeded[0].reception_days == [3]


def test_provisioning_a_spec_with_a_stations_block_opens_them(world):
    from provisioning import pipeline
    from provisioning.tests.support import township_spec
    from shared_apps.bus.models import OutboxEvent as Outbox

    station = {"name": "开通联络站", "kind": "point", "address": "新街 1 号", "reception_days": [5]}
    spec = township_spec(
        modules={"portal": {}, "deputies": {}, "stations": {}},
        seed={"stations": {"stations": [station]}},
    )
    job = pipeline.provision(spec)
    assert job.state == "succeeded", job.error
    with tenant_context(job.congress):
        opened = LiaisonStation.objects.get()
        assert (opened.name, opened.kind, opened.reception_days) == ("开通联络站", "point", [5])
        assert Outbox.objects.filter(type="station.opened", payload__station_id=opened.pk).exists()
