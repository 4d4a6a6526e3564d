"""Platform pages of the bus: the event catalog, operations, dead letters, ingestion keys."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tenants.models import Congress

from ..identity.access import operator_required
from . import catalog, delivery, ingest, selectors
from .hub import log
from .hub.models import ApiKey, DeliveryStatus, FailedDelivery


def catalog_page(request: HttpRequest) -> HttpResponse:
    types = catalog.all_event_types()
    latest = {t.name: catalog.get(t.name).version for t in types}
    return render(request, "bus/catalog.html", {"types": types, "latest": latest})


@operator_required
def operations(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") if request.GET.get("status") in DeliveryStatus.values else None
    return render(request, "bus/operations.html", {
        "relay": selectors.relay_health(),
        "consumers": selectors.consumer_rows(),
        "failures": selectors.failures(status)[:100],
        "feeds": selectors.congress_feeds(),
        "partitions": selectors.log_partitions(),
        "status": status,
    })


@operator_required
def failure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    failure = get_object_or_404(FailedDelivery, pk=pk)
    return render(request, "bus/failure.html", {"failure": failure, "event": log.read_one(failure.seq)})


@require_POST
@operator_required
def replay(request: HttpRequest, pk: int) -> HttpResponse:
    failure = get_object_or_404(FailedDelivery, pk=pk)
    if delivery.replay(failure.pk):
        messages.success(request, _("已重新投递成功。"))
    else:
        messages.error(request, _("重新投递仍然失败，请查看错误信息。"))
    return redirect("bus:failure", pk=pk)


@operator_required
def keys(request: HttpRequest) -> HttpResponse:
    created_secret = None
    created_key = None
    errors = {}
    status = 200
    if request.method == "POST":
        congress = Congress.objects.congresses().filter(pk=request.POST.get("congress") or 0).first()
        if congress is None:
            errors["congress"] = [_("请选择人大。")]
            status = 400
        else:
            created_key, created_secret = ingest.create_key(
                congress, label=request.POST.get("label", ""), created_by=request.user
            )
    return render(request, "bus/keys.html", {
        "keys": ApiKey.objects.select_related("congress")[:300],
        "congresses": Congress.objects.congresses().order_by("path"),
        "created_key": created_key, "created_secret": created_secret, "errors": errors,
    }, status=status)


@require_POST
@operator_required
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    ingest.revoke_key(get_object_or_404(ApiKey, pk=pk))
    messages.success(request, _("密钥已吊销。"))
    return redirect("bus:keys")
