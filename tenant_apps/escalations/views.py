"""Console pages: cases escalated by child congresses, and deciding on them."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from shared_apps.identity.access import capability_required, has_capability

from . import selectors, services
from .models import CaseStatus, EscalatedCase


@capability_required("escalations.view")
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") if request.GET.get("status") in CaseStatus.values else None
    return render(request, "escalations/list.html", {
        "cases": selectors.cases(status)[:200], "statuses": CaseStatus.choices, "status": status,
    })


@capability_required("escalations.view")
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = get_object_or_404(EscalatedCase, pk=pk)
    errors: dict = {}
    status = 200
    if request.method == "POST":
        if not has_capability(request.user, "escalations.decide"):
            return render(request, "403.html", status=403)
        try:
            services.decide(case, status=request.POST.get("status", ""), text=request.POST.get("text", ""),
                            user_id=request.user.pk)
        except ValidationError as exc:
            errors = exc.message_dict
            status = 400
        else:
            messages.success(request, _("办理意见已保存，将回传给提请的人大。"))
            return redirect("escalations:detail", pk=case.pk)
    return render(request, "escalations/detail.html", {
        "case": case, "decisions": case.decisions.all(), "errors": errors, "form": request.POST,
        "choices": [(v, lbl) for v, lbl in CaseStatus.choices if v in services.DECIDABLE],
        "can_decide": has_capability(request.user, "escalations.decide") and case.status != CaseStatus.CLOSED,
    }, status=status)
