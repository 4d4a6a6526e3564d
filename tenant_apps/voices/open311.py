"""Open311 GeoReport v2 mapping: categories are services, messages are requests.

See docs/interop.md. Status is ``open`` until the message is closed; ``agency_responsible`` is
the lead handling unit; no personal data (name, phone) is ever part of a request read back.
"""

from __future__ import annotations

import datetime as dt
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import taxonomy
from .intake import Submission, submit
from .models import Category, Channel, Open311Token, Voice
from .states import Status
from .taxonomy import ensure_defaults

CONSENT_ATTRIBUTE = "pipl_consent"


def service(category: Category) -> dict:
    return {
        "service_code": category.code,
        "service_name": category.name,
        "description": category.description or category.name,
        "metadata": True,
        "type": "batch",
        "keywords": ",".join(s.name for s in category.subcategories.all() if s.is_active),
        "group": category.parent.name if category.parent_id else category.name,
    }


def services() -> list[dict]:
    ensure_defaults()
    return [
        service(c)
        for c in Category.objects.filter(is_active=True, parent__isnull=True).prefetch_related("subcategories")
    ]


def definition(category: Category) -> dict:
    attributes = [
        {
            "variable": True,
            "code": CONSENT_ATTRIBUTE,
            "datatype": "singlevaluelist",
            "required": True,
            "datatype_description": _("提交者已按《个人信息保护法》取得留言人同意"),
            "order": 1,
            "description": _("个人信息处理同意"),
            "values": [{"key": "yes", "name": _("已同意")}],
        }
    ]
    subs = [s for s in category.subcategories.all() if s.is_active]
    if subs:
        attributes.append(
            {
                "variable": True,
                "code": "subcategory",
                "datatype": "singlevaluelist",
                "required": False,
                "datatype_description": "",
                "order": 2,
                "description": _("子类别"),
                "values": [{"key": s.code, "name": s.name} for s in subs],
            }
        )
    for order, spec in enumerate(category.extra_fields, start=3):
        attributes.append(
            {
                "variable": True,
                "code": spec["name"],
                "datatype": "singlevaluelist" if spec.get("choices") else spec.get("type", "text") or "text",
                "required": bool(spec.get("required")),
                "datatype_description": "",
                "order": order,
                "description": spec["label"],
                **({"values": [{"key": c, "name": c} for c in spec["choices"]]} if spec.get("choices") else {}),
            }
        )
    return {"service_code": category.code, "attributes": attributes}


def create_request(params, *, key_prefix: str) -> tuple[Voice, str]:
    """POST requests: a message from an Open311 client; returns it and its token."""
    ensure_defaults()
    category = taxonomy.submittable(params.get("service_code", ""))
    if category is None:
        raise ValidationError({"service_code": [_("未知的服务代码。")]})
    attrs = {k[len("attribute[") : -1]: v for k, v in params.items() if k.startswith("attribute[") and k.endswith("]")}
    description = (params.get("description") or "").strip()
    sub = attrs.pop("subcategory", "")
    subcategory = taxonomy.subcategory_of(category, sub) if sub else None
    name = " ".join(x for x in (params.get("last_name", ""), params.get("first_name", "")) if x).strip()
    data = Submission(
        category=category,
        subcategory=subcategory,
        title=description[:30] or category.name,
        description=description,
        phone=params.get("phone", ""),
        consent=attrs.pop(CONSENT_ATTRIBUTE, "") == "yes",
        extra=attrs,
        location=params.get("address_string", ""),
        latitude=_coord(params.get("lat")),
        longitude=_coord(params.get("long")),
        name=name,
        channel=Channel.OPEN311,
        via="open311",
    )
    with transaction.atomic():
        voice = submit(data)
        token = Open311Token.objects.create(token=secrets.token_hex(16), voice=voice)
    Voice.objects.filter(pk=voice.pk).update(consent_version=f"{voice.consent_version}/open311:{key_prefix}")
    return voice, token.token


def _coord(value):
    if value in (None, ""):
        return None
    try:
        return round(float(value), 6)
    except ValueError:
        raise ValidationError({"lat": [_("坐标无效。")]}) from None


def _iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def as_request(voice: Voice, base_url: str) -> dict:
    reply = voice.replies.filter(is_public=True).order_by("-created_at").first()
    photo = voice.photos.first()
    last = voice.timeline.filter(is_public=True).order_by("-at", "-id").first()
    return {
        "service_request_id": str(voice.pk),
        "status": "closed" if voice.status == Status.CLOSED else "open",
        "status_notes": (reply.text if reply else (last.public_text if last else ""))[:1000],
        "service_name": voice.category.name,
        "service_code": voice.category.code,
        "description": voice.description,
        "agency_responsible": voice.lead_unit.name if voice.lead_unit_id else "",
        "service_notice": voice.get_status_display(),
        "requested_datetime": _iso(voice.submitted_at),
        "updated_datetime": _iso(last.at if last else voice.submitted_at),
        "expected_datetime": _iso(voice.due_at),
        "address": voice.location,
        "address_id": "",
        "zipcode": "",
        "lat": float(voice.latitude) if voice.latitude is not None else None,
        "long": float(voice.longitude) if voice.longitude is not None else None,
        "media_url": f"{base_url}{photo.image.url}" if photo else "",
    }


def search(params):
    """GET requests with the spec's filters; by default the last 90 days, at most 1000."""
    qs = Voice.objects.select_related("category", "lead_unit").order_by("-submitted_at")
    if params.get("service_request_id"):
        ids = [int(x) for x in params["service_request_id"].split(",") if x.strip().isdigit()]
        return qs.filter(pk__in=ids)
    if params.get("service_code"):
        qs = qs.filter(category__code__in=params["service_code"].split(","))
    status = params.get("status")
    if status == "open":
        qs = qs.exclude(status=Status.CLOSED)
    elif status == "closed":
        qs = qs.filter(status=Status.CLOSED)
    end = _date(params.get("end_date")) or timezone.now()
    start = _date(params.get("start_date")) or end - dt.timedelta(days=90)
    return qs.filter(submitted_at__gte=start, submitted_at__lte=end)[:1000]


def _date(value: str | None) -> dt.datetime | None:
    if not value:
        return None
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise ValidationError({"start_date": [_("日期格式应为 W3C（ISO 8601）。")]}) from None
    return parsed if parsed.tzinfo else timezone.make_aware(parsed)
