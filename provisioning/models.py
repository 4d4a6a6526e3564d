"""Provisioning state (public schema): jobs, bulk batches, per-schema migration state, archives."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    PENDING = "pending", _("排队中")
    RUNNING = "running", _("进行中")
    FAILED = "failed", _("失败")
    SUCCEEDED = "succeeded", _("已完成")
    ROLLED_BACK = "rolled_back", _("已回滚")


class Step(models.TextChoices):
    VALIDATE = "validate", _("校验")
    CREATE_SCHEMA = "create_schema", _("建库")
    MIGRATE = "migrate", _("迁移到最新")
    SEED = "seed", _("初始数据")
    ADMINS = "admins", _("管理员与成员")
    MODULES = "modules", _("开通模块")
    ACTIVATE = "activate", _("启用")
    PUBLISH = "publish", _("发布开通事件")


STEPS: tuple[str, ...] = tuple(Step.values)


class Batch(models.Model):
    """One bulk onboarding run (a CSV or Excel file): a set of jobs, run in dependency order."""

    name = models.CharField(_("名称"), max_length=200)
    state = models.CharField(
        _("状态"), max_length=16, choices=JobState.choices, default=JobState.PENDING
    )
    total = models.PositiveIntegerField(_("总数"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("批量开通")
        verbose_name_plural = _("批量开通")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class ProvisioningJob(models.Model):
    """One run of the pipeline for one tenant spec; resumable from the step that failed."""

    spec = models.JSONField(_("开通规格"))
    region_code = models.CharField(_("行政区划代码"), max_length=12, db_index=True)
    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=16)
    depth = models.PositiveSmallIntegerField(default=0)
    state = models.CharField(
        _("状态"), max_length=16, choices=JobState.choices, default=JobState.PENDING
    )
    step = models.CharField(_("当前步骤"), max_length=20, choices=Step.choices, blank=True)
    completed_steps = models.JSONField(default=list, blank=True)
    log = models.JSONField(_("日志"), default=list, blank=True)
    error = models.TextField(_("错误"), blank=True)
    attempts = models.PositiveIntegerField(default=0)
    congress = models.ForeignKey(
        "tenants.Congress",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="provisioning_jobs",
    )
    batch = models.ForeignKey(
        Batch, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("开通任务")
        verbose_name_plural = _("开通任务")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["batch", "state"], name="provisioning_job_batch_state")]

    def __str__(self) -> str:
        return f"{self.region_code} {self.name} ({self.state})"

    @property
    def progress(self) -> int:
        """Percent of the pipeline's steps done."""
        return round(100 * len(self.completed_steps) / len(STEPS))

    @property
    def is_finished(self) -> bool:
        return self.state in (JobState.SUCCEEDED, JobState.ROLLED_BACK)


class SchemaState(models.Model):
    """The migration state last applied to a schema, as a fingerprint of its migration set.

    Rollout compares every schema's fingerprint with the code's in one query and
    skips the schemas already current, without opening a migration executor for them.
    """

    schema_name = models.CharField(max_length=63, primary_key=True)
    fingerprint = models.CharField(max_length=64)
    migrations = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("模式迁移状态")
        verbose_name_plural = _("模式迁移状态")

    def __str__(self) -> str:
        return f"{self.schema_name}@{self.fingerprint[:12]}"


class RolloutRun(models.Model):
    """One run of the migration rollout: what it did and which schemas failed."""

    fingerprint = models.CharField(max_length=64)
    total = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    migrated = models.PositiveIntegerField(default=0)
    failures = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("迁移批次")
        verbose_name_plural = _("迁移批次")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"rollout {self.pk} {self.fingerprint[:12]}"


class Archive(models.Model):
    """An archived congress: the schema dump and the data export, on disk."""

    congress = models.ForeignKey(
        "tenants.Congress", on_delete=models.PROTECT, related_name="archives"
    )
    schema_name = models.CharField(max_length=63)
    dump_path = models.CharField(max_length=500)
    export_path = models.CharField(max_length=500)
    # The schema's migration state when dumped: a restore records it, and the next rollout
    # brings the restored schema forward if the code has moved on since.
    fingerprint = models.CharField(max_length=64, blank=True)
    size_bytes = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("归档")
        verbose_name_plural = _("归档")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.schema_name} @ {self.created_at:%Y-%m-%d %H:%M}"
