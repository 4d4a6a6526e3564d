"""Benchmark: render a deputy's term archive with N verified records; the query count must not
grow with N.

    python bench/deputies_archive.py 300

Renders the archive page (and its print version) for a deputy with 3 records and for one
with N records, through the real view and templates. Ends with one summary line.
"""

from __future__ import annotations

import datetime as dt
import sys
import time

from _setup import fresh_congress
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from shared_apps.identity.models import User
from shared_apps.identity.services import add_membership, create_user
from tenant_apps.deputies import services
from tenant_apps.deputies.models import DutyRecord, DutyStatus

TYPES = ("meeting", "inspection", "suggestion", "voter_contact", "group_activity")


def records(deputy, partner, n: int) -> None:
    """Bulk-made verified records (the workflow itself is not what is measured here)."""
    made = DutyRecord.objects.bulk_create(
        [
            DutyRecord(
                duty_type=TYPES[i % 5],
                title=f"履职活动{i}",
                place="联络站",
                points=2,
                occurred_on=dt.date(2022, 1, 1) + dt.timedelta(days=i % 1000),
                status=DutyStatus.VERIFIED,
                entered_by="office",
            )
            for i in range(n)
        ]
    )
    through = DutyRecord.participants.through
    through.objects.bulk_create(
        [through(dutyrecord_id=r.pk, deputy_id=deputy.pk) for r in made]
        + [through(dutyrecord_id=r.pk, deputy_id=partner.pk) for r in made[::4]]
    )


def measure(client: Client, url: str) -> tuple[int, float]:
    client.get(url)  # warm caches (routing, templates)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
    assert response.status_code == 200, response.status_code
    return len(queries), elapsed


def main(size: int) -> None:
    congress = fresh_congress("640000", "基准测试人大常委会（档案）")
    with tenant_context(congress):
        term = services.create_term(number=19, started_on=dt.date(2021, 10, 1))
        small = services.register_deputy(
            name="少记录代表", term=term, registered_on=term.started_on
        )
        large = services.register_deputy(
            name="多记录代表", term=term, registered_on=term.started_on
        )
        partner = services.register_deputy(
            name="同行代表", term=term, registered_on=term.started_on
        )
        records(small, partner, 3)
        records(large, partner, size)
    staff = User.objects.filter(username="bench_staff").first() or create_user(
        username="bench_staff"
    )
    add_membership(user=staff, congress=congress, role="staff")
    client = Client(HTTP_HOST=f"bench-{congress.region_code}.localhost")
    client.force_login(staff, backend="shared_apps.identity.backends.MembershipRoleBackend")
    figures = {}
    for label, deputy in (("small", small), ("large", large)):
        for page in ("", "print/"):
            url = f"/deputies/archive/{deputy.pk}/term/{term.pk}/{page}"
            figures[(label, page)] = measure(client, url)
    q_small, t_small = figures[("small", "")]
    q_large, t_large = figures[("large", "")]
    qp_small, _ = figures[("small", "print/")]
    qp_large, tp_large = figures[("large", "print/")]
    assert q_small == q_large and qp_small == qp_large, figures
    print(
        f"deputies_archive records={size} queries_3={q_small} queries_{size}={q_large} "
        f"render_3_ms={t_small * 1000:.0f} render_{size}_ms={t_large * 1000:.0f} "
        f"print_queries_{size}={qp_large} print_{size}_ms={tp_large * 1000:.0f}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
