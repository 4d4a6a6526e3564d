"""Pages of distribution: sending down and feedback (console), inbox, and the public page."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _

from shared_apps.identity.access import capability_required, has_capability

from . import selectors, services
from .models import CommentSource, Notice, NoticeKind, ReceivedNotice


@capability_required("distribution.manage")
def sent(request: HttpRequest) -> HttpResponse:
    errors: dict = {}
    status = 200
    if request.method == "POST":
        until = request.POST.get("comments_until") or None
        try:
            parsed = parse_date(until) if until else None
            if until and parsed is None:
                raise ValidationError({"comments_until": [_("日期格式应为 YYYY-MM-DD。")]})
            services.send_notice(title=request.POST.get("title", ""), body=request.POST.get("body", ""),
                                 kind=request.POST.get("kind", ""), comments_until=parsed, user_id=request.user.pk)
        except ValidationError as exc:
            errors, status = exc.message_dict, 400
        else:
            messages.success(request, _("已下发，下辖各级人大将在“上级来文”中收到。"))
            return redirect("distribution:sent")
    return render(request, "distribution/sent.html", {
        "notices": selectors.sent()[:100], "kinds": NoticeKind.choices, "errors": errors, "form": request.POST,
    }, status=status)


@capability_required("distribution.manage")
def sent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(Notice, pk=pk)
    return render(request, "distribution/sent_detail.html", {
        "notice": notice, "feedback": notice.feedback.all(), "opinions": notice.opinions.all(),
    })


@capability_required("distribution.view")
def inbox(request: HttpRequest) -> HttpResponse:
    return render(request, "distribution/inbox.html", {"notices": selectors.received()[:100]})


@capability_required("distribution.view")
def received_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(ReceivedNotice, pk=pk)
    errors: dict = {}
    status = 200
    if request.method == "POST":
        if not has_capability(request.user, "distribution.manage"):
            return render(request, "403.html", status=403)
        try:
            services.comment(notice, text=request.POST.get("text", ""), source=CommentSource.STAFF,
                             user_id=request.user.pk)
        except ValidationError as exc:
            errors, status = exc.message_dict, 400
        else:
            messages.success(request, _("意见已报送发文人大。"))
            return redirect("distribution:received", pk=notice.pk)
    return render(request, "distribution/received_detail.html", {
        "notice": notice, "comments": notice.comments.all(), "errors": errors,
        "can_comment": has_capability(request.user, "distribution.manage"),
    }, status=status)


def public_list(request: HttpRequest) -> HttpResponse:
    return render(request, "distribution/public_list.html", {"notices": selectors.received()[:100]})


def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = get_object_or_404(ReceivedNotice, pk=pk)
    errors: dict = {}
    status = 200
    if request.method == "POST":
        try:
            services.comment(notice, text=request.POST.get("text", ""), source=CommentSource.PUBLIC)
        except ValidationError as exc:
            errors, status = exc.message_dict, 400
        else:
            messages.success(request, _("感谢您的意见，已提交。"))
            return redirect("distribution:public_detail", pk=notice.pk)
    return render(request, "distribution/public_detail.html", {"notice": notice, "errors": errors}, status=status)
