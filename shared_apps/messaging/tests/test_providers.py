"""The Alibaba Cloud SMS and WeChat adapters against local fake servers that check format and signature."""

import json
import logging

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from shared_apps.messaging import services as messaging
from shared_apps.messaging.backends import aliyun
from shared_apps.messaging.models import OutboundMessage, Status

from . import fakes

pytestmark = pytest.mark.django_db

messaging.templates.register(
    "messaging.test_code", text="您的验证码是%(code)s，%(minutes)s分钟内有效。", params=("code", "minutes")
)
messaging.templates.register(
    "messaging.test_reply", text="您的留言%(title)s已于%(when)s答复。", params=("title", "when")
)


@pytest.fixture
def fake_aliyun():
    server = fakes.FakeAliyun()
    with override_settings(
        MESSAGING_BACKENDS={"email": "sink", "sms": "aliyun", "wechat": "sink"},
        MESSAGING_ALIYUN_SMS={
            "access_key_id": fakes.ALIYUN_KEY_ID,
            "access_key_secret": fakes.ALIYUN_SECRET,
            "sign_name": "数字人大",
            "endpoint": f"{server.url}/",
            "region": "cn-hangzhou",
        },
        MESSAGING_SMS_TEMPLATES={"messaging.test_code": "SMS_100200300"},
    ):
        yield server
    server.stop()


@pytest.fixture
def fake_wechat():
    server = fakes.FakeWeChat()
    with override_settings(
        MESSAGING_BACKENDS={"email": "sink", "sms": "sink", "wechat": "wechat"},
        MESSAGING_WECHAT={"app_id": fakes.WECHAT_APP_ID, "app_secret": fakes.WECHAT_SECRET, "api_base": server.url},
        MESSAGING_WECHAT_TEMPLATES={
            "messaging.test_reply": {"code": "TPL-reply", "fields": {"title": "thing1", "when": "time2"}}
        },
    ):
        cache.delete(f"messaging:wechat-token:{fakes.WECHAT_APP_ID}")
        yield server
    cache.delete(f"messaging:wechat-token:{fakes.WECHAT_APP_ID}")
    server.stop()


def _sms(number="13912345678"):
    return messaging.send_sms(number, "messaging.test_code", {"code": "246810", "minutes": "5"}, purpose="test")


def test_signature_matches_the_documented_example():
    # The worked example of the provider's signature documentation (RPC, signature version 1.0).
    params = {
        "AccessKeyId": "testid", "Action": "DescribeRegions", "Format": "XML", "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": "3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf", "SignatureVersion": "1.0",
        "Timestamp": "2016-02-23T12:46:24Z", "Version": "2014-05-26",
    }
    assert aliyun.signature(params, "testsecret", method="GET") == "OLeaidS1JvxuMvnyHOwuJ+uX5qY="


def test_aliyun_sends_a_signed_request_and_records_the_biz_id(fake_aliyun, caplog):
    caplog.set_level(logging.DEBUG)
    message = _sms()
    assert messaging.deliver(message.pk) == Status.SENT
    message = OutboundMessage.objects.get(pk=message.pk)
    assert message.provider_message_id.startswith("biz-") and message.attempts == 1
    params = fake_aliyun.requests[-1]["params"]
    assert params["PhoneNumbers"] == "13912345678" and params["SignName"] == "数字人大"
    assert params["TemplateCode"] == "SMS_100200300" and params["OutId"] == str(message.pk)
    assert json.loads(params["TemplateParam"]) == {"code": "246810", "minutes": "5"}
    assert fakes.ALIYUN_SECRET not in caplog.text


def test_aliyun_bad_signature_is_a_final_failure(fake_aliyun):
    with override_settings(MESSAGING_ALIYUN_SMS={**settings.MESSAGING_ALIYUN_SMS, "access_key_secret": "x"}):
        message = _sms()
        assert messaging.deliver(message.pk) == Status.FAILED
    message = OutboundMessage.objects.get(pk=message.pk)
    assert message.last_error.startswith("SignatureDoesNotMatch") and message.attempts == 1


def test_aliyun_outage_is_retried_with_backoff_then_sent(fake_aliyun):
    fake_aliyun.fail_next = 2
    message = _sms()
    assert messaging.deliver(message.pk) == Status.QUEUED
    first = OutboundMessage.objects.get(pk=message.pk)
    assert first.attempts == 1 and first.last_error == "HTTP 503" and first.next_attempt_at
    assert messaging.deliver(message.pk) == Status.QUEUED
    assert messaging.deliver(message.pk) == Status.SENT
    final = OutboundMessage.objects.get(pk=message.pk)
    assert final.attempts == 3 and final.last_error == "" and final.sent_at
    assert [messaging.backoff(n) for n in (1, 2, 3)] == [30, 60, 120]


def test_attempts_are_bounded(fake_aliyun):
    fake_aliyun.fail_next = 100
    message = _sms()
    with override_settings(MESSAGING_MAX_ATTEMPTS=3):
        statuses = [messaging.deliver(message.pk) for _ in range(4)]
    assert statuses == [Status.QUEUED, Status.QUEUED, Status.FAILED, None]
    assert OutboundMessage.objects.get(pk=message.pk).attempts == 3


def test_aliyun_without_a_template_code_fails_without_calling(fake_aliyun):
    messaging.templates.register("messaging.test_uncoded", text="无代码", params=())
    message = messaging.send_sms("13912345678", "messaging.test_uncoded", {}, purpose="test")
    assert messaging.deliver(message.pk) == Status.FAILED
    assert fake_aliyun.requests == []


def test_wechat_token_then_template_message(fake_wechat):
    message = messaging.send_wechat(
        "oOpenId123456", "messaging.test_reply", {"title": "路灯", "when": "2026-11-29"},
        url="https://example.cn/v/1", purpose="test",
    )
    assert messaging.deliver(message.pk) == Status.SENT
    sent = fake_wechat.sent[-1]
    assert sent["touser"] == "oOpenId123456" and sent["template_id"] == "TPL-reply"
    assert sent["data"] == {"thing1": {"value": "路灯"}, "time2": {"value": "2026-11-29"}}
    assert sent["url"] == "https://example.cn/v/1" and sent["client_msg_id"] == f"renda-{message.pk}"
    assert OutboundMessage.objects.get(pk=message.pk).provider_message_id == "1001"
    # A second message reuses the cached token.
    again = messaging.send_wechat("oOpenId123456", "messaging.test_reply", {"title": "a", "when": "b"}, purpose="t")
    assert messaging.deliver(again.pk) == Status.SENT
    assert fake_wechat.issued == 1


def test_wechat_rejected_token_is_renewed_on_retry(fake_wechat):
    cache.set(f"messaging:wechat-token:{fakes.WECHAT_APP_ID}", "stale-token", 600)
    message = messaging.send_wechat("oOpenId123456", "messaging.test_reply", {"title": "a", "when": "b"}, purpose="t")
    assert messaging.deliver(message.pk) == Status.QUEUED
    assert OutboundMessage.objects.get(pk=message.pk).last_error.startswith("40001")
    assert messaging.deliver(message.pk) == Status.SENT
    assert fake_wechat.issued == 1


def test_wechat_unsubscribed_follower_is_a_final_failure(fake_wechat):
    message = messaging.send_wechat("unsubscribed-1", "messaging.test_reply", {"title": "a", "when": "b"}, purpose="t")
    assert messaging.deliver(message.pk) == Status.FAILED
    assert OutboundMessage.objects.get(pk=message.pk).last_error.startswith("43004")


def test_wechat_secret_stays_out_of_errors(fake_wechat):
    with override_settings(MESSAGING_WECHAT={**settings.MESSAGING_WECHAT, "app_id": "wx-unknown"}):
        message = messaging.send_wechat("oOpenId1", "messaging.test_reply", {"title": "a", "when": "b"}, purpose="t")
        assert messaging.deliver(message.pk) == Status.FAILED
    message = OutboundMessage.objects.get(pk=message.pk)
    assert "40013" in message.last_error and fakes.WECHAT_SECRET not in message.last_error


@pytest.fixture
def fake_tencent():
    server = fakes.FakeTencent()
    with override_settings(
        MESSAGING_BACKENDS={"email": "sink", "sms": "tencent", "wechat": "sink"},
        MESSAGING_TENCENT_SMS={
            "secret_id": fakes.TENCENT_SECRET_ID, "secret_key": fakes.TENCENT_SECRET_KEY,
            "sdk_app_id": fakes.TENCENT_APP_ID, "sign_name": "数字人大", "endpoint": f"{server.url}/",
            "region": "ap-guangzhou",
        },
        MESSAGING_SMS_TEMPLATES={"messaging.test_code": "1234567"},
    ):
        yield server
    server.stop()


def test_tencent_sends_a_tc3_signed_request(fake_tencent, caplog):
    caplog.set_level(logging.DEBUG)
    message = _sms()
    assert messaging.deliver(message.pk) == Status.SENT, OutboundMessage.objects.get(pk=message.pk).last_error
    assert OutboundMessage.objects.get(pk=message.pk).provider_message_id.startswith("serial-")
    payload = json.loads(fake_tencent.requests[-1]["body"])
    assert payload["PhoneNumberSet"] == ["+8613912345678"] and payload["TemplateId"] == "1234567"
    assert payload["TemplateParamSet"] == ["246810", "5"]  # the registered order: code, minutes
    assert payload["SessionContext"] == str(message.pk)
    assert fakes.TENCENT_SECRET_KEY not in caplog.text


def test_tencent_wrong_key_is_a_final_failure(fake_tencent):
    with override_settings(MESSAGING_TENCENT_SMS={**settings.MESSAGING_TENCENT_SMS, "secret_key": "wrong"}):
        message = _sms()
        assert messaging.deliver(message.pk) == Status.FAILED
    assert OutboundMessage.objects.get(pk=message.pk).last_error.startswith("AuthFailure.SignatureFailure")
