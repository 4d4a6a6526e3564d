"""Every path that creates an account sends an invitation: onboarding, deputy registration."""

from __future__ import annotations

import datetime as dt

import pytest

from provisioning import pipeline
from provisioning.tests.support import township_spec
from shared_apps.accounts.models import Invitation
from shared_apps.identity.models import User
from shared_apps.identity.selectors import users_by_phones

from .helpers import last_message

pytestmark = pytest.mark.django_db


def test_onboarding_invites_new_administrators_and_says_so_in_the_log(world):
    data = township_spec()
    job = pipeline.provision(data)
    admin = User.objects.get(username=data["administrators"][0]["username"])
    invitation = Invitation.objects.get(user=admin)
    assert invitation.congress_id == job.congress_id and invitation.channel == "email"
    assert last_message(admin, "accounts.invitation").channel == "email"
    admins_log = next(entry["message"] for entry in job.log if entry["step"] == "admins")
    assert "邀请已发送至" in admins_log and invitation.sent_to in admins_log
    assert "changepassword" not in admins_log
    assert data["administrators"][0]["email"] not in admins_log  # masked
    # An existing account (the leader) is linked, not invited again.
    assert not Invitation.objects.filter(user=world.user("leader", "K1")).exists()


def test_a_new_administrator_needs_an_address_to_be_invited(world):
    from provisioning import spec

    data = township_spec()
    data["administrators"] = [{"username": "no_contact_admin"}]
    problems = {p.path: p.message for p in spec.validate(spec.normalise(data))}
    assert "新建用户须提供 email 或 phone" in problems["administrators[0]"]
    data["administrators"] = [{"username": "abroad_admin", "phone": "+4420123456"}]
    problems = {p.path: p.message for p in spec.validate(spec.normalise(data))}
    assert "11 位大陆手机号" in problems["administrators[0].phone"]


def test_registering_a_deputy_with_an_account_invites_by_sms(world, in_congress):
    from tenant_apps.deputies import services as deputies

    with in_congress("T1"):
        deputy = deputies.register_deputy(
            name="王代表", mobile="13511112222", registered_on=dt.date(2022, 1, 1), create_account=True
        )
    invitation = Invitation.objects.get(user=deputy.user)
    assert invitation.channel == "sms" and invitation.congress == world.congresses["T1"]
    message = last_message(deputy.user, "accounts.invitation")
    assert message.recipient == "13511112222" and "激活码" in message.text


def test_importing_deputies_invites_each_new_account_once(world):
    import io

    from django_tenants.utils import tenant_context

    from tenant_apps.deputies import importer
    from tenant_apps.deputies.tests.helpers import good_row, roster

    data = roster([good_row(i, mobile=f"1580000{i:04d}") for i in range(1, 4)])
    with tenant_context(world.congresses["K2"]):
        importer.run(io.BytesIO(data))
        importer.run(io.BytesIO(data))  # a re-run creates nobody, so invites nobody
    # The phone is stored encrypted: found through its blind index.
    users = list(users_by_phones([f"1580000{i:04d}" for i in range(1, 4)]).values())
    assert len(users) == 3
    for user in users:
        invitation = Invitation.objects.get(user=user)
        assert invitation.channel == "sms" and invitation.congress == world.congresses["K2"]
        assert last_message(user, "accounts.invitation").recipient == user.phone
