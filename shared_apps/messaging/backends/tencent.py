"""Tencent Cloud SMS (短信, API 3.0 ``SendSms``, version 2021-01-11).

A JSON POST signed with TC3-HMAC-SHA256: a canonical request (method, path, query, the
``content-type`` and ``host`` headers, the SHA-256 of the body), a string to sign with the
credential scope ``<UTC date>/sms/tc3_request``, and a key derived from ``"TC3" + SecretKey``
through the date, the service and ``tc3_request``. Template parameters are positional
(``{1}``, ``{2}``): they follow the order of the registered template's parameters.
Settings: ``MESSAGING_TENCENT_SMS`` and ``MESSAGING_SMS_TEMPLATES``.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime
from urllib.parse import urlsplit

from django.conf import settings

from .. import catalogue
from ..models import Channel, OutboundMessage
from . import Backend, DeliveryError
from ._http import call

SERVICE = "sms"
API_VERSION = "2021-01-11"
CONTENT_TYPE = "application/json; charset=utf-8"
# Error codes worth another try: throttling, the provider's own trouble.
RETRYABLE = ("InternalError", "RequestLimitExceeded", "LimitExceeded")


def _hmac(key: bytes, text: str) -> bytes:
    return hmac.new(key, text.encode(), hashlib.sha256).digest()


def authorization(secret_id: str, secret_key: str, host: str, payload: bytes, timestamp: int) -> str:
    date = datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d")
    canonical_request = "\n".join([
        "POST", "/", "", f"content-type:{CONTENT_TYPE}\nhost:{host}\n", "content-type;host",
        hashlib.sha256(payload).hexdigest(),
    ])
    scope = f"{date}/{SERVICE}/tc3_request"
    string_to_sign = "\n".join(
        ["TC3-HMAC-SHA256", str(timestamp), scope, hashlib.sha256(canonical_request.encode()).hexdigest()]
    )
    key = _hmac(_hmac(_hmac(f"TC3{secret_key}".encode(), date), SERVICE), "tc3_request")
    signature = hmac.new(key, string_to_sign.encode(), hashlib.sha256).hexdigest()
    return f"TC3-HMAC-SHA256 Credential={secret_id}/{scope}, SignedHeaders=content-type;host, Signature={signature}"


def positional(message: OutboundMessage, fields: dict[str, str]) -> list[str]:
    """The parameters in the template's order: explicit positions from settings, else as registered."""
    if fields:
        return [message.params[name] for name, _pos in sorted(fields.items(), key=lambda item: int(item[1]))]
    return [message.params[name] for name in catalogue.get(message.template).params]


class TencentSmsBackend(Backend):
    name = "tencent"
    channels = (Channel.SMS,)

    def send(self, message: OutboundMessage) -> str:
        conf = settings.MESSAGING_TENCENT_SMS
        if not all(conf.get(k) for k in ("secret_id", "secret_key", "sdk_app_id", "sign_name")):
            raise DeliveryError("Tencent Cloud SMS is not configured", retry=False)
        template = catalogue.provider_template("MESSAGING_SMS_TEMPLATES", message.template)
        if template is None:
            raise DeliveryError(f"no Tencent Cloud template id for {message.template}", retry=False)
        payload = json.dumps({
            "PhoneNumberSet": [f"+86{message.recipient}"],
            "SmsSdkAppId": conf["sdk_app_id"],
            "SignName": conf["sign_name"],
            "TemplateId": template.code,
            "TemplateParamSet": positional(message, template.fields),
            "SessionContext": str(message.pk),
        }, ensure_ascii=False).encode()
        host = urlsplit(conf["endpoint"]).netloc
        timestamp = int(time.time())
        status, body = call(
            conf["endpoint"],
            data=payload,
            headers={
                "Authorization": authorization(conf["secret_id"], conf["secret_key"], host, payload, timestamp),
                "Content-Type": CONTENT_TYPE,
                "Host": host,
                "X-TC-Action": "SendSms",
                "X-TC-Timestamp": str(timestamp),
                "X-TC-Version": API_VERSION,
                "X-TC-Region": conf.get("region", "ap-guangzhou"),
            },
            secrets=[conf["secret_key"]],
        )
        response = body.get("Response", {})
        if "Error" in response:
            code = str(response["Error"].get("Code", ""))
            raise DeliveryError(f"{code}: {response['Error'].get('Message', '')}", retry=code.startswith(RETRYABLE))
        sent = (response.get("SendStatusSet") or [{}])[0]
        if status == 200 and sent.get("Code") == "Ok":
            return str(sent.get("SerialNo", ""))
        code = str(sent.get("Code") or f"HTTP {status}")
        raise DeliveryError(f"{code}: {sent.get('Message', '')}", retry=status >= 500 or code.startswith(RETRYABLE))
