"""Tenant isolation, table-driven: every registered URL, as a user of one congress against another."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.support.world import relations

from .registry import registrations, secrets_of

REGISTRATIONS = registrations()
CASES = [(reg.label, case) for reg in REGISTRATIONS for case in reg.cases]
RELATIONS = ["sibling", "parent", "child", "unrelated", "cousin-city", "province-to-township"]


def _url_names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _url_names(pattern, ns)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{prefix}{pattern.name}")
    return names


URLCONFS = {"congress": "renda.urls_tenant", "platform": "renda.urls_public"}
CONGRESS_CASES = [(label, case) for label, case in CASES if case.site == "congress"]
PLATFORM_CASES = [(label, case) for label, case in CASES if case.site == "platform"]


def _ids(cases):
    return [f"{label}:{c.url_name}:{c.method}" for label, c in cases]


@pytest.mark.parametrize("site", ["congress", "platform"])
def test_every_url_is_registered_or_exempt(site):
    names = _url_names(get_resolver(URLCONFS[site]))
    registered = {case.url_name for reg in REGISTRATIONS for case in reg.cases if case.site == site}
    exempt = {name for reg in REGISTRATIONS for name in reg.exempt}
    # Format-suffixed duplicates that DRF routers add are covered by their base name.
    missing = sorted(n for n in names - registered - exempt if not n.endswith("-format"))
    assert not missing, f"{site} URLs without an isolation case or an exemption: {missing}"


@pytest.mark.parametrize(("label", "case"), PLATFORM_CASES, ids=_ids(PLATFORM_CASES))
def test_congress_staff_cannot_reach_operator_urls(world, client_for, label, case):
    url = reverse(case.url_name, kwargs=case.resolve_kwargs({}), urlconf=URLCONFS["platform"])
    for role in ("administrator", "leader"):
        response = getattr(client_for(None, world.user(role, "P")), case.method)(url, data=case.data or {})
        if not case.public:
            assert response.status_code in (403, 404), (role, url, response.status_code)


def _prime(client, world, case, actor_key: str, target_key: str) -> None:
    if case.session is None:
        return
    session = client.session
    session.update(case.session(world, actor_key, target_key))
    session.save()


@pytest.mark.parametrize("relation", RELATIONS)
@pytest.mark.parametrize(("label", "case"), CONGRESS_CASES, ids=_ids(CONGRESS_CASES))
def test_a_user_of_one_congress_cannot_reach_another(world, client_for, label, case, relation):
    actor_key, target_key = relations(world)[relation]
    seed = world.seeds[target_key]
    url = reverse(case.url_name, kwargs=case.resolve_kwargs(seed.get(label, {})), urlconf="renda.urls_tenant")
    for role in ("administrator", "leader"):
        client = client_for(target_key, world.user(role, actor_key))
        _prime(client, world, case, actor_key, target_key)
        response = getattr(client, case.method)(url, data=case.data or {})
        body = response.content.decode("utf-8", "replace")
        if not case.public:
            assert response.status_code in (403, 404), (
                f"{role} of {actor_key} reached {url} on {target_key}: {response.status_code}"
            )
        for secret in secrets_of(seed):
            assert secret not in body, f"{secret!r} of {target_key} leaked to {role} of {actor_key} at {url}"


@pytest.mark.parametrize(("label", "case"), CONGRESS_CASES, ids=_ids(CONGRESS_CASES))
def test_the_congress_own_staff_do_reach_it(world, client_for, label, case):
    """The same cases succeed for the congress's own administrator: the refusals above are real."""
    if case.method != "get":
        pytest.skip("write cases are exercised by the modules' own tests")
    seed = world.seeds["T2"]
    url = reverse(case.url_name, kwargs=case.resolve_kwargs(seed.get(label, {})), urlconf="renda.urls_tenant")
    client = client_for("T2", world.user("administrator", "T2"))
    _prime(client, world, case, "T2", "T2")
    response = client.get(url)
    assert response.status_code == case.own_status, (url, response.status_code)
