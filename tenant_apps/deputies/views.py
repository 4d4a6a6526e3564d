"""Pages of the deputies module: the register, duty records, verification, archives, statistics,
and the public profile (代表风采)."""

from __future__ import annotations

import io
import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.audit.services import record
from shared_apps.identity.access import capability_required, has_capability
from shared_apps.privacy import sealed

from . import exports, importer, policy, selectors, services
from .forms import (
    ConstituencyForm,
    DeputyForm,
    DutyForm,
    GroupForm,
    ImportForm,
    LeaveForm,
    RejectForm,
    TermForm,
)
from .models import Constituency, DelegationGroup, Deputy, DeputyLevel, DutyRecord, DutyStatus, Term

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


def _form_errors(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items() if hasattr(exc, "error_dict") else [(None, exc.messages)]:
        for error in errors:
            form.add_error(field if field in form.fields else None, error)


# Register ------------------------------------------------------------------------------------


@capability_required("deputies.view_register")
def register(request: HttpRequest) -> HttpResponse:
    include_former = request.GET.get("former") == "1"
    deputies = selectors.register(
        include_former=include_former,
        q=request.GET.get("q", "").strip(),
        level=request.GET.get("level", ""),
    )
    reveal = policy.may_see_contacts(request.user)
    rows = [(d, selectors.contacts(d, reveal=reveal)) for d in deputies[:500]]
    return render(
        request,
        "deputies/register.html",
        {
            "rows": rows,
            "total": deputies.count(),
            "levels": DeputyLevel.choices,
            "include_former": include_former,
            "reveal": reveal,
            "can_manage": has_capability(request.user, "deputies.manage_register"),
        },
    )


@capability_required("deputies.manage_register")
def create(request: HttpRequest) -> HttpResponse:
    form = DeputyForm(request.POST or None, request.FILES or None, initial={"level": services.default_level()})
    if request.method == "POST" and form.is_valid():
        try:
            deputy = services.register_deputy(
                photo=form.cleaned_data["photo"],
                create_account=form.cleaned_data["create_account"],
                actor=request.user,
                **form.values(),
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("已登记代表 %(name)s。") % {"name": deputy.name})
            return redirect("deputies:detail", deputy.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "deputies/deputy_form.html", {"form": form}, status=status)


@capability_required("deputies.manage_register")
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = get_object_or_404(Deputy, pk=pk)
    reveal = policy.may_see_contacts(request.user)
    initial = {f: getattr(deputy, f) for f in services.REGISTER_FIELDS}
    if not reveal:
        # Without the right to see contacts, the form neither shows nor overwrites them.
        for key in ("mobile", "email", "address"):
            initial.pop(key)
    form = DeputyForm(request.POST or None, request.FILES or None, initial=initial)
    form.fields.pop("create_account")
    if not reveal:
        for key in ("mobile", "email", "address"):
            form.fields.pop(key)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_deputy(deputy, photo=form.cleaned_data.pop("photo"), **form.values())
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("deputies:detail", deputy.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "deputies/deputy_form.html", {"form": form, "deputy": deputy}, status=status)


@capability_required("deputies.view_register")
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = get_object_or_404(Deputy.objects.select_related("term", "constituency", "group"), pk=pk)
    reveal = policy.may_see_contacts(request.user)
    return render(
        request,
        "deputies/detail.html",
        {
            "deputy": deputy,
            "contacts": selectors.contacts(deputy, reveal=reveal),
            "reveal": reveal,
            "seats": deputy.seats.select_related("term", "constituency", "group"),
            "years": selectors.archive_years(deputy),
            "terms": selectors.terms_of(deputy),
            "leave_form": LeaveForm(),
            "can_manage": has_capability(request.user, "deputies.manage_register"),
        },
    )


@require_POST
@capability_required("deputies.manage_register")
def leave(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = get_object_or_404(Deputy, pk=pk)
    form = LeaveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写有效的离任日期。"))
        return redirect("deputies:detail", pk)
    try:
        services.leave_office(deputy, left_on=form.cleaned_data["left_on"], reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已办理离任，名册保留其记录。"))
    return redirect("deputies:detail", pk)


@capability_required("deputies.view_register")
def structure(request: HttpRequest) -> HttpResponse:
    """Terms, delegation groups and electoral units: records of their own."""
    return render(
        request,
        "deputies/structure.html",
        {
            "terms": Term.objects.all(),
            "groups": DelegationGroup.objects.select_related("term"),
            "constituencies": Constituency.objects.all(),
            "term_form": TermForm(),
            "group_form": GroupForm(),
            "constituency_form": ConstituencyForm(),
            "can_manage": has_capability(request.user, "deputies.manage_register"),
        },
    )


@require_POST
@capability_required("deputies.manage_register")
def structure_create(request: HttpRequest, kind: str) -> HttpResponse:
    forms = {
        "term": (TermForm, services.create_term),
        "group": (GroupForm, services.create_group),
        "constituency": (ConstituencyForm, services.create_constituency),
    }
    if kind not in forms:
        raise Http404
    form_class, service = forms[kind]
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("deputies:structure")
    try:
        service(**form.cleaned_data)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已添加。"))
    return redirect("deputies:structure")


# Import and export ------------------------------------------------------------------------------


def _import_scope(request: HttpRequest) -> str:
    # Bound to the congress and the user: a token from elsewhere finds nothing.
    return f"deputies:import:{connection.schema_name}:{request.user.pk}"


@capability_required("deputies.manage_register")
def import_register(request: HttpRequest) -> HttpResponse:
    form = ImportForm()
    context: dict = {"form": form, "columns": importer.COLUMNS}
    status = 200
    if request.method == "POST" and "token" in request.POST:
        # The checked file waits sealed (it lists every deputy's mobile): see privacy.sealed.
        content = sealed.unseal(_import_scope(request), request.POST["token"])
        if content is None:
            messages.error(request, _("检查结果已过期，请重新上传文件。"))
            return redirect("deputies:import")
        try:
            report = importer.run(io.BytesIO(content), actor=request.user)
        except importer.ImportRejected as exc:
            context["report"], status = exc.report, 400
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            status = 400
        else:
            sealed.discard(_import_scope(request), request.POST["token"])
            messages.success(
                request,
                _("导入完成：新增 %(c)s 人，更新 %(u)s 人，未变 %(n)s 人。")
                % {"c": report.created, "u": report.updated, "n": report.unchanged},
            )
            return redirect("deputies:register")
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if form.is_valid():
            content = form.cleaned_data["file"].read()
            try:
                report, _parsed = importer.check(io.BytesIO(content))
            except ValidationError as exc:
                form.add_error("file", " ".join(exc.messages))
                status = 400
            else:
                context["report"] = report
                if report.ok:
                    context["token"] = sealed.seal(_import_scope(request), content)
                else:
                    status = 400
        else:
            status = 400
    return render(request, "deputies/import.html", context, status=status)


@capability_required("deputies.manage_register")
def import_template(request: HttpRequest) -> HttpResponse:
    return _xlsx(importer.template(), "%E4%BB%A3%E8%A1%A8%E5%90%8D%E5%86%8C%E6%A8%A1%E6%9D%BF.xlsx")


@capability_required("deputies.view_register")
def export_excel(request: HttpRequest) -> HttpResponse:
    former = request.GET.get("former") == "1"
    deputies = selectors.register(include_former=former)
    reveal = policy.may_see_contacts(request.user)
    content = exports.register_xlsx(deputies.iterator(chunk_size=2000), reveal=reveal)
    # Who took the register away, and whether with contacts in clear.
    record(
        "deputies.register_exported", request.tenant, {"unmasked": reveal, "former": former}, congress=request.tenant
    )
    return _xlsx(content, f"deputies-{timezone.localdate():%Y%m%d}.xlsx")


@capability_required("deputies.view_register")
def export_popolo(request: HttpRequest) -> JsonResponse:
    data = exports.popolo(request.build_absolute_uri("/").rstrip("/"))
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    response["Content-Disposition"] = "attachment; filename=deputies.popolo.json"
    return response


# Duty records -------------------------------------------------------------------------------


@capability_required("deputies.view_duties")
def duties(request: HttpRequest) -> HttpResponse:
    records = selectors.duties(status=request.GET.get("status", ""), duty_type=request.GET.get("type", ""))
    return render(
        request,
        "deputies/duties.html",
        {
            "records": records[:300],
            "types": selectors.types(),
            "statuses": DutyStatus.choices,
            "title": _("履职记录"),
        },
    )


@capability_required("deputies.record_own_duty")
def my_duties(request: HttpRequest) -> HttpResponse:
    me = selectors.deputy_of(request.user)
    if me is None:
        raise PermissionDenied(_("您不在本人大的在任代表名册中。"))
    return render(
        request,
        "deputies/duties.html",
        {
            "records": selectors.duties(deputy_id=me.pk)[:300],
            "types": selectors.types(),
            "title": _("我的履职"),
            "me": me,
            "years": selectors.archive_years(me),
            "terms": selectors.terms_of(me),
        },
    )


def _duty_form(request: HttpRequest, entered_by: str, **kwargs) -> DutyForm:
    participants = Deputy.objects.in_office()
    return DutyForm(
        request.POST or None,
        request.FILES or None,
        types=selectors.types(),
        participants=participants,
        **kwargs,
    )


def duty_create(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    entered_by = policy.entered_by(request.user)
    if entered_by is None:
        raise PermissionDenied(_("您在本人大没有此项权限。"))
    me = selectors.deputy_of(request.user) if entered_by == "deputy" else None
    form = _duty_form(request, entered_by, initial={"participants": [me.pk] if me else []})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        participants = list(data["participants"])
        if me is not None and me not in participants:
            form.add_error("participants", _("本人须是参加代表之一。"))
        else:
            try:
                record = services.record_duty(
                    duty_type=data["duty_type"],
                    title=data["title"],
                    occurred_on=data["occurred_on"],
                    place=data["place"],
                    description=data["description"],
                    participants=participants,
                    attachments=data["attachments"],
                    entered_by=entered_by,
                    entered_by_user_id=request.user.pk,
                )
            except ValidationError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("已提交，等待代表工作机构审核。"))
                return redirect("deputies:duty_detail", record.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "deputies/duty_form.html", {"form": form, "entered_by": entered_by}, status=status)


def _visible_record(request: HttpRequest, pk: int) -> DutyRecord:
    record = get_object_or_404(DutyRecord.objects.prefetch_related("participants", "attachments"), pk=pk)
    if not request.user.is_authenticated:
        raise Http404
    if not policy.can_view_duty(request.user, record):
        raise Http404
    return record


def duty_detail(request: HttpRequest, pk: int) -> HttpResponse:
    record = _visible_record(request, pk)
    return render(
        request,
        "deputies/duty_detail.html",
        {
            "record": record,
            "type_name": selectors.types().get(record.duty_type, record.duty_type),
            "can_edit": policy.can_edit_duty(request.user, record),
            "can_verify": policy.can_verify(request.user) and record.status == DutyStatus.PENDING,
            "reject_form": RejectForm(),
        },
    )


def duty_edit(request: HttpRequest, pk: int) -> HttpResponse:
    record = _visible_record(request, pk)
    if not policy.can_edit_duty(request.user, record):
        raise PermissionDenied(_("只能修改本人参加且尚未审核的履职记录。"))
    entered_by = policy.entered_by(request.user) or "deputy"
    form = _duty_form(
        request,
        entered_by,
        initial={
            "duty_type": record.duty_type,
            "title": record.title,
            "occurred_on": record.occurred_on,
            "place": record.place,
            "description": record.description,
            "participants": [p.pk for p in record.participants.all()],
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.update_duty(
                record,
                duty_type=data["duty_type"],
                title=data["title"],
                occurred_on=data["occurred_on"],
                place=data["place"],
                description=data["description"],
                participants=list(data["participants"]),
                attachments=data["attachments"],
            )
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("已保存，重新进入审核。"))
            return redirect("deputies:duty_detail", record.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "deputies/duty_form.html",
        {"form": form, "record": record, "entered_by": entered_by},
        status=status,
    )


@capability_required("deputies.verify_duty")
def verification(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "deputies/verification.html",
        {
            "records": selectors.verification_queue()[:300],
            "types": selectors.types(),
            "reject_form": RejectForm(),
        },
    )


@require_POST
@capability_required("deputies.verify_duty")
def duty_decide(request: HttpRequest, pk: int, outcome: str) -> HttpResponse:
    record = get_object_or_404(DutyRecord, pk=pk)
    try:
        if outcome == "verify":
            services.verify_duty(record, user_id=request.user.pk)
            messages.success(request, _("已审核通过：%(t)s") % {"t": record.title})
        elif outcome == "reject":
            services.reject_duty(record, user_id=request.user.pk, reason=request.POST.get("reason", ""))
            messages.success(request, _("已退回：%(t)s") % {"t": record.title})
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(request.POST.get("next") or "deputies:verification")


# Archives ---------------------------------------------------------------------------------------


def _archive_for(request: HttpRequest, pk: int, scope: str, key: int) -> selectors.Archive:
    if not request.user.is_authenticated:
        raise Http404
    deputy = get_object_or_404(Deputy, pk=pk)
    if not policy.can_view_archive(request.user, deputy):
        raise Http404
    if scope == "year":
        if not 1950 <= key <= timezone.localdate().year:
            raise Http404
        return selectors.year_archive(deputy, key)
    if scope == "term":
        return selectors.term_archive(deputy, get_object_or_404(Term, pk=key))
    raise Http404


def archive(request: HttpRequest, pk: int, scope: str, key: int) -> HttpResponse:
    data = _archive_for(request, pk, scope, key)
    return render(
        request,
        "deputies/archive.html",
        {
            "archive": data,
            "scope": scope,
            "key": key,
            "years": selectors.archive_years(data.deputy),
            "terms": selectors.terms_of(data.deputy),
        },
    )


def archive_print(request: HttpRequest, pk: int, scope: str, key: int) -> HttpResponse:
    """Print-ready HTML (A4, no console chrome): the browser's print-to-PDF makes the book."""
    data = _archive_for(request, pk, scope, key)
    return render(
        request,
        "deputies/archive_print.html",
        {
            "archive": data,
            "congress": request.tenant,
            "printed_on": timezone.localdate(),
        },
    )


def archive_excel(request: HttpRequest, pk: int, scope: str, key: int) -> HttpResponse:
    data = _archive_for(request, pk, scope, key)
    return _xlsx(exports.archive_xlsx(data), f"archive-{pk}-{scope}-{key}.xlsx")


# Statistics -----------------------------------------------------------------------------------


@capability_required("deputies.view_statistics")
def statistics(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    return render(
        request,
        "deputies/statistics.html",
        {
            "composition": selectors.composition(),
            "per_deputy": selectors.records_per_deputy(),
            "backlog": selectors.backlog(),
            "ranking": selectors.points_ranking(year, limit=20),
            "year": year,
            "kinds": exports.STATISTICS_KINDS,
            "composition_json": json.dumps(selectors.composition(), ensure_ascii=False),
        },
    )


@capability_required("deputies.view_statistics")
def statistics_excel(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in exports.STATISTICS_KINDS:
        raise Http404
    return _xlsx(exports.statistics_xlsx(kind), f"deputies-{kind}-{timezone.localdate():%Y%m%d}.xlsx")


# Public: 代表风采 --------------------------------------------------------------------------------


def public_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "deputies/public_list.html",
        {
            "deputies": selectors.public_deputies()[:500],
        },
    )


def public_profile(request: HttpRequest, pk: int) -> HttpResponse:
    deputy = get_object_or_404(selectors.public_deputies(), pk=pk)
    return render(request, "deputies/public_profile.html", selectors.public_profile(deputy))
