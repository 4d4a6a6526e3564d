"""Distribution across congresses, run by the bus consumers.

Down: ``distribution.notice_published`` is copied into every hosted congress of the
publisher's subtree. Up: ``distribution.comment_received`` adds to the publisher's feedback
counts, accepted only from a congress inside the publisher's subtree.
"""

from __future__ import annotations

from django_tenants.utils import schema_context

from shared_apps.bus import delivery
from tenants.models import Congress, HostingMode

from . import services


@delivery.register("distribution-down", ["distribution.notice_published"], description="通知下发到下辖各级人大")
def deliver_down(event) -> None:
    origin = Congress.objects.get(pk=event.congress_id)
    below = (
        Congress.objects.subtree_of(origin)
        .exclude(pk=origin.pk)
        .exclude(hosting_mode=HostingMode.CONNECTED)
        .values_list("schema_name", flat=True)
    )
    for schema in below:
        with schema_context(schema):
            services.receive(origin_congress_id=origin.pk, origin_congress_name=origin.name, payload=event.payload)


@delivery.register("distribution-up", ["distribution.comment_received"], description="下级反馈意见汇总到发文人大")
def count_up(event) -> None:
    origin = Congress.objects.get(pk=event.payload["origin_congress_id"])
    commenter = Congress.objects.get(pk=event.congress_id)
    if commenter.pk == origin.pk or not commenter.path.startswith(origin.path):
        raise PermissionError(f"congress {commenter.pk} is not below {origin.pk}")
    with schema_context(origin.schema_name):
        services.count_feedback(congress_id=commenter.pk, congress_name=commenter.name, payload=event.payload)
