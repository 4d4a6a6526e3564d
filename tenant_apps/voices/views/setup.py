"""Per-congress settings: categories and their deadlines, subcategories, extra fields, the
working-day calendar, and Open311 API keys."""

from __future__ import annotations

import datetime as dt
import json

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.audit.services import record
from shared_apps.identity.access import capability_required, has_capability

from .. import config, tenants_config
from .. import setup as setup_services
from ..models import ApiKey, CalendarDay, Category, DeadlineUnit
from ..taxonomy import ensure_defaults
from ..workcalendar import WorkCalendar, national_day_name


@capability_required("voices.configure")
def settings_page(request: HttpRequest) -> HttpResponse:
    ensure_defaults()
    year = int(request.GET.get("year") or timezone.localdate().year)
    calendar = WorkCalendar()
    days = [
        {
            "date": d,
            "working": w,
            "overridden": o,
            "name": national_day_name(d),
            "note": calendar_notes().get(d, ""),
        }
        for d, w, o in calendar.year(year)
    ]
    return render(
        request,
        "voices/staff/settings.html",
        {
            "categories": Category.objects.filter(parent__isnull=True).prefetch_related("subcategories"),
            "units": DeadlineUnit.choices,
            "year": year,
            "days": days,
            "api_keys": ApiKey.objects.order_by("-created_at"),
            "options": _options(request),
            "new_key": request.session.pop(_new_key_slot(request), None),
        },
    )


def _options(request: HttpRequest) -> dict:
    """The settings the form shows: the webhook secret is write-only, only whether it is set."""
    options = config.all_settings(request.tenant)
    return {
        **{k: v for k, v in options.items() if k != "webhook_secret"},
        "webhook_secret_set": bool(options.get("webhook_secret")),
        "can_set_webhook": has_capability(request.user, "voices.webhook"),
    }


def _new_key_slot(request: HttpRequest) -> str:
    # One session can span congress hostnames: a new key is shown only on its own congress's page.
    return f"voices_new_key:{request.tenant.schema_name}"


def calendar_notes() -> dict:
    return dict(CalendarDay.objects.values_list("date", "note"))


@require_POST
@capability_required("voices.configure")
def save_category(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    category = get_object_or_404(Category, pk=pk) if pk else None
    post = request.POST
    try:
        extra = json.loads(post.get("extra_fields") or "[]")
        setup_services.save_category(
            category,
            code=post.get("code", ""),
            name=post.get("name", ""),
            parent=Category.objects.filter(pk=post.get("parent") or 0).first(),
            deadline_amount=int(post.get("deadline_amount") or 0),
            deadline_unit=post.get("deadline_unit", ""),
            extra_fields=extra,
            is_active=post.get("is_active") == "on",
        )
    except (ValidationError, ValueError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [_("附加字段必须是JSON数组。")])))
        return redirect("voices:settings")
    messages.success(request, _("类别已保存。"))
    return redirect("voices:settings")


@require_POST
@capability_required("voices.configure")
def save_day(request: HttpRequest) -> HttpResponse:
    try:
        day = dt.date.fromisoformat(request.POST.get("date", ""))
    except ValueError:
        messages.error(request, _("请填写有效日期。"))
        return redirect("voices:settings")
    try:
        setup_services.set_calendar_day(day, kind=request.POST.get("kind", ""), note=request.POST.get("note", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("voices:settings")
    messages.success(request, _("工作日历已更新。"))
    return redirect(f"{reverse('voices:settings')}?year={day.year}")


OPTION_FIELDS = {
    "rate_limit_ip": str, "rate_limit_phone": str, "remind_before_hours": int, "unrated_close_days": int,
    "reopen_days": int, "max_reopens": int, "misroute_working_days": int,
}


@require_POST
@capability_required("voices.configure")
def save_options(request: HttpRequest) -> HttpResponse:
    """Rate limits (empty = off), deadlines of the loop, and the office's webhook."""
    changes: dict = {}
    try:
        for name, kind in OPTION_FIELDS.items():
            raw = request.POST.get(name, "").strip()
            if name.startswith("rate_limit_"):
                changes[name] = raw or None
            else:
                changes[name] = kind(raw) if kind is int else raw
        hook_url = request.POST.get("webhook_url")
        hook_secret = request.POST.get("webhook_secret", "").strip()
        current_url = config.get("webhook_url", request.tenant)
        if (hook_url is not None and hook_url.strip() != current_url) or hook_secret:
            # The worker calls this URL: only administrators may point it anywhere.
            if not has_capability(request.user, "voices.webhook"):
                raise ValidationError(_("只有管理员可以设置 Webhook。"))
            if hook_url is not None:
                changes["webhook_url"] = hook_url.strip()
            if hook_secret:
                changes["webhook_secret"] = hook_secret
        tenants_config.set_voices_config(request.tenant, **changes)
    except (ValueError, ValidationError) as exc:
        messages.error(request, _("设置无效：%(e)s") % {"e": " ".join(getattr(exc, "messages", [str(exc)]))})
        return redirect("voices:settings")
    record("voices.options_changed", request.tenant, {k: v for k, v in changes.items() if k != "webhook_secret"})
    messages.success(request, _("设置已保存。"))
    return redirect("voices:settings")


@require_POST
@capability_required("voices.configure")
def create_api_key(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("name", "").strip() or _("Open311 客户端")
    _key, raw = setup_services.create_api_key(name=name, user=request.user)
    request.session[_new_key_slot(request)] = raw
    messages.success(request, _("已生成接口密钥，请立即复制保存，它只显示这一次。"))
    return redirect("voices:settings")


@require_POST
@capability_required("voices.configure")
def revoke_api_key(request: HttpRequest, pk: int) -> HttpResponse:
    setup_services.revoke_api_key(get_object_or_404(ApiKey, pk=pk))
    messages.success(request, _("密钥已停用。"))
    return redirect("voices:settings")
