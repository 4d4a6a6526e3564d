"""Tenant isolation, table-driven: every registered URL, as a user of one congress against another."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.support.world import relations

from .registry import actor, registrations, secrets_of

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


def _platform_url(world, label, case):
    kwargs = case.resolve_kwargs(_platform_seed(world, label))
    return reverse(case.url_name, kwargs=kwargs, urlconf=URLCONFS["platform"])


def _platform_seed(world, label):
    return world.platform_seeds.get(label, {})


def _congress_url(world, key, label, case):
    seed = world.seeds[key]
    return reverse(case.url_name, kwargs=case.resolve_kwargs(seed.get(label, {})), urlconf=URLCONFS["congress"])


def _call(client, case, url, seed):
    """Send the case's request. The test client posts a dict as multipart; PUT and PATCH go as
    JSON, as the APIs expect."""
    data = case.resolve_data(seed)
    if case.method in ("put", "patch"):
        return getattr(client, case.method)(url, data=data, content_type="application/json")
    return getattr(client, case.method)(url, data=data)


@pytest.mark.parametrize(("label", "case"), PLATFORM_CASES, ids=_ids(PLATFORM_CASES))
def test_congress_staff_cannot_reach_operator_urls(world, client_for, label, case):
    """Operator URLs refuse congress administrators and leaders with 403 for real objects
    (seeded by PLATFORM_SEED): the object exists, as the operator's positive control shows."""
    url = _platform_url(world, label, case)
    for role in ("administrator", "leader"):
        response = _call(client_for(None, world.user(role, "P")), case, url, _platform_seed(world, label))
        if not case.public:
            assert response.status_code == 403, (role, url, response.status_code)


@pytest.mark.parametrize(("label", "case"), PLATFORM_CASES, ids=_ids(PLATFORM_CASES))
def test_the_platform_operator_does_reach_them(world, client_for, label, case):
    url = _platform_url(world, label, case)
    response = _call(client_for(None, actor(world, case.rightful_role, None)), case, url, _platform_seed(world, label))
    assert response.status_code == case.own_status, (url, response.status_code, response.content[:300])


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
    url = _congress_url(world, target_key, label, case)
    for role in ("administrator", "leader"):
        client = client_for(target_key, world.user(role, actor_key))
        _prime(client, world, case, actor_key, target_key)
        response = _call(client, case, url, seed.get(label, {}))
        body = response.content.decode("utf-8", "replace")
        if not case.public:
            assert response.status_code in (403, 404), (
                f"{role} of {actor_key} reached {url} on {target_key}: {response.status_code}"
            )
        for secret in secrets_of(seed):
            assert secret not in body, f"{secret!r} of {target_key} leaked to {role} of {actor_key} at {url}"


@pytest.mark.parametrize(("label", "case"), CONGRESS_CASES, ids=_ids(CONGRESS_CASES))
def test_the_congress_own_staff_do_reach_it(world, client_for, label, case):
    """The same URL, kwargs and data succeed for the target congress's rightful user: the
    refusals above are real. Writes run in this test's transaction and are rolled back."""
    url = _congress_url(world, "T2", label, case)
    seed = world.seeds["T2"].get(label, {})
    client = client_for("T2", actor(world, case.rightful_role, "T2"))
    _prime(client, world, case, "T2", "T2")
    response = _call(client, case, url, seed)
    assert response.status_code == case.own_status, (
        case.rightful_role, url, response.status_code, response.content[:300]
    )


REFUSED = [(label, case) for label, case in CONGRESS_CASES if case.refused or case.masked_for]


@pytest.mark.parametrize(("label", "case"), REFUSED, ids=_ids(REFUSED))
def test_other_roles_of_the_congress_are_refused(world, client_for, label, case):
    """Per-object rules inside one congress: the roles a module's policy turns away, and those
    who may read but not unmasked."""
    url = _congress_url(world, "T2", label, case)
    seed = world.seeds["T2"].get(label, {})
    for role in case.refused:
        client = client_for("T2", actor(world, role, "T2"))
        _prime(client, world, case, "T2", "T2")
        response = _call(client, case, url, seed)
        assert response.status_code in (403, 404), (role, url, response.status_code)
    for role in case.masked_for:
        response = _call(client_for("T2", actor(world, role, "T2")), case, url, seed)
        body = response.content.decode("utf-8", "replace")
        assert response.status_code == 200, (role, url, response.status_code)
        assert not [s for s in seed.get(case.masked_key, []) if s in body], (role, url)
