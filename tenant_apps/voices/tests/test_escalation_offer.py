"""Escalation (提请上级人大) is offered only where a hosted parent congress can receive it."""

import pytest
from django.core.exceptions import ValidationError

from shared_apps.identity.roles import Role
from tenant_apps.voices import selectors, services
from tenant_apps.voices.states import Status
from tenants.models import HostingMode

from .helpers import deputy, submit


def test_the_province_has_nobody_to_escalate_to(world, db, in_congress):
    assert selectors.escalation_target(world.congresses["P"]) is None
    assert selectors.escalation_target(world.congresses["T1"]) == world.congresses["K1"]


def test_a_connected_parent_receives_nothing(world, db):
    parent = world.congresses["K1"]
    parent.hosting_mode = HostingMode.CONNECTED
    parent.save(update_fields=["hosting_mode"])
    child = type(world.congresses["T1"]).objects.get(pk=world.congresses["T1"].pk)
    assert selectors.escalation_target(child) is None


def test_a_province_deputy_is_refused_escalation_but_may_convert(world, db, in_congress):
    with in_congress("P"):
        voice = submit(world, "P")
        user = deputy(world, "P").user
        services.accept(voice, user=user)
        with pytest.raises(ValidationError) as refused:
            services.mark_common_problem(voice, user=user, kind="escalation", summary="多个小区反映路灯年久失修")
        assert "上级人大" in str(refused.value.message_dict["kind"])
        voice.refresh_from_db()
        assert voice.status == Status.ACCEPTED
        services.mark_common_problem(voice, user=user, kind="suggestion", summary="建议系统改造老旧路灯")
        voice.refresh_from_db()
        assert voice.status == Status.CONVERTED


@pytest.mark.parametrize(("key", "offered"), [("P", False), ("T1", True)])
def test_the_deputy_page_offers_escalation_only_with_a_hosted_parent(world, db, in_congress, client_for, key, offered):
    with in_congress(key):
        voice = submit(world, key)
        user = deputy(world, key).user
        services.accept(voice, user=user)
    page = client_for(key, world.user(Role.DEPUTY, key)).get(f"/voices/manage/{voice.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="suggestion"' in body
    assert ('value="escalation"' in body) is offered
