"""Cached hostname -> congress resolution, with the set of modules the congress has on.

Warm requests make no database query to find their tenant; every change evicts
the affected entries (see tenants.signals).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction

from .models import Congress, Domain, ModuleSwitch

_TTL = 60 * 60


@dataclass(frozen=True)
class RoutedCongress:
    congress: Congress
    enabled_modules: frozenset[str]
    # code -> stored configuration, for modules that are on
    module_configs: dict = field(default_factory=dict)


def _key(hostname: str) -> str:
    return f"route:{hostname.lower()}"


def resolve(hostname: str) -> RoutedCongress | None:
    key = _key(hostname)
    routed = cache.get(key)
    if routed is not None:
        return routed
    domain = Domain.objects.select_related("tenant").filter(domain=hostname.lower()).first()
    if domain is None:
        return None
    congress = domain.tenant
    configs = dict(ModuleSwitch.objects.filter(congress=congress, enabled=True).values_list("module", "config"))
    routed = RoutedCongress(congress=congress, enabled_modules=frozenset(configs), module_configs=configs)
    cache.set(key, routed, _TTL)
    return routed


def resolve_platform() -> RoutedCongress | None:
    platform = Congress.objects.filter(schema_name="public").first()
    return RoutedCongress(congress=platform, enabled_modules=frozenset()) if platform else None


def forget_hostnames(hostnames: list[str]) -> None:
    cache.delete_many([_key(h) for h in hostnames])


def hostnames_of(congress_id: int | None) -> list[str]:
    if congress_id is None:
        return []
    # Writes to the registry are rare; reading the hostnames back keeps no extra state.
    return list(Domain.objects.filter(tenant_id=congress_id).values_list("domain", flat=True))


def evict_hostnames(hostnames: list[str]) -> None:
    """Forget ``hostnames`` now and once more when the current transaction commits.

    The second eviction closes the race where another request reads the committed (old)
    rows while this change is still uncommitted and caches them for the whole TTL.
    """
    if not hostnames:
        return
    hostnames = list(hostnames)
    forget_hostnames(hostnames)
    transaction.on_commit(lambda: forget_hostnames(hostnames))


def forget_congress(congress_id: int | None) -> None:
    evict_hostnames(hostnames_of(congress_id))


def enabled_modules_of_current() -> frozenset[str]:
    """Modules on for the congress the connection is set to (outside requests too)."""
    tenant = getattr(connection, "tenant", None)
    if tenant is None or getattr(tenant, "is_platform", True):
        return frozenset()
    enabled = getattr(tenant, "enabled_modules", None)
    if enabled is None:
        enabled = frozenset(
            ModuleSwitch.objects.filter(congress_id=tenant.pk, enabled=True).values_list(
                "module", flat=True
            )
        )
    return enabled
