from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from shared_apps.identity.api.permissions import HasCapability

from .. import selectors


class DashboardView(APIView):
    """The dashboard of the leader's congress, or of one congress of its subtree (``node``)."""

    permission_classes = [HasCapability]
    required_capability = "dashboard.view"

    @extend_schema(
        parameters=[
            OpenApiParameter("node", str, description="region code of a congress in your subtree (drill-down)"),
            OpenApiParameter("from", str, description="first month, YYYY-MM"),
            OpenApiParameter("to", str, description="last month, YYYY-MM"),
        ],
        responses=OpenApiTypes.OBJECT,
    )
    def get(self, request):
        period = selectors.parse_period(request.query_params)
        board = selectors.dashboard(request.tenant, request.query_params.get("node"), period)
        if board is None:
            raise Http404(_("该人大不在您的统计范围内。"))
        return Response(board.as_json())

