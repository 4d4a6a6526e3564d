from rest_framework import serializers

from ..models import ForwardedOpinion, Notice, NoticeFeedback, NoticeKind, ReceivedNotice


class FeedbackSerializer(serializers.ModelSerializer):
    class Meta:
        model = NoticeFeedback
        fields = ["congress_id", "congress_name", "staff_comments", "public_comments", "last_comment_at"]


class OpinionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ForwardedOpinion
        fields = ["congress_id", "congress_name", "text", "commented_at"]


class NoticeSerializer(serializers.ModelSerializer):
    feedback = FeedbackSerializer(many=True, read_only=True)
    opinions = OpinionSerializer(many=True, read_only=True)

    class Meta:
        model = Notice
        fields = ["id", "kind", "title", "body", "comments_until", "published_at", "feedback", "opinions"]
        read_only_fields = ["published_at"]


class NoticeInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=NoticeKind.choices)
    title = serializers.CharField(max_length=200)
    body = serializers.CharField()
    comments_until = serializers.DateField(required=False, allow_null=True)


class ReceivedNoticeSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReceivedNotice
        fields = ["id", "origin_congress_id", "origin_congress_name", "kind", "title", "body", "comments_until",
                  "published_at", "received_at"]
