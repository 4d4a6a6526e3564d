"""Sign-on families: one password login and the sessions it handed off to other hostnames.

Each login records its session under a family id kept in the session; the hand-off carries
the family to the next hostname. Logging out anywhere deletes every session of the family.
"""

from __future__ import annotations

import secrets
from importlib import import_module

from django.conf import settings
from django.http import HttpRequest

from .models import SignOnSession

FAMILY = "renda_signon_family"


def family_of(request: HttpRequest) -> str | None:
    return request.session.get(FAMILY)


def join(request: HttpRequest, user, family: str | None = None) -> str:
    """Record the request's (freshly logged-in) session in ``family``, or in a new family."""
    family = family or secrets.token_hex(16)
    request.session[FAMILY] = family
    if request.session.session_key is None:
        request.session.save()
    SignOnSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={"family": family, "user_id": user.pk, "hostname": request.META.get("HTTP_HOST", "")[:253]},
    )
    return family


def end_family(request: HttpRequest) -> int:
    """Delete every session of the request's family (the current one too). Returns how many."""
    family = family_of(request)
    if family is None:
        return 0
    store = import_module(settings.SESSION_ENGINE).SessionStore
    keys = list(SignOnSession.objects.filter(family=family).values_list("session_key", flat=True))
    for key in keys:
        store(session_key=key).delete()
    SignOnSession.objects.filter(family=family).delete()
    return len(keys)


def leave_family(request: HttpRequest) -> None:
    """Forget the request's own session only (it ends; the rest of the family stays)."""
    if request.session.session_key:
        SignOnSession.objects.filter(session_key=request.session.session_key).delete()
