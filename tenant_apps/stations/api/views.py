from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.permissions import AllowAny
from rest_framework.response import Response

from shared_apps.identity.api.permissions import HasCapability

from .. import selectors, services
from .serializers import PublicStationSerializer, StationInputSerializer, StationSerializer


class StationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Liaison stations of this congress, for staff."""

    serializer_class = StationSerializer
    permission_classes = [HasCapability]
    required_capability = "stations.view"
    capability_map = {"create": "stations.manage", "update": "stations.manage"}

    def get_queryset(self):
        return selectors.stations()

    def _values(self, request):
        data = StationInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        deputy_ids = [d.pk for d in values.pop("deputies")]
        return values, deputy_ids

    @extend_schema(request=StationInputSerializer, responses={201: StationSerializer})
    def create(self, request, *args, **kwargs):
        values, deputy_ids = self._values(request)
        station = services.open_station(deputy_ids=deputy_ids, **values)
        return Response(self.get_serializer(station).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=StationInputSerializer, responses=StationSerializer)
    def update(self, request, *args, **kwargs):
        station = self.get_object()
        values, deputy_ids = self._values(request)
        if "opened_on" not in values:
            values["opened_on"] = station.opened_on
        station = services.update_station(station, deputy_ids=deputy_ids, **values)
        return Response(self.get_serializer(station).data)


class PublicStationViewSet(viewsets.ReadOnlyModelViewSet):
    """Active stations and their deputies, for anyone; looked up by the public token."""

    serializer_class = PublicStationSerializer
    permission_classes = [AllowAny]
    authentication_classes = []
    lookup_field = "public_token"

    def get_queryset(self):
        return selectors.public_stations()
