"""The outbox page: what was sent, or with the development sink what would have been sent.

One URL on both sites: platform operators see every message on the platform site; a congress's
administrators see their congress's messages on its site. Recipients are always masked; the
text is shown only for messages the sink kept (real deliveries may carry codes and links).
"""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from shared_apps.identity.access import has_capability

from . import selectors
from .models import Channel, Status

CAPABILITY = "messaging.view_outbox"


def outbox(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    platform = request.tenant.is_platform
    if platform and not request.user.is_staff:
        raise PermissionDenied(_("仅限平台运营人员。"))
    if not platform and not has_capability(request.user, CAPABILITY):
        raise PermissionDenied(_("您在本人大没有此项权限。"))
    channel, status = request.GET.get("channel", ""), request.GET.get("status", "")
    messages = selectors.outbox(congress_id=None if platform else request.tenant.pk, channel=channel, status=status)
    page = Paginator(messages, 50).get_page(request.GET.get("page"))
    names = selectors.congress_names(page) if platform else {}
    for message in page:
        message.congress_name = names.get(message.congress_id, "")
    return render(request, "messaging/outbox.html", {
        "page": page,
        "platform": platform,
        "channels": Channel.choices,
        "statuses": Status.choices,
        "channel": channel,
        "status": status,
    })
