"""Celery: a task queued inside a congress runs in that congress's schema; beat purges sessions."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.utils import timezone

from shared_apps.bus.models import OutboxEvent
from shared_apps.bus.services import publish
from shared_apps.bus.tasks import outbox_backlog
from shared_apps.identity.tasks import purge_expired_sessions

pytestmark = pytest.mark.celery


def test_task_queued_in_a_congress_runs_in_its_schema(world, committed, celery_worker):
    schema = world.congresses["K2"].schema_name
    connection.set_tenant(world.congresses["K2"])
    with transaction.atomic():
        event = publish("portal.post_published", {"post_id": 9, "kind": "news", "published_at": timezone.now()})
    committed.append((OutboxEvent, event.pk, schema))
    expected = OutboxEvent.objects.filter(relayed_at__isnull=True).count()
    result = outbox_backlog.delay().get(timeout=30)
    assert result == {"schema": schema, "pending": expected}
    connection.set_schema_to_public()
    assert outbox_backlog.delay().get(timeout=30)["schema"] == "public"


def test_beat_schedule_purges_expired_sessions(world, committed, celery_worker):
    assert settings.CELERY_BEAT_SCHEDULE["purge-expired-sessions"]["task"] == purge_expired_sessions.name
    expired = Session.objects.create(session_key="expired-session-key-1234567890ab", session_data="x",
                                     expire_date=timezone.now() - timedelta(days=1))
    live = Session.objects.create(session_key="live-session-key-1234567890abcdef", session_data="x",
                                  expire_date=timezone.now() + timedelta(days=1))
    committed.append((Session, live.pk, "public"))
    assert purge_expired_sessions.delay().get(timeout=30) >= 1
    assert not Session.objects.filter(pk=expired.pk).exists()
    assert Session.objects.filter(pk=live.pk).exists()
