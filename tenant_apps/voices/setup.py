"""Writes of the per-congress settings: categories, calendar corrections, Open311 keys."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from shared_apps.audit.services import record

from .models import ApiKey, CalendarDay, Category, DeadlineUnit

FIELD_TYPES = ("text", "number", "date")


def _check_extra(fields) -> list[dict]:
    if not isinstance(fields, list):
        raise ValidationError({"extra_fields": [_("附加字段必须是数组。")]})
    clean = []
    for spec in fields:
        if not isinstance(spec, dict) or not str(spec.get("name", "")).isidentifier() or not spec.get("label"):
            raise ValidationError({"extra_fields": [_("每个附加字段需要 name（英文标识）和 label（名称）。")]})
        choices = spec.get("choices") or []
        if not isinstance(choices, list):
            raise ValidationError({"extra_fields": [_("choices 必须是数组。")]})
        clean.append(
            {
                "name": spec["name"],
                "label": str(spec["label"])[:40],
                "type": spec.get("type") if spec.get("type") in FIELD_TYPES else "text",
                "required": bool(spec.get("required")),
                "choices": [str(c)[:40] for c in choices],
            }
        )
    return clean


@transaction.atomic
def save_category(
    category: Category | None,
    *,
    code: str,
    name: str,
    parent: Category | None,
    deadline_amount: int,
    deadline_unit: str,
    extra_fields,
    is_active: bool = True,
) -> Category:
    errors = {}
    if not name.strip():
        errors["name"] = [_("请填写名称。")]
    if category is None and (not code or not code.replace("-", "").replace("_", "").isalnum() or code != code.lower()):
        errors["code"] = [_("代码只能用小写字母、数字、横线。")]
    if deadline_amount < 1:
        errors["deadline_amount"] = [_("办理时限至少为1。")]
    if deadline_unit not in DeadlineUnit.values:
        errors["deadline_unit"] = [_("未知的时限单位。")]
    if parent is not None and parent.parent_id is not None:
        errors["parent"] = [_("子类别下不能再分类。")]
    if errors:
        raise ValidationError(errors)
    extra = _check_extra(extra_fields)
    if category is None:
        if Category.objects.filter(code=code).exists():
            raise ValidationError({"code": [_("代码已存在。")]})
        category = Category(code=code, parent=parent)
    category.name, category.deadline_amount, category.deadline_unit = (
        name.strip(),
        deadline_amount,
        deadline_unit,
    )
    category.extra_fields, category.is_active = extra, is_active
    category.save()
    record(
        "voices.category_saved",
        category,
        {"code": category.code, "deadline": [deadline_amount, deadline_unit]},
    )
    return category


@transaction.atomic
def set_calendar_day(day: dt.date, *, kind: str, note: str = "") -> None:
    """kind: ``working`` (a make-up working day), ``holiday``, or ``national`` (undo)."""
    if kind not in ("working", "holiday", "national"):
        raise ValidationError({"kind": [_("未知的日期类型。")]})
    entry, _created = CalendarDay.objects.update_or_create(
        date=day, defaults={"is_working_day": kind == "working", "note": note.strip()[:60]}
    )
    record("voices.calendar_changed", entry, {"date": day.isoformat(), "kind": kind})
    if kind == "national":
        entry.delete()


def hash_key(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def create_api_key(*, name: str, user=None) -> tuple[ApiKey, str]:
    raw = f"o311_{secrets.token_urlsafe(24)}"
    key = ApiKey.objects.create(
        name=name[:60],
        key_hash=hash_key(raw),
        prefix=raw[:8],
        created_by_id=getattr(user, "pk", None),
    )
    record("voices.api_key_created", key, {"name": key.name})
    return key, raw


@transaction.atomic
def revoke_api_key(key: ApiKey) -> None:
    key.is_active = False
    key.save(update_fields=["is_active"])
    record("voices.api_key_revoked", key)


def api_key_valid(raw: str | None) -> bool:
    return bool(raw) and ApiKey.objects.filter(key_hash=hash_key(raw), is_active=True).exists()
