"""Fixtures shared by every test: a real congress tree, tenant-aware clients, a clean cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client


@pytest.fixture(scope="session")
def django_db_setup(request, django_test_environment, django_db_blocker, django_db_keepdb):
    """Always set up the test database, also for sessions whose tests carry no django_db mark
    (browser tests talk to a server process, and must never reach the development database)."""
    from django.test.utils import setup_databases, teardown_databases

    with django_db_blocker.unblock():
        config = setup_databases(
            verbosity=request.config.option.verbose, interactive=False, aliases={"default"},
            keepdb=django_db_keepdb,
        )
    yield
    if not django_db_keepdb:
        with django_db_blocker.unblock():
            # Server and worker processes of browser and Celery tests may still hold connections.
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            teardown_databases(config, verbosity=request.config.option.verbose)


@pytest.fixture(scope="session")
def world(django_db_setup, django_db_blocker):
    from tests.support.world import build_world

    with django_db_blocker.unblock():
        built = build_world()
        cache.clear()
    return built


@pytest.fixture(autouse=True)
def _clean_state():
    cache.clear()
    yield
    connection.set_schema_to_public()


class CongressClient(Client):
    """A test client that talks to one congress's hostname."""

    def __init__(self, host: str, **defaults):
        super().__init__(HTTP_HOST=host, **defaults)
        self.host = host


@pytest.fixture
def client_for(world, db):
    """client_for("T1", user) -> a client on congress T1's hostname, logged in as user (if given)."""

    from tests.support.second_factor import login_verified

    def make(key: str | None, user=None) -> CongressClient:
        host = "testserver" if key is None else world.host(key)
        client = CongressClient(host)
        if user is not None:
            # Operators and administrators pass the second factor as a real login would.
            login_verified(client, user)
        return client

    return make


@pytest.fixture
def committed(world, django_db_blocker):
    """Database access outside the per-test transaction: commits and rollbacks are real.

    Yields a list; append (model, pk, schema_name) for rows to delete afterwards.
    """
    from django_tenants.utils import schema_context

    created: list[tuple] = []
    with django_db_blocker.unblock():
        yield created
        for model, pk, schema in reversed(created):
            with schema_context(schema):
                model.objects.filter(pk=pk).delete()
        connection.set_schema_to_public()


@pytest.fixture
def in_congress(world):
    """Run ORM code in a congress's schema: ``with in_congress("T1"): ...``."""
    from django_tenants.utils import schema_context

    def enter(key: str):
        return schema_context(world.congresses[key].schema_name)

    return enter


pytest_plugins = ["tests.support.browser", "tests.support.celery", "tests.support.bus"]


def pytest_collection_modifyitems(config, items):
    """Browser tests commit through a real server: run them after everything else."""
    for item in items:
        marker = item.get_closest_marker("django_db")
        if marker and (marker.kwargs.get("transaction") or "transactional_db" in item.fixturenames):
            raise pytest.UsageError(
                f"{item.nodeid}: transactional tests flush every table and would wipe the session's "
                "congress tree; use the `committed` fixture for real commits instead."
            )
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)
