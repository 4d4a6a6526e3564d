from __future__ import annotations

import re

from shared_apps.identity.services import create_user
from shared_apps.messaging.models import OutboundMessage

GOOD_PASSWORD = "Renda-2026-xinmima"


def last_message(user, purpose: str) -> OutboundMessage:
    """What the development sink holds for this person: the message they would have received."""
    return OutboundMessage.objects.filter(user_id=user.pk, purpose=purpose).order_by("-id").first()


def link_in(message: OutboundMessage) -> str:
    """The path of the one link in an e-mail (the host is the congress's or the platform's)."""
    url = re.search(r"https?://\S+", message.text).group(0)
    return "/" + url.split("/", 3)[3]


def audit_actions(user, *schemas: str) -> set[str]:
    """Audit entries land in the schema the change was made in: the platform's or a congress's."""
    from django_tenants.utils import schema_context

    from shared_apps.audit.models import AuditEntry

    found: set[str] = set()
    for schema in ("public", *schemas):
        with schema_context(schema):
            found |= set(AuditEntry.objects.filter(object_id=str(user.pk)).values_list("action", flat=True))
    return found


def new_account(username: str, *, email: str = "", phone: str | None = None):
    return create_user(username=username, email=email, phone=phone, display_name=username)
