"""WeChat official account template messages (公众号模板消息).

``GET /cgi-bin/token`` (app id and secret) gives an access token, cached until shortly before it
expires; ``POST /cgi-bin/message/template/send?access_token=...`` sends ``{touser, template_id,
url, data: {field: {value}}, client_msg_id}``. A rejected token is dropped and the message
retried. Settings: ``MESSAGING_WECHAT`` (app id, secret, API base) and
``MESSAGING_WECHAT_TEMPLATES`` (logical name -> template id, with the field of each parameter).
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache

from .. import catalogue
from ..models import Channel, OutboundMessage
from . import Backend, DeliveryError
from ._http import call

# Token invalid or expired; system busy; API frequency limit: another try may succeed.
TOKEN_ERRORS = {40001, 40014, 42001}
RETRYABLE = {-1, 45009, 45011} | TOKEN_ERRORS


def _token_key(app_id: str) -> str:
    return f"messaging:wechat-token:{app_id}"


def access_token(conf: dict) -> str:
    key = _token_key(conf["app_id"])
    token = cache.get(key)
    if token:
        return token
    query = urlencode({"grant_type": "client_credential", "appid": conf["app_id"], "secret": conf["app_secret"]})
    status, body = call(f"{conf['api_base']}/cgi-bin/token?{query}", secrets=[conf["app_secret"]])
    token = body.get("access_token")
    if status != 200 or not token:
        errcode = body.get("errcode")
        retry = errcode in RETRYABLE or status >= 500
        raise DeliveryError(f"token: {errcode} {body.get('errmsg', '')}".strip(), retry=retry)
    # Refresh five minutes early: a token used at its last second fails on the provider's clock.
    cache.set(key, token, max(60, int(body.get("expires_in", 7200)) - 300))
    return token


class WeChatTemplateBackend(Backend):
    name = "wechat"
    channels = (Channel.WECHAT,)

    def send(self, message: OutboundMessage) -> str:
        conf = settings.MESSAGING_WECHAT
        if not (conf.get("app_id") and conf.get("app_secret")):
            raise DeliveryError("WeChat official account is not configured", retry=False)
        template = catalogue.provider_template("MESSAGING_WECHAT_TEMPLATES", message.template)
        if template is None:
            raise DeliveryError(f"no WeChat template id for {message.template}", retry=False)
        payload = {
            "touser": message.recipient,
            "template_id": template.code,
            "data": {field: {"value": value} for field, value in template.map(message.params).items()},
            # The provider drops a second message with the same id: a retried delivery is sent once.
            "client_msg_id": f"renda-{message.pk}",
        }
        if message.url:
            payload["url"] = message.url
        token = access_token(conf)
        status, body = call(
            f"{conf['api_base']}/cgi-bin/message/template/send?{urlencode({'access_token': token})}",
            data=json.dumps(payload, ensure_ascii=False).encode(),
            headers={"Content-Type": "application/json; charset=utf-8"},
            secrets=[token, conf["app_secret"]],
        )
        errcode = body.get("errcode", 0 if status == 200 else None)
        if status == 200 and errcode == 0:
            return str(body.get("msgid", ""))
        if errcode in TOKEN_ERRORS:
            cache.delete(_token_key(conf["app_id"]))
        raise DeliveryError(f"{errcode} {body.get('errmsg', '')}".strip(), retry=errcode in RETRYABLE or status >= 500)
