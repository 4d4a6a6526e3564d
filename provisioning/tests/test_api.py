"""The operators' API, and that nobody else reaches any provisioning endpoint."""

from __future__ import annotations

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from provisioning import pipeline
from provisioning.models import JobState, ProvisioningJob

from .support import township_spec

pytestmark = pytest.mark.django_db


def _names(resolver, prefix="") -> list[tuple[str, list[str]]]:
    found = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            found += _names(pattern, ns)
        elif (
            isinstance(pattern, URLPattern)
            and pattern.name
            and not pattern.name.endswith("-format")
        ):
            found.append((f"{prefix}{pattern.name}", list(pattern.pattern.regex.groupindex)))
    return found


def provisioning_urls() -> list[str]:
    urls = []
    for name, converters in _names(get_resolver("renda.urls_public")):
        if not name.startswith(("provisioning:", "provisioning-api:")):
            continue
        kwargs = {key: ("suspend" if key == "action" else 1) for key in converters}
        try:
            urls.append(reverse(name, kwargs=kwargs, urlconf="renda.urls_public"))
        except NoReverseMatch:
            urls.append(reverse(name, urlconf="renda.urls_public"))
    return urls


URLS = provisioning_urls()


def test_every_provisioning_endpoint_is_found():
    assert len(URLS) >= 20
    assert "/api/v1/provisioning/jobs/" in URLS and "/provisioning/new/" in URLS


@pytest.mark.parametrize("url", URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_a_congress_administrator_cannot_reach_any_provisioning_endpoint(
    world, client_for, url, method
):
    for username in ("administrator_P", "administrator_T1", "leader_P"):
        client = client_for(None, world.users[username])
        response = getattr(client, method)(url, {"spec": "{}"})
        assert response.status_code in (403, 405), (username, url, response.status_code)
    anonymous = getattr(client_for(None), method)(url)
    assert anonymous.status_code in (302, 401, 403, 405)


@pytest.mark.parametrize("url", ["/provisioning/", "/api/v1/provisioning/jobs/"])
def test_provisioning_is_not_served_on_congress_sites(world, client_for, url):
    client = client_for("T1", world.users["operator"])
    assert client.get(url).status_code == 404


@pytest.fixture
def api(world, client_for):
    return client_for(None, world.users["operator"])


def test_an_operator_onboards_through_the_api(api):
    data = township_spec()
    response = api.post(
        "/api/v1/provisioning/jobs/", {"spec": data}, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["state"] == "succeeded" and body["progress"] == 100
    assert (
        api.get(f"/api/v1/provisioning/jobs/{body['id']}/").json()["congress"] == body["congress"]
    )
    listed = api.get("/api/v1/provisioning/jobs/", {"region_code": data["region_code"]}).json()
    assert listed["count"] == 1


def test_a_bad_spec_answers_400_with_every_problem_at_its_path(api):
    data = township_spec(region_code="320102001", modules={"nonsense": {}})
    before = ProvisioningJob.objects.count()
    for url in ("/api/v1/provisioning/validate/", "/api/v1/provisioning/jobs/"):
        response = api.post(url, {"spec": data}, content_type="application/json")
        assert response.status_code == 400
        error = response.json()["error"]
        assert {"region_code", "modules.nonsense"} <= set(error["fields"])
        assert error["message"]
    assert ProvisioningJob.objects.count() == before
    ok = api.post(
        "/api/v1/provisioning/validate/", {"spec": township_spec()}, content_type="application/json"
    )
    assert ok.json() == {"valid": True}


def test_retry_and_rollback_through_the_api(api, monkeypatch):
    job = pipeline.submit(township_spec())

    def broken(job):
        raise RuntimeError("seed broke")

    monkeypatch.setitem(pipeline.STEP_FUNCS, "seed", broken)
    pipeline.run(job.pk)
    failed = api.get(f"/api/v1/provisioning/jobs/{job.pk}/").json()
    assert failed["state"] == "failed" and failed["step"] == "seed"
    again = api.post(f"/api/v1/provisioning/jobs/{job.pk}/retry/").json()
    assert again["state"] == "failed" and again["attempts"] == 2
    rolled = api.post(f"/api/v1/provisioning/jobs/{job.pk}/rollback/").json()
    assert rolled["state"] == JobState.ROLLED_BACK and rolled["congress"] is None
    monkeypatch.undo()
    done = pipeline.provision(township_spec())
    assert api.post(f"/api/v1/provisioning/jobs/{done.pk}/rollback/").status_code == 409


def test_bulk_through_the_api(api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    content = "region_code,name,level,domains\n320500,接口市,city,api320500.testserver\n".encode()
    response = api.post(
        "/api/v1/provisioning/batches/", {"file": SimpleUploadedFile("a.csv", content, "text/csv")}
    )
    assert response.status_code == 201, response.content
    assert response.json()["counts"]["succeeded"] == 1


def test_suspend_and_resume_through_the_api(api, world):
    t2 = world.congresses["T2"]
    assert (
        api.post(f"/api/v1/provisioning/congresses/{t2.pk}/suspend/").json()["status"]
        == "suspended"
    )
    assert api.post(f"/api/v1/provisioning/congresses/{t2.pk}/suspend/").status_code == 400
    assert api.post(f"/api/v1/provisioning/congresses/{t2.pk}/resume/").json()["status"] == "active"
    drop = api.post(f"/api/v1/provisioning/congresses/{t2.pk}/drop/", {"confirm": t2.region_code})
    assert drop.status_code == 400 and "已归档" in drop.json()["error"]["message"]


def test_the_rollout_plan(api, world):
    plan = api.get("/api/v1/provisioning/rollout/plan/").json()
    assert plan["stale"] == [] and plan["total"] >= len(world.congresses)


def test_the_platform_openapi_schema_lists_the_provisioning_api(client_for):
    response = client_for(None).get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    text = response.content.decode()
    assert "/api/v1/provisioning/jobs/{id}/retry/" in text
    assert "/api/v1/provisioning/congresses/{id}/archive/" in text
