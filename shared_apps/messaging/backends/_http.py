"""Small HTTP calls to providers with the standard library, secrets kept out of errors."""

from __future__ import annotations

import json
from collections.abc import Iterable
from urllib import error, parse, request

from django.conf import settings

from . import DeliveryError


def redact(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***").replace(parse.quote(secret, safe=""), "***")
    return text


def call(
    url: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    secrets: Iterable[str] = (),
) -> tuple[int, dict]:
    """One request; answers (status, JSON body). Network trouble and 5xx are worth a retry."""
    req = request.Request(url, data=data, method="POST" if data is not None else "GET", headers=headers or {})
    try:
        with request.urlopen(req, timeout=settings.MESSAGING_HTTP_TIMEOUT) as response:
            status, raw = response.status, response.read()
    except error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    except (TimeoutError, error.URLError, ConnectionError) as exc:
        raise DeliveryError(redact(f"network: {exc}", secrets), retry=True) from None
    try:
        body = json.loads(raw.decode("utf-8")) if raw else {}
    except ValueError:
        body = {}
    if status >= 500 and not body:
        raise DeliveryError(f"HTTP {status}", retry=True)
    if not isinstance(body, dict):
        raise DeliveryError(f"HTTP {status}: unexpected answer", retry=status >= 500)
    return status, body
