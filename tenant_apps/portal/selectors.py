"""Reads of the portal."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import HttpRequest

from tenants.selectors import module_config

from .models import Post, PostKind, PostStatus


def public_posts(kind: str | None = None) -> QuerySet[Post]:
    posts = Post.objects.filter(status=PostStatus.PUBLISHED)
    return posts.filter(kind=kind) if kind else posts


def staff_posts() -> QuerySet[Post]:
    return Post.objects.order_by("-updated_at")


def home_context(request: HttpRequest) -> dict:
    count = module_config("portal", request.tenant).get("home_post_count", 8)
    return {
        "news": list(public_posts(PostKind.NEWS).defer("body")[:count]),
        "notices": list(public_posts(PostKind.NOTICE).defer("body")[:count]),
    }
