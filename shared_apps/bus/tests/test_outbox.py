"""The outbox: an event exists after commit, not after rollback; a bad payload is refused.

These tests commit for real (the ``committed`` fixture), so a rollback is a real one too.
"""

import pytest
from django.db import transaction
from django_tenants.utils import schema_context

from shared_apps.bus import catalog
from shared_apps.bus.models import OutboxEvent
from shared_apps.bus.services import PublishOutsideTransaction, publish
from tenant_apps.portal import services as portal
from tenant_apps.portal.models import Post


class Boom(Exception):
    pass


def test_event_lands_with_the_commit_and_vanishes_with_the_rollback(world, committed):
    schema = world.congresses["T2"].schema_name
    with schema_context(schema):
        post = portal.save_post(title="提交的", body="<p>x</p>")
        committed.append((Post, post.pk, schema))
        portal.publish_post(post)  # its own atomic block: committed on exit
        events = OutboxEvent.objects.filter(type="portal.post_published", payload__post_id=post.pk)
        assert events.count() == 1
        event = events.get()
        committed.append((OutboxEvent, event.pk, schema))
        assert event.version == 1 and event.payload["kind"] == "news" and event.relayed_at is None

        draft = portal.save_post(title="回滚的", body="<p>x</p>")
        committed.append((Post, draft.pk, schema))
        with pytest.raises(Boom), transaction.atomic():
            portal.publish_post(draft)
            raise Boom
        assert not OutboxEvent.objects.filter(payload__post_id=draft.pk).exists()
        draft.refresh_from_db()
        assert not draft.is_published


def test_bad_payload_is_refused_and_nothing_is_written(world, db):
    with schema_context(world.congresses["T2"].schema_name):
        before = OutboxEvent.objects.count()
        with pytest.raises(catalog.InvalidPayload) as info, transaction.atomic():
            publish("portal.post_published", {"post_id": "not-a-number", "kind": "news"})
        assert "post_id" in str(info.value) and "published_at" in str(info.value)
        with pytest.raises(catalog.InvalidPayload), transaction.atomic():
            publish(
                "portal.post_published",
                {"post_id": 1, "kind": "news", "published_at": "2026-01-01T00:00:00Z", "phone": "13800000000"},
            )
        assert OutboxEvent.objects.count() == before


def test_unknown_event_type_and_publishing_outside_a_transaction_are_refused(world, committed):
    with schema_context(world.congresses["T2"].schema_name):
        with pytest.raises(catalog.UnknownEventType), transaction.atomic():
            publish("nobody.declared_this", {})
        with pytest.raises(PublishOutsideTransaction):
            publish("portal.post_published", {"post_id": 1, "kind": "news", "published_at": "2026-01-01T00:00:00Z"})


def test_every_manifest_event_is_in_the_catalog():
    from django.core.management import call_command

    call_command("check", "--fail-level", "ERROR")
    assert catalog.get("portal.post_published").version == 1
