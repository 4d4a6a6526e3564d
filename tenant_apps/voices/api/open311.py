"""Open311 GeoReport v2 endpoints (JSON and XML) for this congress. See docs/interop.md.

Errors follow the GeoReport form (a list of {code, description}) since Open311 clients parse
that, not the platform's usual error body.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, SubElement, tostring

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.audit.authentication import AuditedSessionAuthentication
from shared_apps.identity.access import has_capability

from .. import open311
from ..models import Category, Open311Token, Voice
from ..setup import api_key_valid

# Names of list items in XML, by the name of their wrapper.
ITEMS = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "errors": "error",
}


class Open311XMLRenderer(BaseRenderer):
    media_type = "text/xml"
    format = "xml"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        response = (renderer_context or {}).get("response")
        root_name = getattr(response, "open311_root", "errors")
        root = Element(root_name)
        if isinstance(data, list):
            for item in data:
                _fill(SubElement(root, ITEMS.get(root_name, "item")), item)
        else:
            _fill(root, data)
        return b'<?xml version="1.0" encoding="utf-8"?>' + tostring(root, encoding="unicode").encode()


def _fill(element: Element, value) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            node = SubElement(element, key)
            if isinstance(child, list):
                for item in child:
                    _fill(SubElement(node, ITEMS.get(key, "item")), item)
            else:
                _fill(node, child)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)


class BySuffix(DefaultContentNegotiation):
    """The format comes from the URL (``.json`` / ``.xml``), as GeoReport v2 specifies."""

    def select_renderer(self, request, renderers, format_suffix=None):
        fmt = format_suffix or "json"
        for renderer in renderers:
            if renderer.format == fmt:
                return renderer, renderer.media_type
        return renderers[0], renderers[0].media_type


class Open311View(APIView):
    permission_classes = [AllowAny]
    # Clients authenticate with ``api_key``; a staff session may read too (CSRF applies to it).
    authentication_classes = [AuditedSessionAuthentication]
    renderer_classes = [JSONRenderer, Open311XMLRenderer]
    content_negotiation_class = BySuffix
    root = "errors"

    def initialize_request(self, request, *args, **kwargs):
        self.format_kwarg = kwargs.get("fmt")
        return super().initialize_request(request, *args, **kwargs)

    def perform_content_negotiation(self, request, force=False):
        return BySuffix().select_renderer(request, self.get_renderers(), self.kwargs.get("fmt"))

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response.open311_root = getattr(response, "open311_root", self.root)
        return response

    def handle_exception(self, exc):
        code = 400
        description = str(exc)
        if isinstance(exc, ValidationError):
            description = "; ".join(exc.messages)
        elif isinstance(exc, Http404):
            code, description = 404, "not found"
        elif getattr(exc, "status_code", None):
            code = exc.status_code
            description = str(getattr(exc, "detail", exc))
        response = Response([{"code": code, "description": description}], status=code)
        response.open311_root = "errors"
        return response

    def error(self, code: int, description: str) -> Response:
        response = Response([{"code": code, "description": description}], status=code)
        response.open311_root = "errors"
        return response

    def may_read(self, request) -> bool:
        return api_key_valid(request.query_params.get("api_key")) or (
            request.user.is_authenticated and has_capability(request.user, "voices.view_all")
        )


FMT = OpenApiParameter("fmt", OpenApiTypes.STR, OpenApiParameter.PATH, enum=["json", "xml"])


class Services(Open311View):
    """GET services: the congress's categories."""

    root = "services"

    @extend_schema(parameters=[FMT], responses=OpenApiTypes.OBJECT)
    def get(self, request, fmt):
        return Response(open311.services())


class ServiceDefinition(Open311View):
    """GET services/{service_code}: the attributes a request of this service takes."""

    root = "service_definition"

    @extend_schema(parameters=[FMT], responses=OpenApiTypes.OBJECT)
    def get(self, request, service_code, fmt):
        category = get_object_or_404(Category, code=service_code, parent__isnull=True, is_active=True)
        return Response(open311.definition(category))


class Requests(Open311View):
    """GET requests (api_key or staff session) with filters; POST requests (api_key)."""

    root = "service_requests"
    parser_classes = [FormParser, MultiPartParser]

    @extend_schema(parameters=[FMT], responses=OpenApiTypes.OBJECT)
    def get(self, request, fmt):
        if not self.may_read(request):
            return self.error(403, "api_key required")
        base = request.build_absolute_uri("/").rstrip("/")
        return Response([open311.as_request(v, base) for v in open311.search(request.query_params)])

    @extend_schema(parameters=[FMT], request=OpenApiTypes.OBJECT, responses=OpenApiTypes.OBJECT)
    def post(self, request, fmt):
        key = request.data.get("api_key") or request.query_params.get("api_key")
        if not api_key_valid(key):
            return self.error(403, "invalid api_key")
        voice, token = open311.create_request(request.data, key_prefix=key[:8])
        return Response(
            [
                {
                    "token": token,
                    "service_request_id": str(voice.pk),
                    "service_notice": voice.get_status_display(),
                    "account_id": "",
                    # Extensions: what the client app hands to the citizen (only the key's hash is kept).
                    "tracking_code": voice.tracking_code,
                    "citizen_key": voice.citizen_key,
                }
            ],
            status=201,
        )


class RequestDetail(Open311View):
    root = "service_requests"

    @extend_schema(parameters=[FMT], responses=OpenApiTypes.OBJECT)
    def get(self, request, service_request_id, fmt):
        if not self.may_read(request):
            return self.error(403, "api_key required")
        voice = Voice.objects.filter(pk=service_request_id).select_related("category", "lead_unit").first()
        if voice is None:
            return self.error(404, "service request not found")
        return Response([open311.as_request(voice, request.build_absolute_uri("/").rstrip("/"))])


class TokenDetail(Open311View):
    root = "service_requests"

    @extend_schema(parameters=[FMT], responses=OpenApiTypes.OBJECT)
    def get(self, request, token, fmt):
        if not self.may_read(request):
            return self.error(403, "api_key required")
        found = Open311Token.objects.filter(token=token).first()
        if found is None:
            return self.error(404, "token not found")
        return Response([{"service_request_id": str(found.voice_id), "token": found.token}])
