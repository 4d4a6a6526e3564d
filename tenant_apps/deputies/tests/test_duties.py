"""Duty records: entry by deputy or office, verification, visibility, object-level editing."""

import datetime as dt

import pytest
from django_tenants.utils import tenant_context
from PIL import Image

from shared_apps.bus.models import OutboxEvent
from shared_apps.identity.services import create_user
from tenant_apps.deputies import services
from tenant_apps.deputies.models import DutyRecord, DutyStatus
from tenants.services import set_module

from .helpers import deputy, photo

pytestmark = pytest.mark.django_db

DAY = dt.date(2025, 4, 8)


@pytest.fixture
def two_deputies(world):
    congress = world.congresses["T1"]
    alice = create_user(username="duty_alice", display_name="甲")
    bob = create_user(username="duty_bob", display_name="乙")
    with tenant_context(congress):
        return deputy("甲代表", user=alice), deputy("乙代表", user=bob), alice, bob


def _form(**extra):
    return {
        "duty_type": "voter_contact",
        "title": "进站接待选民",
        "occurred_on": DAY.isoformat(),
        "place": "一号联络站",
        "description": "接待 12 人次",
        **extra,
    }


def test_deputy_records_office_verifies_and_only_then_it_is_public(world, client_for, two_deputies):
    a, b, alice, _bob = two_deputies
    me = client_for("T1", alice)
    response = me.post(
        "/deputies/duties/new/",
        _form(participants=[a.pk, b.pk], attachments=[photo("a.jpg"), photo("b.jpg")]),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    with tenant_context(world.congresses["T1"]):
        record = DutyRecord.objects.get(title="进站接待选民")
        assert record.status == DutyStatus.PENDING and record.entered_by == "deputy"
        assert float(record.points) == 2.0
        for attachment in record.attachments.all():
            with Image.open(attachment.image.path) as stored:
                assert not stored.getexif()
        recorded = OutboxEvent.objects.get(type="duty.recorded", payload__record_id=record.pk).payload
        assert recorded == {
            "record_id": record.pk,
            "duty_type": "voter_contact",
            "deputy_ids": sorted([a.pk, b.pk]),
            "occurred_on": "2025-04-08",
            "points": 2.0,
            "entered_by": "deputy",
        }
    public = client_for("T1")
    assert "进站接待选民" not in public.get(f"/deputies/people/{a.pk}/").content.decode()
    assert public.get(f"/api/v1/deputies/public-deputies/{a.pk}/").json()["verified_records"] == 0
    # Staff may not verify: that is the deputy-affairs role's.
    assert client_for("T1", world.user("staff", "T1")).post(f"/deputies/duties/{record.pk}/verify/").status_code == 403
    affairs = client_for("T1", world.user("deputy_affairs", "T1"))
    assert "进站接待选民" in affairs.get("/deputies/verification/").content.decode()
    assert affairs.post(f"/deputies/duties/{record.pk}/verify/").status_code == 302
    assert "进站接待选民" in public.get(f"/deputies/people/{a.pk}/").content.decode()
    assert public.get(f"/api/v1/deputies/public-deputies/{a.pk}/").json()["verified_records"] == 1
    with tenant_context(world.congresses["T1"]):
        verified = OutboxEvent.objects.get(type="duty.verified", payload__record_id=record.pk).payload
        assert verified["outcome"] == "verified" and verified["record_id"] == record.pk
    # A verified record is final, for the deputy too.
    assert me.get(f"/deputies/duties/{record.pk}/edit/").status_code == 403


def test_rejection_needs_a_reason_and_the_deputy_corrects_own_record(world, client_for, two_deputies):
    a, _b, alice, bob = two_deputies
    with tenant_context(world.congresses["T1"]):
        record = services.record_duty(
            duty_type="inspection",
            title="调研农村公路",
            occurred_on=DAY,
            participants=[a],
            entered_by="office",
        )
    affairs = client_for("T1", world.user("deputy_affairs", "T1"))
    affairs.post(f"/deputies/duties/{record.pk}/reject/", {"reason": ""})
    record.refresh_from_db()
    assert record.status == DutyStatus.PENDING
    api = affairs.post(
        f"/api/v1/deputies/duty-records/{record.pk}/reject/",
        {"reason": "缺少照片"},
        content_type="application/json",
    )
    assert api.status_code == 200 and api.json()["status"] == "rejected"
    # Another deputy neither sees nor edits it; the participant does both.
    other = client_for("T1", bob)
    assert other.get(f"/deputies/duties/{record.pk}/").status_code == 404
    assert other.get(f"/api/v1/deputies/duty-records/{record.pk}/").status_code == 404
    mine = client_for("T1", alice)
    page = mine.get("/deputies/duties/mine/").content.decode()
    assert "调研农村公路" in page and "缺少照片" in page
    response = mine.post(
        f"/deputies/duties/{record.pk}/edit/",
        {
            "duty_type": "inspection",
            "title": "调研农村公路（补充照片）",
            "occurred_on": DAY.isoformat(),
            "participants": [a.pk],
            "attachments": [photo()],
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == DutyStatus.PENDING and record.rejection_reason == ""


def test_custom_types_and_points_come_from_the_module_config(world):
    congress = world.congresses["T1"]
    set_module(
        congress,
        "deputies",
        enabled=True,
        config={
            "points": {"meeting": 4, "night_patrol": 6},
            "custom_types": [{"code": "night_patrol", "name": "夜间巡查"}],
        },
    )
    try:
        with tenant_context(congress):
            d = deputy("郑代表")
            record = services.record_duty(
                duty_type="night_patrol",
                title="夜巡",
                occurred_on=DAY,
                participants=[d],
                entered_by="office",
            )
            assert float(record.points) == 6
            assert (
                float(
                    services.record_duty(
                        duty_type="meeting",
                        title="会",
                        occurred_on=DAY,
                        participants=[d],
                        entered_by="office",
                    ).points
                )
                == 4
            )
            with pytest.raises(Exception, match="未知的履职类型"):
                services.record_duty(
                    duty_type="nope",
                    title="x",
                    occurred_on=DAY,
                    participants=[d],
                    entered_by="office",
                )
    finally:
        set_module(congress, "deputies", enabled=True, config={"points": {}, "custom_types": []})


def test_a_record_outside_a_deputys_term_is_refused(world):
    with tenant_context(world.congresses["T1"]):
        d = deputy("冯代表", registered_on=dt.date(2024, 1, 1))
        with pytest.raises(Exception, match="任期"):
            services.record_duty(
                duty_type="meeting",
                title="早于当选",
                occurred_on=dt.date(2023, 5, 1),
                participants=[d],
                entered_by="office",
            )
