"""Cross-cutting request and response rules of every site: bad bytes, caching of personal data."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _


def _wants_json(request: HttpRequest) -> bool:
    return request.path.startswith("/api/") or "application/json" in request.headers.get("Accept", "")


class RejectNulBytesMiddleware:
    """A NUL byte in the path or the query string is refused with 400 before any view runs.

    PostgreSQL cannot store or compare text containing NUL: a filter parameter with one
    reached the database and answered 500. No legitimate input carries it.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        bad = sorted(
            {key for key, values in request.GET.lists() for value in [key, *values] if "\x00" in value}
        )
        if bad or "\x00" in request.path:
            return self.refuse(request, bad or ["path"])
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, fields: list[str]) -> HttpResponse:
        message = _("请求参数包含非法字符。")
        if _wants_json(request):
            body = {"error": {"code": "invalid", "message": message, "fields": {f: [message] for f in fields}}}
            return JsonResponse(body, status=400, json_dumps_params={"ensure_ascii": False})
        return render(request, "400.html", {"message": message}, status=400)


class NoStoreMiddleware:
    """``Cache-Control: no-store`` on everything that may carry personal data.

    That is every API response, every response to a write, and every response whose content
    depended on the visitor: the session was read (a signed-in user, a citizen's tracked
    messages) or a cookie set. Exports are downloads of signed-in staff, so they are covered.
    Pages that read no session (static files, a public page rendered the same for everyone)
    stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        personal = (
            request.path.startswith("/api/")
            or request.method not in ("GET", "HEAD")
            or (session is not None and session.accessed)
            or bool(response.cookies)
            or "Authorization" in request.headers
        )
        if personal:
            add_never_cache_headers(response)
        return response
