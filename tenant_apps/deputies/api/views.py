from __future__ import annotations

from django.db.models import Count, Q
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.identity.api.permissions import HasCapability

from .. import policy, selectors, services
from ..models import Constituency, DelegationGroup, DutyRecord, DutyStatus, Term
from .serializers import (
    ConstituencySerializer,
    DeputyInputSerializer,
    DeputySerializer,
    DutyInputSerializer,
    DutyRecordSerializer,
    GroupSerializer,
    LeaveSerializer,
    PublicDeputySerializer,
    RejectSerializer,
    StatisticsSerializer,
    TermSerializer,
)


class DeputyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The register of this congress (contact details masked without deputies.view_contacts)."""

    serializer_class = DeputySerializer
    permission_classes = [HasCapability]
    required_capability = "deputies.view_register"
    capability_map = {"create": "deputies.manage_register", "leave": "deputies.manage_register"}
    filterset_fields = ["level", "gender", "party", "group", "term"]

    def get_queryset(self):
        return selectors.register(include_former=self.request.query_params.get("former") == "1")

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "reveal": policy.may_see_contacts(self.request.user),
        }

    @extend_schema(request=DeputyInputSerializer, responses={201: DeputySerializer})
    def create(self, request, *args, **kwargs):
        data = DeputyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        create_account = values.pop("create_account")
        deputy = services.register_deputy(create_account=create_account, actor=request.user, **values)
        return Response(self.get_serializer(deputy).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=LeaveSerializer, responses=DeputySerializer)
    @action(detail=True, methods=["post"])
    def leave(self, request, pk=None):
        data = LeaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        deputy = services.leave_office(self.get_object(), **data.validated_data)
        return Response(self.get_serializer(deputy).data)


class _OfficeListCreate(mixins.ListModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    permission_classes = [HasCapability]
    required_capability = "deputies.view_register"
    capability_map = {"create": "deputies.manage_register"}
    service = None

    def perform_create(self, serializer):
        serializer.instance = type(self).service(**serializer.validated_data)


class TermViewSet(_OfficeListCreate):
    serializer_class = TermSerializer
    queryset = Term.objects.all()
    service = staticmethod(services.create_term)


class GroupViewSet(_OfficeListCreate):
    serializer_class = GroupSerializer
    queryset = DelegationGroup.objects.select_related("term")

    @staticmethod
    def service(**values):
        values.pop("is_active", None)
        return services.create_group(**values)


class ConstituencyViewSet(_OfficeListCreate):
    serializer_class = ConstituencySerializer
    queryset = Constituency.objects.all()
    service = staticmethod(services.create_constituency)


class DutyRecordViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Duty records: office roles see all; a deputy sees and edits their own unverified ones."""

    serializer_class = DutyRecordSerializer
    permission_classes = [policy.DutyRecordPermission]
    filterset_fields = ["status", "duty_type"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request user
            return DutyRecord.objects.none()
        return policy.duties_visible_to(self.request.user, selectors.duties().prefetch_related("attachments"))

    @extend_schema(request=DutyInputSerializer, responses={201: DutyRecordSerializer})
    def create(self, request, *args, **kwargs):
        entered_by = policy.entered_by(request.user)
        data = DutyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        if entered_by == "deputy" and selectors.deputy_of(request.user) not in values["participants"]:
            raise PermissionDenied("本人须是参加代表之一。")
        record = services.record_duty(entered_by=entered_by, entered_by_user_id=request.user.pk, **values)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DutyInputSerializer, responses=DutyRecordSerializer)
    def update(self, request, *args, **kwargs):
        record = self.get_object()
        data = DutyInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.update_duty(record, **data.validated_data)
        return Response(self.get_serializer(record).data)

    @extend_schema(request=None, responses=DutyRecordSerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        record = services.verify_duty(self.get_object(), user_id=request.user.pk)
        return Response(self.get_serializer(record).data)

    @extend_schema(request=RejectSerializer, responses=DutyRecordSerializer)
    @action(detail=True, methods=["post"])
    def reject(self, request, pk=None):
        data = RejectSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        record = services.reject_duty(self.get_object(), user_id=request.user.pk, reason=data.validated_data["reason"])
        return Response(self.get_serializer(record).data)


class PublicDeputyViewSet(viewsets.ReadOnlyModelViewSet):
    """Deputies in office and their count of verified duty records, for anyone."""

    serializer_class = PublicDeputySerializer
    permission_classes = [AllowAny]
    authentication_classes = []

    def get_queryset(self):
        return selectors.public_deputies().annotate(
            verified_records=Count("duty_records", filter=Q(duty_records__status=DutyStatus.VERIFIED))
        )


class StatisticsView(APIView):
    permission_classes = [HasCapability]
    required_capability = "deputies.view_statistics"

    @extend_schema(responses=StatisticsSerializer)
    def get(self, request):
        return Response(
            {
                "composition": selectors.composition(),
                "records_per_deputy": selectors.records_per_deputy(),
                "backlog": {k: v for k, v in selectors.backlog().items() if k != "oldest"},
                "ranking": [{**r, "points": float(r["points"])} for r in selectors.points_ranking()],
            }
        )
