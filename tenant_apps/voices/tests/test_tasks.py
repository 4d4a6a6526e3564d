"""Deadline reminders, overdue escalation, unrated close and notification delivery, run by a real
Celery worker against Redis and the test database (committed rows)."""

import datetime as dt
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from shared_apps.bus.models import OutboxEvent
from shared_apps.messaging.models import OutboundMessage
from tenant_apps.voices import notifications, services, tasks, tenants_config
from tenant_apps.voices.models import Notification, Voice
from tenant_apps.voices.states import Status

from .helpers import deputy, phone, submit

pytestmark = pytest.mark.celery


def _wait(check, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.3)
    return False


def test_plan_spreads_batches_over_the_window():
    schemas = [f"c_{i:04d}" for i in range(250)]
    planned = tasks.plan(schemas, 100, 240)
    assert [countdown for countdown, _b in planned] == [0, 80, 160]
    assert sorted(s for _c, batch in planned for s in batch) == schemas
    assert tasks.plan(schemas, 100, 240) == planned  # stable slots from sweep to sweep


def test_reminder_overdue_and_unrated_close_through_the_worker(world, committed, celery_worker):
    schema = world.congresses["T1"].schema_name
    now = timezone.now()
    with schema_context(schema):
        soon, late, answered = submit(world), submit(world), submit(world)
        for voice in (soon, late, answered):
            committed.append((Voice, voice.pk, schema))
        Voice.objects.filter(pk=soon.pk).update(due_at=now + dt.timedelta(hours=3))
        Voice.objects.filter(pk=late.pk).update(due_at=now - dt.timedelta(hours=1))
        services.accept(answered, user=deputy(world).user)
        services.answer(answered, user=deputy(world).user, text="已答复")
        Voice.objects.filter(pk=answered.pk).update(replied_at=now - dt.timedelta(days=8))
    connection.set_tenant(world.congresses["T1"])
    result = tasks.sweep_congress.delay().get(timeout=30)
    assert result["reminded"] >= 1 and result["overdue"] >= 1 and result["unrated_closed"] >= 1
    with schema_context(schema):
        soon, late, answered = (Voice.objects.get(pk=v.pk) for v in (soon, late, answered))
        assert soon.reminded_at and not soon.overdue_at
        assert late.overdue_at and late.was_overdue and late.is_overdue
        assert answered.status == Status.CLOSED and answered.close_outcome == "unrated"
        assert OutboxEvent.objects.filter(type="voice.overdue", payload__voice_id=late.pk).exists()
        staff = world.user("staff", "T1")
        assert Notification.objects.filter(voice=late, kind="voice.overdue", user_id=staff.pk, channel="inbox").exists()
        assert Notification.objects.filter(voice=soon, kind="voice.reminder", user_id=deputy(world).user_id).exists()
    # A second sweep changes nothing: every step happens once.
    again = tasks.sweep_congress.delay().get(timeout=30)
    assert again["reminded"] == again["overdue"] == again["unrated_closed"] == 0
    connection.set_schema_to_public()


def test_beat_fan_out_reaches_every_congress(world, committed, celery_worker):
    schema = world.congresses["K2"].schema_name
    with schema_context(schema):
        late = submit(world, "K2")
        committed.append((Voice, late.pk, schema))
        Voice.objects.filter(pk=late.pk).update(due_at=timezone.now() - dt.timedelta(minutes=5))
    connection.set_schema_to_public()
    assert tasks.sweep_all.delay().get(timeout=30) == len(world.congresses)

    def flagged():
        with schema_context(schema):
            return Voice.objects.filter(pk=late.pk, overdue_at__isnull=False).exists()

    assert _wait(flagged)


class _Hook(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Hook.received.append((self.headers.get(notifications.SIGNATURE_HEADER), body))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_email_and_signed_webhook_delivered_by_the_worker(world, committed, celery_worker):
    server = HTTPServer(("127.0.0.1", 0), _Hook)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    congress = world.congresses["T1"]
    schema = congress.schema_name
    number = phone()
    try:
        tenants_config.set_voices_config(
            congress, webhook_url=f"http://127.0.0.1:{server.server_port}/bridge", webhook_secret="bridge-secret"
        )
        with schema_context(schema):
            voice = submit(world, phone=number, title="Webhook测试留言")
            committed.append((Voice, voice.pk, schema))
        assert _wait(lambda: _Hook.received)
        header, body = _Hook.received[-1]
        assert notifications.verify("bridge-secret", header, body)
        assert not notifications.verify("wrong-secret", header, body)
        payload = json.loads(body)
        assert payload["type"] == "voice.routed" and payload["voice_id"] == voice.pk
        assert number not in body.decode()
        # The e-mail went through the platform's sender (the development sink under tests).
        def mailed():
            return [
                m for m in OutboundMessage.objects.filter(channel="email", purpose="voice.routed", status="sent")
                if voice.tracking_code in (m.text or "")
            ]

        assert _wait(mailed)
        ours = mailed()
        for message in ours:
            committed.append((OutboundMessage, message.pk, "public"))
        assert ours[0].recipient == "deputy-t1@example.cn" and ours[0].congress_id == congress.pk
        assert all(number not in f"{m.subject} {m.text}" for m in ours)
    finally:
        tenants_config.set_voices_config(congress, webhook_url="", webhook_secret="")
        server.shutdown()
        connection.set_schema_to_public()
