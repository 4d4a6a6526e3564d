"""What a citizen's browser session remembers of their messages, per congress.

One session cookie can reach several congresses (a shared SESSION_COOKIE_DOMAIN, or the same
browser on several congress sites), and database ids restart in every congress schema. So
nothing is remembered by id: everything sits under the congress's schema name, and each
message under its tracking code (random, 31^10) together with what the citizen proved:
their secret key (may view and rate) or, for an old message, only the phone's last digits
(may view).
"""

from __future__ import annotations

from django.db import connection
from django.http import HttpRequest

SESSION_KEY = "voices_citizen"
MAX_TRACKED = 20
# What an entry grants: the key proves the citizen; "view" opens an old message read-only.
VIEW_ONLY = "view"


def _mine(request: HttpRequest) -> dict:
    return (request.session.get(SESSION_KEY) or {}).get(connection.schema_name) or {}


def _save(request: HttpRequest, mine: dict) -> None:
    everything = dict(request.session.get(SESSION_KEY) or {})
    everything[connection.schema_name] = mine
    request.session[SESSION_KEY] = everything


def remember(request: HttpRequest, code: str, *, key: str | None) -> None:
    """Remember that this browser opened message ``code`` of this congress, with ``key`` if proven."""
    mine = dict(_mine(request))
    tracked = {c: k for c, k in (mine.get("tracked") or {}).items() if c != code}
    tracked[code] = key or VIEW_ONLY
    mine["tracked"] = dict(list(tracked.items())[-MAX_TRACKED:])
    _save(request, mine)


def proof(request: HttpRequest, code: str) -> str | None:
    """The citizen's key for message ``code`` of this congress, VIEW_ONLY, or None."""
    return (_mine(request).get("tracked") or {}).get(code)


def set_receipt(request: HttpRequest, code: str, key: str) -> None:
    """The confirmation page shows the tracking code and the key of the message just sent."""
    remember(request, code, key=key)
    mine = dict(_mine(request))
    mine["receipt"] = {"code": code, "key": key}
    _save(request, mine)


def receipt(request: HttpRequest) -> dict | None:
    return _mine(request).get("receipt")
