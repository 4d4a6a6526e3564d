"""Escalation between real congress schemas: T1 -> K1 (linked case) -> T1 (timeline)."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.bus.hub.models import DeliveryStatus, FailedDelivery
from shared_apps.bus.services import publish
from tenant_apps.escalations import services
from tenant_apps.escalations.models import CaseStatus, EscalatedCase
from tenant_apps.voices import services as voices
from tenant_apps.voices.models import ActorKind, CommonProblem, Voice
from tests.support.bus import flow

SUMMARY = "多个小区反映主干道夜间施工噪声，需区级协调"


@pytest.fixture
def upstream(clean_bus):
    return clean_bus


def escalate_seeded_voice(world, key: str) -> Voice:
    """The township's own message (seeded by the voices module), flagged by its deputy."""
    with schema_context(world.congresses[key].schema_name):
        voice = Voice.objects.get(pk=world.seeds[key]["voices"]["voice_id"])
        return voices.mark_common_problem(
            voice, user=world.user("deputy", key), kind=CommonProblem.ESCALATION, summary=SUMMARY
        )


def request_escalation(world, key: str, voice_id: int) -> None:
    with schema_context(world.congresses[key].schema_name), transaction.atomic():
        publish("voice.escalation_requested", {
            "voice_id": voice_id, "category": "suggestion", "summary": SUMMARY, "requested_at": timezone.now(),
        })


def test_a_township_escalation_becomes_a_case_above_and_the_answer_comes_back(upstream):
    world = upstream
    voice = escalate_seeded_voice(world, "T1")
    flow()
    with schema_context(world.congresses["K1"].schema_name):
        case = EscalatedCase.objects.get(source_congress_id=world.congresses["T1"].pk, source_voice_id=voice.pk)
        assert (case.category, case.summary, case.status) == (voice.category.code, SUMMARY, CaseStatus.RECEIVED)
        # Only ids, category, summary and status crossed: none of the citizen's data.
        row = " ".join(str(v) for v in EscalatedCase.objects.filter(pk=case.pk).values().get().values())
        for secret in world.seeds["T1"]["voices"]["secrets"]:
            assert secret not in row
        services.decide(case, status=CaseStatus.ANSWERED, text="已协调区住建局调整施工时段。", user_id=None)
    # Nothing opened anywhere else.
    for key in ("P", "C1", "T1", "T2", "K2"):
        with schema_context(world.congresses[key].schema_name):
            assert not EscalatedCase.objects.filter(source_congress_id=world.congresses["T1"].pk,
                                                    source_voice_id=voice.pk).exists()
    flow()
    with schema_context(world.congresses["T1"].schema_name):
        upstream_steps = list(Voice.objects.get(pk=voice.pk).timeline.filter(actor_kind=ActorKind.UPSTREAM))
        assert [step.public_text for step in upstream_steps] == ["已协调区住建局调整施工时段。"]
    assert not FailedDelivery.objects.exists()


def test_only_the_parent_may_answer_a_case(upstream):
    world = upstream
    with schema_context(world.congresses["K2"].schema_name), transaction.atomic():
        publish("escalation.decided", {
            "case_id": 1, "source_congress_id": world.congresses["T1"].pk, "source_voice_id": 42,
            "status": "closed", "text": "越权答复", "decided_at": timezone.now(),
        })
    flow()
    with schema_context(world.congresses["T1"].schema_name):
        assert not Voice.objects.filter(timeline__actor_kind=ActorKind.UPSTREAM).exists()
    failure = FailedDelivery.objects.get(consumer="escalation-down")
    assert failure.status == DeliveryStatus.RETRYING and "not its child" in failure.last_error


def test_a_decision_needs_a_status_and_a_text(upstream):
    world = upstream
    request_escalation(world, "T2", 7)
    flow()
    with schema_context(world.congresses["K1"].schema_name):
        case = EscalatedCase.objects.get(source_voice_id=7)
        from django.core.exceptions import ValidationError

        with pytest.raises(ValidationError) as caught:
            services.decide(case, status="received", text=" ", user_id=None)
        assert set(caught.value.message_dict) == {"status", "text"}


def test_staff_of_the_parent_see_and_decide_the_case_in_the_console(upstream, client_for):
    world = upstream
    request_escalation(world, "T1", 43)
    flow()
    staff = client_for("K1", world.user("staff", "K1"))
    listing = staff.get("/escalations/")
    assert listing.status_code == 200 and "多个小区反映主干道夜间施工噪声" in listing.content.decode()
    with schema_context(world.congresses["K1"].schema_name):
        pk = EscalatedCase.objects.get(source_voice_id=43).pk
    bad = staff.post(f"/escalations/{pk}/", {"status": "answered", "text": ""})
    assert bad.status_code == 400 and "请填写办理意见" in bad.content.decode()
    ok = staff.post(f"/escalations/{pk}/", {"status": "in_progress", "text": "已转交区住建局。"})
    assert ok.status_code == 302
    leader = client_for("K1", world.user("leader", "K1"))
    assert leader.post(f"/escalations/{pk}/", {"status": "closed", "text": "x"}).status_code == 403
