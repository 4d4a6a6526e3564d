"""The tenant registry: congresses, their hostnames and their modules."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

from .regions import Level, parent_level_errors, region_code_errors


class HostingMode(models.TextChoices):
    HOSTED = "hosted", _("省级统建")
    HYBRID = "hybrid", _("统建加自建")
    CONNECTED = "connected", _("自建接入")


class CongressStatus(models.TextChoices):
    PROVISIONING = "provisioning", _("开通中")
    ACTIVE = "active", _("运行中")
    SUSPENDED = "suspended", _("已暂停")
    ARCHIVED = "archived", _("已归档")


class CongressQuerySet(models.QuerySet):
    def congresses(self) -> CongressQuerySet:
        return self.exclude(level=Level.PLATFORM)

    def subtree_of(self, congress: Congress) -> CongressQuerySet:
        """This congress and everything below it: one indexed prefix predicate."""
        return self.filter(path__startswith=congress.path)


class Congress(TenantMixin):
    """A people's congress (人大) at one level: one tenant, one schema."""

    name = models.CharField(_("名称"), max_length=100)
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级人大"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    region_code = models.CharField(_("行政区划代码"), max_length=12, unique=True, null=True, blank=True)
    # "/320000/320700/320722/" – the codes from the province down; prefix queries select a subtree.
    path = models.CharField(max_length=120, editable=False, db_index=True)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    hosting_mode = models.CharField(
        _("接入方式"), max_length=16, choices=HostingMode.choices, default=HostingMode.HOSTED
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=CongressStatus.choices, default=CongressStatus.ACTIVE
    )
    is_demo = models.BooleanField(_("演示数据"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # Schemas are created by tenants.services (and later the provisioning pipeline), not on save.
    auto_create_schema = False
    auto_drop_schema = False

    objects = CongressQuerySet.as_manager()

    class Meta:
        verbose_name = _("人大")
        verbose_name_plural = _("人大")
        # db_index on `path` gives PostgreSQL a varchar_pattern_ops index too: prefix queries use it.
        ordering = ["path"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_platform(self) -> bool:
        return self.level == Level.PLATFORM

    @property
    def is_suspended(self) -> bool:
        return self.status == CongressStatus.SUSPENDED

    def compute_path(self) -> str:
        if self.is_platform:
            return "/"
        prefix = self.parent.path if self.parent_id else "/"
        return f"{prefix}{self.region_code}/"

    def clean(self) -> None:
        if self.is_platform:
            return
        parent = self.parent if self.parent_id else None
        errors = parent_level_errors(self.level, parent.level if parent else None)
        errors += region_code_errors(self.region_code or "", self.level, parent.region_code if parent else None)
        if errors:
            raise ValidationError({"region_code": errors})

    def save(self, *args, **kwargs) -> None:
        self.path = self.compute_path()
        self.depth = self.path.count("/") - 2 if not self.is_platform else 0
        super().save(*args, **kwargs)

    def primary_domain_name(self) -> str | None:
        domain = self.get_primary_domain()
        return domain.domain if domain else None


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("域名")
        verbose_name_plural = _("域名")


class ModuleSwitch(models.Model):
    """Whether a congress has a module on, and that module's configuration for it."""

    congress = models.ForeignKey(Congress, on_delete=models.CASCADE, related_name="module_switches")
    module = models.CharField(_("模块"), max_length=50)
    enabled = models.BooleanField(_("启用"), default=True)
    config = models.JSONField(_("配置"), default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("模块开关")
        verbose_name_plural = _("模块开关")
        constraints = [
            models.UniqueConstraint(fields=["congress", "module"], name="module_switch_unique")
        ]

    def __str__(self) -> str:
        return f"{self.congress_id}:{self.module}={'on' if self.enabled else 'off'}"
