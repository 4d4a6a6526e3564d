"""DRF authentication that tells the audit trail who is acting.

The request middleware runs before DRF authenticates, so for a token it sees an anonymous
user. These classes update the actor as soon as DRF has authenticated the request.
"""

from __future__ import annotations

from dataclasses import replace

from rest_framework.authentication import SessionAuthentication, TokenAuthentication

from .context import current_actor, set_actor


def _act_as(result, source: str):
    if result is not None:
        user = result[0]
        # No reset here: RequestContextMiddleware resets the whole request's actor afterwards.
        set_actor(replace(current_actor(), user_id=user.pk, source=source))
    return result


class AuditedSessionAuthentication(SessionAuthentication):
    def authenticate(self, request):
        return _act_as(super().authenticate(request), "web")


class AuditedTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        return _act_as(super().authenticate(request), "api")
