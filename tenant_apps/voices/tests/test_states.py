"""The state machine: every transition not in the table is refused, by the table and by the services."""

import pytest
from django.utils import timezone

from tenant_apps.voices import services, states
from tenant_apps.voices.models import Rating
from tenant_apps.voices.states import IllegalTransition, Status

from .helpers import deputy, submit

ILLEGAL = [
    (action, status)
    for action, (sources, _to) in states.TRANSITIONS.items()
    for status in Status.values
    if status not in sources
]


@pytest.mark.parametrize(("action", "status"), ILLEGAL)
def test_every_illegal_transition_is_refused(action, status):
    with pytest.raises(IllegalTransition) as caught:
        states.target(action, status)
    assert str(Status(status).label) in caught.value.messages[0]


def test_unknown_action_is_refused():
    with pytest.raises(IllegalTransition):
        states.target("teleport", Status.SUBMITTED)


def test_services_refuse_illegal_steps_and_change_nothing(world, db, in_congress):
    with in_congress("T1"):
        voice = submit(world)
        user = deputy(world).user
        with pytest.raises(IllegalTransition):
            services.rate(voice, citizen_key=voice.citizen_key, rating=Rating.SATISFIED)
        with pytest.raises(IllegalTransition):
            services.answer(voice, user=user, text="先答复？")
        services.accept(voice, user=user)
        with pytest.raises(IllegalTransition):
            services.accept(voice, user=user)
        services.answer(voice, user=user, text="已答复")
        with pytest.raises(IllegalTransition):
            services.assign(voice, user=user, lead_unit=world.units["T1"]["government"])
        services.rate(voice, citizen_key=voice.citizen_key, rating=Rating.SATISFIED)
        with pytest.raises(IllegalTransition):
            services.close(voice, user=user, reason="再次办结")
        with pytest.raises(IllegalTransition):
            services.record_upstream_update(voice.pk, status="answered", text="上级答复", at=timezone.now())
        voice.refresh_from_db()
        assert voice.status == Status.CLOSED
        assert [t.to_status for t in voice.timeline.all()] == ["submitted", "accepted", "replied", "closed"]
