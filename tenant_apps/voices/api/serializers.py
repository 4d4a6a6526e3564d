from django.utils.translation import gettext as _
from rest_framework import serializers

from shared_apps.privacy.masking import mask_phone

from ..models import AgeBand, Category, Gender, Grade, Rating, Reply, TimelineEntry, Voice


class SubcategorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["code", "name"]


class CategorySerializer(serializers.ModelSerializer):
    subcategories = SubcategorySerializer(many=True, read_only=True)

    class Meta:
        model = Category
        fields = [
            "code",
            "name",
            "description",
            "deadline_amount",
            "deadline_unit",
            "extra_fields",
            "subcategories",
        ]


class SubmissionSerializer(serializers.Serializer):
    category = serializers.CharField(max_length=40)
    subcategory = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    title = serializers.CharField(max_length=100)
    description = serializers.CharField(max_length=5000)
    extra = serializers.DictField(
        child=serializers.CharField(max_length=500, allow_blank=True), required=False, default=dict
    )
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True)
    station = serializers.CharField(
        max_length=24,
        required=False,
        allow_blank=True,
        default="",
        help_text="The station's public token (from its QR code).",
    )
    deputy_id = serializers.IntegerField(required=False, allow_null=True)
    name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, write_only=True)
    gender = serializers.ChoiceField(choices=[("", ""), *Gender.choices], required=False, default="")
    age_band = serializers.ChoiceField(choices=[("", ""), *AgeBand.choices], required=False, default="")
    consent = serializers.BooleanField()
    # Plain files here: the intake checks them from their headers (format, pixels, totals) with
    # clear messages, before anything is decoded (shared_apps.web.images).
    photos = serializers.ListField(child=serializers.FileField(), required=False, default=list, max_length=9)
    captcha_key = serializers.CharField(required=False, allow_blank=True, default="")
    captcha_value = serializers.CharField(required=False, allow_blank=True, default="")


class SubmissionResultSerializer(serializers.Serializer):
    tracking_code = serializers.CharField()
    citizen_key = serializers.CharField(
        help_text="The citizen's secret, returned only here: tracking and rating need it. Give it to the citizen."
    )
    status = serializers.CharField()
    due_at = serializers.DateTimeField(allow_null=True)


class CaptchaInputSerializer(serializers.Serializer):
    """Past a rate limit the answer is 429 ``captcha_required``; send the solved captcha back."""

    captcha_key = serializers.CharField(required=False, allow_blank=True, default="", max_length=64)
    captcha_value = serializers.CharField(required=False, allow_blank=True, default="", max_length=10)


class TrackSerializer(CaptchaInputSerializer):
    tracking_code = serializers.CharField(max_length=12)
    citizen_key = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    phone_last4 = serializers.RegexField(
        r"^\d{4}$",
        required=False,
        allow_blank=True,
        default="",
        help_text="Only for messages submitted before citizen keys existed; opens them read-only.",
    )

    def validate(self, attrs):
        if not attrs.get("citizen_key") and not attrs.get("phone_last4"):
            raise serializers.ValidationError({"citizen_key": [_("请填写查询密钥。")]})
        return attrs


class RateSerializer(CaptchaInputSerializer):
    tracking_code = serializers.CharField(max_length=12)
    citizen_key = serializers.CharField(max_length=20)
    rating = serializers.ChoiceField(choices=Rating.choices)
    comment = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class TimelineSerializer(serializers.ModelSerializer):
    class Meta:
        model = TimelineEntry
        fields = ["at", "action", "actor_kind", "from_status", "to_status", "public_text"]


class StaffTimelineSerializer(serializers.ModelSerializer):
    class Meta:
        model = TimelineEntry
        fields = [
            "at",
            "action",
            "actor_kind",
            "actor_id",
            "from_status",
            "to_status",
            "public_text",
            "internal_text",
            "is_public",
        ]


class ReplySerializer(serializers.ModelSerializer):
    class Meta:
        model = Reply
        fields = ["round", "by", "unit", "grade", "text", "is_public", "created_at"]


class PublicVoiceSerializer(serializers.ModelSerializer):
    category = serializers.CharField(source="category.code")
    timeline = serializers.SerializerMethodField()

    class Meta:
        model = Voice
        fields = [
            "tracking_code",
            "category",
            "title",
            "description",
            "status",
            "submitted_at",
            "due_at",
            "rating",
            "timeline",
        ]

    def get_timeline(self, voice) -> list[dict]:
        return TimelineSerializer(voice.timeline.filter(is_public=True), many=True).data


class VoiceSerializer(serializers.ModelSerializer):
    """Staff view of a message: the phone masked, the name left out."""

    category = serializers.CharField(source="category.code")
    subcategory = serializers.CharField(source="subcategory.code", allow_null=True, default=None)
    masked_phone = serializers.SerializerMethodField()
    is_overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Voice
        fields = [
            "id",
            "tracking_code",
            "category",
            "subcategory",
            "title",
            "description",
            "extra",
            "location",
            "latitude",
            "longitude",
            "station",
            "deputy",
            "channel",
            "masked_phone",
            "gender",
            "age_band",
            "status",
            "submitted_at",
            "accepted_at",
            "first_replied_at",
            "replied_at",
            "due_at",
            "is_overdue",
            "was_overdue",
            "closed_at",
            "close_outcome",
            "rating",
            "rated_at",
            "round",
            "common_problem",
            "lead_unit",
            "merged_into",
        ]

    def get_masked_phone(self, voice) -> str:
        return mask_phone(voice.phone)


class VoiceDetailSerializer(VoiceSerializer):
    timeline = StaffTimelineSerializer(many=True, read_only=True)
    replies = ReplySerializer(many=True, read_only=True)

    class Meta(VoiceSerializer.Meta):
        fields = [*VoiceSerializer.Meta.fields, "timeline", "replies"]


class TextInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=5000)


class ReplyInputSerializer(TextInputSerializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    unit_id = serializers.IntegerField(required=False)


class AssignInputSerializer(serializers.Serializer):
    lead_unit_id = serializers.IntegerField()
    co_unit_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    note = serializers.CharField(max_length=1000, required=False, allow_blank=True, default="")


class ReasonInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


class CommonProblemInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=["suggestion", "escalation"])
    summary = serializers.CharField(max_length=1000)


class MergeInputSerializer(serializers.Serializer):
    into_id = serializers.IntegerField()
