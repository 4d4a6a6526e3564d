"""Citizens' voices (民生码上见 / 有事找代表): messages, handling and settings."""

from __future__ import annotations

import json

from django.db import models
from django.utils.translation import gettext_lazy as _

from shared_apps.privacy.fields import BlindIndexField, EncryptedCharField

from .states import Status


class DeadlineUnit(models.TextChoices):
    HOURS = "hours", _("小时")
    DAYS = "days", _("自然日")
    WORKING_DAYS = "working_days", _("工作日")


class Category(models.Model):
    """A kind of message (求助, 建议, 咨询, 感谢, 其他); a row with a parent is a subcategory."""

    code = models.SlugField(_("代码"), max_length=40, unique=True)
    name = models.CharField(_("名称"), max_length=40)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subcategories",
    )
    description = models.CharField(_("说明"), max_length=200, blank=True)
    deadline_amount = models.PositiveIntegerField(_("办理时限"), default=5)
    deadline_unit = models.CharField(
        _("时限单位"),
        max_length=16,
        choices=DeadlineUnit.choices,
        default=DeadlineUnit.WORKING_DAYS,
    )
    # Extra form fields asked for this category: [{"name", "label", "type", "required", "choices"}].
    extra_fields = models.JSONField(_("附加字段"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("留言类别")
        verbose_name_plural = _("留言类别")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def extra_fields_json(self) -> str:
        return json.dumps(self.extra_fields, ensure_ascii=False)


class CalendarDay(models.Model):
    """A congress's correction of the national calendar: an extra holiday or a make-up day."""

    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    note = models.CharField(_("说明"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("工作日历调整")
        verbose_name_plural = _("工作日历调整")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date} {'班' if self.is_working_day else '休'}"


class Channel(models.TextChoices):
    QR = "qr", _("扫码")
    WEB = "web", _("网站")
    OPEN311 = "open311", _("Open311 接口")


class Gender(models.TextChoices):
    MALE = "male", _("男")
    FEMALE = "female", _("女")


class AgeBand(models.TextChoices):
    UNDER_18 = "under_18", _("18岁以下")
    FROM_18 = "18_35", _("18-35岁")
    FROM_36 = "36_59", _("36-59岁")
    OVER_60 = "60_plus", _("60岁及以上")


class Rating(models.TextChoices):
    SATISFIED = "satisfied", _("满意")
    BASICALLY_SATISFIED = "basically_satisfied", _("基本满意")
    DISSATISFIED = "dissatisfied", _("不满意")


class CloseOutcome(models.TextChoices):
    ANSWERED = "answered", _("已办结")
    UNRATED = "unrated", _("未评价自动办结")
    MERGED = "merged", _("已合并")
    MISROUTED = "misrouted", _("退回后办结")
    CLOSED_BY_STAFF = "closed_by_staff", _("工作人员办结")


class CommonProblem(models.TextChoices):
    SUGGESTION = "suggestion", _("转为代表建议")
    ESCALATION = "escalation", _("提请上级人大")


class Voice(models.Model):
    """One citizen's message, from submission to a rated answer."""

    # Unique through Meta.constraints: a plain unique field would also get a LIKE index nobody uses.
    tracking_code = models.CharField(_("查询码"), max_length=12)
    category = models.ForeignKey(Category, verbose_name=_("类别"), on_delete=models.PROTECT, related_name="+")
    subcategory = models.ForeignKey(
        Category,
        verbose_name=_("子类别"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    title = models.CharField(_("标题"), max_length=100)
    description = models.TextField(_("内容"))
    extra = models.JSONField(_("附加信息"), default=dict, blank=True)
    location = models.CharField(_("地点"), max_length=200, blank=True)
    latitude = models.DecimalField(_("纬度"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("经度"), max_digits=9, decimal_places=6, null=True, blank=True)
    station = models.ForeignKey(
        "stations.LiaisonStation",
        verbose_name=_("联络站"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="voices",
    )
    deputy = models.ForeignKey(
        "deputies.Deputy",
        verbose_name=_("收信代表"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="addressed_voices",
    )
    channel = models.CharField(_("渠道"), max_length=10, choices=Channel.choices, default=Channel.WEB)
    # Personal data (PIPL): encrypted at rest, shown masked, never logged or published.
    name = EncryptedCharField(_("姓名"), max_length=50, blank=True, null=True)
    phone = EncryptedCharField(_("手机号"), max_length=20)
    # Looked up with the submission time only: the index voice_phone_recent serves it.
    phone_index = BlindIndexField(source="phone")
    # The hash of the citizen's secret key (intake.hash_citizen_key), handed only to the citizen
    # at submission; rating and reopening need the key itself. Empty for messages from before.
    citizen_key_hash = models.CharField(max_length=64, blank=True, default="", editable=False)
    gender = models.CharField(_("性别"), max_length=8, choices=Gender.choices, blank=True)
    age_band = models.CharField(_("年龄段"), max_length=10, choices=AgeBand.choices, blank=True)
    consent_at = models.DateTimeField(_("同意个人信息处理时间"))
    consent_version = models.CharField(_("告知书版本"), max_length=60)

    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED)
    submitted_at = models.DateTimeField(_("提交时间"), db_index=True)
    accepted_at = models.DateTimeField(_("受理时间"), null=True, blank=True)
    first_replied_at = models.DateTimeField(_("首次答复时间"), null=True, blank=True)
    replied_at = models.DateTimeField(_("最近答复时间"), null=True, blank=True)
    due_at = models.DateTimeField(_("办理期限"), null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    overdue_at = models.DateTimeField(_("超期时间"), null=True, blank=True)
    # Once overdue, a message stays counted as late even after it is answered.
    was_overdue = models.BooleanField(_("曾超期"), default=False)
    closed_at = models.DateTimeField(_("办结时间"), null=True, blank=True)
    close_outcome = models.CharField(_("办结方式"), max_length=20, choices=CloseOutcome.choices, blank=True)
    rating = models.CharField(_("评价"), max_length=24, choices=Rating.choices, blank=True)
    rated_at = models.DateTimeField(_("评价时间"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("办理轮次"), default=1)
    common_problem = models.CharField(_("共性问题"), max_length=12, choices=CommonProblem.choices, blank=True)
    escalation_summary = models.TextField(_("提请摘要"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("合并至"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged",
    )
    lead_unit = models.ForeignKey(
        "identity.OrganisationUnit",
        verbose_name=_("主办单位"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )

    class Meta:
        verbose_name = _("群众留言")
        verbose_name_plural = _("群众留言")
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["status", "due_at"], name="voice_status_due"),
            models.Index(fields=["phone_index", "submitted_at"], name="voice_phone_recent"),
        ]
        constraints = [models.UniqueConstraint(fields=["tracking_code"], name="voice_tracking_code_unique")]

    def __str__(self) -> str:
        return f"{self.tracking_code} {self.title}"

    @property
    def is_open(self) -> bool:
        return self.status != Status.CLOSED

    @property
    def is_overdue(self) -> bool:
        return self.overdue_at is not None and self.status in Status.handling()


class Photo(models.Model):
    voice = models.ForeignKey(Voice, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="voices/photos/%Y/%m/")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("留言图片")
        verbose_name_plural = _("留言图片")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.voice_id}:{self.image.name}"


class Recipient(models.Model):
    """A deputy a message was routed to (the addressee, or each deputy of the station)."""

    voice = models.ForeignKey(Voice, on_delete=models.CASCADE, related_name="recipients")
    deputy = models.ForeignKey("deputies.Deputy", on_delete=models.PROTECT, related_name="voice_inbox")
    # The deputy's login, copied at routing time so inbox queries need no join across apps.
    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    is_active = models.BooleanField(default=True)
    routed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["voice", "deputy"], name="voice_recipient_unique")]

    def __str__(self) -> str:
        return f"{self.voice_id}->{self.deputy_id}"


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("主办")
    CO = "co", _("协办")


class Assignment(models.Model):
    """A handling unit's part in a message: lead or co-unit, with its deadline."""

    voice = models.ForeignKey(Voice, on_delete=models.CASCADE, related_name="assignments")
    # Units live in the public schema; no constraint crosses schemas (Citus schema sharding).
    unit = models.ForeignKey(
        "identity.OrganisationUnit",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    role = models.CharField(_("角色"), max_length=4, choices=AssignmentRole.choices)
    assigned_at = models.DateTimeField(_("交办时间"))
    due_at = models.DateTimeField(_("办理期限"), null=True, blank=True)
    assigned_by_id = models.BigIntegerField(null=True, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("交办")
        verbose_name_plural = _("交办")
        ordering = ["voice_id", "-role", "id"]  # "lead" before "co"

    def __str__(self) -> str:
        return f"{self.voice_id}->{self.unit_id} ({self.role})"


class Grade(models.TextChoices):
    A = "A", _("A 已解决")
    B = "B", _("B 正在解决")
    C = "C", _("C 列入计划")
    D = "D", _("D 说明解释")


class ReplyBy(models.TextChoices):
    DEPUTY = "deputy", _("代表")
    UNIT = "unit", _("承办单位")
    STAFF = "staff", _("人大工作人员")
    UPSTREAM = "upstream", _("上级人大")


class Reply(models.Model):
    """An answer. Lead-unit and deputy replies are public; a co-unit's opinion is internal."""

    voice = models.ForeignKey(Voice, on_delete=models.CASCADE, related_name="replies")
    round = models.PositiveSmallIntegerField(default=1)
    by = models.CharField(max_length=10, choices=ReplyBy.choices)
    unit = models.ForeignKey(
        "identity.OrganisationUnit",
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    author_id = models.BigIntegerField(null=True, blank=True)
    grade = models.CharField(_("答复类型"), max_length=1, choices=Grade.choices, blank=True)
    text = models.TextField(_("答复内容"))
    is_public = models.BooleanField(default=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.voice_id} reply {self.pk}"


class Note(models.Model):
    """An internal note: staff, deputies and handlers only, never shown to the citizen."""

    voice = models.ForeignKey(Voice, on_delete=models.CASCADE, related_name="notes")
    author_id = models.BigIntegerField(null=True, blank=True)
    text = models.TextField(_("内部备注"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.voice_id} note {self.pk}"


class Feedback(models.Model):
    """Each rating the citizen gave, one per handling round."""

    voice = models.ForeignKey(Voice, on_delete=models.CASCADE, related_name="feedback")
    round = models.PositiveSmallIntegerField()
    rating = models.CharField(max_length=24, choices=Rating.choices)
    comment = models.CharField(_("评价意见"), max_length=500, blank=True)
    created_at = models.DateTimeField()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.voice_id} {self.rating}"


class ActorKind(models.TextChoices):
    CITIZEN = "citizen", _("群众")
    DEPUTY = "deputy", _("代表")
    HANDLER = "handler", _("承办单位")
    STAFF = "staff", _("人大工作人员")
    SYSTEM = "system", _("系统")
    UPSTREAM = "upstream", _("上级人大")


class TimelineEntry(models.Model):
    """One step of a message: who, when, from which state to which, and what the citizen may see."""

    voice = models.ForeignKey(Voice, on_delete=models.CASCADE, related_name="timeline")
    at = models.DateTimeField()
    action = models.CharField(max_length=30)
    actor_kind = models.CharField(max_length=10, choices=ActorKind.choices)
    actor_id = models.BigIntegerField(null=True, blank=True)
    from_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    public_text = models.TextField(blank=True)
    internal_text = models.TextField(blank=True)
    is_public = models.BooleanField(default=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.voice_id} {self.action} {self.at:%Y-%m-%d %H:%M}"

    @property
    def action_label(self) -> str:
        from .states import action_label

        return action_label(self.action)


class NotificationChannel(models.TextChoices):
    INBOX = "inbox", _("站内信")
    EMAIL = "email", _("电子邮件")
    WEBHOOK = "webhook", _("Webhook")


class Notification(models.Model):
    """A message to a person (inbox, e-mail) or to the office's webhook; delivered by Celery."""

    channel = models.CharField(max_length=10, choices=NotificationChannel.choices)
    user_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    voice = models.ForeignKey(Voice, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=30)
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    # What the webhook receives: ids, category and links only, no personal data.
    payload = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user_id", "channel", "read_at"], name="voice_inbox_unread")]

    def __str__(self) -> str:
        return f"{self.channel} {self.kind} {self.pk}"


class ApiKey(models.Model):
    """A key for Open311 clients (e.g. a city app); only its hash is kept."""

    name = models.CharField(_("名称"), max_length=60)
    key_hash = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by_id = models.BigIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("Open311 接口密钥")
        verbose_name_plural = _("Open311 接口密钥")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


class Open311Token(models.Model):
    """The token GeoReport v2 hands back on POST; it resolves to the request id."""

    token = models.CharField(max_length=32, unique=True)
    voice = models.OneToOneField(Voice, on_delete=models.CASCADE, related_name="open311_token")

    def __str__(self) -> str:
        return f"{self.token[:6]}… -> {self.voice_id}"
