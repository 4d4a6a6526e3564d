"""The tenant isolation registry: every URL of a congress site, and how to reach it.

A module registers its endpoints here by providing ``<app>/tests/isolation.py``
with ``SEED`` (optional) and ``CASES``; the suite in tests/isolation/test_isolation.py
runs every case as a user of one congress against another (sibling, parent,
child, unrelated), and a completeness test fails for any URL nobody registered.

- ``SEED(world, key) -> dict`` runs inside congress ``key``'s schema once per
  session; put private objects there, and their secret strings under ``"secrets"``.
- A ``Case`` names a URL; ``kwargs`` builds its arguments from the target's seed.
- ``EXEMPT`` lists URLs that are public by design (login, a public page), with why.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.apps import apps
from django_tenants.utils import schema_context


@dataclass(frozen=True)
class Case:
    url_name: str
    method: str = "get"
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    data: dict[str, Any] | None = None
    # Public pages answer outsiders, but must not show the target's private seed.
    public: bool = False
    # What the target congress's own administrator gets (a draft is 404 on a public API even for them).
    own_status: int = 200
    # "congress": a congress site (renda.urls_tenant), run across congresses.
    # "platform": the platform site (renda.urls_public), run as congress administrators and
    # leaders who are not platform operators: operator-only URLs must refuse them.
    site: str = "congress"

    def resolve_kwargs(self, seed: dict[str, Any]) -> dict[str, Any]:
        return self.kwargs(seed) if self.kwargs else {}


@dataclass
class ModuleIsolation:
    label: str
    cases: list[Case] = field(default_factory=list)
    exempt: dict[str, str] = field(default_factory=dict)
    seed: Callable | None = None


# Core (non-module) URLs of the congress site.
CORE = ModuleIsolation(
    label="core",
    cases=[
        Case("web:console"),
        Case("identity:members"),
        Case("tenants:modules"),
        Case(
            "tenants:modules", method="post",
            data={"module": "portal", "portal-enabled": "on", "portal-home_post_count": "8"},
        ),
        Case("audit:log"),
        Case("identity-api:me"),
    ],
    exempt={
        "web:home": "the congress's public home page",
        "identity:login": "login form",
        "identity:logout": "logout",
        "identity:congresses": "lists the requesting user's own congresses only",
        "identity:switch": "checks membership of the target before issuing a hand-off",
        "identity:sso": "redeems a single-use token bound to this congress",
        "set_language": "language preference",
        "healthz": "health check, no data",
        "schema": "OpenAPI schema, no data",
        "swagger-ui": "API docs",
        "redoc": "API docs",
        "media": "uploaded files under unguessable names; served per schema",
    },
)

# The platform site (public schema) shares the identity, health and docs URLs above.
PLATFORM = ModuleIsolation(
    label="platform",
    cases=[Case("identity:members", site="platform")],
    exempt={
        "web:console": "lists the requesting user's own congresses only",
        "identity-api:me": "the requesting user's own identity and seats",
    },
)


def registrations() -> list[ModuleIsolation]:
    found = [CORE, PLATFORM]
    root = Path(__file__).resolve().parents[2]
    for config in apps.get_app_configs():
        # Third-party apps (e.g. captcha) ship test packages of their own: only ours register.
        path = Path(config.path).resolve()
        if not path.is_relative_to(root) or "site-packages" in path.parts:
            continue
        try:
            module = importlib.import_module(f"{config.name}.tests.isolation")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith(config.name):
                continue
            raise
        found.append(
            ModuleIsolation(
                label=config.label,
                cases=list(getattr(module, "CASES", [])),
                exempt=dict(getattr(module, "EXEMPT", {})),
                seed=getattr(module, "SEED", None),
            )
        )
    return found


def run_seeds(world, key: str) -> dict[str, Any]:
    congress = world.congresses[key]
    seeds: dict[str, Any] = {}
    with schema_context(congress.schema_name):
        for registration in registrations():
            if registration.seed is not None:
                seeds[registration.label] = registration.seed(world, key) or {}
    return seeds


def secrets_of(seeds: dict[str, Any]) -> list[str]:
    return [s for seed in seeds.values() for s in seed.get("secrets", [])]
