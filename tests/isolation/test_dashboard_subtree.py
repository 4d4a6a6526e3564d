"""A leader sees their own subtree on the dashboard, never another one: page, API and export.

Each relation of the isolation suite is tried on the actor's OWN hostname, naming the target
as the drill-down node: that is the way a leader could try to reach outside their subtree.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

import pytest
from django.utils import timezone

from shared_apps.rollups.models import DIMENSIONS, SubtreeRollup
from shared_apps.rollups.services import subtree_keys
from tests.support.world import relations

from .test_isolation import RELATIONS

INSIDE = {"child", "province-to-township"}


def secret(key: str) -> str:
    return f"机密类别{key}"


def shows(body: str, key: str) -> bool:
    # Pages embed their figures with json_script, which escapes non-ASCII characters.
    return secret(key) in body or json.dumps(secret(key))[1:-1] in body


@pytest.fixture
def figures(clean_bus):
    """Every congress's own figures, under a category naming it, summed into all its ancestors."""
    world = clean_bus
    month = timezone.localdate().replace(day=1)
    sums: dict[tuple, int] = defaultdict(int)
    for key, congress in world.congresses.items():
        lineage = [c for c in world.congresses.values() if congress.path.startswith(c.path)]
        lineage.sort(key=lambda c: c.depth)
        dims = tuple(secret(key) if d == "category" else "" for d in DIMENSIONS)
        for row in subtree_keys([c.pk for c in lineage], month, "voices.submitted", dims):
            sums[row] += 7
    rows = [
        SubtreeRollup(node_id=node, child_id=child, month=at, metric=metric, value=value,
                      **dict(zip(DIMENSIONS, values, strict=True)))
        for (node, child, at, metric, *values), value in sums.items()
    ]
    SubtreeRollup.objects.bulk_create(rows)
    return world


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize("url", ["/dashboard/", "/api/v1/dashboard/", "/dashboard/export.xlsx"])
def test_a_leader_cannot_drill_into_another_subtree(figures, client_for, relation, url):
    world = figures
    actor, target = relations(world)[relation]
    client = client_for(actor, world.user("leader", actor))
    response = client.get(url, {"node": world.congresses[target].region_code})
    if relation in INSIDE:
        assert response.status_code == 200
        if url != "/dashboard/export.xlsx":
            assert shows(response.content.decode(), target)
    else:
        assert response.status_code == 404, (relation, url, response.status_code)
        assert not shows(response.content.decode(), target)


def test_the_leaders_own_dashboard_shows_only_their_subtree(figures, client_for):
    world = figures
    body = client_for("K1", world.user("leader", "K1")).get("/api/v1/dashboard/").json()
    categories = {item["code"] for item in body["mix"]["category"]}
    assert categories == {secret("K1"), secret("T1"), secret("T2")}
    assert body["totals"]["voices.submitted"] == 21
    assert {c["code"] for c in body["children"]} == {"320102", "320102001", "320102002"}
    # Breakdown by child congress: one level below, each with its own subtree's figures.
    assert {c["name"]: c["figures"]["voices.submitted"] for c in body["children"]} == {
        world.congresses["K1"].name: 7, world.congresses["T1"].name: 7, world.congresses["T2"].name: 7,
    }


def test_the_province_sees_each_city_as_one_row(figures, client_for):
    world = figures
    body = client_for("P", world.user("leader", "P")).get("/api/v1/dashboard/").json()
    rows = {c["code"]: c["figures"].get("voices.submitted", 0) for c in body["children"]}
    assert rows == {"320000": 7, "320100": 28, "320200": 14}


def test_staff_without_the_dashboard_capability_are_refused(figures, client_for):
    world = figures
    assert client_for("K1", world.user("staff", "K1")).get("/dashboard/").status_code == 403
    assert client_for("K1", world.user("deputy", "K1")).get("/api/v1/dashboard/").status_code == 403


def test_a_bad_period_is_refused_in_chinese(figures, client_for):
    world = figures
    client = client_for("K1", world.user("leader", "K1"))
    response = client.get("/api/v1/dashboard/", {"from": "2026-13"})
    assert response.status_code == 400 and "月份格式" in response.json()["error"]["message"]
    page = client.get("/dashboard/", {"from": "2026-09", "to": "2026-01"})
    assert page.status_code == 400 and "起始月份不能晚于截止月份" in page.content.decode()


def test_the_dashboard_view_is_one_query_whatever_the_tree(figures, client_for, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from shared_apps.rollups import selectors

    world = figures
    period = selectors.parse_period({})
    with CaptureQueriesContext(connection) as captured:
        board = selectors.dashboard(world.congresses["P"], None, period)
    assert board is not None and len(captured.captured_queries) == 1
    assert board.period.end == timezone.localdate().replace(day=1)
    assert board.period.start == (board.period.end.replace(year=board.period.end.year - 1)
                                  + dt.timedelta(days=31)).replace(day=1)
