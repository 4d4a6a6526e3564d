"""The OpenAPI schema validates, the docs work offline, and fuzzing finds no server error.

Fuzzing runs over the whole API of both sites: the congress API as the congress's own
administrator (token), the platform API as a platform operator, each operation on its own
(bounded examples) and then statefully, following the schema's OpenAPI links (a create, then
the operations on what it created; shared_apps.web.api.schema.add_links).
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.validation import validate_schema
from hypothesis import HealthCheck, settings
from rest_framework.authtoken.models import Token


def _schema(urlconf: str) -> dict:
    return SchemaGenerator(urlconf=urlconf).get_schema(request=None, public=True)


APP = get_wsgi_application()
TENANT_SCHEMA = schemathesis.openapi.from_dict(_schema("renda.urls_tenant"))
TENANT_SCHEMA.app = APP
# Onboarding (a new schema per job or batch row) and archiving, restoring, dropping (pg_dump,
# pg_restore, DROP SCHEMA) run outside the test's transaction; provisioning/tests covers them
# with real commits. The ingestion endpoint is HMAC-signed: without a key it answers 401/403.
PLATFORM_SCHEMA = schemathesis.openapi.from_dict(_schema("renda.urls_public")).exclude(
    method="POST",
    path_regex=r"^/api/v1/provisioning/(jobs/|batches/|congresses/\{id\}/(archive|restore|drop)/)$",
)
PLATFORM_SCHEMA.app = APP

# Bounded for CI (2 cores): examples per operation, and scenarios of a few linked calls.
FUZZ = settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
PLATFORM_FUZZ = settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
STATEFUL = settings(
    max_examples=12, stateful_step_count=3, deadline=None, suppress_health_check=list(HealthCheck)
)


@pytest.mark.parametrize("urlconf", ["renda.urls_tenant", "renda.urls_public"])
def test_schema_is_valid_openapi(urlconf):
    validate_schema(_schema(urlconf))


def test_creates_link_to_the_operations_on_what_they_created():
    created = _schema("renda.urls_tenant")["paths"]["/api/v1/portal/posts/"]["post"]["responses"]["201"]
    assert created["links"]["v1_portal_posts_retrieve"] == {
        "operationId": "v1_portal_posts_retrieve",
        "parameters": {"id": "$response.body#/id"},
    }
    assert "v1_portal_posts_publish_create" in created["links"]


def test_schema_and_docs_are_served_without_any_cdn(world, client_for):
    client = client_for("T1")
    assert client.get("/api/schema/").status_code == 200
    for path in ("/api/docs/", "/api/redoc/"):
        page = client.get(path).content.decode()
        assert "/static/drf_spectacular_sidecar/" in page
        assert "cdn" not in page.lower() and "unpkg" not in page and "jsdelivr" not in page


@pytest.fixture
def in_process(db):
    # The WSGI app would close the test's connection after each request (as Django's own
    # test client prevents): keep it open for the test transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def admin_headers(world, in_process) -> dict[str, str]:
    token = Token.objects.create(user=world.user("administrator", "T1")).key
    return {"Host": world.host("T1"), "Authorization": f"Token {token}"}


@pytest.fixture
def operator_headers(world, in_process) -> dict[str, str]:
    token = Token.objects.create(user=world.users["operator"]).key
    return {"Host": "testserver", "Authorization": f"Token {token}"}


def _no_server_error(response, case) -> None:
    assert response.status_code < 500, (case.method, case.formatted_path, response.status_code, response.text[:500])


@TENANT_SCHEMA.parametrize()
@FUZZ
def test_fuzzing_the_congress_api_finds_no_server_error(case, admin_headers):
    _no_server_error(case.call(headers=admin_headers), case)


@PLATFORM_SCHEMA.parametrize()
@PLATFORM_FUZZ
def test_fuzzing_the_platform_api_finds_no_server_error(case, operator_headers):
    _no_server_error(case.call(headers=operator_headers), case)


def _machine(schema, headers):
    class Machine(schema.as_state_machine()):
        # Each scenario runs in a savepoint that is rolled back afterwards, so every scenario
        # starts from the same data: Hypothesis replays and explores scenarios on the premise
        # that the same steps meet the same state (FlakyStrategyDefinition otherwise).
        def setup(self):
            self._scenario = transaction.atomic()
            self._scenario.__enter__()

        def teardown(self):
            transaction.set_rollback(True)
            self._scenario.__exit__(None, None, None)

        def get_call_kwargs(self, case):
            return {"headers": headers}

        def validate_response(self, response, case, additional_checks=None, **kwargs):
            _no_server_error(response, case)

    return Machine


def test_following_the_links_of_the_congress_api_finds_no_server_error(admin_headers):
    _machine(TENANT_SCHEMA, admin_headers).run(settings=STATEFUL)


def test_following_the_links_of_the_platform_api_finds_no_server_error(operator_headers):
    _machine(PLATFORM_SCHEMA, operator_headers).run(settings=STATEFUL)
