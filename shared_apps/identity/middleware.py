"""Session controls: an idle timeout, and the second factor before anything else."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from . import second_factor

LAST_SEEN = "renda_last_seen"
IDLE_LOGOUT_ATTR = "renda_idle_logout"
# Writing the session on every request would cost a database write each time.
_RESOLUTION = 60


class IdleTimeoutMiddleware:
    """Log out an authenticated session idle for more than ``SESSION_IDLE_TIMEOUT`` seconds."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN)
            if last_seen is not None and now - last_seen > settings.SESSION_IDLE_TIMEOUT:
                # Only this session: the user may be active on another hostname of the sign-on.
                setattr(request, IDLE_LOGOUT_ATTR, True)
                logout(request)
                messages.info(request, _("您长时间未操作，已自动退出，请重新登录。"))
            elif last_seen is None or now - last_seen >= _RESOLUTION:
                request.session[LAST_SEEN] = now
        return self.get_response(request)


# Views an authenticated but not yet verified user may reach.
OPEN_VIEWS = frozenset({
    "identity:otp_verify", "identity:otp_setup", "identity:otp_qr", "identity:logout", "identity:login",
    "set_language", "healthz",
})


class SecondFactorMiddleware:
    """Operators and administrators verify a TOTP code (or enrol) before any other view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.is_verified():
            return None
        match = request.resolver_match
        if match is not None and match.view_name in OPEN_VIEWS:
            return None
        if not second_factor.required_for(user):
            return None
        message = _("请先完成二次验证（动态验证码）。")
        if request.path.startswith("/api/"):
            return JsonResponse(
                {"error": {"code": "second_factor_required", "message": message}}, status=403
            )
        target = "identity:otp_verify" if second_factor.confirmed_devices(user) else "identity:otp_setup"
        response = redirect(target)
        if request.method == "GET":
            response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response
