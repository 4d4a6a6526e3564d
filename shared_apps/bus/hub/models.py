"""Public tables of the data bus: the log, pending markers, consumer state, ingestion keys."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from shared_apps.privacy.fields import EncryptedCharField


class EventSource(models.TextChoices):
    OUTBOX = "outbox", _("本平台模块")
    INGEST = "ingest", _("自建系统接入")


class BusEvent(models.Model):
    """One event in the bus log (一网通达): a global sequence, partitioned by month.

    The table is created by raw SQL (``PARTITION BY RANGE (recorded_at)``); Django only reads
    it. Its real primary key is ``(seq, recorded_at)``; event ids are kept unique by
    :class:`EventId`, because a unique index on a partitioned table must include the partition key.
    """

    seq = models.BigIntegerField(primary_key=True)
    event_id = models.UUIDField()
    type = models.CharField(max_length=80)
    version = models.PositiveSmallIntegerField()
    congress_id = models.IntegerField()
    source = models.CharField(max_length=8, choices=EventSource.choices)
    occurred_at = models.DateTimeField()
    recorded_at = models.DateTimeField()
    payload = models.JSONField()

    class Meta:
        managed = False
        db_table = "bushub_busevent"
        ordering = ["seq"]
        verbose_name = _("总线事件")
        verbose_name_plural = _("总线事件")

    def __str__(self) -> str:
        return f"#{self.seq} {self.type} v{self.version}"


class EventId(models.Model):
    """Every event id the log holds: what makes relaying and ingestion idempotent."""

    event_id = models.UUIDField(primary_key=True)
    seq = models.BigIntegerField()

    class Meta:
        verbose_name = _("事件标识")
        verbose_name_plural = _("事件标识")

    def __str__(self) -> str:
        return str(self.event_id)


class PendingSchema(models.Model):
    """A schema whose outbox holds unrelayed events.

    Written by ``bus.services.publish`` in the same transaction as the outbox row, so the relay
    finds work without scanning 1,500 schemas; ``marked_at`` is when the oldest of them waits since.
    """

    schema_name = models.CharField(max_length=63, primary_key=True)
    congress_id = models.IntegerField()
    marked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("待转发标记")
        verbose_name_plural = _("待转发标记")

    def __str__(self) -> str:
        return self.schema_name


class CongressFeed(models.Model):
    """Per congress: when its last event reached the log, and how many did (operations page)."""

    congress_id = models.IntegerField(primary_key=True)
    last_event_at = models.DateTimeField()
    events_total = models.BigIntegerField(default=0)

    class Meta:
        verbose_name = _("人大事件状态")
        verbose_name_plural = _("人大事件状态")

    def __str__(self) -> str:
        return f"{self.congress_id}: {self.last_event_at}"


class ConsumerState(models.Model):
    """A consumer's offset: the last log ``seq`` it has handled."""

    name = models.CharField(max_length=60, primary_key=True)
    position = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    rebuilt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("消费者位置")
        verbose_name_plural = _("消费者位置")

    def __str__(self) -> str:
        return f"{self.name}@{self.position}"


class InboxEntry(models.Model):
    """An event a consumer has applied, written in the same transaction as the effect."""

    consumer = models.CharField(max_length=60)
    event_id = models.UUIDField()
    handled_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("已处理事件")
        verbose_name_plural = _("已处理事件")
        constraints = [
            models.UniqueConstraint(fields=["consumer", "event_id"], name="inbox_once_per_consumer")
        ]

    def __str__(self) -> str:
        return f"{self.consumer}:{self.event_id}"


class DeliveryStatus(models.TextChoices):
    RETRYING = "retrying", _("重试中")
    DEAD = "dead", _("死信")
    RESOLVED = "resolved", _("已解决")


class FailedDelivery(models.Model):
    """An event a consumer could not apply: retried with backoff, then kept as a dead letter."""

    consumer = models.CharField(max_length=60)
    seq = models.BigIntegerField()
    event_id = models.UUIDField()
    type = models.CharField(max_length=80)
    attempts = models.PositiveSmallIntegerField(default=1)
    last_error = models.TextField()
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.RETRYING)
    first_failed_at = models.DateTimeField(auto_now_add=True)
    next_attempt_at = models.DateTimeField()
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("投递失败")
        verbose_name_plural = _("投递失败")
        ordering = ["-first_failed_at"]
        constraints = [
            models.UniqueConstraint(fields=["consumer", "event_id"], name="failure_once_per_consumer")
        ]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="failure_due")]

    def __str__(self) -> str:
        return f"{self.consumer} #{self.seq} {self.type}"


def _key_id() -> str:
    return "rk_" + uuid.uuid4().hex[:20]


class ApiKey(models.Model):
    """A connected system's key for the ingestion API; the secret signs requests (HMAC-SHA256)."""

    congress = models.ForeignKey(
        "tenants.Congress", verbose_name=_("人大"), on_delete=models.PROTECT, related_name="bus_api_keys"
    )
    key_id = models.CharField(_("密钥编号"), max_length=40, unique=True, default=_key_id, editable=False)
    # Needed in clear to verify signatures, hence encrypted rather than hashed.
    secret = EncryptedCharField(_("密钥"), max_length=128)
    label = models.CharField(_("用途说明"), max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("接入密钥")
        verbose_name_plural = _("接入密钥")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.key_id

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class IngestNonce(models.Model):
    """Signatures already seen, so a captured request cannot be sent twice."""

    key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    nonce = models.CharField(max_length=64)
    seen_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["key", "nonce"], name="ingest_nonce_once")]

    def __str__(self) -> str:
        return self.nonce
