from rest_framework import serializers

from ..models import Channel, GrantState


class InvitationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    channel = serializers.ChoiceField(choices=Channel.choices)
    sent_to = serializers.CharField()
    state = serializers.ChoiceField(choices=GrantState.choices)
    created_at = serializers.DateTimeField()
    expires_at = serializers.DateTimeField()


class AccountSerializer(serializers.Serializer):
    """What an administrator sees of an account: never its addresses in full, never secrets."""

    id = serializers.IntegerField(source="user.pk")
    username = serializers.CharField(source="user.username")
    display_name = serializers.CharField(source="user.display_name")
    is_active = serializers.BooleanField(source="user.is_active")
    has_password = serializers.BooleanField()
    sessions = serializers.IntegerField()
    invitation = InvitationSerializer(allow_null=True)


class ResendSerializer(serializers.Serializer):
    channel = serializers.ChoiceField(choices=Channel.choices, required=False, allow_null=True)


class EndedSerializer(serializers.Serializer):
    sessions_ended = serializers.IntegerField()
