"""Who may see a message and act on it: the one place, used by the console pages and the API.

Capabilities (``identity.roles``) say what a role may do in this congress; this module adds the
per-object rules: a deputy acts on messages routed to them, a handler on messages assigned to
their unit, staff on all. The services enforce the state machine, not who the actor is.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from shared_apps.identity import selectors as identity
from shared_apps.identity.access import has_capability
from shared_apps.identity.models import OrganisationUnit

from . import selectors, services
from .models import Voice

# Actions on one message, by who may take them (page action names; the API maps to them).
DEPUTY_ACTIONS = frozenset({"accept", "answer", "return", "common"})
STAFF_ACTIONS = frozenset({"reroute", "merge", "close"})
API_ACTIONS = {"return_misrouted": "return", "common_problem": "common"}


@dataclass(frozen=True)
class Roles:
    """What the user is to this one message."""

    staff: bool = False
    deputy: bool = False
    units: list[OrganisationUnit] = field(default_factory=list)

    def __getitem__(self, key: str):  # templates and older call sites read roles["staff"]
        return getattr(self, key)


def visible_to(user, qs: QuerySet[Voice] | None = None) -> QuerySet[Voice]:
    """All messages for view_all; else those routed to the deputy or granted to the unit."""
    qs = selectors.all_voices() if qs is None else qs
    if not user.is_authenticated:
        return qs.none()
    if has_capability(user, "voices.view_all"):
        return qs
    parts = Voice.objects.none()
    if has_capability(user, "voices.respond"):
        parts = parts | Voice.objects.filter(recipients__user_id=user.pk, recipients__is_active=True)
    if has_capability(user, "voices.handle"):
        parts = parts | selectors.unit_voices(user)
    return qs.filter(pk__in=parts.values("pk"))


def roles(user, voice: Voice) -> Roles:
    if not user.is_authenticated:
        return Roles()
    assigned = set(voice.assignments.filter(is_active=True).values_list("unit_id", flat=True))
    return Roles(
        staff=has_capability(user, "voices.manage"),
        deputy=has_capability(user, "voices.respond") and services.deputy_of(user, voice) is not None,
        units=[u for u in identity.units_here(user) if u.pk in assigned],
    )


def can(user, voice: Voice, action: str) -> bool:
    """May ``user`` take ``action`` (a page action name) on ``voice``?"""
    r = roles(user, voice)
    if action in DEPUTY_ACTIONS:
        return r.deputy
    if action in STAFF_ACTIONS:
        return r.staff
    if action == "assign":
        return r.deputy or r.staff
    if action == "reply":
        return bool(r.units)
    if action == "note":
        return r.staff or r.deputy or bool(r.units)
    return False


REFUSALS = {
    "reply": _("只有承办单位可以答复。"),
    "note": _("您不能对这条留言执行此操作。"),
    **{a: _("只有收信代表可以执行此操作。") for a in DEPUTY_ACTIONS},
    **{a: _("只有人大工作人员可以执行此操作。") for a in STAFF_ACTIONS},
}


class VoicePermission(BasePermission):
    """DRF: reading is scoped by ``visible_to`` (the view's queryset, so a message the user may
    not see is 404); each detail action asks ``can``."""

    message = _("您不能对这条留言执行此操作。")

    def has_object_permission(self, request, view, obj: Voice) -> bool:
        if view.action == "retrieve":
            return True
        action = API_ACTIONS.get(view.action, view.action)
        if can(request.user, obj, action):
            return True
        self.message = REFUSALS.get(action, self.message)
        return False
