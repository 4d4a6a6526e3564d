"""Platform-site bus URLs in the isolation suite: operator pages refuse congress staff, for a
real dead letter and a real ingestion key (PLATFORM_SEED), which the operator does reach."""

import uuid

from django.utils import timezone

from shared_apps.bus import delivery, ingest
from shared_apps.bus.hub.models import DeliveryStatus, FailedDelivery
from tests.isolation.registry import Case


def PLATFORM_SEED(world):
    # Resolved: replaying it is a no-op, so the positive control changes nothing.
    failure = FailedDelivery.objects.create(
        consumer=next(iter(delivery.consumers())),
        seq=0, event_id=uuid.uuid4(), type="voice.submitted", last_error="隔离测试",
        status=DeliveryStatus.RESOLVED, next_attempt_at=timezone.now(), resolved_at=timezone.now(),
    )
    key, _secret = ingest.create_key(world.congresses["K1"], label="隔离测试密钥")
    return {"failure_id": failure.pk, "key_id": key.pk, "congress_id": world.congresses["K1"].pk}


def _failure(seed):
    return {"pk": seed["failure_id"]}


CASES = [
    Case("bus:operations", site="platform"),
    Case("bus:failure", kwargs=_failure, site="platform"),
    Case("bus:replay", method="post", kwargs=_failure, site="platform", own_status=302),
    Case("bus:keys", site="platform"),
    Case("bus:keys", method="post", data=lambda s: {"congress": str(s["congress_id"]), "label": "隔离测试"},
         site="platform"),
    Case("bus:revoke", method="post", kwargs=lambda s: {"pk": s["key_id"]}, site="platform", own_status=302),
]

EXEMPT = {
    "bus-catalog:page": "the event catalog: schemas only, no data",
    "api-bus:catalog": "the event catalog as JSON: schemas only, no data",
    "api-bus:ingest": "HMAC-signed machine endpoint; keys, signatures and subtrees are tested in test_ingest.py",
}
