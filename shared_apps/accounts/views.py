"""Pages of the account lifecycle: invitation and reset links, SMS codes, setting and changing
a password, and the administrators' account page.

The person is sent to the login page after setting a password, so the login path (and
whatever guards it: lockout, second factor, login audit) stays the only way in.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from . import policy, selectors, services
from .forms import CodeForm, PasswordChangeForm, ResendForm, ResetRequestForm, SetPasswordForm

GRANT_SESSION_KEY = "accounts.grant"
RESET_PHONE_SESSION_KEY = "accounts.reset_phone"


def _congress(request: HttpRequest):
    tenant = getattr(request, "tenant", None)
    return None if tenant is None or tenant.is_platform else tenant


def _refused(request: HttpRequest, message: str, *, status: int = 410) -> HttpResponse:
    return render(request, "accounts/refused.html", {"message": message}, status=status)


def _open_link(request: HttpRequest, kind: str, token: str) -> HttpResponse:
    grant = services.grant_for_token(kind, token)
    reason = services.refusal_for(grant, kind)
    if reason is not None:
        return _refused(request, reason, status=404 if grant is None else 410)
    # The token leaves the address bar (and Referer headers) before the form is shown.
    request.session[GRANT_SESSION_KEY] = {"kind": kind, "id": grant.pk}
    return redirect("accounts:set-password")


@never_cache
def invitation(request: HttpRequest, token: str) -> HttpResponse:
    return _open_link(request, "invitation", token)


@never_cache
def reset_link(request: HttpRequest, token: str) -> HttpResponse:
    return _open_link(request, "reset", token)


def _code_page(request: HttpRequest, kind: str, template: str, initial: dict | None = None) -> HttpResponse:
    form = CodeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            grant = services.redeem_code(kind, form.cleaned_data["phone"], form.cleaned_data["code"])
        except services.CodeRefused as refusal:
            form.add_error("code", refusal.message)
        else:
            request.session[GRANT_SESSION_KEY] = {"kind": kind, "id": grant.pk}
            return redirect("accounts:set-password")
    return render(request, template, {"form": form})


@never_cache
def activate(request: HttpRequest) -> HttpResponse:
    """An invitation received by SMS: phone number and code, then the password."""
    return _code_page(request, "invitation", "accounts/activate.html")


@never_cache
def reset_request(request: HttpRequest) -> HttpResponse:
    form = ResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        identifier = form.cleaned_data["identifier"]
        try:
            kind = services.request_reset(identifier, congress=_congress(request))
        except services.TooManyRequests:
            form.add_error("identifier", _("请求过于频繁，请稍后再试。"))
        else:
            if kind == "phone":
                request.session[RESET_PHONE_SESSION_KEY] = identifier
                messages.info(request, _("如果该手机号对应一个有效账号，验证码已发送，请在下方输入。"))
                return redirect("accounts:reset-code")
            return render(request, "accounts/reset_sent.html", {"kind": kind})
    return render(request, "accounts/reset_request.html", {"form": form})


@never_cache
def reset_code(request: HttpRequest) -> HttpResponse:
    initial = {"phone": request.session.get(RESET_PHONE_SESSION_KEY, "")}
    return _code_page(request, "reset", "accounts/reset_code.html", initial)


@never_cache
def set_password(request: HttpRequest) -> HttpResponse:
    held = request.session.get(GRANT_SESSION_KEY)
    if not held or held.get("kind") not in services.GRANT_MODELS:
        return _refused(request, _("请先打开邀请或找回密码链接，或输入短信验证码。"), status=400)
    kind = held["kind"]
    grant = services.GRANT_MODELS[kind].objects.select_related("user").filter(pk=held["id"]).first()
    reason = services.refusal_for(grant, kind)
    if reason is not None:
        request.session.pop(GRANT_SESSION_KEY, None)
        return _refused(request, reason)
    user = grant.user
    form = SetPasswordForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_password_with(kind, grant.pk, form.cleaned_data["new_password1"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            request.session.pop(GRANT_SESSION_KEY, None)
            messages.success(request, _("密码已设置。请用用户名 %(u)s 和新密码登录。") % {"u": user.username})
            return redirect("identity:login")
    return render(request, "accounts/set_password.html", {"form": form, "account": user, "kind": kind})


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(request.user, form.cleaned_data["new_password1"], keep_session=request.session)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            update_session_auth_hash(request, request.user)  # stay logged in here
            services.remember_session(request.user, request.session)
            messages.success(request, _("密码已修改。其他设备上的登录已退出。"))
            return redirect("accounts:password")
    return render(request, "accounts/password_change.html", {"form": form})


# --- administrators -------------------------------------------------------------------------

ACTIONS = {
    "resend": (services.resend_invitation, _("邀请已重新发送。")),
    "disable": (services.disable_account, _("账号已停用，其登录已全部退出。")),
    "enable": (services.enable_account, _("账号已启用。")),
    "end-sessions": (services.end_sessions, _("已退出该账号的全部登录。")),
}


def _target_for(request: HttpRequest, user_id: int):
    target = get_object_or_404(get_user_model(), pk=user_id)
    policy.check(request.user, target, _congress(request), "view")
    return target


@never_cache
def manage(request: HttpRequest, user_id: int) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    target = _target_for(request, user_id)
    overview = selectors.account_overview(target, congress=_congress(request))
    return render(request, "accounts/manage.html", {"o": overview, "resend_form": ResendForm()})


@require_POST
def manage_action(request: HttpRequest, user_id: int, action: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if action not in ACTIONS:
        return _refused(request, _("未知操作。"), status=404)
    target = _target_for(request, user_id)
    service, done = ACTIONS[action]
    kwargs = {}
    if action == "resend":
        form = ResendForm(request.POST)
        kwargs["channel"] = (form.cleaned_data["channel"] or None) if form.is_valid() else None
    try:
        service(request.user, target, congress=_congress(request), **kwargs)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("accounts:manage", user_id=target.pk)
