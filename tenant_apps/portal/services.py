"""Writes of the portal: drafting, publishing and withdrawing posts."""

from __future__ import annotations

import re

import nh3
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from shared_apps.audit.services import record
from shared_apps.bus.services import publish
from shared_apps.web.images import sanitise_image

from .models import Post, PostKind, PostStatus

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "s", "h2", "h3", "h4", "ul", "ol", "li",
    "blockquote", "a", "img", "table", "thead", "tbody", "tr", "th", "td", "hr", "span",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt"}, "td": {"colspan", "rowspan"}}


# Block-level markup: a body with none of it is plain text (an API client, a pasted notice).
_BLOCK = re.compile(r"<\s*(p|br|h[1-6]|ul|ol|li|blockquote|table|div|hr)\b", re.IGNORECASE)


def paragraphs(text: str) -> str:
    """Plain text as HTML paragraphs: one per line, so a notice typed with line breaks keeps them."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    # Not escaped here: inline markup (<strong>) survives, and nh3 below escapes the rest.
    return "".join(f"<p>{line}</p>" for line in lines if line)


def clean_body(body: str) -> str:
    """Rich text from the editor, reduced to safe tags; links get rel=noopener."""
    if not _BLOCK.search(body):
        body = paragraphs(body)
    return nh3.clean(
        body, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )


def _validate(title: str, body: str, kind: str) -> None:
    errors = {}
    if not title.strip():
        errors["title"] = [_("请填写标题。")]
    if not body.strip():
        errors["body"] = [_("请填写正文。")]
    if kind not in PostKind.values:
        errors["kind"] = [_("未知栏目。")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_post(
    *, post: Post | None = None, title: str, body: str, kind: str = PostKind.NEWS, summary: str = "",
    cover: UploadedFile | None = None, author_id: int | None = None,
) -> Post:
    _validate(title, body, kind)
    post = post or Post(author_id=author_id)
    post.title, post.kind, post.summary = title.strip(), kind, summary.strip()
    post.body = clean_body(body)
    if cover is not None:
        try:
            image = sanitise_image(cover, max_side=1600)
        except ValidationError as exc:
            raise ValidationError({"cover": exc.messages}) from exc
        post.cover.save(image.name, image, save=False)
    created = post.pk is None
    post.save()
    record("portal.post_created" if created else "portal.post_edited", post, {"title": post.title})
    return post


@transaction.atomic
def publish_post(post: Post) -> Post:
    if post.is_published:
        return post
    republished = post.published_at is not None
    post.status = PostStatus.PUBLISHED
    post.published_at = timezone.now()
    post.save(update_fields=["status", "published_at", "updated_at"])
    record("portal.post_published", post)
    publish(
        "portal.post_published",
        {"post_id": post.pk, "kind": post.kind, "published_at": post.published_at, "republished": republished},
    )
    return post


@transaction.atomic
def unpublish_post(post: Post) -> Post:
    if not post.is_published:
        raise ValidationError(_("只有已发布的文章可以撤回。"))
    post.status = PostStatus.UNPUBLISHED
    post.save(update_fields=["status", "updated_at"])
    record("portal.post_unpublished", post)
    return post


def seed(congress, data: dict) -> None:
    """Provisioning hook (manifest ``seeder``): the posts a new congress starts with.

    Runs in the new congress's schema; a post whose title exists already is left alone,
    so a resumed onboarding does not duplicate it.
    """
    existing = set(Post.objects.values_list("title", flat=True))
    for item in data.get("posts", []):
        if item["title"] in existing:
            continue
        post = save_post(title=item["title"], body=item["body"], kind=item["kind"])
        if item.get("publish"):
            publish_post(post)
