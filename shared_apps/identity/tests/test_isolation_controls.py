"""Positive controls for identity's write cases: the congress's own administrator succeeds
where the isolation suite shows everyone else refused."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from shared_apps.identity import importer

from . import isolation

WRITES = [c for c in isolation.CASES if c.site == "congress" and c.method != "get"]


@pytest.mark.parametrize("case", WRITES, ids=[f"{c.url_name}:{c.method}" for c in WRITES])
def test_the_congress_own_administrator_can_write(world, client_for, case):
    seed = world.seeds["T2"]["identity"]
    url = reverse(case.url_name, kwargs=case.resolve_kwargs(seed), urlconf="renda.urls_tenant")
    client = client_for("T2", world.user("administrator", "T2"))
    data = dict(case.data or {})
    if "import" in case.url_name:  # a real file, checked (dry run) and reported
        book = load_workbook(io.BytesIO(importer.template(world.congresses["T2"])))
        book[importer.MEMBERS_SHEET].append(["对照", "17600008888", "", "工作人员", ""])
        upload = io.BytesIO()
        book.save(upload)
        upload.seek(0)
        upload.name = "members.xlsx"
        response = client.post(url, {"file": upload, "action": "check", "dry_run": "true"})
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
        response = getattr(client, case.method)(url, data=case.data or {})
        assert response.status_code == 403, (case.url_name, case.method, response.status_code)
