"""The tenant isolation registry: every URL of a congress site, and how to reach it.

A module registers its endpoints here by providing ``<app>/tests/isolation.py``
with ``SEED`` (optional) and ``CASES``; the suite in tests/isolation/test_isolation.py
runs every case as a user of one congress against another (sibling, parent,
child, unrelated), and a completeness test fails for any URL nobody registered.

- ``SEED(world, key) -> dict`` runs inside congress ``key``'s schema once per
  session; put private objects there, and their secret strings under ``"secrets"``.
- ``PLATFORM_SEED(world) -> dict`` runs once in the public schema for platform-site cases:
  real jobs, keys, dead letters, so that a refusal is a refusal and not an absent object.
- A ``Case`` names a URL; ``kwargs`` builds its arguments from the target's seed.
- Every case has a positive control: its ``rightful`` user (the target congress's own
  administrator unless said otherwise; the platform operator on the platform site) gets
  ``own_status`` with the same URL, kwargs and data. Write cases run inside the test's
  transaction, which is rolled back, so the suite stays order-independent.
- ``refused`` names roles of the target congress itself that must be refused too: the
  per-object rules of a module's policy (a leader reads but does not close a message);
  ``masked_for`` roles reach the URL but must not see the seed's ``"masked"`` strings.
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
    # The request body, or a function of the target's seed that builds it (real ids of the target).
    data: dict[str, Any] | Callable[[dict[str, Any]], dict[str, Any]] | None = None
    # Public pages answer outsiders, but must not show the target's private seed.
    public: bool = False
    # What the rightful user gets (a draft is 404 on a public API even for them; a page's
    # successful POST redirects: 302; an API create: 201). For a write whose effect cannot be
    # undone in a transaction (a pg_dump archive), a 400 from the service's own validation
    # shows the guard let the rightful user through.
    own_status: int = 200
    # Who the positive control runs as, in the target congress: a role ("administrator",
    # "staff", "deputy_affairs", "leader", "deputy"), "handler_<organisation kind>", or on the
    # platform site "operator". Empty: the administrator, or the operator on the platform site.
    rightful: str = ""
    # Roles of the target congress itself that must get 403/404 (per-object rules).
    refused: tuple[str, ...] = ()
    # Roles of the target congress that reach the URL but must not see the strings its module's
    # seed lists under ``masked_key`` (contact details shown only to holders of an unmasking
    # right; records a deputy may list only when they took part).
    masked_for: tuple[str, ...] = ()
    masked_key: str = "masked"
    # "congress": a congress site (renda.urls_tenant), run across congresses.
    # "platform": the platform site (renda.urls_public), run as congress administrators and
    # leaders who are not platform operators: operator-only URLs must refuse them.
    site: str = "congress"
    # For pages that read session state: session(world, actor_key, target_key) -> the contents a
    # browser of the actor's congress holds when it opens the page on the target (the own-staff
    # control runs it with actor == target and must then reach the page).
    session: Callable[[Any, str, str], dict[str, Any]] | None = None

    def resolve_kwargs(self, seed: dict[str, Any]) -> dict[str, Any]:
        return self.kwargs(seed) if self.kwargs else {}

    def resolve_data(self, seed: dict[str, Any]) -> dict[str, Any]:
        return (self.data(seed) if callable(self.data) else self.data) or {}

    @property
    def rightful_role(self) -> str:
        return self.rightful or ("operator" if self.site == "platform" else "administrator")


@dataclass
class ModuleIsolation:
    label: str
    cases: list[Case] = field(default_factory=list)
    exempt: dict[str, str] = field(default_factory=dict)
    seed: Callable | None = None
    platform_seed: Callable | None = None


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
            own_status=302,
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
        "identity:sso": "redeems a single-use token bound to this congress, POSTed from one of our hostnames",
        "identity:otp_verify": "the requesting user's own second factor",
        "identity:otp_setup": "enrols the requesting user's own second factor",
        "identity:otp_qr": "the requesting user's own pending enrolment",
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
    # No one holds capabilities on the platform site (identity.selectors: no congress there), so
    # the members page refuses everyone with 403, the operator included: nothing to find or miss.
    cases=[Case("identity:members", site="platform", own_status=403)],
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
                platform_seed=getattr(module, "PLATFORM_SEED", None),
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


def run_platform_seeds(world) -> dict[str, Any]:
    """Objects of the platform site (public schema), per registration label."""
    return {
        registration.label: registration.platform_seed(world) or {}
        for registration in registrations()
        if registration.platform_seed is not None
    }


def actor(world, role: str, key: str | None):
    """The user a case's role names, in congress ``key`` (None: the platform)."""
    if role == "operator":
        return world.users["operator"]
    return world.user(role, key)


def secrets_of(seeds: dict[str, Any]) -> list[str]:
    return [s for seed in seeds.values() for s in seed.get("secrets", [])]
