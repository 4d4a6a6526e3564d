"""Mutation proof for the isolation suite: take away one permission check at a time (make it
allow everyone) and the suite's checks must notice.

The guards mutated are every place that decides who may act:

- ``capability:<name>``: one capability granted to every user, members or not, which removes
  that capability's check from every page (``capability_required``), every API view
  (``HasCapability``) and every policy that asks ``has_capability``;
- ``capability_required``, ``HasCapability``, ``IsCongressMember``, ``operator_required``,
  ``IsPlatformOperator``: the shared guards, each made to allow everyone;
- every function and permission class of the modules' ``policy.py``.

For each mutant the checks of tests/isolation/test_isolation.py run (a user of a sibling
congress is refused and sees no secret; the roles a case lists in ``refused`` are refused;
congress staff are refused operator URLs), the mutant's own module first, until one fails:
the mutant is killed. Each mutant runs in a savepoint that is rolled back, so a write that a
mutant let through leaves nothing behind. Survivors must be listed in ``JUSTIFIED`` with the
reason the remaining guards still hold; docs/security.md records the run.

Run: ``pytest tests/isolation/test_guard_mutations.py -s`` (prints the table).
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.db import transaction
from django.urls import resolve, reverse

from shared_apps.identity import access
from shared_apps.identity import selectors as identity_selectors
from shared_apps.identity.api import permissions
from shared_apps.identity.models import OrganisationUnit
from shared_apps.identity.roles import capability_table
from tenant_apps.deputies import policy as deputies_policy
from tenant_apps.portal import policy as portal_policy
from tenant_apps.voices import policy as voices_policy

from .registry import actor, registrations, secrets_of

ALLOW = {"allow": True}

# Survivors, with the guard that still refuses when this one is gone.
JUSTIFIED: dict[str, str] = {
    "capability:identity.manage_members": "no page or endpoint checks it yet: there is no check to remove",
}

# Which registration's cases to try first for a mutant of a capability's prefix.
PREFIX_LABEL = {"console": "core", "identity": "core", "tenants": "core", "audit": "core", "dashboard": "rollups"}


@dataclass(frozen=True)
class Mutant:
    name: str
    label: str  # the registration whose cases go first
    apply: Callable[[pytest.MonkeyPatch], None]
    capability: str = ""  # for capability mutants: views naming it go first


def _grant(capability: str) -> Callable[[pytest.MonkeyPatch], None]:
    def apply(mp: pytest.MonkeyPatch) -> None:
        original = identity_selectors.current_capabilities
        mp.setattr(identity_selectors, "current_capabilities", lambda user: original(user) | {capability})

    return apply


def _allow(target, name: str, value=True) -> Callable[[pytest.MonkeyPatch], None]:
    return lambda mp: mp.setattr(target, name, lambda *args, **kwargs: value)


def _unscoped(user, qs=None):
    """voices.policy.visible_to without its scoping: every message."""
    return voices_policy.selectors.all_voices() if qs is None else qs


def _all_roles(user, voice):
    units = list(OrganisationUnit.objects.filter(pk__in=voice.assignments.values("unit_id")))
    return voices_policy.Roles(staff=True, deputy=True, units=units)


def mutants() -> list[Mutant]:
    found = [
        Mutant(f"capability:{c}", PREFIX_LABEL.get(c.split(".")[0], c.split(".")[0]), _grant(c), c)
        for c in sorted(capability_table())
    ]
    found += [
        Mutant("capability_required", "core", _allow(access, "has_capability")),
        Mutant("HasCapability", "core", _allow(permissions.HasCapability, "has_permission")),
        Mutant("IsCongressMember", "voices", _allow(permissions.IsCongressMember, "has_permission")),
        Mutant("operator_required", "provisioning", _allow(access, "is_platform_operator")),
        Mutant("IsPlatformOperator", "provisioning", _allow(permissions, "is_platform_operator")),
        Mutant("voices.policy.visible_to", "voices", lambda mp: mp.setattr(voices_policy, "visible_to", _unscoped)),
        Mutant("voices.policy.roles", "voices", lambda mp: mp.setattr(voices_policy, "roles", _all_roles)),
        Mutant("voices.policy.can", "voices", _allow(voices_policy, "can")),
        Mutant(
            "voices.policy.VoicePermission",
            "voices",
            _allow(voices_policy.VoicePermission, "has_object_permission"),
        ),
        Mutant("deputies.policy.may_see_contacts", "deputies", _allow(deputies_policy, "may_see_contacts")),
        Mutant("deputies.policy.entered_by", "deputies", _allow(deputies_policy, "entered_by", "office")),
        Mutant("deputies.policy.may_read_duties", "deputies", _allow(deputies_policy, "may_read_duties")),
        Mutant(
            "deputies.policy.duties_visible_to",
            "deputies",
            lambda mp: mp.setattr(deputies_policy, "duties_visible_to", lambda user, qs: qs),
        ),
        Mutant("deputies.policy.can_view_duty", "deputies", _allow(deputies_policy, "can_view_duty")),
        Mutant("deputies.policy.can_edit_duty", "deputies", _allow(deputies_policy, "can_edit_duty")),
        Mutant("deputies.policy.can_verify", "deputies", _allow(deputies_policy, "can_verify")),
        Mutant("deputies.policy.can_view_archive", "deputies", _allow(deputies_policy, "can_view_archive")),
        Mutant(
            "deputies.policy.DutyRecordPermission.has_permission",
            "deputies",
            _allow(deputies_policy.DutyRecordPermission, "has_permission"),
        ),
        Mutant(
            "deputies.policy.DutyRecordPermission.has_object_permission",
            "deputies",
            _allow(deputies_policy.DutyRecordPermission, "has_object_permission"),
        ),
        Mutant("portal.policy.can_view", "portal", _allow(portal_policy, "can_view")),
    ]
    return found


# The checks ------------------------------------------------------------------------------------


def _call(client, case, url, seed):
    data = case.resolve_data(seed)
    if case.method in ("put", "patch"):
        return getattr(client, case.method)(url, data=data, content_type="application/json")
    return getattr(client, case.method)(url, data=data)


def _capabilities_of(case, seed) -> set[str]:
    """The capabilities the view behind a case names (page decorator or DRF view attributes)."""
    urlconf = "renda.urls_public" if case.site == "platform" else "renda.urls_tenant"
    match = resolve(reverse(case.url_name, kwargs=case.resolve_kwargs(seed), urlconf=urlconf), urlconf=urlconf)
    func = match.func
    view = getattr(func, "cls", None) or getattr(func, "view_class", None)
    found = {getattr(func, "required_capability", None), getattr(view, "required_capability", None)}
    found |= set(getattr(view, "capability_map", {}).values())
    return {c for c in found if c}


def _priority(mutant: Mutant, label: str, case, seed) -> int:
    """Lower first: the cases most likely to notice this mutant."""
    if mutant.capability and mutant.capability in _capabilities_of(case, seed):
        return 0
    if label == mutant.label:
        return 1 if case.refused or case.masked_for else 2
    return 3


def checks(world, client_for, mutant: Mutant) -> Iterator[tuple[str, Callable[[], str | None]]]:
    """(description, check) pairs, likeliest first; a check returns a failure message or None."""
    cases = []
    for reg in registrations():
        for case in reg.cases:
            seed = (world.platform_seeds if case.site == "platform" else world.seeds["T2"]).get(reg.label, {})
            cases.append((_priority(mutant, reg.label, case, seed), reg.label, case))
    for _rank, label, case in sorted(cases, key=lambda item: item[0]):
        if case.site == "platform":
            yield from _platform_checks(world, client_for, label, case)
        else:
            yield from _congress_checks(world, client_for, label, case)


def _platform_checks(world, client_for, label, case):
    if case.public:
        return
    seed = world.platform_seeds.get(label, {})
    url = reverse(case.url_name, kwargs=case.resolve_kwargs(seed), urlconf="renda.urls_public")

    def check():
        response = _call(client_for(None, world.user("administrator", "P")), case, url, seed)
        return None if response.status_code == 403 else f"congress administrator got {response.status_code}"

    yield f"{case.method.upper()} {url} (platform)", check


def _congress_checks(world, client_for, label, case):
    seed = world.seeds["T2"].get(label, {})
    url = reverse(case.url_name, kwargs=case.resolve_kwargs(seed), urlconf="renda.urls_tenant")
    secrets = secrets_of(world.seeds["T2"])

    def outsider():
        for role in ("administrator", "leader"):
            response = _call(client_for("T2", world.user(role, "T1")), case, url, seed)
            if not case.public and response.status_code not in (403, 404):
                return f"{role} of T1 got {response.status_code}"
            body = response.content.decode("utf-8", "replace")
            leaked = [s for s in secrets if s in body]
            if leaked:
                return f"{role} of T1 saw {leaked[0]!r}"
        return None

    yield f"{case.method.upper()} {url} as T1", outsider
    for role in case.masked_for:

        def unmasked(role=role):
            response = _call(client_for("T2", actor(world, role, "T2")), case, url, seed)
            body = response.content.decode("utf-8", "replace")
            shown = [s for s in seed.get(case.masked_key, []) if s in body]
            return f"{role} of T2 saw {shown[0]!r} unmasked" if shown else None

        yield f"{case.method.upper()} {url} as T2 {role}", unmasked
    for role in case.refused:

        def inside(role=role):
            response = _call(client_for("T2", actor(world, role, "T2")), case, url, seed)
            return None if response.status_code in (403, 404) else f"{role} of T2 got {response.status_code}"

        yield f"{case.method.upper()} {url} as T2 {role}", inside


@contextmanager
def _rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def run_mutant(world, client_for, mutant: Mutant) -> tuple[str | None, int]:
    """The first check the mutant fails (None: it survived) and how many checks ran."""
    ran = 0
    with pytest.MonkeyPatch.context() as mp, _rolled_back():
        mutant.apply(mp)
        for description, check in checks(world, client_for, mutant):
            cache.clear()
            ran += 1
            try:
                failure = check()
            except Exception as exc:  # a guard removed can let a request crash further in: caught too
                failure = f"{type(exc).__name__}: {exc}"[:120]
            if failure:
                return f"{description}: {failure}", ran
    return None, ran


@pytest.fixture
def quiet():
    # Thousands of refused requests: their warnings would cost more than the requests.
    logging.disable(logging.WARNING)
    yield
    logging.disable(logging.NOTSET)


def test_every_guard_removed_is_caught_by_the_isolation_suite(world, client_for, quiet):
    results = {}
    for mutant in mutants():
        results[mutant.name] = run_mutant(world, client_for, mutant)
        print(f"{mutant.name}: {results[mutant.name]}", file=sys.stderr, flush=True)
    print("\n| guard made allow-all | result | caught by |")
    print("| --- | --- | --- |")
    for name, (killed_by, _ran) in results.items():
        verdict = "killed" if killed_by else ("survived (justified)" if name in JUSTIFIED else "SURVIVED")
        print(f"| `{name}` | {verdict} | {killed_by or JUSTIFIED.get(name, '')} |")
    survivors = {name for name, (killed_by, _ran) in results.items() if killed_by is None}
    assert survivors <= set(JUSTIFIED), f"guards whose removal no test notices: {sorted(survivors - set(JUSTIFIED))}"
    stale = set(JUSTIFIED) - survivors
    assert not stale, f"justified survivors that are now killed, drop them from JUSTIFIED: {sorted(stale)}"
