"""The administrators' account actions, for scripts and the members pages of other clients.

The policy (shared_apps.accounts.policy) decides: a congress administrator acts on members
of their congress, platform operators on any account from the platform site.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .. import policy, selectors, services
from .serializers import AccountSerializer, EndedSerializer, ResendSerializer


def _congress(request: Request):
    tenant = getattr(request, "tenant", None)
    return None if tenant is None or tenant.is_platform else tenant


class _AccountAPIView(APIView):
    permission_classes = [IsAuthenticated]

    def target(self, request: Request, user_id: int):
        target = get_object_or_404(get_user_model(), pk=user_id)
        policy.check(request.user, target, _congress(request), "view")
        return target

    def overview(self, request: Request, target) -> Response:
        target.refresh_from_db()
        return Response(AccountSerializer(selectors.account_overview(target, congress=_congress(request))).data)


class AccountView(_AccountAPIView):
    @extend_schema(responses=AccountSerializer, summary="An account's state: active, password set, invitation")
    def get(self, request: Request, user_id: int) -> Response:
        return self.overview(request, self.target(request, user_id))


class ResendInvitationView(_AccountAPIView):
    @extend_schema(request=ResendSerializer, responses=AccountSerializer, summary="Re-send the invitation")
    def post(self, request: Request, user_id: int) -> Response:
        target = self.target(request, user_id)
        data = ResendSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        services.resend_invitation(
            request.user, target, congress=_congress(request), channel=data.validated_data.get("channel")
        )
        return self.overview(request, target)


class DisableView(_AccountAPIView):
    @extend_schema(request=None, responses=AccountSerializer, summary="Disable the account and end its sessions")
    def post(self, request: Request, user_id: int) -> Response:
        target = self.target(request, user_id)
        services.disable_account(request.user, target, congress=_congress(request))
        return self.overview(request, target)


class EnableView(_AccountAPIView):
    @extend_schema(request=None, responses=AccountSerializer, summary="Re-enable a disabled account")
    def post(self, request: Request, user_id: int) -> Response:
        target = self.target(request, user_id)
        services.enable_account(request.user, target, congress=_congress(request))
        return self.overview(request, target)


class EndSessionsView(_AccountAPIView):
    @extend_schema(request=None, responses=EndedSerializer, summary="Log the account out everywhere")
    def post(self, request: Request, user_id: int) -> Response:
        ended = services.end_sessions(request.user, self.target(request, user_id), congress=_congress(request))
        return Response(EndedSerializer({"sessions_ended": ended}).data)
