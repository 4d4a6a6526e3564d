"""The deputy register and duty records of one congress (tables of the congress schema)."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from shared_apps.privacy.fields import BlindIndexField, EncryptedCharField


class DeputyLevel(models.TextChoices):
    """The level of the congress a deputy was elected to; a county office also keeps
    the national, provincial and city deputies who live in its area (Zhushan: four levels)."""

    NATIONAL = "national", _("全国人大代表")
    PROVINCE = "province", _("省人大代表")
    CITY = "city", _("市人大代表")
    COUNTY = "county", _("县（区）人大代表")
    TOWNSHIP = "township", _("乡镇人大代表")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class Party(models.TextChoices):
    CPC = "cpc", _("中共党员")
    RCCK = "rcck", _("民革党员")
    CDL = "cdl", _("民盟盟员")
    CNDCA = "cndca", _("民建会员")
    CAPD = "capd", _("民进会员")
    PWDP = "pwdp", _("农工党党员")
    ZGD = "zgd", _("致公党党员")
    JIUSAN = "jiusan", _("九三学社社员")
    TDSL = "tdsl", _("台盟盟员")
    NON_PARTY = "non_party", _("无党派人士")
    MASSES = "masses", _("群众")


class Occupation(models.TextChoices):
    """Occupation categories as election reports count them (代表构成)."""

    OFFICIAL = "official", _("党政领导干部")
    WORKER = "worker", _("工人")
    FARMER = "farmer", _("农民")
    PROFESSIONAL = "professional", _("专业技术人员")
    BUSINESS = "business", _("企业负责人")
    MILITARY = "military", _("解放军和武警")
    OTHER = "other", _("其他")


class Term(models.Model):
    """A term of the congress (第N届), five years as a rule."""

    number = models.PositiveSmallIntegerField(_("届次"), unique=True)
    name = models.CharField(_("名称"), max_length=60)
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)

    class Meta:
        verbose_name = _("届次")
        verbose_name_plural = _("届次")
        ordering = ["-number"]

    def __str__(self) -> str:
        return self.name


class Constituency(models.Model):
    """An electoral unit (选区 / 选举单位) deputies are elected from."""

    name = models.CharField(_("名称"), max_length=100, unique=True)
    code = models.CharField(_("编号"), max_length=30, blank=True)
    description = models.CharField(_("说明"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("选区")
        verbose_name_plural = _("选区")
        ordering = ["code", "name"]

    def __str__(self) -> str:
        return self.name


class DelegationGroup(models.Model):
    """A deputies' group (代表小组) that organises joint activities."""

    name = models.CharField(_("名称"), max_length=100)
    term = models.ForeignKey(
        Term,
        verbose_name=_("届次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="groups",
    )
    description = models.CharField(_("说明"), max_length=300, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    class Meta:
        verbose_name = _("代表小组")
        verbose_name_plural = _("代表小组")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "term"], nulls_distinct=False, name="group_unique_name_term")
        ]

    def __str__(self) -> str:
        return self.name


class DeputyQuerySet(models.QuerySet):
    def in_office(self) -> DeputyQuerySet:
        return self.filter(left_on__isnull=True)


class Deputy(models.Model):
    """A deputy on this congress's register.

    ``user`` points at the person's one identity in the public schema; a person with
    seats at several levels has one Deputy row in each congress. No database
    constraint crosses schemas (Citus schema sharding), hence ``db_constraint=False``.
    """

    user = models.ForeignKey(
        "identity.User",
        verbose_name=_("账号"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    roster_code = models.CharField(_("代表编号"), max_length=40, null=True, blank=True, unique=True)
    name = models.CharField(_("姓名"), max_length=50)
    gender = models.CharField(_("性别"), max_length=6, choices=Gender.choices, blank=True)
    ethnicity = models.CharField(_("民族"), max_length=20, blank=True)
    birth_year = models.PositiveSmallIntegerField(_("出生年份"), null=True, blank=True)
    party = models.CharField(_("政治面貌"), max_length=12, choices=Party.choices, blank=True)
    occupation = models.CharField(_("职业类别"), max_length=12, choices=Occupation.choices, blank=True)
    position = models.CharField(_("工作单位及职务"), max_length=200, blank=True)
    level = models.CharField(_("代表层级"), max_length=10, choices=DeputyLevel.choices)
    term = models.ForeignKey(
        Term,
        verbose_name=_("届次"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deputies",
    )
    constituency = models.ForeignKey(
        Constituency,
        verbose_name=_("选区"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deputies",
    )
    group = models.ForeignKey(
        DelegationGroup,
        verbose_name=_("代表小组"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="deputies",
    )
    photo = models.ImageField(_("照片"), upload_to="deputies/photos/", blank=True)
    biography = models.TextField(_("简介"), blank=True)
    # Contact details: encrypted at rest (NULL when empty), masked unless the viewer holds
    # deputies.view_contacts.
    mobile = EncryptedCharField(_("手机号"), max_length=20, blank=True, null=True)
    mobile_index = BlindIndexField(source="mobile", db_index=True)
    email = EncryptedCharField(_("电子邮箱"), max_length=120, blank=True, null=True)
    address = EncryptedCharField(_("通讯地址"), max_length=200, blank=True, null=True)
    registered_on = models.DateField(_("当选日期"))
    left_on = models.DateField(_("离任日期"), null=True, blank=True)
    left_reason = models.CharField(_("离任原因"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeputyQuerySet.as_manager()

    class Meta:
        verbose_name = _("人大代表")
        verbose_name_plural = _("人大代表")
        ordering = ["name", "pk"]
        constraints = [
            # One open seat per person in a congress; former seats stay on the register.
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(left_on__isnull=True, user__isnull=False),
                name="deputy_one_open_seat_per_user",
            ),
        ]
        indexes = [
            models.Index(fields=["level", "gender"], name="deputy_level_gender"),
            models.Index(fields=["left_on"], name="deputy_left_on"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def in_office(self) -> bool:
        return self.left_on is None


class Seat(models.Model):
    """History of a deputy's seat: term, electoral unit and group over time; a change or
    leaving office closes the open row (``ended_on``) instead of overwriting it."""

    deputy = models.ForeignKey(Deputy, on_delete=models.CASCADE, related_name="seats")
    term = models.ForeignKey(Term, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    constituency = models.ForeignKey(Constituency, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    group = models.ForeignKey(DelegationGroup, null=True, blank=True, on_delete=models.PROTECT, related_name="seats")
    started_on = models.DateField(_("开始日期"))
    ended_on = models.DateField(_("结束日期"), null=True, blank=True)
    end_reason = models.CharField(_("结束原因"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("任职记录")
        verbose_name_plural = _("任职记录")
        ordering = ["deputy_id", "started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["deputy"],
                condition=Q(ended_on__isnull=True),
                name="seat_one_open_per_deputy",
            )
        ]

    def __str__(self) -> str:
        return f"{self.deputy_id}: {self.started_on} - {self.ended_on or ''}"


class DutyStatus(models.TextChoices):
    PENDING = "pending", _("待审核")
    VERIFIED = "verified", _("已审核")
    REJECTED = "rejected", _("已退回")


class EnteredBy(models.TextChoices):
    DEPUTY = "deputy", _("代表本人")
    OFFICE = "office", _("人大机关代录")


class DutyRecordQuerySet(models.QuerySet):
    def verified(self) -> DutyRecordQuerySet:
        return self.filter(status=DutyStatus.VERIFIED)


class DutyRecord(models.Model):
    """One duty activity (履职记录); several deputies may share it. Only verified ones count."""

    # A built-in code (see duty_types.BUILT_IN) or one the congress defined in the module config.
    duty_type = models.CharField(_("履职类型"), max_length=32)
    title = models.CharField(_("标题"), max_length=200)
    occurred_on = models.DateField(_("日期"))
    place = models.CharField(_("地点"), max_length=200, blank=True)
    description = models.TextField(_("内容"), blank=True)
    participants = models.ManyToManyField(Deputy, verbose_name=_("参加代表"), related_name="duty_records")
    # Points per participant, taken from the congress's table when entered (履职积分).
    points = models.DecimalField(_("积分"), max_digits=6, decimal_places=1, default=0)
    status = models.CharField(_("状态"), max_length=10, choices=DutyStatus.choices, default=DutyStatus.PENDING)
    entered_by = models.CharField(_("录入方式"), max_length=8, choices=EnteredBy.choices)
    entered_by_user_id = models.BigIntegerField(null=True, blank=True)
    verified_by_user_id = models.BigIntegerField(null=True, blank=True)
    verified_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    rejection_reason = models.CharField(_("退回原因"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DutyRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("履职记录")
        verbose_name_plural = _("履职记录")
        ordering = ["-occurred_on", "-pk"]
        indexes = [
            models.Index(fields=["status", "occurred_on"], name="duty_status_date"),
            models.Index(fields=["duty_type", "occurred_on"], name="duty_type_date"),
        ]

    def __str__(self) -> str:
        return self.title


class DutyAttachment(models.Model):
    """A photo of a duty activity, stored only after re-encoding (no EXIF, no GPS)."""

    record = models.ForeignKey(DutyRecord, on_delete=models.CASCADE, related_name="attachments")
    image = models.ImageField(_("图片"), upload_to="deputies/duty/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("履职附件")
        verbose_name_plural = _("履职附件")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.image.name
