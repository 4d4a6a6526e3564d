"""A small congress tree built once per test session, in real schemas.

    P  320000 province
    ├── C1 320100 city
    │   └── K1 320102 county
    │       ├── T1 320102001 sub-district
    │       └── T2 320102002 sub-district
    └── C2 320200 city
        └── K2 320221 county

Every congress has an administrator (``admin_<key>``), a leader, a staff member,
one handler per organisation kind, and whatever each module's isolation seed
creates (see tests/isolation/registry.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import Group

from shared_apps.identity import second_factor
from shared_apps.identity.models import OrganisationKind, OrganisationUnit, User
from shared_apps.identity.roles import Role
from shared_apps.identity.rules import kinds_for_level
from shared_apps.identity.services import add_membership, create_organisation_unit, create_user
from tenants.models import Congress
from tenants.modules import all_manifests
from tenants.regions import Level
from tenants.services import create_congress, ensure_platform

PASSWORD = "test-pass-2026"

TREE = (
    ("P", "测试省人大常委会", Level.PROVINCE, "320000", None),
    ("C1", "测试一市人大常委会", Level.CITY, "320100", "P"),
    ("C2", "测试二市人大常委会", Level.CITY, "320200", "P"),
    ("K1", "测试一区人大常委会", Level.COUNTY, "320102", "C1"),
    ("K2", "测试二县人大常委会", Level.COUNTY, "320221", "C2"),
    ("T1", "测试一街道人大工委", Level.SUBDISTRICT, "320102001", "K1"),
    ("T2", "测试二街道人大工委", Level.SUBDISTRICT, "320102002", "K1"),
)


@dataclass
class World:
    platform: Congress
    congresses: dict[str, Congress] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)
    units: dict[str, dict[str, OrganisationUnit]] = field(default_factory=dict)
    # per congress key, per module code: what the module's isolation seed returned
    seeds: dict[str, dict[str, Any]] = field(default_factory=dict)
    # per registration label: what its PLATFORM_SEED returned (public-schema objects)
    platform_seeds: dict[str, Any] = field(default_factory=dict)

    def host(self, key: str) -> str:
        return f"{key.lower()}.testserver"

    def user(self, role: str, key: str) -> User:
        return self.users[f"{role}_{key}"]

    def key_of(self, congress: Congress) -> str:
        return next(k for k, c in self.congresses.items() if c.pk == congress.pk)


def relations(world: World) -> dict[str, tuple[str, str]]:
    """(actor congress, target congress) for each relation the isolation suite checks."""
    return {
        "sibling": ("T1", "T2"),
        "parent": ("T1", "K1"),
        "child": ("K1", "T1"),
        "unrelated": ("T1", "K2"),
        "cousin-city": ("C1", "C2"),
        "province-to-township": ("P", "T2"),
    }


def _unit(congress: Congress, kind: str, name: str) -> OrganisationUnit:
    if kind in kinds_for_level(congress.level):
        return create_organisation_unit(congress=congress, kind=kind, name=name)
    # The sub-districts keep one handler per kind so that tests of the modules have several
    # units at hand; courts and the like do not exist there, so the service would refuse them
    # (see shared_apps.identity.rules): write these rows as legacy data would be.
    group = Group.objects.create(name=f"unit:{congress.pk}:{name}")
    return OrganisationUnit.objects.create(congress=congress, kind=kind, name=name, group=group)


def build_world() -> World:
    from tests.isolation.registry import run_platform_seeds, run_seeds

    platform = ensure_platform("testserver")
    world = World(platform=platform)
    modules = {code: {} for code in all_manifests()}
    for key, name, level, code, parent in TREE:
        congress = create_congress(
            name=name, level=level, region_code=code,
            parent=world.congresses[parent] if parent else None,
            domains=[world.host(key)], modules=modules,
        )
        world.congresses[key] = congress
        units = {kind: _unit(congress, kind, f"{key}-{kind}") for kind in OrganisationKind.values}
        world.units[key] = units
        for role in (Role.ADMINISTRATOR, Role.LEADER, Role.STAFF, Role.DEPUTY_AFFAIRS, Role.DEPUTY):
            user = create_user(username=f"{role}_{key}", password=PASSWORD, display_name=f"{key} {role}")
            add_membership(user=user, congress=congress, role=role)
            world.users[user.username] = user
        for kind, unit in units.items():
            user = create_user(username=f"handler_{kind}_{key}", password=PASSWORD)
            add_membership(user=user, congress=congress, role=Role.HANDLER, organisation_unit=unit)
            world.users[user.username] = user
        world.seeds[key] = run_seeds(world, key)
    outsider = create_user(username="outsider", password=PASSWORD)
    world.users["outsider"] = outsider
    operator = create_user(username="operator", password=PASSWORD)
    operator.is_staff = True
    operator.save(update_fields=["is_staff"])
    world.users["operator"] = operator
    from tests.support.second_factor import enrol

    for user in world.users.values():
        if second_factor.required_for(user):
            enrol(user)
    world.platform_seeds = run_platform_seeds(world)
    return world
