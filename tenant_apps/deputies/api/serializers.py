from __future__ import annotations

from rest_framework import serializers

from .. import selectors
from ..models import Constituency, DelegationGroup, Deputy, DutyRecord, Term


class TermSerializer(serializers.ModelSerializer):
    class Meta:
        model = Term
        fields = ["id", "number", "name", "started_on", "ended_on"]
        read_only_fields = ["name"]


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = DelegationGroup
        fields = ["id", "name", "term", "description", "is_active"]


class ConstituencySerializer(serializers.ModelSerializer):
    class Meta:
        model = Constituency
        fields = ["id", "name", "code", "description"]


class DeputySerializer(serializers.ModelSerializer):
    """Staff view of the register; contact fields are masked unless the caller may see them."""

    mobile = serializers.SerializerMethodField()
    email = serializers.SerializerMethodField()
    address = serializers.SerializerMethodField()
    contacts_masked = serializers.SerializerMethodField()
    in_office = serializers.BooleanField(read_only=True)

    class Meta:
        model = Deputy
        fields = [
            "id",
            "roster_code",
            "name",
            "gender",
            "ethnicity",
            "birth_year",
            "party",
            "occupation",
            "position",
            "level",
            "term",
            "constituency",
            "group",
            "photo",
            "mobile",
            "email",
            "address",
            "contacts_masked",
            "registered_on",
            "left_on",
            "left_reason",
            "in_office",
            "user",
        ]

    def _contacts(self, deputy: Deputy) -> dict[str, str]:
        reveal = self.context.get("reveal", False)
        return selectors.contacts(deputy, reveal=reveal)

    def get_mobile(self, deputy: Deputy) -> str:
        return self._contacts(deputy)["mobile"]

    def get_email(self, deputy: Deputy) -> str:
        return self._contacts(deputy)["email"]

    def get_address(self, deputy: Deputy) -> str:
        return self._contacts(deputy)["address"]

    def get_contacts_masked(self, deputy: Deputy) -> bool:
        return not self.context.get("reveal", False)


class DeputyInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=50)
    roster_code = serializers.CharField(max_length=40, required=False, allow_null=True, default=None)
    gender = serializers.CharField(max_length=6, required=False, allow_blank=True, default="")
    ethnicity = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    birth_year = serializers.IntegerField(required=False, allow_null=True, default=None)
    party = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    occupation = serializers.CharField(max_length=12, required=False, allow_blank=True, default="")
    position = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    level = serializers.CharField(max_length=10, required=False)
    term = serializers.PrimaryKeyRelatedField(
        queryset=Term.objects.all(), required=False, allow_null=True, default=None
    )
    constituency = serializers.PrimaryKeyRelatedField(
        queryset=Constituency.objects.all(), required=False, allow_null=True, default=None
    )
    group = serializers.PrimaryKeyRelatedField(
        queryset=DelegationGroup.objects.all(), required=False, allow_null=True, default=None
    )
    mobile = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.EmailField(required=False, allow_blank=True, default="")
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    registered_on = serializers.DateField()
    create_account = serializers.BooleanField(required=False, default=False)


class LeaveSerializer(serializers.Serializer):
    left_on = serializers.DateField(required=False)
    reason = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DutyRecordSerializer(serializers.ModelSerializer):
    attachments = serializers.SerializerMethodField()

    class Meta:
        model = DutyRecord
        fields = [
            "id",
            "duty_type",
            "title",
            "occurred_on",
            "place",
            "description",
            "participants",
            "points",
            "status",
            "entered_by",
            "verified_at",
            "rejection_reason",
            "attachments",
        ]

    def get_attachments(self, record: DutyRecord) -> list[str]:
        return [a.image.url for a in record.attachments.all()]


class DutyInputSerializer(serializers.Serializer):
    duty_type = serializers.CharField(max_length=32)
    title = serializers.CharField(max_length=200)
    occurred_on = serializers.DateField()
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    participants = serializers.PrimaryKeyRelatedField(queryset=Deputy.objects.in_office(), many=True)
    attachments = serializers.ListField(child=serializers.ImageField(), required=False, default=list)


class RejectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=300)


class PublicDeputySerializer(serializers.ModelSerializer):
    """What the public sees: no contacts, no unverified records."""

    verified_records = serializers.IntegerField(read_only=True)

    class Meta:
        model = Deputy
        fields = [
            "id",
            "name",
            "gender",
            "level",
            "party",
            "position",
            "constituency",
            "group",
            "photo",
            "verified_records",
        ]


class StatisticsSerializer(serializers.Serializer):
    composition = serializers.DictField()
    records_per_deputy = serializers.ListField(child=serializers.DictField())
    backlog = serializers.DictField()
    ranking = serializers.ListField(child=serializers.DictField())
