"""One identity for every congress: users, organisation units and memberships (public schema)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shared_apps.privacy.fields import BlindIndexField, EncryptedCharField

from .roles import Role


class User(AbstractUser):
    """A person with one login across every congress they belong to."""

    display_name = models.CharField(_("姓名"), max_length=50, blank=True)
    # Encrypted like every copy of a mobile number; found through its blind index
    # (selectors.user_by_phone), which is unique per key version.
    phone = EncryptedCharField(_("手机号"), max_length=20, null=True, blank=True)
    phone_index = BlindIndexField(source="phone", null=True, unique=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username

    def save(self, *args, **kwargs):
        # The blind index is computed from the phone on save; a partial save of the phone
        # must write the index with it, or lookups would miss (or find the old number).
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "phone" in update_fields and "phone_index" not in update_fields:
            kwargs["update_fields"] = [*update_fields, "phone_index"]
        super().save(*args, **kwargs)


class OrganisationKind(models.TextChoices):
    CONGRESS = "congress", _("人大机关")
    GOVERNMENT = "government", _("政府及部门")
    SUPERVISION = "supervision", _("监察委员会")
    COURT = "court", _("人民法院")
    PROCURATORATE = "procuratorate", _("人民检察院")


class OrganisationUnit(models.Model):
    """A unit of a congress's area: its own office, a government department, the 一委两院."""

    congress = models.ForeignKey(
        "tenants.Congress", on_delete=models.CASCADE, related_name="organisation_units"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=OrganisationKind.choices)
    name = models.CharField(_("名称"), max_length=100)
    # Object-level grants (django-guardian) go to this group; handlers of the unit are in it.
    group = models.OneToOneField(Group, on_delete=models.PROTECT, related_name="organisation_unit")
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("单位")
        verbose_name_plural = _("单位")
        ordering = ["congress_id", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["congress", "name"], name="org_unit_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class MembershipQuerySet(models.QuerySet):
    def active(self) -> MembershipQuerySet:
        return self.filter(ended_at__isnull=True)


class Membership(models.Model):
    """A user's role in one congress; handlers also belong to one organisation unit."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    congress = models.ForeignKey("tenants.Congress", on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    organisation_unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("单位"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    started_at = models.DateTimeField(_("开始时间"), auto_now_add=True)
    # Ending a membership keeps its history: nothing is deleted.
    ended_at = models.DateTimeField(_("结束时间"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("成员身份")
        verbose_name_plural = _("成员身份")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "congress", "role", "organisation_unit"],
                condition=Q(ended_at__isnull=True),
                nulls_distinct=False,
                name="membership_unique_active",
            ),
            models.CheckConstraint(
                condition=Q(role=Role.HANDLER, organisation_unit__isnull=False) | ~Q(role=Role.HANDLER),
                name="membership_handler_has_unit",
            ),
        ]
        indexes = [models.Index(fields=["user", "congress"], name="membership_user_congress")]

    def __str__(self) -> str:
        return f"{self.user} @ {self.congress_id}: {self.role}"


class SeatRequestStatus(models.TextChoices):
    PENDING = "pending", _("待本人确认")
    ACCEPTED = "accepted", _("已接受")
    DECLINED = "declined", _("已拒绝")
    CANCELLED = "cancelled", _("已撤回")


class SeatRequest(models.Model):
    """A seat offered to an account that already belongs to someone in another congress.

    Staff of one congress must not be able to attach a role to another congress's person by
    knowing their phone number: the seat waits here until the person accepts it (or a platform
    operator links it). ``reference`` lets the module that asked (e.g. ``deputies.deputy:12``)
    finish its own side when the seat is accepted (see ``signals.seat_accepted``).
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="seat_requests")
    congress = models.ForeignKey("tenants.Congress", on_delete=models.CASCADE, related_name="seat_requests")
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    organisation_unit = models.ForeignKey(
        OrganisationUnit, verbose_name=_("单位"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="seat_requests",
    )
    reference = models.CharField(max_length=80, blank=True, default="")
    status = models.CharField(
        _("状态"), max_length=12, choices=SeatRequestStatus.choices, default=SeatRequestStatus.PENDING
    )
    requested_by = models.ForeignKey(
        User, verbose_name=_("发起人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("发起时间"), auto_now_add=True)
    decided_at = models.DateTimeField(_("处理时间"), null=True, blank=True)
    decided_by = models.ForeignKey(
        User, verbose_name=_("处理人"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("待确认任职")
        verbose_name_plural = _("待确认任职")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "congress", "role", "organisation_unit"],
                condition=Q(status="pending"),
                nulls_distinct=False,
                name="seat_request_unique_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} @ {self.congress_id}: {self.role} ({self.status})"


class SignOnSession(models.Model):
    """A session of one sign-on family: the password login and every session the cross-host
    hand-off (identity.sso) created from it. Logging out of any of them ends them all."""

    family = models.CharField(max_length=32, db_index=True)
    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="sign_on_sessions")
    hostname = models.CharField(max_length=253, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("登录会话")
        verbose_name_plural = _("登录会话")

    def __str__(self) -> str:
        return f"{self.user_id}@{self.hostname}"
