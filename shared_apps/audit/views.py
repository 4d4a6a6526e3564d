from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from shared_apps.identity.access import capability_required

from . import selectors
from .models import AuditEntry


@capability_required("audit.view")
def log(request: HttpRequest) -> HttpResponse:
    page = Paginator(AuditEntry.objects.all(), 50).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {"page": page, "rows": selectors.readable(page.object_list)})
