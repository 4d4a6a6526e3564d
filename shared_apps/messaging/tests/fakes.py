"""Local stand-ins for the providers, on 127.0.0.1: they check requests the way the providers do.

The signature checks are written from the providers' documentation, separately from the
adapters, so a mistake in an adapter is not repeated here.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import threading
from abc import ABC, abstractmethod
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, quote, urlsplit

ALIYUN_KEY_ID = "LTAI-test-key-id"
ALIYUN_SECRET = "aliyun-test-secret-do-not-log"
WECHAT_APP_ID = "wx-test-app"
WECHAT_SECRET = "wechat-test-secret-do-not-log"


def _aliyun_encode(value: str) -> str:
    # The documented rule: URL-encode in UTF-8, then "+" -> "%20", "*" -> "%2A", "%7E" -> "~".
    return quote(value, safe="").replace("+", "%20").replace("*", "%2A").replace("%7E", "~")


def aliyun_signature(method: str, params: dict[str, str], secret: str) -> str:
    query = "&".join(f"{_aliyun_encode(k)}={_aliyun_encode(v)}" for k, v in sorted(params.items()))
    to_sign = f"{method}&{_aliyun_encode('/')}&{_aliyun_encode(query)}"
    return base64.b64encode(hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()).decode()


class FakeServer(ABC):
    """A threaded HTTP server whose behaviour a test scripts: ``fail_next`` answers 503 that many times."""

    def __init__(self) -> None:
        self.requests: list[dict] = []
        self.fail_next = 0
        self.errors: list[str] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                owner._handle(self, "GET")

            def do_POST(self):
                owner._handle(self, "POST")

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def _handle(self, handler: BaseHTTPRequestHandler, method: str) -> None:
        length = int(handler.headers.get("Content-Length") or 0)
        body = handler.rfile.read(length) if length else b""
        with self._lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                self.requests.append({"method": method, "path": handler.path, "failed": True})
                handler.send_response(503)
                handler.send_header("Content-Length", "0")
                handler.end_headers()
                return
            status, answer = self.answer(method, handler.path, dict(handler.headers), body)
        raw = json.dumps(answer).encode()
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(raw)))
        handler.end_headers()
        handler.wfile.write(raw)

    @abstractmethod
    def answer(self, method: str, path: str, headers: dict, body: bytes) -> tuple[int, dict]:
        """The provider's reply (status, JSON body) to one request."""


class FakeAliyun(FakeServer):
    """dysmsapi SendSms: RPC parameters in a form, signature version 1.0."""

    def __init__(self) -> None:
        super().__init__()
        self.nonces: set[str] = set()

    def answer(self, method, path, headers, body):
        params = dict(parse_qsl(body.decode(), keep_blank_values=True))
        self.requests.append({"method": method, "path": path, "params": params})
        if method != "POST" or not headers.get("Content-Type", "").startswith("application/x-www-form-urlencoded"):
            return 400, {"Code": "InvalidParameter", "Message": "form POST expected"}
        common = {"Action": "SendSms", "Version": "2017-05-25", "Format": "JSON", "SignatureMethod": "HMAC-SHA1",
                  "SignatureVersion": "1.0", "RegionId": "cn-hangzhou"}
        wrong = [k for k, v in common.items() if params.get(k) != v]
        if wrong:
            return 400, {"Code": "MissingParameter", "Message": f"bad or missing {wrong}"}
        if params.get("AccessKeyId") != ALIYUN_KEY_ID:
            return 404, {"Code": "InvalidAccessKeyId.NotFound", "Message": "Specified access key is not found."}
        stamp = datetime.strptime(params.get("Timestamp", ""), "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
        if abs(datetime.now(UTC) - stamp) > timedelta(minutes=15):
            return 400, {"Code": "InvalidTimeStamp.Expired", "Message": "expired"}
        nonce = params.get("SignatureNonce", "")
        if not nonce or nonce in self.nonces:
            return 400, {"Code": "SignatureNonceUsed", "Message": "nonce used"}
        self.nonces.add(nonce)
        given = params.pop("Signature", "")
        if not hmac.compare_digest(given, aliyun_signature("POST", params, ALIYUN_SECRET)):
            return 400, {"Code": "SignatureDoesNotMatch", "Message": "Specified signature is not matched."}
        for key in ("PhoneNumbers", "SignName", "TemplateCode", "TemplateParam"):
            if not params.get(key):
                return 400, {"Code": "MissingParameter", "Message": key}
        if not params["PhoneNumbers"].isdigit() or len(params["PhoneNumbers"]) != 11:
            return 200, {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "invalid mobile number"}
        json.loads(params["TemplateParam"])
        return 200, {"Code": "OK", "Message": "OK", "BizId": f"biz-{len(self.requests)}", "RequestId": nonce}


class FakeWeChat(FakeServer):
    """Official account API: /cgi-bin/token and /cgi-bin/message/template/send."""

    def __init__(self) -> None:
        super().__init__()
        self.token = ""
        self.issued = 0
        self.sent: list[dict] = []

    def answer(self, method, path, headers, body):
        url = urlsplit(path)
        query = dict(parse_qsl(url.query))
        self.requests.append({"method": method, "path": url.path, "query": query})
        if url.path == "/cgi-bin/token" and method == "GET":
            if query.get("grant_type") != "client_credential" or query.get("appid") != WECHAT_APP_ID:
                return 200, {"errcode": 40013, "errmsg": "invalid appid"}
            if query.get("secret") != WECHAT_SECRET:
                return 200, {"errcode": 40001, "errmsg": "invalid credential"}
            self.issued += 1
            self.token = f"token-{self.issued}"
            return 200, {"access_token": self.token, "expires_in": 7200}
        if url.path == "/cgi-bin/message/template/send" and method == "POST":
            if not self.token or query.get("access_token") != self.token:
                return 200, {"errcode": 40001, "errmsg": "invalid credential, access_token is invalid or not latest"}
            payload = json.loads(body)
            if not payload.get("touser") or not payload.get("template_id"):
                return 200, {"errcode": 47001, "errmsg": "data format error"}
            if any(set(v) != {"value"} for v in payload.get("data", {}).values()):
                return 200, {"errcode": 47001, "errmsg": "data format error"}
            if payload["touser"].startswith("unsubscribed"):
                return 200, {"errcode": 43004, "errmsg": "require subscribe"}
            self.sent.append(payload)
            return 200, {"errcode": 0, "errmsg": "ok", "msgid": 1000 + len(self.sent)}
        return 404, {"errcode": 404, "errmsg": "not found"}


TENCENT_SECRET_ID = "AKID-test-secret-id"
TENCENT_SECRET_KEY = "tencent-test-secret-do-not-log"
TENCENT_APP_ID = "1400000001"


def tc3_signature(secret_key: str, date: str, service: str, string_to_sign: str) -> str:
    def sign(key: bytes, msg: str) -> bytes:
        return hmac.new(key, msg.encode("utf-8"), hashlib.sha256).digest()

    secret_signing = sign(sign(sign(("TC3" + secret_key).encode("utf-8"), date), service), "tc3_request")
    return hmac.new(secret_signing, string_to_sign.encode("utf-8"), hashlib.sha256).hexdigest()


class FakeTencent(FakeServer):
    """API 3.0 SendSms: JSON body, common parameters in X-TC-* headers, TC3-HMAC-SHA256."""

    def answer(self, method, path, headers, body):
        headers = {k.lower(): v for k, v in headers.items()}
        self.requests.append({"method": method, "path": path, "headers": headers, "body": body})

        def error(code, text):
            return 200, {"Response": {"Error": {"Code": code, "Message": text}, "RequestId": "req-1"}}

        if (headers.get("x-tc-action"), headers.get("x-tc-version")) != ("SendSms", "2021-01-11"):
            return error("InvalidAction", "action or version")
        if not headers.get("x-tc-region"):
            return error("MissingParameter", "X-TC-Region")
        timestamp = int(headers.get("x-tc-timestamp", "0"))
        if abs(datetime.now(UTC).timestamp() - timestamp) > 300:
            return error("AuthFailure.SignatureExpire", "expired")
        auth = headers.get("authorization", "")
        algorithm, _, rest = auth.partition(" ")
        parts = dict(item.strip().split("=", 1) for item in rest.split(","))
        credential = parts.get("Credential", "").split("/")
        if algorithm != "TC3-HMAC-SHA256" or credential[0] != TENCENT_SECRET_ID:
            return error("AuthFailure.SecretIdNotFound", "secret id")
        date, service = credential[1], credential[2]
        if date != datetime.fromtimestamp(timestamp, UTC).strftime("%Y-%m-%d") or service != "sms":
            return error("AuthFailure.InvalidAuthorization", "scope")
        signed = parts["SignedHeaders"].split(";")
        # The documented rule: header names and values in lower case, trimmed, one per line.
        canonical_headers = "".join(f"{name}:{headers[name].strip().lower()}\n" for name in signed)
        canonical = "\n".join(["POST", "/", "", canonical_headers, parts["SignedHeaders"],
                               hashlib.sha256(body).hexdigest()])
        to_sign = "\n".join(["TC3-HMAC-SHA256", str(timestamp), f"{date}/{service}/tc3_request",
                             hashlib.sha256(canonical.encode()).hexdigest()])
        expected = tc3_signature(TENCENT_SECRET_KEY, date, service, to_sign)
        if not hmac.compare_digest(parts.get("Signature", ""), expected):
            return error("AuthFailure.SignatureFailure", "signature")
        payload = json.loads(body)
        if payload.get("SmsSdkAppId") != TENCENT_APP_ID or not payload.get("SignName"):
            return error("FailedOperation.SignatureIncorrectOrUnapproved", "sign")
        phone = payload["PhoneNumberSet"][0]
        return 200, {"Response": {"RequestId": "req-2", "SendStatusSet": [{
            "SerialNo": f"serial-{len(self.requests)}", "PhoneNumber": phone, "Fee": 1,
            "SessionContext": payload.get("SessionContext", ""), "Code": "Ok", "Message": "send success",
            "IsoCode": "CN"}]}}
