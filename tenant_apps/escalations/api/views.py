from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from shared_apps.identity.api.permissions import HasCapability

from .. import selectors, services
from .serializers import CaseSerializer, DecideSerializer


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Cases escalated to this congress by its children."""

    serializer_class = CaseSerializer
    permission_classes = [HasCapability]
    required_capability = "escalations.view"
    capability_map = {"decide": "escalations.decide"}
    filterset_fields = ["status"]

    def get_queryset(self):
        return selectors.cases().prefetch_related("decisions")

    @extend_schema(request=DecideSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        case = self.get_object()
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.decide(case, user_id=request.user.pk, **data.validated_data)
        case.refresh_from_db()
        return Response(CaseSerializer(case).data)
