"""The ingestion API's rules: keys, HMAC signatures, replay protection, per-event checks.

A connected (self-built) system signs ``"{timestamp}\\n{nonce}\\n" + body`` with HMAC-SHA256
and its key's secret. A request older or newer than ``TOLERANCE`` is refused, and so is a
nonce seen before (for the same key), so a captured request cannot be played again. Each
event is checked on its own: envelope, congress (the key's congress or one below it), and
payload against the catalog; accepted events go to the bus log, idempotently on their id.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from shared_apps.audit.services import record
from tenants.models import Congress

from . import catalog
from .hub import log
from .hub.models import ApiKey, IngestNonce

MAX_BATCH = 1000
TOLERANCE = dt.timedelta(minutes=5)
HEADERS = ("X-Renda-Key", "X-Renda-Timestamp", "X-Renda-Nonce", "X-Renda-Signature")


class IngestRefused(Exception):
    def __init__(self, code: str, message: str, status: int = 401):
        self.code, self.message, self.status = code, message, status
        super().__init__(message)


def sign(secret: str, timestamp: str, nonce: str, body: bytes) -> str:
    message = f"{timestamp}\n{nonce}\n".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


@transaction.atomic
def create_key(congress: Congress, *, label: str, created_by=None) -> tuple[ApiKey, str]:
    """A new key for ``congress``; the secret is returned once, to be handed to the district."""
    secret = secrets.token_urlsafe(32)
    key = ApiKey.objects.create(congress=congress, secret=secret, label=label.strip() or _("自建系统"),
                                created_by=created_by)
    record("bus.api_key_created", key, {"congress_id": congress.pk, "key_id": key.key_id})
    return key, secret


@transaction.atomic
def revoke_key(key: ApiKey) -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
        record("bus.api_key_revoked", key, {"key_id": key.key_id})
    return key


def authenticate(headers, body: bytes, now: dt.datetime | None = None) -> ApiKey:
    missing = [h for h in HEADERS if not headers.get(h)]
    if missing:
        raise IngestRefused("missing_signature", _("缺少签名请求头：%(h)s") % {"h": ", ".join(missing)})
    key = ApiKey.objects.select_related("congress").filter(key_id=headers["X-Renda-Key"]).first()
    if key is None or not key.is_active:
        raise IngestRefused("invalid_key", _("接入密钥无效或已吊销。"))
    try:
        sent_at = dt.datetime.fromtimestamp(int(headers["X-Renda-Timestamp"]), tz=dt.UTC)
    except (ValueError, OverflowError, OSError):
        raise IngestRefused("invalid_timestamp", _("时间戳应为 Unix 秒数。")) from None
    now = now or timezone.now()
    if abs(now - sent_at) > TOLERANCE:
        raise IngestRefused("stale_request", _("请求时间与服务器时间相差超过 5 分钟，请校准时钟。"))
    nonce = headers["X-Renda-Nonce"]
    if not 16 <= len(nonce) <= 64:
        raise IngestRefused("invalid_nonce", _("随机串长度应为 16 到 64 个字符。"))
    expected = sign(key.secret, headers["X-Renda-Timestamp"], nonce, body)
    if not hmac.compare_digest(expected, headers["X-Renda-Signature"]):
        raise IngestRefused("bad_signature", _("签名不正确。"))
    try:
        with transaction.atomic():
            IngestNonce.objects.create(key=key, nonce=nonce)
    except IntegrityError:
        raise IngestRefused("replayed_request", _("该请求已处理过（随机串重复），拒绝重放。"), status=409) from None
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
    return key


@dataclass
class Outcome:
    id: str | None
    status: str  # accepted | duplicate | rejected
    errors: list[str] | None = None
    seq: int | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"id": self.id, "status": self.status}
        if self.errors:
            out["errors"] = self.errors
        if self.seq is not None:
            out["seq"] = self.seq
        return out


ENVELOPE = ("id", "type", "version", "congress", "occurred_at", "payload")


def parse_batch(body: bytes) -> list:
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise IngestRefused("invalid_json", _("请求体不是合法的 JSON。"), status=400) from None
    events = data.get("events") if isinstance(data, dict) else None
    if not isinstance(events, list) or not events:
        raise IngestRefused("invalid_batch", _("请求体应为 {\"events\": [...]}，且至少含一个事件。"), status=400)
    if len(events) > MAX_BATCH:
        raise IngestRefused("batch_too_large", _("每批最多 1000 个事件。"), status=413)
    return events


def _check(raw: Any, subtree: dict[str, int]) -> tuple[Outcome, log.NewEvent | None]:
    if not isinstance(raw, dict):
        return Outcome(None, "rejected", [_("事件应为 JSON 对象。")]), None
    event_id = raw.get("id")
    errors = [_("缺少字段：%(f)s") % {"f": f} for f in ENVELOPE if f not in raw]
    extra = sorted(set(raw) - set(ENVELOPE))
    if extra:
        errors.append(_("多余字段：%(f)s") % {"f": ", ".join(extra)})
    try:
        parsed_id = uuid.UUID(str(event_id))
    except ValueError:
        errors.append(_("id 应为 UUID。"))
        parsed_id = None
    if errors:
        return Outcome(str(event_id) if event_id is not None else None, "rejected", errors), None
    occurred = parse_datetime(str(raw["occurred_at"]))
    if occurred is None or timezone.is_naive(occurred):
        errors.append(_("occurred_at 应为带时区的 ISO 8601 时间。"))
    congress_id = subtree.get(str(raw["congress"]))
    if congress_id is None:
        errors.append(_("无权为人大 %(c)s 报送事件：只能报送本级及下辖人大的事件。") % {"c": raw["congress"]})
    try:
        declared = catalog.get(str(raw["type"]), raw["version"] if isinstance(raw["version"], int) else -1)
    except catalog.UnknownEventType:
        errors.append(_("事件目录中没有 %(t)s v%(v)s。") % {"t": raw["type"], "v": raw["version"]})
    else:
        payload = raw["payload"] if isinstance(raw["payload"], dict) else None
        if payload is None:
            errors.append(_("payload 应为 JSON 对象。"))
        else:
            errors += [f"payload/{e}" for e in declared.errors(payload)]
    if errors:
        return Outcome(str(parsed_id), "rejected", errors), None
    return Outcome(str(parsed_id), "accepted"), log.NewEvent(
        event_id=parsed_id, type=declared.name, version=declared.version, congress_id=congress_id,
        occurred_at=occurred, payload_json=json.dumps(raw["payload"], ensure_ascii=False),
    )


def ingest(key: ApiKey, events: list) -> list[Outcome]:
    """Check each event, append the good ones to the log; one outcome per event, in order."""
    subtree = dict(Congress.objects.subtree_of(key.congress).values_list("region_code", "pk"))
    checked = [_check(raw, subtree) for raw in events]
    good = [event for _outcome, event in checked if event is not None]
    with transaction.atomic():
        appended = log.append(good, source="ingest") if good else {}
    outcomes = []
    for outcome, event in checked:
        if event is not None:
            seq = appended.get(event.event_id)
            if seq is None:
                outcome.status = "duplicate"
            else:
                outcome.seq = seq
                appended.pop(event.event_id)  # a repeat inside the batch is a duplicate
        outcomes.append(outcome)
    return outcomes
