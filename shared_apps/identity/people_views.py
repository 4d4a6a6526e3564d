"""Members and organisation units of a congress: pages for its administrators (and readers)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.audit.services import record

from . import importer, selectors, services
from .access import capability_required, has_capability
from .forms import AddPersonForm, ChangeRoleForm, ImportForm, RenameUnitForm, UnitForm
from .models import OrganisationUnit
from .roles import Role
from .rules import DEPUTY_ROLE_HINT, kinds_for_level

MANAGE = "identity.manage_members"
# 成员与单位模板.xlsx, percent-encoded for Content-Disposition.
TEMPLATE_NAME = "%E6%88%90%E5%91%98%E4%B8%8E%E5%8D%95%E4%BD%8D%E6%A8%A1%E6%9D%BF.xlsx"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    response["Cache-Control"] = "no-store"
    return response


def _errors_into(form, exc: ValidationError) -> None:
    pairs = exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]
    for field, errors in pairs:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


@capability_required("identity.view_members")
def members(request: HttpRequest) -> HttpResponse:
    congress = request.tenant
    q, role = request.GET.get("q", "").strip(), request.GET.get("role", "")
    can_manage = has_capability(request.user, MANAGE)
    return render(request, "identity/members.html", {
        "memberships": selectors.members_of(congress, q=q, role=role if role in Role.values else ""),
        "units": selectors.units_of(congress, include_retired=False),
        "pending": selectors.pending_seats_here(congress) if can_manage else [],
        "can_manage": can_manage,
        "roles": Role.choices,
        "q": q,
        "role": role,
    })


@capability_required(MANAGE)
def member_add(request: HttpRequest) -> HttpResponse:
    congress = request.tenant
    form = AddPersonForm(request.POST or None, congress=congress)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                added = services.add_person(
                    congress=congress, role=data["role"], display_name=data["display_name"],
                    phone=data["phone"], email=data["email"], organisation_unit=data["organisation_unit"],
                    actor=request.user,
                )
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                text = {
                    "created": _("已为 %(name)s 新建账号并添加为%(role)s，账号邀请已发出。"),
                    "added": _("已将 %(name)s 添加为%(role)s。"),
                    "pending": _("%(name)s 已在其他人大任职，已向本人发出任职邀请，本人确认后生效。"),
                }[added.outcome]
                messages.success(request, text % {"name": added.user, "role": Role(data["role"]).label})
                return redirect("identity:members")
        status = 400
    return render(request, "identity/member_form.html", {
        "form": form, "title": _("添加成员"), "deputy_hint": DEPUTY_ROLE_HINT,
    }, status=status)


@capability_required(MANAGE)
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_here(request.tenant, pk)
    initial = {"role": membership.role, "organisation_unit": membership.organisation_unit}
    form = ChangeRoleForm(request.POST or None, congress=request.tenant, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.change_role(
                    membership, role=form.cleaned_data["role"],
                    organisation_unit=form.cleaned_data["organisation_unit"],
                )
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("已变更 %(name)s 的角色。") % {"name": membership.user})
                return redirect("identity:members")
        status = 400
    return render(request, "identity/member_form.html", {
        "form": form, "title": _("变更角色"), "membership": membership,
    }, status=status)


@require_POST
@capability_required(MANAGE)
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership_here(request.tenant, pk)
    try:
        services.remove_member(membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已移除 %(name)s 的“%(role)s”角色。") % {
            "name": membership.user, "role": membership.get_role_display()})
    return redirect("identity:members")


@require_POST
@capability_required(MANAGE)
def seat_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    seat = selectors.pending_seats_here(request.tenant).filter(pk=pk).first()
    if seat is None:
        messages.error(request, _("该任职邀请不存在或已处理。"))
    else:
        services.cancel_seat(seat, actor=request.user)
        messages.success(request, _("已撤回任职邀请。"))
    return redirect("identity:members")


# Units -----------------------------------------------------------------------------------------


@capability_required("identity.view_members")
def units(request: HttpRequest) -> HttpResponse:
    congress = request.tenant
    form = UnitForm(None, congress=congress, initial={"kind": "government"})
    status = 200
    if request.method == "POST":
        if not has_capability(request.user, MANAGE):
            raise PermissionDenied(_("您在本人大没有此项权限。"))
        form = UnitForm(request.POST, congress=congress)
        if form.is_valid():
            try:
                unit = services.create_organisation_unit(congress=congress, **form.cleaned_data)
            except ValidationError as exc:
                _errors_into(form, exc)
            else:
                messages.success(request, _("已新建单位“%(name)s”。") % {"name": unit.name})
                return redirect("identity:units")
        status = 400
    return render(request, "identity/units.html", {
        "units": selectors.units_of(congress),
        "form": form,
        "can_manage": has_capability(request.user, MANAGE),
        "kinds": kinds_for_level(congress.level),
    }, status=status)


@require_POST
@capability_required(MANAGE)
def unit_rename(request: HttpRequest, pk: int) -> HttpResponse:
    unit = selectors.unit_here(request.tenant, pk)
    form = RenameUnitForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(form.errors["name"])
        old = unit.name
        services.rename_unit(unit, name=form.cleaned_data["name"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(old)s”已更名为“%(name)s”。") % {"old": old, "name": unit.name})
    return redirect("identity:units")


def _change_unit(
    request: HttpRequest, pk: int, change: Callable[[OrganisationUnit], object], done: str
) -> HttpResponse:
    """Retire or restore a unit of this congress; the service's refusal is shown in Chinese."""
    unit = selectors.unit_here(request.tenant, pk)
    try:
        change(unit)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done % {"name": unit.name})
    return redirect("identity:units")


@require_POST
@capability_required(MANAGE)
def unit_retire(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_unit(request, pk, services.retire_unit, _("已撤销单位“%(name)s”。"))


@require_POST
@capability_required(MANAGE)
def unit_restore(request: HttpRequest, pk: int) -> HttpResponse:
    return _change_unit(request, pk, services.restore_unit, _("已恢复单位“%(name)s”。"))


# Import and export -----------------------------------------------------------------------------


@capability_required(MANAGE)
def members_import(request: HttpRequest) -> HttpResponse:
    """Upload once: "检查" is the dry run, "导入" checks again and imports all or nothing.

    The file is never kept between the two steps (it holds phone numbers): the person
    uploads it again to import, which also makes the import exactly what was checked.
    """
    congress = request.tenant
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "unit_columns": importer.UNIT_COLUMNS, "member_columns": importer.MEMBER_COLUMNS}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            stream = form.cleaned_data["file"]
            dry_run = request.POST.get("action") != "import"
            try:
                if dry_run:
                    report, _plan = importer.check(stream, congress, actor=request.user)
                else:
                    report = importer.run(stream, congress, actor=request.user)
            except importer.ImportRejected as exc:
                context["report"] = exc.report
            except ValidationError as exc:
                form.add_error("file", " ".join(exc.messages))
            else:
                context["report"], context["dry_run"] = report, dry_run
                status = 200 if report.ok else 400
                if not dry_run:
                    messages.success(request, _("导入完成。"))
    return render(request, "identity/import.html", context, status=status)


@capability_required(MANAGE)
def import_template(request: HttpRequest) -> HttpResponse:
    return _xlsx(importer.template(request.tenant), TEMPLATE_NAME)


@capability_required(MANAGE)
def members_export(request: HttpRequest) -> HttpResponse:
    congress = request.tenant
    content = importer.export(congress)
    record("identity.members_exported", congress, {}, congress=congress)
    return _xlsx(content, f"members-{timezone.localdate():%Y%m%d}.xlsx")
