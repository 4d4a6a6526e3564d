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
        cursor.execute(
            "SELECT recipient, text, params::text FROM messaging_outboundmessage WHERE id = %s", [message.pk]
        )
        stored = " ".join(cursor.fetchone())
    assert "13800138000" not in stored and "123456" not in stored


def test_sink_delivery_marks_sent():
    message = messaging.send_email("a@example.cn", "主题", "正文", purpose="test")
    assert messaging.deliver(message.pk) == Status.SENT
    message = OutboundMessage.objects.get(pk=message.pk)
    assert message.status == Status.SENT and message.attempts == 1 and message.provider_message_id
    assert messaging.deliver(message.pk) is None  # nothing twice


def test_the_congress_defaults_to_the_schema_of_the_call(world, in_congress):
    with in_congress("K1"):
        message = messaging.send_email("b@example.cn", "主题", "正文", purpose="test")
    assert message.congress_id == world.congresses["K1"].pk
    assert messaging.send_email("c@example.cn", "s", "b", purpose="test").congress_id is None


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                message = messaging.send_email("d@example.cn", "主题", "正文", purpose="test")
                raise RuntimeError("the caller fails after queuing")
        except RuntimeError:
            pass
    assert callbacks == [] and not OutboundMessage.objects.filter(pk=message.pk).exists()


@pytest.mark.parametrize(
    ("call", "error"),
    [
        (lambda: messaging.send_email("not-an-address", "s", "b", purpose="t"), ValueError),
        (lambda: messaging.send_email("a@example.cn", "s", "b", purpose=""), ValueError),
        (lambda: messaging.send_sms("12345", "messaging.test_code", {"code": "1", "minutes": "1"}, purpose="t"),
         ValueError),
        (lambda: messaging.send_sms("13800138000", "messaging.test_code", {"code": "1"}, purpose="t"), ValueError),
        (lambda: messaging.send_sms("13800138000", "no.such_template", {}, purpose="t"), LookupError),
        (lambda: messaging.send_wechat("", "messaging.test_code", {"code": "1", "minutes": "1"}, purpose="t"),
         ValueError),
    ],
)
def test_bad_input_is_refused_before_anything_is_stored(call, error):
    before = OutboundMessage.objects.count()
    with pytest.raises(error):
        call()
    assert OutboundMessage.objects.count() == before


def test_registering_a_name_twice_differently_is_an_error():
    with pytest.raises(ValueError):
        messaging.templates.register("messaging.test_code", text="别的内容%(code)s", params=("code",))
    with pytest.raises(ValueError):
        messaging.templates.register("messaging.test_broken", text="缺参数%(code)s", params=())


def test_smtp_backend_sends_through_django_mail(settings, mailoutbox):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.MESSAGING_BACKENDS = {**settings.MESSAGING_BACKENDS, "email": "smtp"}
    message = messaging.send_email("e@example.cn", "邀请", "请设置密码：https://x/invite/abc", purpose="test")
    assert messaging.deliver(message.pk) == Status.SENT
    assert mailoutbox[-1].to == ["e@example.cn"] and mailoutbox[-1].subject == "邀请"
    message.refresh_from_db()
    assert message.provider_message_id == mailoutbox[-1].extra_headers["Message-ID"]


def test_a_backend_that_cannot_carry_the_channel_is_refused(settings):
    settings.MESSAGING_BACKENDS = {**settings.MESSAGING_BACKENDS, "sms": "smtp"}
    with pytest.raises(ValueError):
        messaging.send_sms("13800138000", "messaging.test_code", {"code": "1", "minutes": "1"}, purpose="t")


def test_the_sweeper_queues_what_was_lost(settings, django_capture_on_commit_callbacks):
    from datetime import timedelta
    from unittest import mock

    from django.utils import timezone

    message = messaging.send_email("f@example.cn", "主题", "正文", purpose="test")
    OutboundMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now() - timedelta(seconds=1))
    with mock.patch.object(messaging, "enqueue") as enqueue:
        assert messaging.requeue_due() >= 1
        assert mock.call(message.pk) in enqueue.call_args_list
        enqueue.reset_mock()
        messaging.requeue_due()  # a minute later: not queued a second time
        assert mock.call(message.pk) not in enqueue.call_args_list


def test_messages_to_one_recipient_are_counted_without_decrypting():
    from datetime import timedelta

    from django.utils import timezone

    from shared_apps.messaging import selectors

    since = timezone.now() - timedelta(minutes=1)
    for _ in range(3):
        messaging.send_sms("13700137000", "messaging.test_code", {"code": "1", "minutes": "1"}, purpose="reset")
    messaging.send_sms("13700137001", "messaging.test_code", {"code": "1", "minutes": "1"}, purpose="reset")
    assert selectors.count_sent_to("sms", "+86 137 0013 7000", since=since, purpose="reset") == 3
    assert selectors.count_sent_to("sms", "13700137000", since=since, purpose="invitation") == 0
    messaging.send_email("Mixed@Example.cn", "s", "b", purpose="reset")
    assert selectors.count_sent_to("email", "mixed@example.cn", since=since) == 1


def test_system_check_reports_a_backend_without_its_settings(settings):
    from shared_apps.messaging.checks import messaging_backends_configured

    assert messaging_backends_configured(None) == []
    settings.MESSAGING_BACKENDS = {"email": "aliyun", "sms": "tencent", "wechat": "nonesuch"}
    settings.MESSAGING_TENCENT_SMS = {**settings.MESSAGING_TENCENT_SMS, "secret_key": ""}
    errors = messaging_backends_configured(None)
    assert sorted(e.id for e in errors) == ["messaging.E001", "messaging.E001", "messaging.E002"]
    messages = " ".join(e.msg for e in errors)
    assert "cannot send email" in messages and "nonesuch" in messages and "secret_key" in messages


def test_a_template_renders_for_an_e_mail():
    text = messaging.templates.render("messaging.test_code", {"code": "9", "minutes": "3"})
    assert text == "您的验证码是9，3分钟内有效。"
    with pytest.raises(ValueError):
        messaging.templates.render("messaging.test_code", {"code": "9"})
