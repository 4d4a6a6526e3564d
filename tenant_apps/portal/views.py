"""Pages of the portal: public reading, and staff editing."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from shared_apps.identity.access import capability_required

from . import policy, selectors, services
from .forms import PostForm
from .models import Post, PostKind


def post_list(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in PostKind.values:
        raise Http404
    posts = selectors.public_posts(kind)[:100]
    return render(request, "portal/post_list.html", {"posts": posts, "kind": PostKind(kind)})


def post_detail(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    if not policy.can_view(request.user, post):
        raise Http404
    return render(request, "portal/post_detail.html", {"post": post})


@capability_required("portal.manage_posts")
def manage(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/manage.html", {"posts": selectors.staff_posts()[:200]})


@capability_required("portal.manage_posts")
def edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk) if pk else None
    if request.method == "POST":
        form = PostForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                post = services.save_post(
                    post=post, title=data["title"], body=data["body"], kind=data["kind"],
                    summary=data["summary"], cover=data["cover"], author_id=request.user.pk,
                )
            except ValidationError as exc:
                for field, errors in exc.message_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                if "publish" in request.POST:
                    services.publish_post(post)
                    messages.success(request, _("已发布。"))
                else:
                    messages.success(request, _("已保存。"))
                return redirect("portal:manage")
        status = 400
    else:
        initial = {"kind": post.kind, "title": post.title, "summary": post.summary, "body": post.body} if post else {}
        form = PostForm(initial=initial)
        status = 200
    return render(request, "portal/edit.html", {"form": form, "post": post}, status=status)


@require_POST
@capability_required("portal.publish_posts")
def change_status(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    post = get_object_or_404(Post, pk=pk)
    try:
        if action == "publish":
            services.publish_post(post)
            messages.success(request, _("已发布。"))
        elif action == "unpublish":
            services.unpublish_post(post)
            messages.success(request, _("已撤回。"))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("portal:manage")
