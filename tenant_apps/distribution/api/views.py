from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from shared_apps.identity.api.permissions import HasCapability

from .. import selectors, services
from .serializers import NoticeInputSerializer, NoticeSerializer, ReceivedNoticeSerializer


class NoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin,
                    viewsets.GenericViewSet):
    """Notices this congress sent down, with the feedback of the congresses below."""

    serializer_class = NoticeSerializer
    permission_classes = [HasCapability]
    required_capability = "distribution.manage"

    def get_queryset(self):
        return selectors.sent().prefetch_related("feedback", "opinions")

    @extend_schema(request=NoticeInputSerializer, responses={201: NoticeSerializer})
    def create(self, request, *args, **kwargs):
        data = NoticeInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        notice = services.send_notice(
            title=values["title"], body=values["body"], kind=values["kind"],
            comments_until=values.get("comments_until"), user_id=request.user.pk,
        )
        return Response(NoticeSerializer(notice).data, status=status.HTTP_201_CREATED)


class ReceivedNoticeViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Notices received from congresses above (the console inbox)."""

    serializer_class = ReceivedNoticeSerializer
    permission_classes = [HasCapability]
    required_capability = "distribution.view"

    def get_queryset(self):
        return selectors.received()
