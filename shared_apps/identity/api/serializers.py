from rest_framework import serializers

from ..models import Membership, User


class MembershipSerializer(serializers.ModelSerializer):
    congress = serializers.CharField(source="congress.name", read_only=True)
    congress_id = serializers.IntegerField(read_only=True)
    organisation_unit = serializers.CharField(source="organisation_unit.name", read_only=True, default=None)

    class Meta:
        model = Membership
        fields = ["id", "congress_id", "congress", "role", "organisation_unit", "started_at"]


class MeSerializer(serializers.ModelSerializer):
    memberships = serializers.SerializerMethodField()
    capabilities = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "display_name", "memberships", "capabilities"]

    def get_memberships(self, user) -> list[dict]:
        rows = Membership.objects.active().filter(user=user).select_related("congress", "organisation_unit")
        return MembershipSerializer(rows, many=True).data

    def get_capabilities(self, user) -> list[str]:
        from .. import selectors

        return sorted(selectors.current_capabilities(user))
