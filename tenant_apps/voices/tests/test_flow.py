"""The handling loop through the services and the pages: events, timeline, grants, deadlines."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from shared_apps.audit.models import AuditEntry
from shared_apps.bus.models import OutboxEvent
from shared_apps.identity import selectors as identity
from tenant_apps.voices import services
from tenant_apps.voices.models import Rating, Voice
from tenant_apps.voices.states import Status

from .helpers import deputy, submit


def _events(voice):
    return [(e.type, e.payload) for e in OutboxEvent.objects.filter(payload__voice_id=voice.pk).order_by("occurred_at")]


def test_full_loop_dissatisfied_reopens_then_satisfied(world, db, in_congress):
    units = world.units["T1"]
    with in_congress("T1"):
        voice = submit(world)
        user = deputy(world).user
        services.accept(voice, user=user)
        services.assign(voice, user=user, lead_unit=units["government"], co_units=[units["court"]])
        handler = world.user("handler_government", "T1")
        co_handler = world.user("handler_court", "T1")
        services.reply(voice, user=co_handler, unit=units["court"], grade="D", text="协办意见：依法说明。")
        voice.refresh_from_db()
        assert voice.status == Status.ASSIGNED
        services.reply(voice, user=handler, unit=units["government"], grade="B", text="已安排维修，正在施工。")
        key = voice.citizen_key
        voice = services.rate(voice, citizen_key=key, rating=Rating.DISSATISFIED, comment="还没修好")
        assert voice.status == Status.REOPENED and voice.round == 2
        assert voice.due_at > timezone.now() + dt.timedelta(days=14)
        services.reply(voice, user=handler, unit=units["government"], grade="A", text="路灯已修复。")
        voice = services.rate(voice, citizen_key=key, rating=Rating.SATISFIED)
        assert voice.status == Status.CLOSED and voice.close_outcome == "answered"
        steps = [(t.from_status, t.to_status) for t in voice.timeline.all()]
        assert steps[0] == ("", "submitted") and steps[-1] == ("replied", "closed")
        assert ("replied", "reopened") in steps
        types = [t for t, _p in _events(voice)]
        assert types == [
            "voice.submitted",
            "voice.assigned",
            "voice.replied",
            "voice.rated",
            "voice.reopened",
            "voice.replied",
            "voice.rated",
            "voice.closed",
        ]
        assigned = dict(_events(voice))["voice.assigned"]
        assert assigned["lead_unit_id"] == units["government"].pk and assigned["co_unit_ids"] == [units["court"].pk]
        assert assigned["unit_kind"] == "government"
        assert voice.feedback.count() == 2
        assert AuditEntry.objects.filter(object_type="voices.voice", object_id=str(voice.pk)).count() >= 8


def test_handlers_see_exactly_their_units_items(world, db, in_congress):
    units = world.units["T1"]
    with in_congress("T1"):
        voice = submit(world)
        user = deputy(world).user
        services.accept(voice, user=user)
        services.assign(voice, user=user, lead_unit=units["government"])
        mine = world.user("handler_government", "T1")
        other = world.user("handler_court", "T1")
        qs = Voice.objects.all()
        assert voice in identity.granted_objects(mine, "voices.view_voice", qs)
        assert voice not in identity.granted_objects(other, "voices.view_voice", qs)
        with pytest.raises(ValidationError):
            services.reply(voice, user=other, unit=units["court"], grade="A", text="不是我们的")
        # Reassigning moves the grant.
        services.assign(voice, user=world.user("staff", "T1"), lead_unit=units["court"], actor_kind="staff")
        assert voice not in identity.granted_objects(mine, "voices.view_voice", qs)
        assert voice in identity.granted_objects(other, "voices.view_voice", qs)


def test_handler_of_another_unit_gets_404_on_page_and_api(world, db, client_for, in_congress):
    with in_congress("T1"):
        voice = submit(world)
        services.accept(voice, user=deputy(world).user)
        services.assign(voice, user=deputy(world).user, lead_unit=world.units["T1"]["government"])
    mine = client_for("T1", world.user("handler_government", "T1"))
    other = client_for("T1", world.user("handler_court", "T1"))
    assert mine.get(f"/voices/manage/{voice.pk}/").status_code == 200
    assert voice.title in mine.get("/voices/handling/").content.decode()
    assert other.get(f"/voices/manage/{voice.pk}/").status_code == 404
    assert voice.title not in other.get("/voices/handling/").content.decode()
    assert other.get(f"/api/v1/voices/voices/{voice.pk}/").status_code == 404
    assert voice.pk not in [v["id"] for v in other.get("/api/v1/voices/voices/").json()["results"]]
    reply = other.post(
        f"/api/v1/voices/voices/{voice.pk}/reply/", {"text": "x", "grade": "A"}, content_type="application/json"
    )
    assert reply.status_code == 404


def test_internal_notes_never_reach_the_citizen(world, db, client_for, in_congress):
    with in_congress("T1"):
        number = "13912345678"
        voice = submit(world, phone=number)
        user = deputy(world).user
        services.accept(voice, user=user)
        services.add_note(voice, user=user, text="内部：此人多次反映，注意方式", actor_kind="deputy")
        services.assign(voice, user=user, lead_unit=world.units["T1"]["government"], note="内部：请住建局优先")
    client = client_for("T1")
    response = client.post("/voices/track/", {"code": voice.tracking_code, "secret": voice.citizen_key})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "已交由" in page and "内部" not in page
    api = client.post(
        "/api/v1/voices/track/",
        {"tracking_code": voice.tracking_code, "citizen_key": voice.citizen_key},
        content_type="application/json",
    ).json()
    assert "内部" not in str(api)
    wrong = client.post("/voices/track/", {"code": voice.tracking_code, "secret": "0000"})
    assert wrong.status_code == 400
    # The last four digits staff see in the masked phone do not open a message that has a key.
    digits = client.post("/voices/track/", {"code": voice.tracking_code, "secret": "5678"})
    assert digits.status_code == 400


def test_return_as_misrouted_within_seven_working_days(world, db, in_congress):
    with in_congress("T1"):
        voice = submit(world)
        user = deputy(world).user
        Voice.objects.filter(pk=voice.pk).update(submitted_at=timezone.now() - dt.timedelta(days=20))
        with pytest.raises(ValidationError) as caught:
            services.return_misrouted(voice, user=user, reason="不属于本站")
        assert "7" in caught.value.messages[0]
        fresh = submit(world)
        services.return_misrouted(fresh, user=user, reason="属于邻近街道")
        fresh.refresh_from_db()
        assert fresh.status == Status.MISROUTED
        services.reroute(fresh, user=world.user("staff", "T1"), deputies=[deputy(world)])
        fresh.refresh_from_db()
        assert fresh.status == Status.SUBMITTED


def test_common_problem_escalation_and_upstream_updates(world, db, in_congress):
    with in_congress("T1"):
        voice = submit(world)
        user = deputy(world).user
        services.accept(voice, user=user)
        services.mark_common_problem(voice, user=user, kind="escalation", summary="多个小区反映路灯年久失修")
        voice.refresh_from_db()
        assert voice.status == Status.ESCALATED
        event = OutboxEvent.objects.get(type="voice.escalation_requested", payload__voice_id=voice.pk)
        assert event.payload["summary"] == "多个小区反映路灯年久失修"
        at = timezone.now()
        services.record_upstream_update(voice.pk, status="in_progress", text="区人大已交办区住建局。", at=at)
        services.record_upstream_update(voice.pk, status="in_progress", text="区人大已交办区住建局。", at=at)
        assert voice.timeline.filter(actor_kind="upstream").count() == 1
        services.record_upstream_update(voice.pk, status="answered", text="已纳入年度改造计划。", at=timezone.now())
        voice.refresh_from_db()
        assert voice.status == Status.REPLIED
        services.rate(voice, citizen_key=voice.citizen_key, rating=Rating.BASICALLY_SATISFIED)
        voice.refresh_from_db()
        assert voice.status == Status.CLOSED


def test_suggestion_draft_and_staff_merge_and_close(world, db, in_congress):
    with in_congress("T1"):
        user, staff = deputy(world).user, world.user("staff", "T1")
        a, b, c = submit(world), submit(world), submit(world)
        services.accept(a, user=user)
        services.mark_common_problem(a, user=user, kind="suggestion", summary="建议系统改造老旧路灯")
        a.refresh_from_db()
        assert a.status == Status.CONVERTED and a.first_replied_at
        services.merge(b, into=c, user=staff)
        b.refresh_from_db()
        assert b.status == Status.CLOSED and b.close_outcome == "merged" and b.merged_into == c
        services.close(c, user=staff, reason="已电话联系答复")
        c.refresh_from_db()
        assert c.close_outcome == "closed_by_staff"
        with pytest.raises(ValidationError):
            services.merge(a, into=c, user=staff)


def test_consultation_has_a_24_hour_deadline(world, db, in_congress):
    with in_congress("T1"):
        voice = submit(world, category="consultation")
        assert abs((voice.due_at - voice.submitted_at) - dt.timedelta(hours=24)) < dt.timedelta(seconds=1)


def test_staff_page_actions_and_illegal_action_answer_409(world, db, client_for, in_congress):
    with in_congress("T1"):
        voice = submit(world)
    deputy_client = client_for("T1", world.user("deputy", "T1"))
    assert deputy_client.post(f"/voices/manage/{voice.pk}/accept/").status_code == 302
    again = deputy_client.post(f"/voices/manage/{voice.pk}/accept/")
    assert again.status_code == 409 and "不能执行" in again.content.decode()
    response = deputy_client.post(
        f"/voices/manage/{voice.pk}/assign/", {"lead_unit": world.units["T1"]["government"].pk}
    )
    assert response.status_code == 302
    leader = client_for("T1", world.user("leader", "T1"))
    assert leader.get(f"/voices/manage/{voice.pk}/").status_code == 200
    assert leader.post(f"/voices/manage/{voice.pk}/close/", {"reason": "x"}).status_code == 403


def test_api_actions_and_structured_errors(world, db, client_for, in_congress):
    with in_congress("T1"):
        voice = submit(world)
    api = client_for("T1", world.user("deputy", "T1"))
    url = f"/api/v1/voices/voices/{voice.pk}/"
    assert api.post(url + "accept/").json()["status"] == "accepted"
    bad = api.post(url + "accept/")
    assert bad.status_code == 400 and bad.json()["error"]["fields"]["status"]
    done = api.post(url + "answer/", {"text": "按政策可在社区服务中心办理。"}, content_type="application/json")
    assert done.json()["status"] == "replied"
    assert "phone" not in done.json() and done.json()["masked_phone"].count("*") == 4
