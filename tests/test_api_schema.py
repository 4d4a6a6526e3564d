"""The OpenAPI schema validates, the docs work offline, and fuzzing finds no server error."""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token


def _schema(urlconf: str) -> dict:
    return SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)


TENANT_SCHEMA = schemathesis.openapi.from_dict(_schema("renda.urls_tenant"))
TENANT_SCHEMA.app = get_wsgi_application()


@pytest.mark.parametrize("urlconf", ["renda.urls_tenant", "renda.urls_public"])
def test_schema_is_valid_openapi(urlconf):
    validate_schema(_schema(urlconf))


def test_schema_and_docs_are_served_without_any_cdn(world, client_for):
    client = client_for("T1")
    assert client.get("/api/schema/").status_code == 200
    for path in ("/api/docs/", "/api/redoc/"):
        page = client.get(path).content.decode()
        assert "/static/drf_spectacular_sidecar/" in page
        assert "cdn" not in page.lower() and "unpkg" not in page and "jsdelivr" not in page


@pytest.fixture
def staff_token(world, db):
    # The WSGI app would close the test's connection after each request (as Django's own
    # test client prevents): keep it open for the test transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield Token.objects.create(user=world.user("staff", "T1")).key
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@TENANT_SCHEMA.parametrize()
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
def test_fuzzing_the_congress_api_finds_no_server_error(case, world, staff_token):
    response = case.call(headers={"Host": world.host("T1"), "Authorization": f"Token {staff_token}"})
    assert response.status_code < 500, (case.method, case.formatted_path, response.status_code, response.text[:500])
