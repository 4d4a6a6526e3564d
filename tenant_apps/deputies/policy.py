"""Who may see and change a deputy's records: the one place, used by the pages and the API.

Capabilities (``identity.roles``) say what a role may do in this congress; this module adds the
per-object rules: a deputy sees and edits their own unverified duty records and their own
archive, the office sees and records for everyone, only deputy affairs verifies.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import BasePermission

from shared_apps.identity.access import has_capability

from . import selectors
from .models import Deputy, DutyRecord, DutyStatus


def may_see_contacts(user) -> bool:
    """Unmasked mobiles, e-mails and addresses."""
    return has_capability(user, "deputies.view_contacts")


def entered_by(user) -> str | None:
    """Who the user records duties as: "office", "deputy" (their own), or None (may not)."""
    if has_capability(user, "deputies.record_for_deputies"):
        return "office"
    if has_capability(user, "deputies.record_own_duty") and selectors.deputy_of(user):
        return "deputy"
    return None


def may_read_duties(user) -> bool:
    return has_capability(user, "deputies.view_duties") or has_capability(user, "deputies.record_own_duty")


def duties_visible_to(user, qs: QuerySet[DutyRecord]) -> QuerySet[DutyRecord]:
    """Office roles: every record; a deputy: the records they took part in."""
    if has_capability(user, "deputies.view_duties"):
        return qs
    me = selectors.deputy_of(user)
    return qs.filter(participants=me) if me else qs.none()


def can_view_duty(user, record: DutyRecord) -> bool:
    """Office roles see every record; a deputy their own; everyone the verified ones."""
    if record.status == DutyStatus.VERIFIED or has_capability(user, "deputies.view_duties"):
        return True
    me = selectors.deputy_of(user)
    return me is not None and record.participants.filter(pk=me.pk).exists()


def can_edit_duty(user, record: DutyRecord) -> bool:
    """A verified record is final; the office edits any other; a deputy only records they are in."""
    if record.status == DutyStatus.VERIFIED:
        return False
    if has_capability(user, "deputies.record_for_deputies"):
        return True
    if not has_capability(user, "deputies.record_own_duty"):
        return False
    me = selectors.deputy_of(user)
    return me is not None and record.participants.filter(pk=me.pk).exists()


def can_verify(user) -> bool:
    return has_capability(user, "deputies.verify_duty")


def can_view_archive(user, deputy: Deputy) -> bool:
    """A deputy reads their own archive; readers of the register read everyone's."""
    if not user.is_authenticated:
        return False
    own = deputy.user_id is not None and deputy.user_id == user.pk
    return own or has_capability(user, "deputies.view_register")


class DutyRecordPermission(BasePermission):
    """DRF: reading needs a duty role; creating a recording role; changing follows the policy."""

    message = _("您在本人大没有此项权限。")

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not user or not user.is_authenticated or not may_read_duties(user):
            return False
        if view.action == "create":
            return entered_by(user) is not None
        if view.action in ("verify", "reject"):
            return can_verify(user)
        return True

    def has_object_permission(self, request, view, obj: DutyRecord) -> bool:
        if view.action in ("update", "partial_update"):
            self.message = _("只能修改本人参加且尚未审核的履职记录。")
            return can_edit_duty(request.user, obj)
        return can_view_duty(request.user, obj)
