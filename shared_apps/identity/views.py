"""Login, logout, the second factor, the congress switcher and the single sign-on hand-off.

The members and units pages live in ``people_views``; seat requests in ``seat_views``.
"""

from __future__ import annotations

import io
from urllib.parse import urlsplit

import segno
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from django_otp.plugins.otp_totp.models import TOTPDevice

from shared_apps.audit.services import record
from tenants import routing
from tenants.models import Congress

from . import second_factor, selectors, signon, sso
from .forms import LoginForm, OTPTokenForm
from .models import Membership
from .signals import SSO_FAMILY_ATTR


class LoginView(auth_views.LoginView):
    template_name = "identity/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


def _origin_of(request: HttpRequest, hostname: str) -> str:
    port = request.get_port()
    default = "443" if request.is_secure() else "80"
    suffix = f":{port}" if port and port != default else ""
    return f"{request.scheme}://{hostname}{suffix}"


def _safe_next(request: HttpRequest, default: str = "/console/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return default
    return target


# --- second factor ---------------------------------------------------------------------------


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    if request.user.is_verified():
        return redirect(_safe_next(request))
    if not second_factor.confirmed_devices(request.user):
        return redirect("identity:otp_setup")
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = second_factor.verify(request, form.cleaned_data["token"])
        if device is not None:
            record("identity.second_factor_passed", request.user)
            return redirect(_safe_next(request))
        record("identity.second_factor_failed", request.user)
        form.add_error("token", _("验证码不正确或已使用，请输入验证器中当前显示的 6 位数字。"))
    return render(request, "identity/otp_verify.html", {"form": form, "next": _safe_next(request)})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    if second_factor.confirmed_devices(request.user):
        # A device can be replaced only by an operator, never from a password-only session.
        return redirect("identity:otp_verify")
    device = second_factor.pending_device(request.user)
    form = OTPTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if second_factor.verify(request, form.cleaned_data["token"], enrolling=True) is not None:
            record("identity.second_factor_enrolled", request.user)
            messages.success(request, _("动态验证码已启用。"))
            return redirect(_safe_next(request))
        form.add_error("token", _("验证码不正确，请确认手机时间准确后重试。"))
    return render(
        request, "identity/otp_setup.html",
        {"form": form, "secret": _base32(device), "next": _safe_next(request)},
    )


@never_cache
@login_required
def otp_qr(request: HttpRequest) -> HttpResponse:
    """The enrolment QR code (an otpauth:// URI) of the user's pending device, as SVG."""
    if second_factor.confirmed_devices(request.user):
        return HttpResponse(status=404)
    device: TOTPDevice = second_factor.pending_device(request.user)
    out = io.BytesIO()
    # A standalone SVG document (with its namespace), so an <img> can show it.
    segno.make(device.config_url, error="m").save(out, kind="svg", scale=5, border=2)
    return HttpResponse(out.getvalue(), content_type="image/svg+xml")


def _base32(device: TOTPDevice) -> str:
    from base64 import b32encode

    secret = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


# --- congresses and the hand-off ---------------------------------------------------------------


@login_required
def congresses(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "identity/congresses.html",
        {
            "congresses": selectors.congresses_of(request.user),
            "seats": selectors.seats_of(request.user),
            "pending_seats": selectors.pending_seats_of(request.user).count(),
        },
    )


@never_cache
@login_required
def switch(request: HttpRequest, congress_id: int) -> HttpResponse:
    """Go to another congress the user belongs to, staying logged in.

    The token goes to the other hostname in the body of a POST (the page submits itself, or
    the user presses the button): never in a URL, so never in an access log.
    """
    target = get_object_or_404(Congress, pk=congress_id)
    if not Membership.objects.active().filter(user=request.user, congress=target).exists():
        messages.error(request, _("您不属于 %(name)s。") % {"name": target.name})
        return redirect("identity:congresses")
    hostname = target.primary_domain_name()
    if hostname is None:
        messages.error(request, _("%(name)s 尚未配置域名。") % {"name": target.name})
        return redirect("identity:congresses")
    device = getattr(request.user, "otp_device", None)
    token = sso.issue(
        request.user.pk, target.pk, family=signon.family_of(request),
        otp_device=device.persistent_id if device is not None else None,
    )
    response = render(
        request, "identity/sso_handoff.html",
        {"action": f"{_origin_of(request, hostname)}/accounts/sso/", "token": token, "congress": target},
    )
    # The landing checks the Origin of the POST; under the site-wide "same-origin" policy a
    # browser sends "Origin: null" to another hostname. "origin" sends the origin, never a path.
    response["Referrer-Policy"] = "origin"
    return response


def _from_our_own_host(request: HttpRequest) -> bool:
    """The POST came from a page of one of our hostnames (a browser always sends Origin)."""
    origin = request.headers.get("Origin", "")
    hostname = urlsplit(origin).hostname if origin and origin != "null" else None
    return bool(hostname) and routing.resolve(hostname) is not None


# The hand-off comes from another of our hostnames, which has no CSRF cookie of this one;
# the Origin check below stands in for Django's, and the token is single-use.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def sso_landing(request: HttpRequest) -> HttpResponse:
    if request.method != "POST" or not _from_our_own_host(request):
        # A bare GET (or a form posted by another site) logs nobody in: no login CSRF.
        messages.error(request, _("登录凭据无效或已过期，请重新登录。"))
        return redirect("identity:login")
    hand_off = sso.redeem(request.POST.get("token", ""), request.tenant.pk)
    if hand_off is None:
        messages.error(request, _("登录凭据无效或已过期，请重新登录。"))
        return redirect("identity:login")
    user = get_object_or_404(get_user_model(), pk=hand_off.user_id, is_active=True)
    setattr(request, SSO_FAMILY_ATTR, hand_off.family)
    login(request, user, backend="shared_apps.identity.backends.MembershipRoleBackend")
    if hand_off.otp_device:
        from django_otp.models import Device

        device = Device.from_persistent_id(hand_off.otp_device)
        if device is not None and device.user_id == user.pk and device.confirmed:
            second_factor.mark_verified(request, device)
    return redirect(_safe_next(request))


