"""The outbox of messages to people: one row per e-mail, SMS or WeChat message, with its outcome."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from shared_apps.privacy import mask_phone
from shared_apps.privacy.fields import EncryptedCharField, EncryptedJSONField, EncryptedTextField


class Channel(models.TextChoices):
    EMAIL = "email", _("电子邮件")
    SMS = "sms", _("短信")
    WECHAT = "wechat", _("微信模板消息")


class Status(models.TextChoices):
    QUEUED = "queued", _("排队中")
    SENDING = "sending", _("发送中")
    SENT = "sent", _("已发送")
    FAILED = "failed", _("发送失败")


class OutboundMessage(models.Model):
    """What was (or will be) sent to whom, and what happened.

    Recipient, text and parameters are personal data (phone numbers, invitation links, codes):
    they are encrypted at rest and the recipient is masked wherever it is shown.
    ``recipient_index`` (a blind index) finds a recipient's messages without decrypting.
    """

    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices)
    recipient = EncryptedCharField(_("接收人"), max_length=254)
    recipient_index = models.CharField(max_length=64, db_index=True)
    purpose = models.CharField(_("用途"), max_length=60)
    template = models.CharField(_("模板"), max_length=80, blank=True)
    params = EncryptedJSONField(default=dict, blank=True)
    subject = models.CharField(_("主题"), max_length=200, blank=True)
    # null: the encrypted field stores an empty text as NULL.
    text = EncryptedTextField(_("内容"), null=True, blank=True)
    url = models.CharField(max_length=500, blank=True)
    # Which backend delivers it ("sink", "smtp", "aliyun", "wechat", ...), fixed when queued.
    backend = models.CharField(_("发送方式"), max_length=20)
    status = models.CharField(_("状态"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("尝试次数"), default=0)
    last_error = models.CharField(_("最近错误"), max_length=500, blank=True)
    provider_message_id = models.CharField(max_length=100, blank=True)
    congress_id = models.BigIntegerField(null=True, blank=True)
    user_id = models.BigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("发送时间"), null=True, blank=True)

    class Meta:
        verbose_name = _("外发消息")
        verbose_name_plural = _("外发消息")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["congress_id", "-created_at"], name="messaging_by_congress"),
            models.Index(fields=["backend", "-created_at"], name="messaging_by_backend"),
            # The sweeper's scan: only unfinished rows are indexed.
            models.Index(
                fields=["next_attempt_at"],
                name="messaging_unfinished",
                condition=models.Q(status__in=["queued", "sending"]),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.purpose} {self.pk}"

    @property
    def masked_recipient(self) -> str:
        return mask_recipient(self.channel, self.recipient)


def mask_recipient(channel: str, recipient: str) -> str:
    if channel == Channel.SMS:
        return mask_phone(recipient)
    if channel == Channel.EMAIL and "@" in recipient:
        local, domain = recipient.rsplit("@", 1)
        return f"{local[:1]}***@{domain}"
    return f"{recipient[:4]}***" if recipient else ""
