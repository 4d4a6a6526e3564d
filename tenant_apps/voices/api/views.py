"""The voices API: public submission and tracking, staff handling, statistics."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_ratelimit.core import is_ratelimited
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.audit.services import record
from shared_apps.identity.api.permissions import HasCapability, IsCongressMember
from shared_apps.identity.models import OrganisationUnit
from tenant_apps.deputies.models import Deputy
from tenant_apps.stations.models import LiaisonStation

from .. import captcha_gate, config, intake, policy, selectors, services, stats, taxonomy
from ..intake import Submission, client_ip, over_rate_limit
from ..models import ActorKind, Channel, Voice
from ..taxonomy import ensure_defaults
from . import serializers as s


class CategoryList(APIView):
    """Categories and subcategories of this congress, with their extra fields and deadlines."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(responses=s.CategorySerializer(many=True))
    def get(self, request):
        return Response(s.CategorySerializer(selectors.categories(), many=True).data)


class SubmissionCreate(APIView):
    """Submit a message (no account). Rate limited per IP and per phone; past the limit the
    answer is 429 ``captcha_required`` with a captcha to solve and send back."""

    permission_classes = [AllowAny]
    authentication_classes = []
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    @extend_schema(request=s.SubmissionSerializer, responses={201: s.SubmissionResultSerializer})
    def post(self, request):
        data = s.SubmissionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        settings = config.all_settings()
        if over_rate_limit(request, v["phone"], settings) and not captcha_gate.solved(
            v["captcha_key"], v["captcha_value"]
        ):
            return _captcha_required(_("提交过于频繁，请输入验证码后再提交。"))
        voice = services.submit(_submission(v), settings=settings)
        return Response(
            {
                "tracking_code": voice.tracking_code,
                "citizen_key": voice.citizen_key,
                "status": voice.status,
                "due_at": voice.due_at,
            },
            status=status.HTTP_201_CREATED,
        )


def _captcha_required(message: str) -> Response:
    """The structured 429 of every public endpoint past its limit, with a captcha to solve."""
    return Response(
        {"error": {"code": "captcha_required", "message": message, "captcha": captcha_gate.new_challenge()}},
        status=status.HTTP_429_TOO_MANY_REQUESTS,
    )


def _submission(v: dict, channel: str = Channel.WEB) -> Submission:
    ensure_defaults()
    category = taxonomy.submittable(v["category"])
    if category is None:
        raise ValidationError({"category": [_("未知的留言类别。")]})
    subcategory = None
    if v.get("subcategory"):
        subcategory = taxonomy.subcategory_of(category, v["subcategory"])
        if subcategory is None:
            raise ValidationError({"subcategory": [_("子类别与类别不符。")]})
    station = None
    if v.get("station"):
        station = LiaisonStation.objects.filter(public_token=v["station"]).first()
        if station is None:
            raise ValidationError({"station": [_("未知的联络站。")]})
    deputy = Deputy.objects.filter(pk=v["deputy_id"]).first() if v.get("deputy_id") else None
    if v.get("deputy_id") and deputy is None:
        raise ValidationError({"deputy_id": [_("未知的代表。")]})
    return Submission(
        category=category,
        subcategory=subcategory,
        title=v["title"],
        description=v["description"],
        phone=v["phone"],
        consent=v["consent"],
        via="api",
        extra=v.get("extra") or {},
        location=v.get("location", ""),
        latitude=v.get("latitude"),
        longitude=v.get("longitude"),
        station=station,
        deputy=deputy,
        name=v.get("name", ""),
        gender=v.get("gender", ""),
        age_band=v.get("age_band", ""),
        photos=v.get("photos") or [],
        channel=channel,
    )


def _limited(request, data) -> bool:
    """Same per-congress, per-client limit as the tracking page; a solved captcha passes."""
    if not is_ratelimited(request, group="voices.track", key=client_ip, rate=intake.TRACK_RATE, increment=True):
        return False
    return not captcha_gate.solved(data.get("captcha_key", ""), data.get("captcha_value", ""))


def _tracked(data) -> tuple[Voice, bool]:
    found = selectors.by_tracking(data["tracking_code"], data.get("citizen_key") or data.get("phone_last4", ""))
    if found is None:
        raise ValidationError({"tracking_code": [_("查询码或查询密钥不正确。")]})
    return found


class Track(APIView):
    """The public view of one message: status and public timeline (tracking code + citizen key)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=s.TrackSerializer, responses={200: s.PublicVoiceSerializer, 429: dict})
    def post(self, request):
        data = s.TrackSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if _limited(request, data.validated_data):
            return _captcha_required(_("查询过于频繁，请输入验证码后再查询。"))
        voice, proven = _tracked(data.validated_data)
        record("voices.tracked", voice, {"channel": "api", "proof": "key" if proven else "phone_digits"})
        return Response(s.PublicVoiceSerializer(voice).data)


class Rate(APIView):
    """The citizen rates the answer: the citizen key is required (the tracking code is not enough)."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=s.RateSerializer, responses={200: s.PublicVoiceSerializer, 429: dict})
    def post(self, request):
        data = s.RateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        v = data.validated_data
        if _limited(request, v):
            return _captcha_required(_("操作过于频繁，请输入验证码后再评价。"))
        voice, _proven = _tracked(v)
        voice = services.rate(voice, citizen_key=v["citizen_key"], rating=v["rating"], comment=v["comment"], via="api")
        return Response(s.PublicVoiceSerializer(voice).data)


class VoiceViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Messages the user may see: all (staff, leaders), routed to them (deputies), or assigned to
    their unit (handlers). Actions follow the state machine; an illegal one answers 400."""

    permission_classes = [IsCongressMember, policy.VoicePermission]
    filterset_fields = ["status", "channel", "station", "deputy"]

    def get_queryset(self):
        return policy.visible_to(self.request.user)

    def get_serializer_class(self):
        return s.VoiceDetailSerializer if self.action == "retrieve" else s.VoiceSerializer

    def _done(self, voice):
        return Response(s.VoiceDetailSerializer(voice, context={"request": self.request}).data)

    def _input(self, serializer):
        data = serializer(data=self.request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data

    @extend_schema(request=None, responses=s.VoiceDetailSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        voice = self.get_object()
        return self._done(services.accept(voice, user=request.user))

    @extend_schema(request=s.TextInputSerializer, responses=s.VoiceDetailSerializer)
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        voice = self.get_object()
        return self._done(services.answer(voice, user=request.user, text=self._input(s.TextInputSerializer)["text"]))

    @extend_schema(request=s.AssignInputSerializer, responses=s.VoiceDetailSerializer)
    @action(detail=True, methods=["post"])
    def assign(self, request, pk=None):
        voice = self.get_object()
        is_staff = policy.roles(request.user, voice).staff
        v = self._input(s.AssignInputSerializer)
        units = OrganisationUnit.objects.filter(congress_id=request.tenant.pk, is_active=True)
        lead = get_object_or_404(units, pk=v["lead_unit_id"])
        co = list(units.filter(pk__in=v["co_unit_ids"]))
        return self._done(
            services.assign(
                voice,
                user=request.user,
                lead_unit=lead,
                co_units=co,
                note=v["note"],
                actor_kind=ActorKind.STAFF if is_staff else ActorKind.DEPUTY,
            )
        )

    @extend_schema(request=s.ReasonInputSerializer, responses=s.VoiceDetailSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_misrouted(self, request, pk=None):
        voice = self.get_object()
        reason = self._input(s.ReasonInputSerializer)["reason"]
        return self._done(services.return_misrouted(voice, user=request.user, reason=reason))

    @extend_schema(request=s.CommonProblemInputSerializer, responses=s.VoiceDetailSerializer)
    @action(detail=True, methods=["post"], url_path="common-problem")
    def common_problem(self, request, pk=None):
        voice = self.get_object()
        v = self._input(s.CommonProblemInputSerializer)
        return self._done(services.mark_common_problem(voice, user=request.user, kind=v["kind"], summary=v["summary"]))

    @extend_schema(request=s.ReplyInputSerializer, responses=s.VoiceDetailSerializer)
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        voice = self.get_object()
        v = self._input(s.ReplyInputSerializer)
        units = policy.roles(request.user, voice).units
        unit = next((u for u in units if u.pk == v.get("unit_id")), units[0])
        return self._done(services.reply(voice, user=request.user, unit=unit, grade=v["grade"], text=v["text"]))

    @extend_schema(request=s.TextInputSerializer, responses=s.VoiceDetailSerializer)
    @action(detail=True, methods=["post"])
    def note(self, request, pk=None):
        voice = self.get_object()
        roles = policy.roles(request.user, voice)
        kind = ActorKind.STAFF if roles.staff else ActorKind.DEPUTY if roles.deputy else ActorKind.HANDLER
        services.add_note(
            voice,
            user=request.user,
            text=self._input(s.TextInputSerializer)["text"],
            actor_kind=kind,
        )
        return self._done(voice)

    @extend_schema(request=s.ReasonInputSerializer, responses=s.VoiceDetailSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        voice = self.get_object()
        return self._done(
            services.close(voice, user=request.user, reason=self._input(s.ReasonInputSerializer)["reason"])
        )

    @extend_schema(request=s.MergeInputSerializer, responses=s.VoiceDetailSerializer)
    @action(detail=True, methods=["post"])
    def merge(self, request, pk=None):
        voice = self.get_object()
        into = get_object_or_404(Voice, pk=self._input(s.MergeInputSerializer)["into_id"])
        return self._done(services.merge(voice, into=into, user=request.user))


class Stats(APIView):
    """The congress's figures: collected, answered, on time, satisfaction, by category, month,
    gender, age band, and top keywords."""

    permission_classes = [HasCapability]
    required_capability = "voices.stats"

    @extend_schema(responses=dict)
    def get(self, request):
        report = stats.report(selectors.all_voices(), stop_words=config.get("stop_words"))
        return Response(report)
