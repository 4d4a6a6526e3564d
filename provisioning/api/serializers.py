from rest_framework import serializers

from tenants.models import Congress

from ..models import Archive, Batch, ProvisioningJob


class SpecInputSerializer(serializers.Serializer):
    spec = serializers.JSONField(help_text="The tenant spec (see docs/provisioning.md)")


class JobSerializer(serializers.ModelSerializer):
    progress = serializers.IntegerField(read_only=True)

    class Meta:
        model = ProvisioningJob
        fields = [
            "id",
            "region_code",
            "name",
            "level",
            "state",
            "step",
            "completed_steps",
            "progress",
            "error",
            "log",
            "attempts",
            "congress",
            "batch",
            "spec",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class BatchInputSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (UTF-8) or Excel (.xlsx) with a header row")
    name = serializers.CharField(required=False, allow_blank=True, max_length=200)


class BatchSerializer(serializers.ModelSerializer):
    counts = serializers.SerializerMethodField()

    class Meta:
        model = Batch
        fields = ["id", "name", "state", "total", "counts", "created_at", "finished_at"]
        read_only_fields = fields

    def get_counts(self, batch: Batch) -> dict[str, int]:
        from ..bulk import summary

        return summary(batch)


class ArchiveSerializer(serializers.ModelSerializer):
    class Meta:
        model = Archive
        fields = ["id", "schema_name", "dump_path", "export_path", "size_bytes", "created_at"]
        read_only_fields = fields


class CongressSerializer(serializers.ModelSerializer):
    domains = serializers.SlugRelatedField(many=True, read_only=True, slug_field="domain")
    archives = ArchiveSerializer(many=True, read_only=True)

    class Meta:
        model = Congress
        fields = [
            "id",
            "name",
            "level",
            "region_code",
            "parent",
            "schema_name",
            "hosting_mode",
            "status",
            "domains",
            "archives",
        ]
        read_only_fields = fields


class RestoreInputSerializer(serializers.Serializer):
    archive = serializers.IntegerField(required=False, help_text="archive id; default the latest")
    schema_name = serializers.RegexField(r"^[a-z_][a-z0-9_]{0,62}$", required=False)


class DropInputSerializer(serializers.Serializer):
    confirm = serializers.CharField(help_text="the congress's region code, repeated")


class ValidationResultSerializer(serializers.Serializer):
    valid = serializers.BooleanField()


class RolloutPlanSerializer(serializers.Serializer):
    fingerprint = serializers.CharField()
    total = serializers.IntegerField()
    skipped = serializers.IntegerField()
    stale = serializers.ListField(child=serializers.CharField())
