"""Hostname routing: cached, invalidated on change, one search_path per request, 404 for unknown hosts."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants import routing
from tenants.models import Domain
from tenants.services import set_module


def test_warm_routing_makes_no_database_query(world, client_for):
    client = client_for("T1")
    client.get("/")  # warm the cache
    with CaptureQueriesContext(connection) as queries:
        routed = routing.resolve(world.host("T1"))
    assert routed.congress.pk == world.congresses["T1"].pk
    assert len(queries) == 0


def test_warm_home_page_sets_search_path_once(world, client_for):
    client = client_for("T1")
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    assert response.status_code == 200
    statements = [q["sql"] for q in queries]
    assert sum("search_path" in s for s in statements) == 1, statements
    assert not any("tenants_domain" in s or "tenants_moduleswitch" in s for s in statements), statements
    # search_path, then the home sections' own data: one query per section (the portal's two: news
    # and notices). Nothing per request beyond the page's own data.
    from tenants.modules import all_manifests

    sections = [m for m in all_manifests().values() if m.home_template]
    assert len(statements) == 1 + len(sections) + 1, statements


def test_domain_change_evicts_the_cache(world, db):
    routing.resolve(world.host("T2"))
    domain = Domain.objects.get(domain=world.host("T2"))
    domain.domain = "renamed.testserver"
    domain.save()
    assert routing.resolve(world.host("T2")) is None
    assert routing.resolve("renamed.testserver").congress.pk == world.congresses["T2"].pk


def test_module_switch_evicts_the_cache(world, db):
    assert "portal" in routing.resolve(world.host("T1")).enabled_modules
    set_module(world.congresses["T1"], "portal", enabled=False)
    assert "portal" not in routing.resolve(world.host("T1")).enabled_modules


def test_unknown_hostname_is_a_friendly_404(client_for, db, world):
    response = client_for(None).get("/", HTTP_HOST="nowhere.testserver")
    assert response.status_code == 404
    assert "尚未开通" in response.content.decode()


def test_health_check_answers_by_address(client_for, world):
    response = client_for(None).get("/healthz", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_migrations_create_the_platform_tenant_with_the_base_domain(world, db):
    from django.conf import settings

    from tenants.models import Congress

    platform = Congress.objects.get(schema_name="public")
    assert platform.is_platform and platform.path == "/"
    assert platform.domains.filter(domain=settings.BASE_DOMAIN).exists()
