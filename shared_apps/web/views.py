"""Home pages, the console shell, health and tenant media."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.module_loading import import_string
from django.views.static import serve

from shared_apps.audit.models import AuditEntry
from shared_apps.identity import selectors as identity
from shared_apps.identity.access import capability_required
from shared_apps.identity.roles import Role
from tenants.modules import WorkList
from tenants.selectors import congress_tree, enabled_manifests


def home(request: HttpRequest) -> HttpResponse:
    if request.tenant.is_platform:
        return render(request, "web/platform_home.html", {"tree": congress_tree()})
    sections = []
    for manifest in enabled_manifests(request.tenant):
        if manifest.home_template:
            context = import_string(manifest.home_context)(request) if manifest.home_context else {}
            sections.append({"template": manifest.home_template, "context": context, "code": manifest.code})
    return render(request, "web/congress_home.html", {"sections": sections})


@login_required
def platform_console(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/platform_console.html",
        {"seats": identity.seats_of(request.user), "congresses": identity.congresses_of(request.user)},
    )


# Roles whose landing page is their work, not the congress's module overview.
WORK_ROLES = frozenset({Role.HANDLER, Role.DEPUTY})


def worklists(request: HttpRequest) -> list[WorkList]:
    """What the user has to do here, gathered from every enabled module's manifest."""
    lists: list[WorkList] = []
    for manifest in enabled_manifests(request.tenant):
        if manifest.worklist:
            lists.extend(import_string(manifest.worklist)(request))
    return lists


@capability_required("console.access")
def congress_console(request: HttpRequest) -> HttpResponse:
    user = request.user
    memberships = identity.memberships_here(user)
    capabilities = identity.current_capabilities(user)
    works_only = bool(memberships) and {m.role for m in memberships} <= WORK_ROLES
    recent = AuditEntry.objects.all()[:10] if "audit.view" in capabilities else []
    return render(
        request,
        "web/console.html",
        {
            "memberships": memberships,
            "modules": enabled_manifests(request.tenant),
            "recent_audit": recent,
            "worklists": worklists(request),
            "works_only": works_only,
        },
    )


def console(request: HttpRequest) -> HttpResponse:
    if request.tenant.is_platform:
        return platform_console(request)
    return congress_console(request)


def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "schema": connection.schema_name})


def tenant_media(request: HttpRequest, path: str) -> HttpResponse:
    """Media of the current congress only (production serves MEDIA_ROOT/<schema>/ from nginx)."""
    if ".." in path.split("/"):
        raise Http404
    # TenantFileSystemStorage puts the schema into the URL too (/media/<schema>/...): accept that
    # form for this congress's own schema only.
    path = path.removeprefix(f"{connection.schema_name}/")
    root = settings.MEDIA_ROOT / connection.schema_name
    # TenantFileSystemStorage's URLs carry the schema (/media/<schema>/...): drop it here.
    path = path.removeprefix(f"{connection.schema_name}/")
    return serve(request, path, document_root=root)
