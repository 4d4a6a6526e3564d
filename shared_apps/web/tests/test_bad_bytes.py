"""A NUL byte in a query parameter answers 400 everywhere, never 500 (fuzzing every GET URL)."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, get_resolver, reverse

from tests.isolation.registry import registrations
from tests.isolation.test_isolation import URLCONFS, _url_names

pytestmark = pytest.mark.django_db

# Parameters the list pages and APIs filter on, plus a name nobody reads.
PARAMS = (
    "q", "search", "status", "category", "page", "ordering", "limit", "offset", "year", "month",
    "station", "unit", "term", "group", "from", "to", "code", "level", "kind", "tracking_code", "next",
)


def _get_urls(world, site: str) -> dict[str, str]:
    urlconf = URLCONFS[site]
    seed = world.seeds["T2"] if site == "congress" else world.platform_seeds
    urls: dict[str, str] = {}
    for registration in registrations():
        for case in registration.cases:
            if case.site == site and case.method == "get":
                kwargs = case.resolve_kwargs(seed.get(registration.label, {}))
                urls[case.url_name] = reverse(case.url_name, kwargs=kwargs, urlconf=urlconf)
    for name in _url_names(get_resolver(urlconf)):
        if name not in urls:
            try:
                urls[name] = reverse(name, urlconf=urlconf)
            except NoReverseMatch:
                continue  # needs arguments and has no GET case: a write-only URL
    return urls


@pytest.mark.parametrize("site", ["congress", "platform"])
def test_a_nul_byte_in_any_query_parameter_is_a_400_with_a_chinese_error(world, client_for, site):
    if site == "congress":
        client = client_for("T2", world.user("administrator", "T2"))
    else:
        client = client_for(None, world.users["operator"])
    client.raise_request_exception = False  # a 500 is a finding to list, not an abort
    urls = _get_urls(world, site)
    assert len(urls) > (40 if site == "congress" else 10)
    wrong = []
    for name, url in sorted(urls.items()):
        for param in PARAMS:
            response = client.get(f"{url}?{param}=%00", HTTP_ACCEPT="text/html")
            if response.status_code != 400:
                wrong.append((name, param, response.status_code))
                continue
            if url.startswith("/api/"):
                fields = response.json()["error"]["fields"] if response["Content-Type"] == "application/json" else {}
                if param not in fields:
                    wrong.append((name, param, "unstructured 400"))
            elif "请求参数包含非法字符" not in response.content.decode():
                wrong.append((name, param, "400 without the Chinese reason"))
        response = client.get(f"{url}?ok=1&bad%00key=1")
        if response.status_code != 400:
            wrong.append((name, "key", response.status_code))
    failures = sorted(wrong, key=lambda w: str(w[2]) != "500")  # server errors first
    assert not failures, failures[:60]
