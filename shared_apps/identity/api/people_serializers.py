"""Serializers of the members, units and seat-request endpoints (thin: services validate)."""

from __future__ import annotations

from rest_framework import serializers

from ..models import Membership, OrganisationKind, OrganisationUnit, SeatRequest
from ..rules import ASSIGNABLE_ROLES

# The roles an administrator may give (deputies' seats follow the register); named in the schema.
ASSIGNABLE_ROLE_CHOICES = [(r.value, r.label) for r in ASSIGNABLE_ROLES]


class MemberSerializer(serializers.ModelSerializer):
    user_id = serializers.IntegerField(read_only=True)
    display_name = serializers.CharField(source="user.__str__", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    organisation_unit_id = serializers.IntegerField(read_only=True, allow_null=True)
    organisation_unit = serializers.CharField(source="organisation_unit.name", read_only=True, default=None)

    class Meta:
        model = Membership
        fields = [
            "id", "user_id", "display_name", "username", "role", "role_label",
            "organisation_unit_id", "organisation_unit", "started_at",
        ]


class AddMemberSerializer(serializers.Serializer):
    display_name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=20, required=False, allow_blank=True, default="")
    email = serializers.CharField(max_length=254, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=ASSIGNABLE_ROLE_CHOICES)
    organisation_unit_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class ChangeRoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=ASSIGNABLE_ROLE_CHOICES)
    organisation_unit_id = serializers.IntegerField(required=False, allow_null=True, default=None)


class SeatRequestSerializer(serializers.ModelSerializer):
    congress = serializers.CharField(source="congress.name", read_only=True)
    congress_id = serializers.IntegerField(read_only=True)
    display_name = serializers.CharField(source="user.__str__", read_only=True)
    role_label = serializers.CharField(source="get_role_display", read_only=True)
    organisation_unit = serializers.CharField(source="organisation_unit.name", read_only=True, default=None)

    class Meta:
        model = SeatRequest
        fields = [
            "id", "congress_id", "congress", "display_name", "role", "role_label", "organisation_unit",
            "status", "created_at",
        ]


class AddMemberResultSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=["created", "added", "pending"])
    user_id = serializers.IntegerField()
    membership = MemberSerializer(allow_null=True)
    seat_request = SeatRequestSerializer(allow_null=True)


class UnitSerializer(serializers.ModelSerializer):
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    is_active = serializers.BooleanField(read_only=True)

    class Meta:
        model = OrganisationUnit
        fields = ["id", "kind", "kind_label", "name", "is_active"]


class RenameUnitSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(default=True)


class ImportErrorSerializer(serializers.Serializer):
    sheet = serializers.CharField()
    row = serializers.IntegerField()
    column = serializers.CharField()
    reason = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    ok = serializers.BooleanField()
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField()
    units_created = serializers.IntegerField()
    accounts_created = serializers.IntegerField()
    members_added = serializers.IntegerField()
    seats_pending = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    errors = ImportErrorSerializer(many=True)
