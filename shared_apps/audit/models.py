from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One state change: who, when, what, from where.

    The table exists in the public schema and in every congress schema; an entry
    lands in the schema the change was made in. Entries are append-only (a database
    trigger refuses UPDATE, DELETE and TRUNCATE) and hash-chained per schema (see chain.py).
    """

    # Set before saving (not auto_now_add): the value is part of the entry's hash.
    at = models.DateTimeField(_("时间"), default=timezone.now, db_index=True, editable=False)
    actor_id = models.BigIntegerField(_("操作人"), null=True, blank=True)
    ip = models.GenericIPAddressField(_("来源地址"), null=True, blank=True)
    source = models.CharField(_("来源"), max_length=20, default="system")
    congress_id = models.BigIntegerField(null=True, blank=True)
    action = models.CharField(_("操作"), max_length=80)
    object_type = models.CharField(max_length=80)
    object_id = models.CharField(max_length=64)
    data = models.JSONField(default=dict, blank=True)
    prev_hash = models.CharField(max_length=64, blank=True, default="")
    entry_hash = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("审计记录")
        verbose_name_plural = _("审计记录")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}:{self.object_id}"
