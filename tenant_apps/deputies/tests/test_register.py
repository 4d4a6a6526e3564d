"""The register: seats and memberships, several levels per person, masking, encryption, photos."""

import datetime as dt

import pytest
from django.db import connection
from django_tenants.utils import tenant_context
from PIL import Image

from shared_apps.bus.models import OutboxEvent
from shared_apps.identity.models import Membership
from shared_apps.identity.services import create_user
from tenant_apps.deputies import services
from tenant_apps.deputies.models import Deputy, Seat

from .helpers import deputy, photo

pytestmark = pytest.mark.django_db


def test_registering_with_an_account_grants_the_deputy_role_and_leaving_ends_it(world):
    congress = world.congresses["T1"]
    person = create_user(username="reg_person", display_name="赵代表")
    with tenant_context(congress):
        term = services.create_term(number=19, started_on=dt.date(2021, 10, 1))
        group = services.create_group(name="一组", term=term)
        d = deputy("赵代表", user=person, term=term, group=group, gender="male", birth_year=1970)
        membership = Membership.objects.active().get(user=person, congress=congress, role="deputy")
        event = OutboxEvent.objects.get(type="deputy.registered", payload__deputy_id=d.pk)
        assert event.payload == {
            "deputy_id": d.pk,
            "level": "county",
            "gender": "male",
            "birth_year": 1970,
            "party": None,
            "term_id": term.pk,
            "group_id": group.pk,
            "registered_on": "2021-10-01",
        }
        other = services.create_group(name="二组", term=term)
        services.update_deputy(d, group=other, on=dt.date(2023, 1, 1))
        services.leave_office(d, left_on=dt.date(2024, 6, 30), reason="调离")
        membership.refresh_from_db()
        assert membership.ended_at is not None
        seats = list(Seat.objects.filter(deputy=d).order_by("started_on"))
        assert [(s.group_id, s.ended_on) for s in seats] == [
            (group.pk, dt.date(2023, 1, 1)),
            (other.pk, dt.date(2024, 6, 30)),
        ]
        assert Deputy.objects.filter(pk=d.pk).exists()  # nothing is deleted
        left = OutboxEvent.objects.get(type="deputy.left_office", payload__deputy_id=d.pk).payload
        assert left == {"deputy_id": d.pk, "left_on": "2024-06-30", "reason": "调离"}


def test_one_person_deputy_at_two_levels_sees_both_seats(world, client_for):
    person = create_user(username="two_levels", password="pw-2-levels", display_name="钱代表")
    for key in ("K1", "T1"):
        with tenant_context(world.congresses[key]):
            deputy("钱代表", user=person)
    for key in ("K1", "T1"):
        client = client_for(key, person)
        assert client.get("/deputies/duties/mine/").status_code == 200
    listing = client_for("T1", person).get("/accounts/congresses/").content.decode()
    assert world.congresses["K1"].name in listing and world.congresses["T1"].name in listing
    assert client_for("K2", person).get("/deputies/duties/mine/").status_code in (403, 302)


def test_contacts_are_encrypted_at_rest_and_masked_without_the_right(world, client_for):
    with tenant_context(world.congresses["T1"]):
        d = deputy("孙代表", mobile="13912345678", email="sun@example.cn", address="幸福路100号")
        with connection.cursor() as cursor:
            cursor.execute("SELECT mobile, email, address FROM deputies_deputy WHERE id = %s", [d.pk])
            raw = cursor.fetchone()
    assert "13912345678" not in raw[0] and "sun@" not in raw[1] and "幸福路" not in raw[2]
    staff = client_for("T1", world.user("staff", "T1"))
    leader = client_for("T1", world.user("leader", "T1"))
    assert "13912345678" in staff.get(f"/deputies/register/{d.pk}/").content.decode()
    page = leader.get(f"/deputies/register/{d.pk}/").content.decode()
    assert "13912345678" not in page and "139****5678" in page and "sun@example.cn" not in page
    assert "13912345678" not in leader.get("/deputies/register/").content.decode()
    api = leader.get(f"/api/v1/deputies/deputies/{d.pk}/").json()
    assert api["mobile"] == "139****5678" and api["contacts_masked"] is True
    assert api["email"] == "s***@example.cn"
    assert staff.get(f"/api/v1/deputies/deputies/{d.pk}/").json()["mobile"] == "13912345678"
    # The public never sees contacts at all.
    public = client_for("T1").get(f"/deputies/people/{d.pk}/").content.decode()
    assert "139" not in public.replace("1390", "") or "13912345678" not in public
    assert "sun@" not in public


def test_photo_is_reencoded_without_exif(world, client_for):
    staff = client_for("T1", world.user("staff", "T1"))
    response = staff.post(
        "/deputies/register/new/",
        {
            "name": "周代表",
            "level": "county",
            "registered_on": "2022-01-05",
            "mobile": "13700001111",
            "photo": photo(),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with tenant_context(world.congresses["T1"]):
        d = Deputy.objects.get(name="周代表")
        with Image.open(d.photo.path) as stored:
            assert not stored.getexif()
    # Served on the congress's own hostname only.
    assert client_for("T1").get(d.photo.url).status_code == 200
    assert client_for("T2").get(d.photo.url).status_code == 404


def test_bad_register_input_answers_400_in_chinese(world, client_for):
    staff = client_for("T1", world.user("staff", "T1"))
    response = staff.post(
        "/deputies/register/new/",
        {"name": "吴代表", "level": "county", "registered_on": "2022-01-05", "mobile": "12345"},
    )
    assert response.status_code == 400
    assert "手机号应为 11 位数字" in response.content.decode()
    api = staff.post(
        "/api/v1/deputies/deputies/",
        {"name": "吴代表", "registered_on": "2022-01-05", "birth_year": 2020},
        content_type="application/json",
    )
    assert api.status_code == 400
    assert api.json()["error"]["fields"]["birth_year"]
