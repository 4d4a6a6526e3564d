"""Staff pages of the provincial office on the platform site: onboarding, jobs, lifecycle."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.identity.access import operator_required
from tenants.models import Congress

from . import bulk, lifecycle, pipeline, selectors, spec
from .forms import BulkForm, DropForm, OnboardForm
from .models import STEPS, Batch, ProvisioningJob, Step


@operator_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "provisioning/dashboard.html",
        {"jobs": selectors.recent_jobs(), "batches": selectors.recent_batches()},
    )


@operator_required
def onboard(request: HttpRequest) -> HttpResponse:
    form = OnboardForm(request.POST or None, request.FILES or None)
    problems: list[spec.Problem] = []
    if request.method == "POST" and form.is_valid():
        try:
            uploaded = form.uploaded_spec()
            raw = spec.parse(*uploaded) if uploaded else form.field_spec()
            job = pipeline.submit(raw, user=request.user)
        except spec.SpecInvalid as exc:
            problems = exc.problems
        else:
            pipeline.dispatch(job)
            messages.success(request, _("已开始开通 %(name)s。") % {"name": job.name})
            return redirect("provisioning:job", job.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "provisioning/onboard.html", {"form": form, "problems": problems}, status=status
    )


@operator_required
def job_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ProvisioningJob.objects.select_related("congress"), pk=pk)
    steps = [(value, label) for value, label in Step.choices]
    return render(
        request,
        "provisioning/job.html",
        {"job": job, "status": selectors.job_status(job), "steps": steps, "step_count": len(STEPS)},
    )


@operator_required
def job_status(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(selectors.job_status(get_object_or_404(ProvisioningJob, pk=pk)))


@require_POST
@operator_required
def job_retry(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(ProvisioningJob, pk=pk)
    if pipeline.is_held(job.pk):
        messages.warning(request, _("任务正在执行，请稍候。"))
    elif not job.is_finished:
        pipeline.dispatch(job)
        messages.success(request, _("已重新执行，从失败的步骤继续。"))
    return redirect("provisioning:job", job.pk)


@require_POST
@operator_required
def job_rollback(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        pipeline.rollback(pk)
    except (pipeline.JobBusy, pipeline.JobFinished) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已回滚。"))
    return redirect("provisioning:job", pk)


@operator_required
def bulk_upload(request: HttpRequest) -> HttpResponse:
    form = BulkForm(request.POST or None, request.FILES or None)
    problems: list[spec.Problem] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = bulk.submit(
                upload.read(), upload.name, user=request.user, name=form.cleaned_data["name"]
            )
        except spec.SpecInvalid as exc:
            problems = exc.problems
        else:
            bulk.dispatch(batch)
            return redirect("provisioning:batch", batch.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "provisioning/bulk.html",
        {"form": form, "problems": problems, "columns": bulk.COLUMNS},
        status=status,
    )


@operator_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_object_or_404(Batch, pk=pk)
    return render(
        request,
        "provisioning/batch.html",
        {"batch": batch, "status": selectors.batch_status(batch)},
    )


@operator_required
def batch_status(request: HttpRequest, pk: int) -> JsonResponse:
    return JsonResponse(selectors.batch_status(get_object_or_404(Batch, pk=pk)))


@operator_required
def congresses(request: HttpRequest) -> HttpResponse:
    return render(request, "provisioning/congresses.html", {"congresses": selectors.congresses()})


ACTIONS = ("suspend", "resume", "archive", "restore", "drop")


@require_POST
@operator_required
def congress_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    congress = get_object_or_404(Congress.objects.congresses(), pk=pk)
    if action not in ACTIONS:
        raise Http404
    try:
        if action == "suspend":
            lifecycle.suspend(congress)
        elif action == "resume":
            lifecycle.resume(congress)
        elif action == "archive":
            lifecycle.archive(congress, user=request.user)
        elif action == "restore":
            item = congress.archives.first()
            if item is None:
                raise ValidationError(_("没有可恢复的归档。"))
            lifecycle.restore(item, schema_name=request.POST.get("schema_name") or None)
        else:
            form = DropForm(request.POST)
            lifecycle.drop(congress, confirm=form.data.get("confirm", "").strip())
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return render(
            request,
            "provisioning/congresses.html",
            {"congresses": selectors.congresses()},
            status=400,
        )
    messages.success(request, _("%(name)s：操作已完成。") % {"name": congress.name})
    return redirect("provisioning:congresses")
