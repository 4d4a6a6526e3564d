from rest_framework import serializers

from ..models import Post, PostKind


class PostSerializer(serializers.ModelSerializer):
    class Meta:
        model = Post
        fields = ["id", "kind", "title", "summary", "body", "cover", "status", "published_at", "updated_at"]
        read_only_fields = ["status", "published_at", "updated_at", "cover"]


class PostInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PostKind.choices, default=PostKind.NEWS)
    title = serializers.CharField(max_length=200)
    summary = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    body = serializers.CharField()
    cover = serializers.ImageField(required=False, allow_null=True)


class PublicPostSerializer(serializers.ModelSerializer):
    class Meta:
        model = Post
        fields = ["id", "kind", "title", "summary", "body", "cover", "published_at"]
