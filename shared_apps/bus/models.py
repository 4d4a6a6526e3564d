import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxEvent(models.Model):
    """A domain event written in the same transaction as the change it reports.

    The table exists in every congress schema (and in public, for platform events).
    The relay moves rows to the bus log and stamps ``relayed_at``.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    type = models.CharField(_("事件类型"), max_length=80)
    version = models.PositiveSmallIntegerField(_("版本"))
    occurred_at = models.DateTimeField(_("发生时间"), auto_now_add=True)
    payload = models.JSONField(_("内容"))
    relayed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("发件箱事件")
        verbose_name_plural = _("发件箱事件")
        ordering = ["occurred_at"]
        indexes = [
            models.Index(
                fields=["occurred_at"],
                condition=models.Q(relayed_at__isnull=True),
                name="outbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.type} v{self.version} {self.id}"
