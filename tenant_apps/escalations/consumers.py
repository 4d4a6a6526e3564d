"""The two legs of escalation across congresses, run by the bus consumers.

Up: ``voice.escalation_requested`` in a township opens a linked case in its parent congress.
Down: ``escalation.decided`` in the parent is written onto the township's message timeline
through ``tenant_apps.voices.services.record_upstream_update``.
"""

from __future__ import annotations

import logging

from django.utils.dateparse import parse_datetime
from django.utils.module_loading import import_string
from django_tenants.utils import schema_context

from shared_apps.bus import delivery
from tenants.models import Congress, HostingMode

from . import services

logger = logging.getLogger(__name__)

# The voices module's entry point for decisions from above (see HELPERS / issue 5).
RECORD_UPSTREAM_UPDATE = "tenant_apps.voices.services.record_upstream_update"


def _hosted(congress: Congress | None) -> bool:
    return congress is not None and congress.hosting_mode != HostingMode.CONNECTED


@delivery.register(
    "escalation-up", ["voice.escalation_requested"], description="下级提请的意见在上级人大立案"
)
def open_case_in_parent(event) -> None:
    source = Congress.objects.select_related("parent").get(pk=event.congress_id)
    parent = source.parent
    if not _hosted(parent) or parent.is_platform:
        logger.warning("escalation from %s has no hosted parent congress; nothing to open", source.pk)
        return
    with schema_context(parent.schema_name):
        services.receive(source_congress_id=source.pk, source_congress_name=source.name, payload=event.payload)


@delivery.register(
    "escalation-down", ["escalation.decided"], description="上级人大的办理意见写回下级意见的办理过程"
)
def report_back_to_source(event) -> None:
    payload = event.payload
    source = Congress.objects.select_related("parent").get(pk=payload["source_congress_id"])
    # Only the congress the case was escalated to may answer it.
    if source.parent_id != event.congress_id:
        raise PermissionError(f"congress {event.congress_id} answered a case of {source.pk}, not its child")
    if not _hosted(source):
        return
    record_upstream_update = import_string(RECORD_UPSTREAM_UPDATE)
    with schema_context(source.schema_name):
        record_upstream_update(
            payload["source_voice_id"], status=payload["status"], text=payload["text"],
            at=parse_datetime(payload["decided_at"]),
        )
