"""Alibaba Cloud SMS (短信服务, dysmsapi ``SendSms``, API version 2017-05-25).

An RPC-style call: every parameter (common and operation) goes into a form, signed with
signature version 1.0 (HMAC-SHA1 over ``POST&%2F&<percent-encoded canonical query>``, key
``AccessKeySecret + "&"``). Settings: ``MESSAGING_ALIYUN_SMS`` (access key, secret, sign name,
endpoint, region) and ``MESSAGING_SMS_TEMPLATES`` (logical name -> ``SMS_xxxxxxxx`` code).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime
from urllib.parse import quote

from django.conf import settings

from .. import catalogue
from ..models import Channel, OutboundMessage
from . import Backend, DeliveryError
from ._http import call

API_VERSION = "2017-05-25"
# Codes worth another try later; any other code (a bad number, template, signature) is final.
RETRYABLE = ("isp.", "Throttling", "ServiceUnavailable", "InternalError", "isv.BUSINESS_LIMIT_CONTROL")


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as the provider specifies it (space as %20, ``~`` kept)."""
    return quote(str(value), safe="-_.~")


def canonical_query(params: dict[str, str]) -> str:
    return "&".join(f"{percent_encode(k)}={percent_encode(v)}" for k, v in sorted(params.items()))


def signature(params: dict[str, str], secret: str, method: str = "POST") -> str:
    string_to_sign = f"{method}&{percent_encode('/')}&{percent_encode(canonical_query(params))}"
    digest = hmac.new(f"{secret}&".encode(), string_to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def signed_params(operation: dict[str, str], access_key_id: str, secret: str, region: str) -> dict[str, str]:
    params = {
        "AccessKeyId": access_key_id,
        "Action": "SendSms",
        "Format": "JSON",
        "RegionId": region,
        "SignatureMethod": "HMAC-SHA1",
        "SignatureNonce": uuid.uuid4().hex,
        "SignatureVersion": "1.0",
        "Timestamp": datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "Version": API_VERSION,
        **operation,
    }
    params["Signature"] = signature(params, secret)
    return params


class AliyunSmsBackend(Backend):
    name = "aliyun"
    channels = (Channel.SMS,)

    def send(self, message: OutboundMessage) -> str:
        conf = settings.MESSAGING_ALIYUN_SMS
        if not (conf.get("access_key_id") and conf.get("access_key_secret") and conf.get("sign_name")):
            raise DeliveryError("Alibaba Cloud SMS is not configured", retry=False)
        template = catalogue.provider_template("MESSAGING_SMS_TEMPLATES", message.template)
        if template is None:
            raise DeliveryError(f"no Alibaba Cloud template code for {message.template}", retry=False)
        operation = {
            "PhoneNumbers": message.recipient,
            "SignName": conf["sign_name"],
            "TemplateCode": template.code,
            "TemplateParam": json.dumps(template.map(message.params), ensure_ascii=False, sort_keys=True),
            "OutId": str(message.pk),
        }
        params = signed_params(operation, conf["access_key_id"], conf["access_key_secret"], conf.get("region", ""))
        status, body = call(
            conf["endpoint"],
            data=canonical_query(params).encode(),
            headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8", "Accept": "application/json"},
            secrets=[conf["access_key_secret"]],
        )
        code = str(body.get("Code", ""))
        if status == 200 and code == "OK":
            return str(body.get("BizId", ""))
        detail = f"{code or 'HTTP ' + str(status)}: {body.get('Message', '')}".strip()
        raise DeliveryError(detail, retry=status >= 500 or code.startswith(RETRYABLE))
