"""The bus's API: ingestion for connected systems, and the event catalog as JSON."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import catalog, ingest


def catalog_json() -> dict:
    return {
        "event_types": [
            {"name": t.name, "version": t.version, "owner": t.owner, "description": t.description,
             "schema": dict(t.schema), "latest": catalog.get(t.name).version == t.version}
            for t in catalog.all_event_types()
        ]
    }


class CatalogView(APIView):
    """Every event type of the bus, each version with its JSON Schema (public documentation)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(responses=OpenApiTypes.OBJECT)
    def get(self, request):
        return Response(catalog_json())


class IngestView(APIView):
    """Events from a connected (self-built) system, signed with its API key (see docs/interop.md)."""

    permission_classes = [AllowAny]
    authentication_classes: list = []

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses=OpenApiTypes.OBJECT,
        parameters=[OpenApiParameter(h, str, location=OpenApiParameter.HEADER, required=True) for h in ingest.HEADERS],
    )
    def post(self, request):
        body = request._request.body  # the signature covers the exact bytes
        try:
            key = ingest.authenticate(request.headers, body)
            events = ingest.parse_batch(body)
        except ingest.IngestRefused as refused:
            return Response({"error": {"code": refused.code, "message": refused.message}}, status=refused.status)
        outcomes = ingest.ingest(key, events)
        counts = {s: sum(1 for o in outcomes if o.status == s) for s in ("accepted", "duplicate", "rejected")}
        return Response({**counts, "results": [o.as_dict() for o in outcomes]},
                        status=200 if counts["rejected"] < len(outcomes) else 422)
