from django.db import models
from django.utils.translation import gettext_lazy as _


class PostKind(models.TextChoices):
    NEWS = "news", _("人大要闻")
    NOTICE = "notice", _("通知公告")


class PostStatus(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")
    UNPUBLISHED = "unpublished", _("已撤回")


class Post(models.Model):
    kind = models.CharField(_("栏目"), max_length=10, choices=PostKind.choices, default=PostKind.NEWS)
    title = models.CharField(_("标题"), max_length=200)
    summary = models.CharField(_("摘要"), max_length=300, blank=True)
    # Stored already sanitised (services.clean_body): safe to render as HTML.
    body = models.TextField(_("正文"))
    cover = models.ImageField(_("封面图"), upload_to="portal/covers/", blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=PostStatus.choices, default=PostStatus.DRAFT)
    published_at = models.DateTimeField(_("发布时间"), null=True, blank=True)
    author_id = models.BigIntegerField(_("作者"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("文章")
        verbose_name_plural = _("文章")
        ordering = ["-published_at", "-created_at"]
        indexes = [models.Index(fields=["status", "-published_at"], name="post_public_list")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == PostStatus.PUBLISHED
