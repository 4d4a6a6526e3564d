from rest_framework import serializers

from ..models import CaseDecision, CaseStatus, EscalatedCase


class DecisionSerializer(serializers.ModelSerializer):
    class Meta:
        model = CaseDecision
        fields = ["status", "text", "decided_at"]


class CaseSerializer(serializers.ModelSerializer):
    decisions = DecisionSerializer(many=True, read_only=True)

    class Meta:
        model = EscalatedCase
        fields = ["id", "source_congress_id", "source_congress_name", "source_voice_id", "category", "summary",
                  "status", "requested_at", "received_at", "decisions"]


class DecideSerializer(serializers.Serializer):
    # The full choice set (one enum in the schema); the service refuses "received".
    status = serializers.ChoiceField(choices=CaseStatus.choices)
    text = serializers.CharField(max_length=2000)
