"""Writes of distribution: sending down, receiving, commenting, counting feedback."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from shared_apps.audit.services import record
from shared_apps.bus.services import publish

from .models import (
    CommentSource,
    ForwardedOpinion,
    Notice,
    NoticeComment,
    NoticeFeedback,
    NoticeKind,
    ReceivedNotice,
)


@transaction.atomic
def send_notice(*, title: str, body: str, kind: str, comments_until: dt.date | None,
                user_id: int | None) -> Notice:
    title, body = (title or "").strip(), (body or "").strip()
    errors: dict[str, list[str]] = {}
    if not title:
        errors["title"] = [_("请填写标题。")]
    elif len(title) > 200:
        errors["title"] = [_("标题不能超过 200 字。")]
    if not body:
        errors["body"] = [_("请填写正文。")]
    if kind not in NoticeKind.values:
        errors["kind"] = [_("请选择类型。")]
    if kind == NoticeKind.DRAFT and comments_until and comments_until < timezone.localdate():
        errors["comments_until"] = [_("意见截止日期不能早于今天。")]
    if errors:
        raise ValidationError(errors)
    notice = Notice.objects.create(
        kind=kind, title=title, body=body, published_at=timezone.now(), created_by=user_id,
        comments_until=comments_until if kind == NoticeKind.DRAFT else None,
    )
    record("distribution.sent", notice, {"kind": kind})
    publish("distribution.notice_published", {
        "notice_id": notice.pk, "kind": kind, "title": title, "body": body,
        "published_at": notice.published_at, "comments_until": notice.comments_until,
    })
    return notice


def receive(*, origin_congress_id: int, origin_congress_name: str, payload: dict) -> ReceivedNotice:
    notice, _created = ReceivedNotice.objects.get_or_create(
        origin_congress_id=origin_congress_id,
        origin_notice_id=payload["notice_id"],
        defaults={
            "origin_congress_name": origin_congress_name,
            "kind": payload["kind"], "title": payload["title"], "body": payload["body"],
            "published_at": parse_datetime(payload["published_at"]),
            "comments_until": parse_date(payload["comments_until"]) if payload["comments_until"] else None,
        },
    )
    return notice


@transaction.atomic
def comment(notice: ReceivedNotice, *, text: str, source: str, user_id: int | None = None) -> NoticeComment:
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("请填写意见。")]})
    if len(text) > 2000:
        raise ValidationError({"text": [_("意见不能超过 2000 字。")]})
    if source == CommentSource.PUBLIC and not notice.open_for_comments:
        raise ValidationError({"text": [_("该文件不在征求意见期内。")]})
    item = NoticeComment.objects.create(notice=notice, source=source, text=text, created_by=user_id)
    record("distribution.commented", item, {"source": source})
    publish("distribution.comment_received", {
        "origin_congress_id": notice.origin_congress_id,
        "origin_notice_id": notice.origin_notice_id,
        "comment_id": item.pk,
        "source": source,
        # Public comments may carry personal details: they stay here, only counted above.
        "text": text if source == CommentSource.STAFF else None,
        "commented_at": item.created_at,
    })
    return item


def count_feedback(*, congress_id: int, congress_name: str, payload: dict) -> None:
    """In the publisher's schema: one more comment from ``congress_id`` on one of our notices."""
    notice = Notice.objects.filter(pk=payload["origin_notice_id"]).first()
    if notice is None:
        raise LookupError(f"notice {payload['origin_notice_id']} does not exist here")
    at = parse_datetime(payload["commented_at"])
    column = "staff_comments" if payload["source"] == CommentSource.STAFF else "public_comments"
    feedback, created = NoticeFeedback.objects.get_or_create(
        notice=notice, congress_id=congress_id,
        defaults={"congress_name": congress_name, "last_comment_at": at, column: 1},
    )
    if not created:
        NoticeFeedback.objects.filter(pk=feedback.pk).update(**{column: F(column) + 1}, last_comment_at=at)
    if payload["source"] == CommentSource.STAFF and payload["text"]:
        ForwardedOpinion.objects.get_or_create(
            congress_id=congress_id, comment_id=payload["comment_id"],
            defaults={"notice": notice, "congress_name": congress_name, "text": payload["text"], "commented_at": at},
        )
