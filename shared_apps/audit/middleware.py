from django.http import HttpRequest

from shared_apps.web.client import client_ip

from .context import Actor, reset_actor, set_actor


class RequestContextMiddleware:
    """Makes the acting user and their address available to services for the audit trail."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else None
        token = set_actor(Actor(user_id=user_id, ip=client_ip(request), source="web"))
        try:
            return self.get_response(request)
        finally:
            reset_actor(token)
