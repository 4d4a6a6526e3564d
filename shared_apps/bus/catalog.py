"""The event catalog: every event type, versioned, with the JSON Schema of its payload.

Payloads carry ids, categories, times, statuses and counts, never personal data;
schemas say so with ``additionalProperties: false``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property

import jsonschema


class UnknownEventType(LookupError):
    pass


class InvalidPayload(ValueError):
    def __init__(self, event_type: str, errors: list[str]):
        self.event_type = event_type
        self.errors = errors
        super().__init__(f"{event_type}: " + "; ".join(errors))


@dataclass(frozen=True)
class EventType:
    name: str
    version: int
    schema: Mapping
    description: str = ""
    # Which app declared it: for the catalog page.
    owner: str = field(default="", compare=False)
    # For version n > 1: turns a payload of version n - 1 into one of version n, so a
    # consumer written for the newest version also reads events logged before the change.
    upcast: Callable[[dict], dict] | None = field(default=None, compare=False)

    @cached_property
    def validator(self) -> jsonschema.Draft202012Validator:
        return jsonschema.Draft202012Validator(dict(self.schema))

    def errors(self, payload: Mapping) -> list[str]:
        return [
            f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message}"
            for e in sorted(self.validator.iter_errors(payload), key=lambda e: list(e.absolute_path))
        ]

    def validate(self, payload: Mapping) -> None:
        errors = self.errors(payload)
        if errors:
            raise InvalidPayload(self.name, errors)


_registry: dict[tuple[str, int], EventType] = {}


def register(event_type: EventType) -> EventType:
    jsonschema.Draft202012Validator.check_schema(dict(event_type.schema))
    key = (event_type.name, event_type.version)
    existing = _registry.get(key)
    if existing is not None and existing.schema != event_type.schema:
        raise ValueError(f"event type {key} registered twice with different schemas")
    _registry[key] = event_type
    return event_type


def get(name: str, version: int | None = None) -> EventType:
    if version is None:
        versions = [v for (n, v) in _registry if n == name]
        if not versions:
            raise UnknownEventType(name)
        version = max(versions)
    try:
        return _registry[(name, version)]
    except KeyError:
        raise UnknownEventType(f"{name} v{version}") from None


def upcast(name: str, version: int, payload: Mapping) -> tuple[int, dict]:
    """``payload`` of ``name`` v``version`` raised to the newest registered version."""
    latest = get(name).version
    data = dict(payload)
    while version < latest:
        following = get(name, version + 1)
        if following.upcast is None:
            raise ValueError(f"{name} v{version + 1} declares no upcast from v{version}")
        data = following.upcast(data)
        version += 1
    return version, data


def all_event_types() -> list[EventType]:
    return [_registry[key] for key in sorted(_registry)]


def names() -> set[str]:
    return {name for name, _version in _registry}
