"""The operators' API: onboarding jobs, bulk batches, the congress lifecycle, rollout plan."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.identity.api.permissions import IsPlatformOperator

from .. import bulk, lifecycle, pipeline, rollout, selectors, spec
from ..models import Batch, ProvisioningJob
from .serializers import (
    BatchInputSerializer,
    BatchSerializer,
    CongressSerializer,
    DropInputSerializer,
    JobSerializer,
    RestoreInputSerializer,
    RolloutPlanSerializer,
    SpecInputSerializer,
    ValidationResultSerializer,
)


class OperatorOnly:
    permission_classes = [IsPlatformOperator]


def _conflict(exc: Exception) -> Response:
    return Response(
        {"error": {"code": "conflict", "message": str(exc)}}, status=status.HTTP_409_CONFLICT
    )


class JobViewSet(
    OperatorOnly, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Onboarding jobs: one per tenant spec; retry resumes from the failed step."""

    serializer_class = JobSerializer
    queryset = ProvisioningJob.objects.select_related("congress").order_by("-created_at", "-id")
    filterset_fields = ["state", "batch", "region_code"]

    @extend_schema(request=SpecInputSerializer, responses={201: JobSerializer})
    def create(self, request):
        data = SpecInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if not isinstance(data.validated_data["spec"], dict):
            raise ValidationError({"spec": ["开通规格必须是一个对象"]})
        job = pipeline.submit(data.validated_data["spec"], user=request.user)
        pipeline.dispatch(job)
        job.refresh_from_db()
        return Response(JobSerializer(job).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=None, responses=JobSerializer)
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        job = self.get_object()
        if job.is_finished:
            return Response(JobSerializer(job).data)
        if pipeline.is_held(job.pk):
            return _conflict(pipeline.JobBusy("任务正在执行"))
        pipeline.dispatch(job)
        job.refresh_from_db()
        return Response(JobSerializer(job).data)

    @extend_schema(request=None, responses=JobSerializer)
    @action(detail=True, methods=["post"])
    def rollback(self, request, pk=None):
        job = self.get_object()
        try:
            job = pipeline.rollback(job.pk)
        except (pipeline.JobBusy, pipeline.JobFinished) as exc:
            return _conflict(exc)
        return Response(JobSerializer(job).data)


class ValidateSpecView(OperatorOnly, APIView):
    """Check a spec without creating anything: 200, or 400 with every problem at its path."""

    @extend_schema(request=SpecInputSerializer, responses=ValidationResultSerializer)
    def post(self, request):
        data = SpecInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        raw = data.validated_data["spec"]
        if not isinstance(raw, dict):
            raise ValidationError({"spec": ["开通规格必须是一个对象"]})
        spec.check(raw)
        return Response({"valid": True})


class BatchViewSet(
    OperatorOnly, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Bulk onboarding from one CSV or Excel file."""

    serializer_class = BatchSerializer
    queryset = Batch.objects.order_by("-created_at")
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(request=BatchInputSerializer, responses={201: BatchSerializer})
    def create(self, request):
        data = BatchInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        batch = bulk.submit(
            upload.read(), upload.name, user=request.user, name=data.validated_data.get("name", "")
        )
        bulk.dispatch(batch)
        batch.refresh_from_db()
        return Response(BatchSerializer(batch).data, status=status.HTTP_201_CREATED)


class CongressViewSet(
    OperatorOnly, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Congresses and their lifecycle: suspend, resume, archive, restore, drop."""

    serializer_class = CongressSerializer
    filterset_fields = ["status", "level"]

    def get_queryset(self):
        return selectors.congresses()

    def _done(self, congress):
        congress.refresh_from_db()
        return Response(CongressSerializer(congress).data)

    @extend_schema(request=None, responses=CongressSerializer)
    @action(detail=True, methods=["post"])
    def suspend(self, request, pk=None):
        return self._done(lifecycle.suspend(self.get_object()))

    @extend_schema(request=None, responses=CongressSerializer)
    @action(detail=True, methods=["post"])
    def resume(self, request, pk=None):
        return self._done(lifecycle.resume(self.get_object()))

    @extend_schema(request=None, responses=CongressSerializer)
    @action(detail=True, methods=["post"])
    def archive(self, request, pk=None):
        congress = self.get_object()
        lifecycle.archive(congress, user=request.user)
        return self._done(congress)

    @extend_schema(request=RestoreInputSerializer, responses=CongressSerializer)
    @action(detail=True, methods=["post"])
    def restore(self, request, pk=None):
        congress = self.get_object()
        data = RestoreInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        archives = congress.archives.all()
        wanted = data.validated_data.get("archive")
        item = archives.filter(pk=wanted).first() if wanted else archives.first()
        if item is None:
            raise ValidationError({"archive": ["没有可恢复的归档"]})
        return self._done(
            lifecycle.restore(item, schema_name=data.validated_data.get("schema_name"))
        )

    @extend_schema(request=DropInputSerializer, responses=CongressSerializer)
    @action(detail=True, methods=["post"])
    def drop(self, request, pk=None):
        congress = self.get_object()
        data = DropInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        lifecycle.drop(congress, confirm=data.validated_data["confirm"])
        return self._done(congress)


class RolloutPlanView(OperatorOnly, APIView):
    """Which schemas a migration rollout would migrate (one query)."""

    @extend_schema(responses=RolloutPlanSerializer)
    def get(self, request):
        current = rollout.plan()
        return Response(
            {
                "fingerprint": current.fingerprint,
                "total": current.total,
                "skipped": current.skipped,
                "stale": current.stale,
            }
        )
