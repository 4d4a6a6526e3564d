"""Delivery through a real Celery worker: an outage is retried with backoff until the provider
answers, attempts are bounded, and each message's outcome is recorded on its row.

The worker here is configured like a production one (Alibaba Cloud SMS, pointed at a local fake
server) and listens on a queue of its own, so the session's sink worker never takes these tasks.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import override_settings

from shared_apps.audit.models import AuditEntry
from shared_apps.messaging import services as messaging
from shared_apps.messaging.models import OutboundMessage, Status
from tests.support.dburl import url_for_child_processes

from . import fakes

pytestmark = pytest.mark.celery

ROOT = Path(__file__).resolve().parents[3]
QUEUE = f"messaging-test-{os.getpid()}"
NODE = f"messaging-{os.getpid()}@{socket.gethostname()}"

messaging.templates.register(
    "messaging.test_code", text="您的验证码是%(code)s，%(minutes)s分钟内有效。", params=("code", "minutes")
)


@pytest.fixture(scope="module")
def provider():
    server = fakes.FakeAliyun()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def sms_worker(world, provider):
    from renda.celery import app

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "renda.settings.test",
        "DATABASE_URL": url_for_child_processes(),
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'platform'}",
        "MESSAGING_SMS_BACKEND": "aliyun",
        "MESSAGING_ALIYUN_ACCESS_KEY_ID": fakes.ALIYUN_KEY_ID,
        "MESSAGING_ALIYUN_ACCESS_KEY_SECRET": fakes.ALIYUN_SECRET,
        "MESSAGING_ALIYUN_SIGN_NAME": "数字人大",
        "MESSAGING_ALIYUN_ENDPOINT": f"{provider.url}/",
        "MESSAGING_SMS_TEMPLATES": json.dumps({"messaging.test_code": "SMS_100200300"}),
        "MESSAGING_RETRY_BACKOFF_SECONDS": "1",
        "MESSAGING_MAX_ATTEMPTS": "3",
        "MESSAGING_QUEUE": QUEUE,
    }
    (ROOT / ".local").mkdir(exist_ok=True)
    log = open(ROOT / ".local" / "celery-messaging-worker.log", "ab")  # noqa: SIM115
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "renda", "worker", "--pool=solo", "--without-gossip",
         "--without-mingle", "--loglevel=INFO", "-Q", QUEUE, "-n", NODE],
        env=env, stdout=log, stderr=log, cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while not app.control.ping(destination=[NODE], timeout=0.5):
        if time.monotonic() > deadline or worker.poll() is not None:
            worker.kill()
            raise RuntimeError("messaging worker did not start; see .local/celery-messaging-worker.log")
    with override_settings(
        MESSAGING_QUEUE=QUEUE, MESSAGING_BACKENDS={"email": "sink", "sms": "aliyun", "wechat": "sink"}
    ):
        yield worker
    worker.terminate()
    worker.wait(15)
    log.close()


def _wait_for(pk: int, status: str, timeout: float = 30) -> OutboundMessage:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        message = OutboundMessage.objects.get(pk=pk)
        if message.status == status:
            return message
        time.sleep(0.2)
    raise AssertionError(f"message {pk} is {message.status} after {message.attempts} attempts: {message.last_error}")


def _send(committed) -> OutboundMessage:
    # Autocommit: the row commits, then on_commit queues the delivery at once.
    message = messaging.send_sms("13912345678", "messaging.test_code", {"code": "135790", "minutes": "5"},
                                 purpose="test")
    committed.append((OutboundMessage, message.pk, "public"))
    return message


def test_an_outage_is_retried_until_the_provider_answers(world, committed, provider, sms_worker):
    provider.fail_next = 2
    before = len(provider.requests)
    started = time.monotonic()
    message = _wait_for(_send(committed).pk, Status.SENT)
    elapsed = time.monotonic() - started
    assert message.attempts == 3 and message.last_error == "" and message.provider_message_id.startswith("biz-")
    assert [r.get("failed", False) for r in provider.requests[before:]] == [True, True, False]
    assert elapsed >= 3  # backoff of 1 s, then 2 s


def test_attempts_are_bounded_and_the_failure_recorded(world, committed, provider, sms_worker):
    provider.fail_next = 100
    message = _wait_for(_send(committed).pk, Status.FAILED)
    assert message.attempts == 3 and message.last_error == "HTTP 503" and not message.sent_at
    assert AuditEntry.objects.filter(action="messaging.failed", object_id=str(message.pk)).exists()
    provider.fail_next = 0
    # The audit entries stay: the log is append-only (a trigger refuses DELETE) and hash-chained, so
    # committed entries are part of the chain; they name the message's id, which is never reused.
