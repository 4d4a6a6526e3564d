"""Validation reports every problem at once, each at its path, and creates nothing."""

from __future__ import annotations

import pytest

from provisioning import pipeline, spec
from provisioning.models import ProvisioningJob
from tenants.models import Congress

from .support import township_spec

pytestmark = pytest.mark.django_db


def problems_of(data: dict) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for problem in spec.validate(spec.normalise(data)):
        found.setdefault(problem.path, []).append(problem.message)
    return found


def test_a_good_spec_has_no_problems(world):
    assert problems_of(township_spec()) == {}


@pytest.mark.parametrize(
    ("change", "path", "fragment"),
    [
        ({"region_code": "32010"}, "region_code", "格式"),
        ({"region_code": "330102701"}, "region_code", "前 6 位不一致"),
        ({"region_code": "320102000"}, "region_code", "不能为000"),
        ({"region_code": "320102001"}, "region_code", "已有人大使用"),  # T1's code: a duplicate
        ({"parent": "320100"}, "parent", "上级必须是县级"),  # a city as a township's parent
        ({"parent": "329999"}, "parent", "不存在"),
        ({"level": "village"}, "level", "不在允许范围"),
        ({"domains": ["t1.testserver"]}, "domains[0]", "已被占用"),
        ({"domains": ["a.testserver", "a.testserver"]}, "domains[1]", "重复"),
        ({"domains": ["not a host"]}, "domains[0]", "不是有效的域名"),
        ({"domains": []}, "domains", "至少需要一个域名"),
        ({"modules": {"nonsense": {}}}, "modules.nonsense", "未知模块"),
        ({"modules": {"portal": {"home_post_count": 0}}}, "modules.portal.config", "配置无效"),
        ({"modules": {"portal": {"colour": "red"}}}, "modules.portal.config", "配置无效"),
        ({"hosting_mode": "cloud"}, "hosting_mode", "不在允许范围"),
        (
            {"administrators": [{"display_name": "无名"}]},
            "administrators[0]",
            "username、email 或 phone",
        ),
        (
            {"administrators": [{"email": "nobody@example.org"}]},
            "administrators[0].username",
            "新建用户",
        ),
        ({"units": [{"kind": "army", "name": "X"}]}, "units[0].kind", "不在允许范围"),
        (
            {"units": [{"kind": "court", "name": "X"}, {"kind": "court", "name": "X"}]},
            "units[1].name",
            "重复",
        ),
        ({"seed": {"portal": {"posts": [{"kind": "news"}]}}}, "seed.portal.posts[0]", "required"),
        ({"seed": {"nonsense": {}}}, "seed.nonsense", "未知模块"),
        ({"modules": {}, "seed": {"portal": {"posts": []}}}, "seed.portal", "开通的模块"),
        ({"colour": "red"}, "colour", "未知的字段"),
        ({"name": ""}, "name", None),
    ],
)
def test_each_problem_is_reported_at_its_path(world, change, path, fragment):
    data = township_spec()
    data.update(change)
    found = problems_of(data)
    assert path in found, found
    if fragment:
        assert any(fragment in message for message in found[path]), found[path]


def test_a_person_matching_two_users_is_a_problem(world):
    from shared_apps.identity.models import User

    User.objects.filter(username="leader_T1").update(email="x@example.org")
    data = township_spec(
        administrators=[{"username": "administrator_T1", "email": "x@example.org"}]
    )
    assert "不同的用户" in " ".join(problems_of(data)["administrators[0]"])


def test_every_problem_is_reported_at_once_and_nothing_is_created(world):
    data = township_spec(
        region_code="320102001",
        parent="320100",
        domains=["t2.testserver"],
        modules={"nonsense": {}},
        units=[{"kind": "army", "name": "X"}],
    )
    before = (Congress.objects.count(), ProvisioningJob.objects.count())
    with pytest.raises(spec.SpecInvalid) as caught:
        pipeline.submit(data)
    paths = {p.path for p in caught.value.problems}
    assert {"region_code", "parent", "domains[0]", "modules.nonsense", "units[0].kind"} <= paths
    assert (Congress.objects.count(), ProvisioningJob.objects.count()) == before


def test_specs_parse_from_yaml_and_json():
    assert spec.parse("name: 甲\nlevel: city\nregion_code: '320500'\n")["region_code"] == "320500"
    assert spec.parse(b'{"name": "x"}', "a.json") == {"name": "x"}
    with pytest.raises(spec.SpecInvalid):
        spec.parse("- just\n- a list\n")
    with pytest.raises(spec.SpecInvalid):
        spec.parse("{not json", "a.json")


def test_the_documented_example_is_valid_apart_from_the_registry(world):
    """docs/examples/tenant-spec.yaml parses; only its parent (a demo county) is missing here."""
    from pathlib import Path

    text = (
        Path(__file__).resolve().parents[2] / "docs" / "examples" / "tenant-spec.yaml"
    ).read_text()
    found = problems_of(spec.parse(text))
    assert set(found) <= {"parent", "leaders[0].username"}, found
