"""Escalation endpoints in the tenant isolation suite."""

import datetime as dt

from tenant_apps.escalations import services
from tests.isolation.registry import Case


def SEED(world, key):
    summary = f"提级-{key}-机密摘要"
    case = services.receive(
        source_congress_id=world.congresses[key].pk, source_congress_name="seed",
        payload={"voice_id": 900_000, "category": "seed", "summary": summary,
                 "requested_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC).isoformat()},
    )
    return {"case_id": case.pk, "secrets": [summary]}


def _pk(seed):
    return {"pk": seed["case_id"]}


CASES = [
    Case("escalations:list"),
    Case("escalations:detail", kwargs=_pk),
    # Leaders read escalated cases; deciding is for the office.
    Case("escalations:detail", method="post", kwargs=_pk, data={"status": "in_progress", "text": "x"},
         own_status=302, refused=("leader",)),
    Case("api-escalations:case-list"),
    Case("api-escalations:case-detail", kwargs=_pk),
    Case("api-escalations:case-decide", method="post", kwargs=_pk, data={"status": "in_progress", "text": "x"},
         refused=("leader",)),
]
