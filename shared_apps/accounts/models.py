"""Account lifecycle: invitations, password resets and the sessions of each user (public schema).

Secrets (link tokens, SMS codes) are never stored: only a keyed hash, so a database dump
cannot be replayed. Each row is single-use and expires.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("邮件链接")
    SMS = "sms", _("短信验证码")


class GrantState(models.TextChoices):
    OPEN = "open", _("待使用")
    USED = "used", _("已使用")
    EXPIRED = "expired", _("已过期")
    REVOKED = "revoked", _("已作废")


class GrantQuerySet(models.QuerySet):
    def open(self) -> GrantQuerySet:
        return self.filter(used_at__isnull=True, revoked_at__isnull=True, expires_at__gt=timezone.now())


class OneTimeGrant(models.Model):
    """The right to set a user's password once, delivered by a link or a code."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    channel = models.CharField(_("方式"), max_length=8, choices=Channel.choices)
    secret_hash = models.CharField(max_length=64, db_index=True)
    # Where it was sent, masked (138****8000 / z***@example.cn): enough for an administrator.
    sent_to = models.CharField(_("发送至"), max_length=100, blank=True)
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    expires_at = models.DateTimeField(_("有效期至"))
    used_at = models.DateTimeField(_("使用时间"), null=True, blank=True)
    # A newer invitation or reset, a disabled account or a password change voids the older ones.
    revoked_at = models.DateTimeField(_("作废时间"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("验证码尝试次数"), default=0)

    objects = GrantQuerySet.as_manager()

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.model_name} {self.pk} ({self.channel}, {self.state})"

    @property
    def state_label(self) -> str:
        return GrantState(self.state).label

    @property
    def state(self) -> str:
        if self.used_at:
            return GrantState.USED
        if self.revoked_at:
            return GrantState.REVOKED
        if self.expires_at <= timezone.now():
            return GrantState.EXPIRED
        return GrantState.OPEN


class Invitation(OneTimeGrant):
    congress = models.ForeignKey(
        "tenants.Congress", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("账号邀请")
        verbose_name_plural = _("账号邀请")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="invitation_user"),
        ]


class PasswordReset(OneTimeGrant):
    class Meta:
        verbose_name = _("找回密码")
        verbose_name_plural = _("找回密码")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="reset_user")]


class SessionRecord(models.Model):
    """Which session belongs to whom, so an administrator can end a user's sessions.

    Django's session table cannot be searched by user (the data is encoded); a row is
    written at every login and removed when the sessions are ended.
    """

    session_key = models.CharField(max_length=40, primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["user"], name="session_record_user")]

    def __str__(self) -> str:
        return f"session of {self.user_id}"
