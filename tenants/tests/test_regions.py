"""Region codes and the level tree: every bad input is refused with a clear (Chinese) message."""

import pytest
from django.core.exceptions import ValidationError

from tenants.models import Congress
from tenants.regions import Level, parent_level_errors, region_code_errors
from tenants.services import create_congress


@pytest.mark.parametrize(
    ("code", "level", "parent", "message"),
    [
        ("32000", Level.PROVINCE, None, "不符合省级代码格式"),
        ("990000", Level.PROVINCE, None, "省级前缀 99 不存在"),
        ("320101", Level.CITY, "320000", "不符合市级代码格式"),
        ("330100", Level.CITY, "320000", "前 2 位不一致"),
        ("320100", Level.COUNTY, "320100", "第5-6位不能为00"),
        ("320201", Level.COUNTY, "320100", "前 4 位不一致"),
        ("32010200", Level.TOWNSHIP, "320102", "不符合乡镇代码格式"),
        ("320102000", Level.SUBDISTRICT, "320102", "第7-9位不能为000"),
        ("320103001", Level.SUBDISTRICT, "320102", "前 6 位不一致"),
        ("32a102001", Level.TOWNSHIP, "320102", "不符合乡镇代码格式"),
    ],
)
def test_bad_region_codes_are_refused_with_a_reason(code, level, parent, message):
    errors = region_code_errors(code, level, parent)
    assert any(message in e for e in errors), errors


@pytest.mark.parametrize(
    ("code", "level", "parent"),
    [
        ("320000", Level.PROVINCE, None),
        ("320100", Level.CITY, "320000"),
        ("320102", Level.COUNTY, "320100"),
        ("320102001", Level.SUBDISTRICT, "320102"),
        ("320102001000", Level.TOWNSHIP, "320102"),
    ],
)
def test_good_region_codes_pass(code, level, parent):
    assert region_code_errors(code, level, parent) == []


@pytest.mark.parametrize(
    ("level", "parent_level", "message"),
    [
        (Level.TOWNSHIP, Level.CITY, "乡镇人大的上级必须是县级人大"),
        (Level.SUBDISTRICT, Level.PROVINCE, "街道人大的上级必须是县级人大"),
        (Level.COUNTY, None, "县级人大的上级必须是市级人大"),
        (Level.PROVINCE, Level.PROVINCE, "省级人大不能有上级"),
    ],
)
def test_wrong_parent_level_is_refused(level, parent_level, message):
    assert message in parent_level_errors(level, parent_level)


def test_create_congress_refuses_a_wrong_parent_and_writes_nothing(world, db):
    city = world.congresses["C1"]
    with pytest.raises(ValidationError) as info:
        create_congress(name="错挂乡", level=Level.TOWNSHIP, region_code="320100100", parent=city)
    assert "乡镇人大的上级必须是县级人大" in str(info.value)
    assert not Congress.objects.filter(region_code="320100100").exists()


def test_create_congress_refuses_a_code_outside_the_parent(world, db):
    county = world.congresses["K1"]
    with pytest.raises(ValidationError) as info:
        create_congress(name="越界街道", level=Level.SUBDISTRICT, region_code="320221009", parent=county)
    assert "前 6 位不一致" in str(info.value)


def test_create_congress_refuses_a_hostname_in_use(world, db):
    county = world.congresses["K1"]
    with pytest.raises(ValidationError) as info:
        create_congress(
            name="重名街道", level=Level.SUBDISTRICT, region_code="320102009", parent=county,
            domains=[world.host("T1")], create_schema=False,
        )
    assert "已被占用" in str(info.value)


def test_subtree_is_one_prefix_query(world, db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        keys = {c.region_code for c in Congress.objects.subtree_of(world.congresses["C1"])}
    assert len([q for q in queries if not q["sql"].startswith("SET search_path")]) == 1
    assert keys == {"320100", "320102", "320102001", "320102002"}
    assert world.congresses["T1"].depth == 3
    assert world.congresses["T1"].path == "/320000/320100/320102/320102001/"


def test_the_subtree_query_uses_the_path_index(world, db):
    from django.db import connection

    sql, params = Congress.objects.subtree_of(world.congresses["C1"]).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan using tenants_congress_path" in plan and "_like" in plan, plan
