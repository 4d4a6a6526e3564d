"""Cases a child congress escalated to this one (提请上级), and what this congress decided.

Only ids, the category, the staff-written summary and statuses cross from the township: the
citizen's name, contact and message text stay in the township's schema.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("待处理")
    IN_PROGRESS = "in_progress", _("办理中")
    ANSWERED = "answered", _("已答复")
    CLOSED = "closed", _("已办结")


class EscalatedCase(models.Model):
    source_congress_id = models.IntegerField(_("提请人大"))
    source_congress_name = models.CharField(_("提请人大名称"), max_length=100)
    source_voice_id = models.BigIntegerField(_("原意见编号"))
    category = models.CharField(_("类别"), max_length=60)
    summary = models.TextField(_("提请摘要"))
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus.choices, default=CaseStatus.RECEIVED)
    requested_at = models.DateTimeField(_("提请时间"))
    received_at = models.DateTimeField(_("接收时间"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("提级案件")
        verbose_name_plural = _("提级案件")
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["source_congress_id", "source_voice_id"], name="escalation_once_per_voice")
        ]

    def __str__(self) -> str:
        return f"{self.source_congress_name} #{self.source_voice_id}"

    @property
    def category_label(self) -> str:
        from shared_apps.rollups.labels import label

        return label("category", self.category)


class CaseDecision(models.Model):
    case = models.ForeignKey(EscalatedCase, on_delete=models.CASCADE, related_name="decisions")
    status = models.CharField(_("状态"), max_length=16, choices=CaseStatus.choices)
    text = models.TextField(_("办理意见"))
    decided_by = models.IntegerField(null=True)
    decided_at = models.DateTimeField(_("时间"))

    class Meta:
        verbose_name = _("办理意见")
        verbose_name_plural = _("办理意见")
        ordering = ["decided_at"]

    def __str__(self) -> str:
        return f"{self.case_id} {self.status}"
