"""Roles in a congress, and the one place where roles become capabilities.

Core capabilities are listed here; each module adds its own through its
manifest (``ModuleManifest.capabilities``). :func:`capabilities_for` is the only
function that decides what a set of roles may do.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("管理员")
    STAFF = "staff", _("工作人员")
    DEPUTY_AFFAIRS = "deputy_affairs", _("代表工作")
    LEADER = "leader", _("领导")
    DEPUTY = "deputy", _("人大代表")
    HANDLER = "handler", _("承办人员")


ALL_ROLES = tuple(Role.values)

CORE_CAPABILITIES: dict[str, tuple[str, ...]] = {
    # Enter the staff console of the congress.
    "console.access": ALL_ROLES,
    # See the congress's members and organisation units.
    "identity.view_members": (Role.ADMINISTRATOR, Role.STAFF, Role.LEADER),
    # Add and end memberships, manage organisation units, switch modules.
    "identity.manage_members": (Role.ADMINISTRATOR,),
    "tenants.manage_modules": (Role.ADMINISTRATOR,),
    # Read the audit trail of the congress.
    "audit.view": (Role.ADMINISTRATOR, Role.LEADER),
    # The leaders' dashboard: aggregates of the congress and its subtree (shared_apps.rollups).
    "dashboard.view": (Role.ADMINISTRATOR, Role.LEADER),
    # The congress's outbox: e-mails, SMS and WeChat messages sent (shared_apps.messaging).
    "messaging.view_outbox": (Role.ADMINISTRATOR,),
}


def capability_table() -> dict[str, tuple[str, ...]]:
    from tenants.modules import all_manifests

    table = dict(CORE_CAPABILITIES)
    for manifest in all_manifests().values():
        table.update(manifest.capabilities)
    return table


def capabilities_for(roles: Iterable[str], enabled_modules: Iterable[str]) -> frozenset[str]:
    """What holders of ``roles`` may do in a congress with ``enabled_modules`` on."""
    roles = set(roles)
    if not roles:
        return frozenset()
    enabled = set(enabled_modules)
    allowed = set()
    for capability, holders in capability_table().items():
        module = capability.split(".", 1)[0]
        if (module in CORE_MODULES or module in enabled) and roles.intersection(holders):
            allowed.add(capability)
    return frozenset(allowed)


CORE_MODULES = frozenset({"console", "identity", "tenants", "audit", "dashboard", "messaging"})
