"""The routing cache is evicted after commit: a request racing a change cannot keep the old state."""

from __future__ import annotations

import threading

from django.db import connections, transaction

from tenants import routing
from tenants.models import Congress, CongressStatus, ModuleSwitch
from tenants.services import set_module, set_status


def _resolve_in_another_connection(hostname: str) -> routing.RoutedCongress | None:
    """What a concurrent request sees: committed rows only, through its own connection."""
    result: list = []

    def run() -> None:
        try:
            result.append(routing.resolve(hostname))
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0]


def test_suspension_racing_a_request_is_not_cached_stale(world, committed):
    host = world.host("T2")
    congress = Congress.objects.get(pk=world.congresses["T2"].pk)
    try:
        with transaction.atomic():
            set_status(congress, CongressStatus.SUSPENDED)
            # A request between the write and the commit reads (and caches) the old state.
            racing = _resolve_in_another_connection(host)
            assert racing.congress.status == CongressStatus.ACTIVE
        assert routing.resolve(host).congress.status == CongressStatus.SUSPENDED
    finally:
        set_status(congress, CongressStatus.ACTIVE)
    assert routing.resolve(host).congress.status == CongressStatus.ACTIVE


def test_module_switch_racing_a_request_is_not_cached_stale(world, committed):
    host = world.host("T2")
    congress = world.congresses["T2"]
    config = ModuleSwitch.objects.get(congress=congress, module="portal").config
    try:
        with transaction.atomic():
            set_module(congress, "portal", enabled=False)
            assert "portal" in _resolve_in_another_connection(host).enabled_modules
        assert "portal" not in routing.resolve(host).enabled_modules
    finally:
        set_module(congress, "portal", enabled=True, config=config)
    assert "portal" in routing.resolve(host).enabled_modules
