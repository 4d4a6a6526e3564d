"""Public pages, no account needed: write a message (from a station's QR code or the home page),
get a tracking code and a secret key, follow the timeline and rate the answer.

What the browser remembers lives in ``citizen_session`` (per congress, by tracking code).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import is_ratelimited

from shared_apps.audit.services import record
from tenant_apps.deputies.models import Deputy
from tenant_apps.stations.models import LiaisonStation

from .. import captcha_gate, citizen_session, config, intake, selectors, services
from ..forms import RateForm, TrackForm, VoiceForm
from ..intake import MAX_PHOTOS, Submission, client_ip, over_rate_limit
from ..models import Category, Channel
from ..states import Status


def _categories():
    return list(selectors.categories())


def _deputies(station: LiaisonStation | None):
    return list(station.deputies.in_office().order_by("name")) if station else []


@require_http_methods(["GET", "POST"])
def write(request: HttpRequest, token: str | None = None) -> HttpResponse:
    station = get_object_or_404(LiaisonStation, public_token=token, is_active=True) if token else None
    categories = _categories()
    context = {
        "station": station,
        "deputies": _deputies(station),
        "categories": categories,
        "stations": [] if station else list(LiaisonStation.objects.filter(is_active=True).order_by("name")),
        "max_photos": MAX_PHOTOS,
        "consent_version": config.DEFAULTS["consent_version"],
    }
    if request.method == "GET":
        form = VoiceForm(categories=categories, initial={"deputy": request.GET.get("deputy", "")})
        return render(request, "voices/public/write.html", {**context, "form": form})
    form = VoiceForm(request.POST, categories=categories)
    settings = config.all_settings()
    status = 400
    if form.is_valid():
        data = form.cleaned_data
        limited = over_rate_limit(request, data["phone"], settings)
        if limited and not captcha_gate.solved(data["captcha_key"], data["captcha_value"]):
            form.add_error("captcha_value", _("提交过于频繁，请输入图中的验证码后再提交。"))
            context["captcha"] = captcha_gate.new_challenge()
            status = 429
        else:
            try:
                voice = services.submit(_submission(request, data, station), settings=settings)
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                citizen_session.set_receipt(request, voice.tracking_code, voice.citizen_key)
                return redirect("voices:submitted")
    return render(request, "voices/public/write.html", {**context, "form": form}, status=status)


def _submission(request: HttpRequest, data: dict, station: LiaisonStation | None) -> Submission:
    if station is None and data.get("station"):
        station = LiaisonStation.objects.filter(public_token=data["station"], is_active=True).first()
    category = Category.objects.get(code=data["category"], parent__isnull=True)
    subcategory = (
        Category.objects.filter(code=data["subcategory"], parent=category).first() if data.get("subcategory") else None
    )
    deputy = None
    if data.get("deputy", "").isdigit():
        deputy = Deputy.objects.filter(pk=int(data["deputy"])).first()
    extra = {k.removeprefix("extra_"): v for k, v in request.POST.items() if k.startswith("extra_")}
    scanned = bool(request.resolver_match and request.resolver_match.kwargs.get("token"))
    return Submission(
        category=category,
        subcategory=subcategory,
        title=data["title"],
        description=data["description"],
        phone=data["phone"],
        consent=data["consent"],
        extra=extra,
        location=data["location"],
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        station=station,
        deputy=deputy,
        name=data["name"],
        gender=data["gender"],
        age_band=data["age_band"],
        photos=request.FILES.getlist("photos"),
        channel=Channel.QR if scanned else Channel.WEB,
    )


def submitted(request: HttpRequest) -> HttpResponse:
    receipt = citizen_session.receipt(request)
    if not receipt:
        return redirect("voices:track")
    return render(request, "voices/public/submitted.html", {"code": receipt["code"], "key": receipt["key"]})


def captcha_image(request: HttpRequest, key: str) -> HttpResponse:
    from captcha.views import captcha_image as render_image

    return render_image(request, key)


def consent(request: HttpRequest) -> HttpResponse:
    return render(request, "voices/public/consent.html", {"version": config.get("consent_version")})


def _track_limited(request: HttpRequest) -> bool:
    """Past the per-congress, per-client limit, a solved captcha lets the attempt through.

    Citizens at a liaison station share one address: the station gets a captcha, not a wall.
    """
    if not is_ratelimited(request, group="voices.track", key=client_ip, rate=intake.TRACK_RATE, increment=True):
        return False
    return not captcha_gate.solved(request.POST.get("captcha_key", ""), request.POST.get("captcha_value", ""))


@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    if request.method == "POST":
        if _track_limited(request):
            form.add_error("captcha_value", _("查询过于频繁，请输入图中的验证码后再查询。"))
            context = {"form": form, "captcha": captcha_gate.new_challenge()}
            return render(request, "voices/public/track.html", context, status=429)
        if form.is_valid():
            found = selectors.by_tracking(form.cleaned_data["code"], form.cleaned_data["secret"])
            if found is not None:
                voice, proven = found
                key = form.cleaned_data["secret"] if proven else None
                citizen_session.remember(request, voice.tracking_code, key=key)
                return redirect("voices:track_detail", code=voice.tracking_code)
            form.add_error(None, _("查询码或查询密钥不正确。"))
        return render(request, "voices/public/track.html", {"form": form}, status=400)
    return render(request, "voices/public/track.html", {"form": form})


@require_http_methods(["GET", "POST"])
def track_detail(request: HttpRequest, code: str) -> HttpResponse:
    code = code.upper()
    proof = citizen_session.proof(request, code)
    if proof is None:
        return redirect("voices:track")
    voice = selectors.all_voices().filter(tracking_code=code).first()
    if voice is None:
        raise Http404
    key = None if proof == citizen_session.VIEW_ONLY else proof
    # The session only says what was proven; check it again against this very message.
    if (key is None and voice.citizen_key_hash) or (key is not None and not intake.citizen_key_matches(voice, key)):
        return redirect("voices:track")
    form = RateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if key is None:
            form.add_error(None, _("请凭查询密钥评价。"))
        elif form.is_valid():
            try:
                services.rate(
                    voice, citizen_key=key, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
                )
            except ValidationError as exc:
                form.add_error(None, " ".join(exc.messages))
            else:
                return redirect("voices:track_detail", code=voice.tracking_code)
        status = 400
    else:
        record("voices.tracked", voice, {"channel": "web", "proof": "key" if key else "phone_digits"})
    context = {
        "voice": voice,
        "timeline": selectors.public_timeline(voice),
        "replies": selectors.public_replies(voice),
        "photos": voice.photos.all(),
        "form": form,
        "can_rate": voice.status == Status.REPLIED and key is not None,
        "view_only": key is None,
    }
    return render(request, "voices/public/track_detail.html", context, status=status)
