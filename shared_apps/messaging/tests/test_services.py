"""The sender interface: rows written in the caller's transaction, delivery queued after commit."""

import pytest
from django.db import connection

from shared_apps.messaging import services as messaging
from shared_apps.messaging.models import OutboundMessage, Status

pytestmark = pytest.mark.django_db

messaging.templates.register(
    "messaging.test_code", text="您的验证码是%(code)s，%(minutes)s分钟内有效。", params=("code", "minutes")
)


def test_send_sms_writes_an_encrypted_row_and_queues_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        message = messaging.send_sms(
            "+86 138-0013-8000", "messaging.test_code", {"code": "123456", "minutes": "10"},
            purpose="test", congress=world.congresses["T1"], user=world.user("staff", "T1"),
        )
    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.recipient == "13800138000"
    assert message.text == "您的验证码是123456，10分钟内有效。"
    assert message.status == Status.QUEUED and message.backend == "sink"
    assert message.congress_id == world.congresses["T1"].pk
    assert message.masked_recipient == "138****8000"
    with connection.cursor() as cursor:
        cursor.execute("SELECT recipient, text, params::text FROM messaging_outboundmessage WHERE id = %s", [message.pk])
        stored = " ".join(cursor.fetchone())
    assert "13800138000" not in stored and "123456" not in stored


def test_sink_delivery_marks_sent():
    message = messaging.send_email("a@example.cn", "主题", "正文", purpose="test")
    assert messaging.deliver(message.pk) == Status.SENT
    message = OutboundMessage.objects.get(pk=message.pk)
    assert message.status == Status.SENT and message.attempts == 1 and message.provider_message_id
    assert messaging.deliver(message.pk) is None  # nothing twice
