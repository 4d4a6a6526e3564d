"""Bus fixtures: committed work (relays in other processes must see it) and a clean bus after."""

from __future__ import annotations

import pytest
from django.db import connection

BUS_TABLES = (
    "bushub_busevent",
    "bushub_eventid",
    "bushub_pendingschema",
    "bushub_congressfeed",
    "bushub_consumerstate",
    "bushub_inboxentry",
    "bushub_faileddelivery",
    "rollups_rollup",
    "rollups_subtreerollup",
    "rollups_activedeputy",
    "rollups_knowndeputy",
)


def reset_bus(world) -> None:
    """Empty the public bus tables and every world congress's outbox (committed state)."""
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(BUS_TABLES)}")
        for congress in [world.platform, *world.congresses.values()]:
            cursor.execute(f'DELETE FROM "{congress.schema_name}".bus_outboxevent')


@pytest.fixture
def committed_bus(world, django_db_blocker):
    """No wrapping transaction: what the test writes commits. The bus is emptied before and after."""
    with django_db_blocker.unblock():
        reset_bus(world)
        yield world
        connection.set_schema_to_public()
        reset_bus(world)
        # Next to Playwright (an event loop in this thread) the connection lives in a context
        # the session teardown does not see: close it here, or dropping the test database fails.
        connection.close()


@pytest.fixture
def clean_bus(world, db):
    """Inside the test's transaction: start from an empty bus (rolled back afterwards)."""
    reset_bus(world)
    return world


def flow() -> None:
    """Relay everything pending and let every consumer catch up (in this process)."""
    from shared_apps.bus import delivery, relay

    connection.set_schema_to_public()
    relay.relay_pending()
    delivery.run_all()
