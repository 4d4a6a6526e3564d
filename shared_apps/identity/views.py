"""Login, logout, the congress switcher and the single sign-on hand-off.

The members and units pages live in ``people_views``; seat requests in ``seat_views``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from tenants.models import Congress

from . import selectors, sso
from .forms import LoginForm
from .models import Membership


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


@login_required
def switch(request: HttpRequest, congress_id: int) -> HttpResponse:
    """Go to another congress the user belongs to, staying logged in."""
    target = get_object_or_404(Congress, pk=congress_id)
    if not Membership.objects.active().filter(user=request.user, congress=target).exists():
        messages.error(request, _("您不属于 %(name)s。") % {"name": target.name})
        return redirect("identity:congresses")
    hostname = target.primary_domain_name()
    if hostname is None:
        messages.error(request, _("%(name)s 尚未配置域名。") % {"name": target.name})
        return redirect("identity:congresses")
    token = sso.issue(request.user.pk, target.pk)
    return HttpResponseRedirect(f"{_origin_of(request, hostname)}/accounts/sso/?token={token}")


def sso_landing(request: HttpRequest) -> HttpResponse:
    user_id = sso.redeem(request.GET.get("token", ""), request.tenant.pk)
    if user_id is None:
        messages.error(request, _("登录凭据无效或已过期，请重新登录。"))
        return redirect("identity:login")
    user = get_object_or_404(get_user_model(), pk=user_id, is_active=True)
    login(request, user, backend="shared_apps.identity.backends.MembershipRoleBackend")
    target = request.GET.get("next", "/console/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/console/"
    return redirect(target)


