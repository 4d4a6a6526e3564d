"""Reads of the tenant registry."""

from __future__ import annotations

from django.db import connection

from .models import Congress, ModuleSwitch
from .modules import ModuleManifest, all_manifests
from .regions import Level


def current_congress() -> Congress | None:
    tenant = getattr(connection, "tenant", None)
    if tenant is None or getattr(tenant, "is_platform", True):
        return None
    return tenant


def congress_tree() -> list[dict]:
    """All congresses as nested dicts, built from one query."""
    nodes: dict[int, dict] = {}
    roots: list[dict] = []
    rows = Congress.objects.congresses().prefetch_related("domains").order_by("path")
    for congress in rows:
        node = {"congress": congress, "children": []}
        nodes[congress.pk] = node
        parent = nodes.get(congress.parent_id)
        (parent["children"] if parent else roots).append(node)
    return roots


def module_config(code: str, congress: Congress | None = None) -> dict:
    congress = congress or current_congress()
    manifest = all_manifests().get(code)
    defaults = dict(manifest.default_config) if manifest else {}
    if congress is None:
        return defaults
    cached = getattr(congress, "module_configs", None)
    if cached is not None:
        return {**defaults, **cached.get(code, {})}
    stored = (
        ModuleSwitch.objects.filter(congress=congress, module=code).values_list("config", flat=True).first()
    )
    return {**defaults, **(stored or {})}


def enabled_manifests(congress: Congress) -> list[ModuleManifest]:
    enabled = getattr(congress, "enabled_modules", None)
    if enabled is None:
        enabled = set(
            ModuleSwitch.objects.filter(congress=congress, enabled=True).values_list("module", flat=True)
        )
    return [m for code, m in sorted(all_manifests().items()) if code in enabled]


def level_label(level: str) -> str:
    return Level(level).label
