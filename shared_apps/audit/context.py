"""Who is acting and from where, for the duration of a request or task."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None = None
    ip: str | None = None
    source: str = "system"


_SYSTEM = Actor()
_current: ContextVar[Actor] = ContextVar("renda_actor", default=_SYSTEM)


def current_actor() -> Actor:
    return _current.get()


def set_actor(actor: Actor):
    return _current.set(actor)


def reset_actor(token) -> None:
    _current.reset(token)
