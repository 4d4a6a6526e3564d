"""The module switchboard: manifests of tenant modules and which a congress has on.

Every app in ``tenant_apps/`` (and a district's own local module) subclasses
:class:`ModuleAppConfig` and sets ``manifest``. See docs/modules.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

import jsonschema
from django.apps import AppConfig, apps
from django.utils.functional import Promise


@dataclass(frozen=True)
class MenuEntry:
    """A link in the staff console navigation, shown to users holding ``capability``."""

    label: str | Promise
    url_name: str
    capability: str
    icon: str = "dot"


@dataclass(frozen=True)
class WorkItem:
    """One thing a person has to do, as their landing page lists it."""

    title: str
    url: str
    due_at: datetime | None = None
    # "overdue", "due_soon" or "open": drives the badge and the order on the landing page.
    state: str = "open"
    note: str = ""


@dataclass(frozen=True)
class WorkList:
    """A module's part of a person's landing page: counts and the most urgent items."""

    title: str | Promise
    url: str
    open: int = 0
    due_soon: int = 0
    overdue: int = 0
    items: tuple[WorkItem, ...] = ()
    icon: str = "list-check"
    # False for lists whose items have no deadline (notifications): only the count is shown.
    deadlines: bool = True
    count_label: str | Promise = ""  # what the count is of; "待办" when empty


@dataclass(frozen=True)
class ModuleManifest:
    code: str
    name: str | Promise
    description: str | Promise = ""
    menu: tuple[MenuEntry, ...] = ()
    # capability ("<code>.<verb>") -> roles that hold it in a congress that has the module on
    capabilities: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    events: tuple[str, ...] = ()
    metrics: tuple[str, ...] = ()
    config_schema: Mapping = field(default_factory=lambda: {"type": "object"})
    default_config: Mapping = field(default_factory=dict)
    # A template included in the congress's public home page, and the callable giving its context.
    home_template: str | None = None
    home_context: str | None = None
    # URLconfs mounted at /<code>/ (pages) and /api/v1/<code>/ (API), namespaced by code.
    urls: str | None = None
    api_urls: str | None = None
    # Provisioning: a tenant spec's `seed.<code>` block is checked against `seed_schema` and
    # handed to the callable at `seeder` (dotted path, `(congress, data: dict) -> None`),
    # which runs inside the new congress's schema.
    seed_schema: Mapping = field(default_factory=lambda: {"type": "object"})
    seeder: str | None = None
    # The person's landing page: a dotted path to ``(request) -> list[WorkList]`` giving what
    # the requesting user has to do in this module (a handler's unit queue, a deputy's inbox).
    worklist: str | None = None

    @property
    def roles(self) -> tuple[str, ...]:
        used: set[str] = set()
        for roles in self.capabilities.values():
            used.update(roles)
        return tuple(sorted(used))

    def config_errors(self, config: Mapping) -> list[str]:
        validator = jsonschema.Draft202012Validator(dict(self.config_schema))
        return [
            f"{'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
            for error in sorted(validator.iter_errors(config), key=lambda e: list(e.absolute_path))
        ]


class ModuleAppConfig(AppConfig):
    """Base class for a module app: set ``manifest``."""

    manifest: ModuleManifest


def all_manifests() -> dict[str, ModuleManifest]:
    return {
        config.manifest.code: config.manifest
        for config in apps.get_app_configs()
        if isinstance(config, ModuleAppConfig)
    }


def get_manifest(code: str) -> ModuleManifest | None:
    return all_manifests().get(code)


def module_of_namespace(namespace: str) -> str | None:
    """The module a URL namespace belongs to (``portal`` or ``api-portal``), if any."""
    code = namespace.removeprefix("api-")
    return code if code in all_manifests() else None
