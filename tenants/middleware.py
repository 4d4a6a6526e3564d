"""Request routing to a congress, module gating and read-only suspension."""

from __future__ import annotations

from django.core.exceptions import DisallowedHost
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_tenants.middleware.main import TenantMainMiddleware

from . import routing
from .models import CongressStatus
from .modules import module_of_namespace

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


def wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


class CongressRoutingMiddleware(TenantMainMiddleware):
    """django-tenants' routing, with the hostname lookup served from the cache."""

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        connection.set_schema_to_public()
        try:
            hostname = self.hostname_from_request(request)
        except DisallowedHost:
            return HttpResponseBadRequest(_("不允许的主机名。"))
        routed = routing.resolve(hostname)
        if routed is None and request.path == "/healthz":
            # Load balancers probe by address, not by a congress hostname.
            routed = routing.resolve_platform()
        if routed is None:
            return render(
                request,
                "web/errors/unknown_host.html",
                {"hostname": hostname},
                status=404,
            )
        tenant = routed.congress
        if tenant.status in (CongressStatus.PROVISIONING, CongressStatus.ARCHIVED):
            # Never serve a half-made congress, nor one whose schema may be gone.
            provisioning = tenant.status == CongressStatus.PROVISIONING
            return render(
                request,
                "tenants/unavailable.html",
                {"name": tenant.name, "provisioning": provisioning},
                status=503 if provisioning else 410,
            )
        tenant.domain_url = hostname
        tenant.enabled_modules = routed.enabled_modules
        tenant.module_configs = routed.module_configs
        request.tenant = tenant
        connection.set_tenant(tenant)
        self.setup_url_routing(request)
        return None


class ModuleGateMiddleware:
    """A module's pages and API are 404 for a congress that has it switched off."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        match = request.resolver_match
        tenant = getattr(request, "tenant", None)
        if match is None or tenant is None:
            return None
        for namespace in match.namespaces:
            code = module_of_namespace(namespace)
            if code is not None and code not in getattr(tenant, "enabled_modules", frozenset()):
                raise Http404(_("本人大未启用该模块"))
        return None


class SuspendedCongressMiddleware:
    """A suspended congress serves pages read-only; writes are refused with a notice."""

    # Logging in and out only touch the shared session store, so they stay open.
    ALWAYS_OPEN = ("identity",)

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs):
        tenant = getattr(request, "tenant", None)
        if tenant is None or not getattr(tenant, "is_suspended", False):
            return None
        if request.method in SAFE_METHODS:
            return None
        match = request.resolver_match
        if match and any(ns in self.ALWAYS_OPEN for ns in match.namespaces):
            return None
        message = _("%(name)s 已暂停服务，当前只能浏览，不能提交或修改。") % {"name": tenant.name}
        if wants_json(request):
            return JsonResponse(
                {"error": {"code": "congress_suspended", "message": message}}, status=423
            )
        return render(request, "web/errors/suspended.html", {"message": message}, status=423)
