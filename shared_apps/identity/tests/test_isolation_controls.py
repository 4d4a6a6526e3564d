"""Positive controls for identity's write cases: the congress's own administrator succeeds
where the isolation suite shows everyone else refused."""

from __future__ import annotations

import pytest
from django.urls import reverse

from . import isolation

WRITES = [c for c in isolation.CASES if c.site == "congress" and c.method != "get"]


@pytest.mark.parametrize("case", WRITES, ids=[f"{c.url_name}:{c.method}" for c in WRITES])
def test_the_congress_own_administrator_can_write(world, client_for, case):
    seed = world.seeds["T2"]["identity"]
    url = reverse(case.url_name, kwargs=case.resolve_kwargs(seed), urlconf="renda.urls_tenant")
    client = client_for("T2", world.user("administrator", "T2"))
    data = case.resolve_data(seed)
    if "import" in case.url_name:  # a real file, checked (dry run) and reported
        response = client.post(url, data)
    elif case.url_name.startswith("identity-api:") and case.method != "delete":
        response = getattr(client, case.method)(url, data=data, content_type="application/json")
    else:
        response = getattr(client, case.method)(url, data=data)
    assert response.status_code == isolation.OWN_WRITE_STATUS[case.url_name], (url, response.content[:300])


def test_a_leader_of_the_same_congress_is_refused_every_write(world, client_for):
    seed = world.seeds["T2"]["identity"]
    client = client_for("T2", world.user("leader", "T2"))
    for case in WRITES:
        url = reverse(case.url_name, kwargs=case.resolve_kwargs(seed), urlconf="renda.urls_tenant")
        response = getattr(client, case.method)(url, data=case.resolve_data(seed))
        assert response.status_code == 403, (case.url_name, case.method, response.status_code)
