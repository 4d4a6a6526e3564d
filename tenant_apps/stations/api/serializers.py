from __future__ import annotations

from rest_framework import serializers

from tenant_apps.deputies.models import Deputy

from ..models import LiaisonStation, StationKind


class StationSerializer(serializers.ModelSerializer):
    deputies = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    write_path = serializers.SerializerMethodField()

    class Meta:
        model = LiaisonStation
        fields = [
            "id",
            "public_token",
            "kind",
            "name",
            "address",
            "latitude",
            "longitude",
            "opening_hours",
            "reception_days",
            "reception_note",
            "phone",
            "opened_on",
            "is_active",
            "deputies",
            "write_path",
        ]

    def get_write_path(self, station: LiaisonStation) -> str:
        from ..qr import write_path

        return write_path(station)


class StationInputSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=100)
    kind = serializers.ChoiceField(choices=StationKind.choices, default=StationKind.STATION)
    address = serializers.CharField(max_length=200)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True, default=None)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, required=False, allow_null=True, default=None)
    opening_hours = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    reception_days = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=7), required=False, default=list
    )
    reception_note = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    phone = serializers.CharField(max_length=30, required=False, allow_blank=True, default="")
    opened_on = serializers.DateField(required=False)
    is_active = serializers.BooleanField(required=False, default=True)
    deputies = serializers.PrimaryKeyRelatedField(
        queryset=Deputy.objects.in_office(), many=True, required=False, default=list
    )


class PublicDeputyBriefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Deputy
        fields = ["id", "name", "level", "photo"]


class PublicStationSerializer(serializers.ModelSerializer):
    deputies = PublicDeputyBriefSerializer(many=True, read_only=True)

    class Meta:
        model = LiaisonStation
        fields = [
            "public_token",
            "kind",
            "name",
            "address",
            "latitude",
            "longitude",
            "opening_hours",
            "reception_days",
            "reception_note",
            "phone",
            "deputies",
        ]
