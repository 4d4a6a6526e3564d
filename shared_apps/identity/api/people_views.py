"""Members, organisation units and seat requests over the API: the same services as the pages."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from shared_apps.audit.services import record

from .. import importer, selectors, services
from ..models import Membership, OrganisationUnit, SeatRequest
from .people_serializers import (
    AddMemberResultSerializer,
    AddMemberSerializer,
    ChangeRoleSerializer,
    ImportReportSerializer,
    ImportSerializer,
    MemberSerializer,
    RenameUnitSerializer,
    SeatRequestSerializer,
    UnitSerializer,
)
from .permissions import HasCapability

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
VIEW, MANAGE = "identity.view_members", "identity.manage_members"


def _unit_or_none(congress, pk: int | None) -> OrganisationUnit | None:
    if pk is None:
        return None
    unit = OrganisationUnit.objects.filter(congress=congress, pk=pk).first()
    if unit is None:
        raise ValidationError({"organisation_unit_id": _("该单位不属于本人大")})
    return unit


class MemberViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Active members of this congress. DELETE ends a membership (its history stays)."""

    lookup_value_regex = r"\d+"

    queryset = Membership.objects.none()  # the model, for the schema; rows come from get_queryset
    serializer_class = MemberSerializer
    permission_classes = [HasCapability]
    required_capability = VIEW
    capability_map = {
        "create": MANAGE, "destroy": MANAGE, "role": MANAGE, "import_file": MANAGE, "export": MANAGE,
    }
    filterset_fields = ["role"]

    def get_queryset(self):
        return selectors.members_of(self.request.tenant)

    @extend_schema(request=AddMemberSerializer, responses={201: AddMemberResultSerializer})
    def create(self, request: Request) -> Response:
        data = AddMemberSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        unit = _unit_or_none(request.tenant, values.pop("organisation_unit_id"))
        added = services.add_person(congress=request.tenant, organisation_unit=unit, actor=request.user, **values)
        body = {
            "outcome": added.outcome, "user_id": added.user.pk,
            "membership": MemberSerializer(added.membership).data if added.membership else None,
            "seat_request": SeatRequestSerializer(added.request).data if added.request else None,
        }
        return Response(body, status=status.HTTP_201_CREATED)

    def get_object(self):
        return selectors.membership_here(self.request.tenant, self.kwargs["pk"])

    @extend_schema(responses={204: None})
    def destroy(self, request: Request, pk=None) -> Response:
        services.remove_member(self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(request=ChangeRoleSerializer, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def role(self, request: Request, pk=None) -> Response:
        data = ChangeRoleSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = _unit_or_none(request.tenant, data.validated_data["organisation_unit_id"])
        membership = services.change_role(self.get_object(), role=data.validated_data["role"], organisation_unit=unit)
        return Response(MemberSerializer(membership).data)

    @extend_schema(request={"multipart/form-data": ImportSerializer}, responses={
        200: ImportReportSerializer, 400: ImportReportSerializer})
    @action(detail=False, methods=["post"], url_path="import", parser_classes=[MultiPartParser])
    def import_file(self, request: Request) -> Response:
        """Import 单位 and 成员 from the template's layout; ``dry_run`` (default) writes nothing."""
        data = ImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        stream, dry_run = data.validated_data["file"], data.validated_data["dry_run"]
        try:
            if dry_run:
                report, _plan = importer.check(stream, request.tenant, actor=request.user)
            else:
                report = importer.run(stream, request.tenant, actor=request.user)
        except importer.ImportRejected as exc:
            report = exc.report
        body = report.as_dict() | {"dry_run": dry_run}
        return Response(body, status=status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST)

    @extend_schema(responses={(200, XLSX): OpenApiResponse(response=OpenApiTypes.BINARY, description="Excel")})
    @action(detail=False, methods=["get"])
    def export(self, request: Request) -> HttpResponse:
        content = importer.export(request.tenant)
        record("identity.members_exported", request.tenant, {}, congress=request.tenant)
        response = HttpResponse(content, content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename=members-{timezone.localdate():%Y%m%d}.xlsx"
        response["Cache-Control"] = "no-store"
        return response


class UnitViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, viewsets.GenericViewSet):
    """Organisation units of this congress; the kinds allowed follow the congress's level."""

    lookup_value_regex = r"\d+"

    queryset = OrganisationUnit.objects.none()  # the model, for the schema
    serializer_class = UnitSerializer
    permission_classes = [HasCapability]
    required_capability = VIEW
    capability_map = {"create": MANAGE, "rename": MANAGE, "retire": MANAGE, "restore": MANAGE}
    filterset_fields = ["kind", "is_active"]

    def get_queryset(self):
        return OrganisationUnit.objects.filter(congress=self.request.tenant).order_by("-is_active", "kind", "name")

    def perform_create(self, serializer) -> None:
        serializer.instance = services.create_organisation_unit(
            congress=self.request.tenant, **serializer.validated_data
        )

    @extend_schema(request=RenameUnitSerializer, responses=UnitSerializer)
    @action(detail=True, methods=["post"])
    def rename(self, request: Request, pk=None) -> Response:
        data = RenameUnitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        unit = services.rename_unit(self.get_object(), name=data.validated_data["name"])
        return Response(UnitSerializer(unit).data)

    @extend_schema(request=None, responses=UnitSerializer)
    @action(detail=True, methods=["post"])
    def retire(self, request: Request, pk=None) -> Response:
        return Response(UnitSerializer(services.retire_unit(self.get_object())).data)

    @extend_schema(request=None, responses=UnitSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request: Request, pk=None) -> Response:
        return Response(UnitSerializer(services.restore_unit(self.get_object())).data)


class SeatRequestViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Seats other congresses offered the logged-in person (all pending ones for an operator)."""

    lookup_value_regex = r"\d+"

    queryset = SeatRequest.objects.none()  # the model, for the schema
    serializer_class = SeatRequestSerializer
    permission_classes = [IsAuthenticated]

    def get_queryset(self):
        if services.is_operator(self.request.user):
            return selectors.pending_seats_for_operator()
        return selectors.pending_seats_of(self.request.user)

    def get_object(self):
        seat = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if seat is None:
            raise NotFound()
        return seat

    @extend_schema(request=None, responses=MemberSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk=None) -> Response:
        membership = services.accept_seat(self.get_object(), actor=request.user)
        return Response(MemberSerializer(membership).data)

    @extend_schema(request=None, responses=SeatRequestSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk=None) -> Response:
        return Response(SeatRequestSerializer(services.decline_seat(self.get_object(), actor=request.user)).data)
