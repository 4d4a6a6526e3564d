"""Receiving a citizen's message: validation, anti-abuse, duplicates, routing, tracking code."""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import hmac
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited

from shared_apps.audit.services import record
from shared_apps.bus.services import publish
from shared_apps.privacy.masking import blind_index, blind_indexes, normalise_phone
from shared_apps.web import client as web_client
from shared_apps.web.images import check_batch, sanitise_image
from tenant_apps.deputies.models import Deputy
from tenant_apps.stations.models import LiaisonStation

from . import config, notifications
from .models import (
    ActorKind,
    AgeBand,
    Category,
    Channel,
    Gender,
    Photo,
    Recipient,
    TimelineEntry,
    Voice,
)
from .states import Status
from .workcalendar import WorkCalendar

MAX_PHOTOS = 9
# Tracking and rating attempts per congress and client address (then a captcha).
TRACK_RATE = "30/h"
# No 0/O/1/I/L: codes are read aloud over the phone and typed on small screens.
_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_NOISE = re.compile(r"[\s\W_]+", re.UNICODE)


@dataclass
class Submission:
    category: Category
    title: str
    description: str
    phone: str
    consent: bool
    subcategory: Category | None = None
    extra: dict = field(default_factory=dict)
    location: str = ""
    latitude: float | None = None
    longitude: float | None = None
    station: LiaisonStation | None = None
    deputy: Deputy | None = None
    name: str = ""
    gender: str = ""
    age_band: str = ""
    photos: Sequence[UploadedFile] = ()
    channel: str = Channel.WEB
    # How the citizen reached us, for the audit log: "web" (the pages), "api", "open311".
    via: str = "web"


def new_tracking_code() -> str:
    return "".join(secrets.choice(_CODE_ALPHABET) for _i in range(10))


CITIZEN_KEY_LENGTH = 12


def new_citizen_key() -> str:
    """The citizen's secret (12 characters, ~59 bits), shown once as XXXX-XXXX-XXXX."""
    raw = "".join(secrets.choice(_CODE_ALPHABET) for _i in range(CITIZEN_KEY_LENGTH))
    return "-".join(raw[i : i + 4] for i in range(0, CITIZEN_KEY_LENGTH, 4))


def normalise_citizen_key(key: str) -> str:
    return "".join(ch for ch in (key or "").upper() if ch.isalnum())


def hash_citizen_key(tracking_code: str, key: str) -> str:
    """Salted with the tracking code; the key is random and long, so a fast hash is enough."""
    material = f"renda.voices.citizen:{tracking_code.upper()}:{normalise_citizen_key(key)}"
    return hashlib.sha256(material.encode()).hexdigest()


def citizen_key_matches(voice: Voice, key: str | None) -> bool:
    if not voice.citizen_key_hash or len(normalise_citizen_key(key or "")) != CITIZEN_KEY_LENGTH:
        return False
    return hmac.compare_digest(voice.citizen_key_hash, hash_citizen_key(voice.tracking_code, key or ""))


def phone_key(phone: str) -> str:
    return blind_index(normalise_phone(phone), purpose="phone")


def client_ip(_group: str, request: HttpRequest) -> str:
    """The key of the per-client limits: this congress and the client's address.

    The address comes from shared_apps.web.client (trusted proxies only); the congress keeps one
    congress's visitors from using up another's limit.
    """
    return f"{connection.schema_name}:{web_client.client_ip(request) or 'unknown'}"


def over_rate_limit(request: HttpRequest, phone: str, settings: dict) -> bool:
    """Count this attempt against the per-IP and per-phone limits; True when either is exceeded.

    Keys are the client address and the phone's blind index: the phone itself never reaches
    the cache.
    """
    limited = False
    if settings.get("rate_limit_ip"):
        limited |= is_ratelimited(
            request,
            group="voices.submit.ip",
            key=client_ip,
            rate=settings["rate_limit_ip"],
            increment=True,
        )
    if settings.get("rate_limit_phone") and phone:
        index = phone_key(phone)
        limited |= is_ratelimited(
            request,
            group="voices.submit.phone",
            key=lambda _g, _r: f"{connection.schema_name}:{index}",
            rate=settings["rate_limit_phone"],
            increment=True,
        )
    return limited


def _fingerprint(title: str, description: str) -> str:
    return _NOISE.sub("", f"{title}{description}").lower()


def find_duplicate(phone_indexes: list[str], title: str, description: str, settings: dict) -> Voice | None:
    """A message from the same phone with near-identical text within the window, if any.

    ``phone_indexes``: the phone's blind index under every key version (a rotation in progress).
    """
    hours = settings["duplicate_window_hours"]
    if not hours:
        return None
    since = timezone.now() - dt.timedelta(hours=hours)
    mine = _fingerprint(title, description)
    recent = Voice.objects.filter(phone_index__in=phone_indexes, submitted_at__gte=since)
    recent = recent.only("id", "title", "description")[:50]
    for other in recent:
        theirs = _fingerprint(other.title, other.description)
        if mine == theirs or difflib.SequenceMatcher(None, mine, theirs).ratio() >= settings["duplicate_similarity"]:
            return other
    return None


def _validate(data: Submission) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if not data.title.strip():
        errors["title"] = [_("请填写标题。")]
    elif len(data.title) > 100:
        errors["title"] = [_("标题不能超过100字。")]
    if len(data.description.strip()) < 5:
        errors["description"] = [_("请把情况写得具体一些（至少5个字）。")]
    elif len(data.description) > 5000:
        errors["description"] = [_("内容不能超过5000字。")]
    if not _MOBILE.match(normalise_phone(data.phone)):
        errors["phone"] = [_("请填写11位手机号码，方便代表联系您。")]
    if not data.consent:
        errors["consent"] = [_("请阅读并同意个人信息处理规则后再提交。")]
    if not data.category.is_active or data.category.parent_id is not None:
        errors["category"] = [_("请选择留言类别。")]
    if data.subcategory is not None and data.subcategory.parent_id != data.category.pk:
        errors["subcategory"] = [_("子类别与类别不符。")]
    if data.gender and data.gender not in Gender.values:
        errors["gender"] = [_("性别选项无效。")]
    if data.age_band and data.age_band not in AgeBand.values:
        errors["age_band"] = [_("年龄段选项无效。")]
    if data.deputy is not None:
        if data.station is not None and not data.station.deputies.filter(pk=data.deputy.pk).exists():
            errors["deputy"] = [_("该代表不在此联络站。")]
        elif not data.deputy.in_office:
            errors["deputy"] = [_("该代表已离任。")]
    if data.station is not None and not data.station.is_active:
        errors["station"] = [_("该联络站已停用。")]
    errors.update(_extra_errors(data))
    for key, value in (("latitude", data.latitude), ("longitude", data.longitude)):
        limit = 90 if key == "latitude" else 180
        if value is not None and not -limit <= float(value) <= limit:
            errors[key] = [_("坐标无效。")]
    return errors


def _extra_errors(data: Submission) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    fields = list(data.category.extra_fields) + list(data.subcategory.extra_fields if data.subcategory else [])
    known = {f["name"] for f in fields}
    for spec in fields:
        value = str(data.extra.get(spec["name"], "") or "").strip()
        if spec.get("required") and not value:
            errors[f"extra_{spec['name']}"] = [_("请填写%(label)s。") % {"label": spec["label"]}]
        elif value and spec.get("choices") and value not in spec["choices"]:
            errors[f"extra_{spec['name']}"] = [_("%(label)s选项无效。") % {"label": spec["label"]}]
    data.extra = {k: str(v)[:500] for k, v in data.extra.items() if k in known and str(v).strip()}
    return errors


def recipients_for(station: LiaisonStation | None, deputy: Deputy | None) -> list[Deputy]:
    """The addressed deputy, or else every deputy in office stationed at the station."""
    if deputy is not None:
        return [deputy]
    if station is not None:
        # Only what routing and notifying need (the login e-mail comes in the same query); the
        # deputy's other encrypted contact fields stay undecrypted.
        return list(
            station.deputies.in_office()
            .select_related("user")
            .only("id", "user_id", "left_on", "email", "user__email", "user__is_active")
            .order_by("pk")
        )
    return []


def submit(data: Submission, *, settings: dict | None = None) -> Voice:
    """Store a message and route it. Raises ValidationError (Chinese messages) for bad input and
    for a duplicate; photos are checked before anything is written.

    The returned message carries ``citizen_key``, the citizen's secret in clear: only its hash
    is stored, so the caller must hand it to the citizen now (confirmation page, API answer).
    """
    settings = settings or config.all_settings()
    errors = _validate(data)
    # Headers first (count, bytes, pixels of the whole set): nothing is decoded for a submission
    # that is refused, so a bomb costs a header read, not seconds and a gigabyte.
    photo_errors = check_batch(data.photos, max_images=MAX_PHOTOS)
    if photo_errors:
        errors["photos"] = photo_errors
    if errors:
        raise ValidationError(errors)
    images = []
    for upload in data.photos:
        try:
            images.append(sanitise_image(upload, max_side=1920))
        except ValidationError as exc:
            errors.setdefault("photos", []).extend(exc.messages)
    if errors:
        raise ValidationError(errors)
    phone = normalise_phone(data.phone)
    index = phone_key(phone)
    if find_duplicate(blind_indexes(phone), data.title, data.description, settings) is not None:
        raise ValidationError(
            {"description": [_("您在24小时内已提交过内容几乎相同的留言，请勿重复提交；可凭查询码查看办理进度。")]},
            code="duplicate",
        )
    now = timezone.now()
    category = data.category
    due_at = WorkCalendar().deadline(now, category.deadline_amount, category.deadline_unit)
    for _attempt in range(5):
        try:
            with transaction.atomic():
                voice = _create(data, phone, index, now, due_at, settings)
                for image in images:
                    photo = Photo(voice=voice)
                    photo.image.save(image.name, image, save=True)
                return voice
        except IntegrityError:
            # A tracking code collision (31^10 codes): draw again.
            continue
    raise ValidationError(_("系统繁忙，请稍后再试。"))


def _create(data, phone, index, now, due_at, settings) -> Voice:
    code = new_tracking_code()
    key = new_citizen_key()
    voice = Voice.objects.create(
        tracking_code=code,
        citizen_key_hash=hash_citizen_key(code, key),
        category=data.category,
        subcategory=data.subcategory,
        title=data.title.strip(),
        description=data.description.strip(),
        extra=data.extra,
        location=data.location.strip()[:200],
        latitude=data.latitude,
        longitude=data.longitude,
        station=data.station,
        deputy=data.deputy,
        channel=data.channel,
        name=data.name.strip()[:50] or None,
        phone=phone,
        phone_index=index,
        gender=data.gender,
        age_band=data.age_band,
        consent_at=now,
        consent_version=settings["consent_version"],
        status=Status.SUBMITTED,
        submitted_at=now,
        due_at=due_at,
    )
    deputies = recipients_for(data.station, data.deputy)
    Recipient.objects.bulk_create([Recipient(voice=voice, deputy=d, user_id=d.user_id) for d in deputies])
    TimelineEntry.objects.create(
        voice=voice,
        at=now,
        action="submit",
        actor_kind=ActorKind.CITIZEN,
        to_status=Status.SUBMITTED,
        public_text=_("留言已提交，等待代表受理。"),
    )
    voice.citizen_key = key
    record(
        "voices.submitted",
        voice,
        {"channel": data.channel, "via": data.via, "consent_version": voice.consent_version},
    )
    publish(
        "voice.submitted",
        {
            "voice_id": voice.pk,
            "category": data.category.code,
            "subcategory": data.subcategory.code if data.subcategory else None,
            "station_id": data.station.pk if data.station else None,
            "deputy_id": data.deputy.pk if data.deputy else None,
            "submitted_at": now,
            "channel": data.channel,
        },
    )
    notifications.new_voice(voice, deputies, settings)
    return voice
