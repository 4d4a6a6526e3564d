"""Downward distribution (上下联动): notices and drafts for comments sent to the whole subtree.

The publisher keeps ``Notice`` and the aggregated feedback; each congress below keeps its copy
(``ReceivedNotice``) and the comments made on it. Public comments stay where they were made;
only their count goes up. Opinions written by a congress's staff go up with their text.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class NoticeKind(models.TextChoices):
    NOTICE = "notice", _("通知")
    DRAFT = "draft", _("征求意见稿")


class CommentSource(models.TextChoices):
    STAFF = "staff", _("人大机关意见")
    PUBLIC = "public", _("公众意见")


class _Text(models.Model):
    kind = models.CharField(_("类型"), max_length=8, choices=NoticeKind.choices, default=NoticeKind.NOTICE)
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("正文"))
    comments_until = models.DateField(_("意见截止日期"), null=True, blank=True)
    published_at = models.DateTimeField(_("发布时间"))

    class Meta:
        abstract = True
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.title

    @property
    def open_for_comments(self) -> bool:
        return self.kind == NoticeKind.DRAFT and (
            self.comments_until is None or timezone.localdate() <= self.comments_until
        )


class Notice(_Text):
    created_by = models.IntegerField(null=True)

    class Meta(_Text.Meta):
        verbose_name = _("下发通知")
        verbose_name_plural = _("下发通知")


class NoticeFeedback(models.Model):
    """Comments from one congress below on one of our notices: counts only."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="feedback")
    congress_id = models.IntegerField()
    congress_name = models.CharField(max_length=100)
    staff_comments = models.PositiveIntegerField(default=0)
    public_comments = models.PositiveIntegerField(default=0)
    last_comment_at = models.DateTimeField()

    class Meta:
        ordering = ["congress_name"]
        constraints = [models.UniqueConstraint(fields=["notice", "congress_id"], name="feedback_per_congress")]

    def __str__(self) -> str:
        return f"{self.congress_name}: {self.staff_comments}+{self.public_comments}"


class ForwardedOpinion(models.Model):
    """A staff opinion of a congress below, with its text."""

    notice = models.ForeignKey(Notice, on_delete=models.CASCADE, related_name="opinions")
    congress_id = models.IntegerField()
    congress_name = models.CharField(max_length=100)
    comment_id = models.BigIntegerField()
    text = models.TextField()
    commented_at = models.DateTimeField()

    class Meta:
        ordering = ["commented_at"]
        constraints = [models.UniqueConstraint(fields=["congress_id", "comment_id"], name="opinion_once")]

    def __str__(self) -> str:
        return f"{self.congress_name} #{self.comment_id}"


class ReceivedNotice(_Text):
    origin_congress_id = models.IntegerField()
    origin_congress_name = models.CharField(_("发文人大"), max_length=100)
    origin_notice_id = models.BigIntegerField()
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta(_Text.Meta):
        verbose_name = _("上级来文")
        verbose_name_plural = _("上级来文")
        constraints = [
            models.UniqueConstraint(fields=["origin_congress_id", "origin_notice_id"], name="received_once")
        ]


class NoticeComment(models.Model):
    notice = models.ForeignKey(ReceivedNotice, on_delete=models.CASCADE, related_name="comments")
    source = models.CharField(max_length=8, choices=CommentSource.choices)
    text = models.TextField(_("意见"))
    created_by = models.IntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.source} #{self.pk}"
