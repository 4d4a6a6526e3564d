"""The audit trail records the client address from shared_apps.web.client, not a forged header."""

from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from shared_apps.audit.context import current_actor
from shared_apps.audit.middleware import RequestContextMiddleware


def seen_ip(**meta) -> str | None:
    seen = {}

    def view(_request):
        seen["ip"] = current_actor().ip
        return HttpResponse()

    RequestContextMiddleware(view)(RequestFactory().get("/", **meta))
    return seen["ip"]


@override_settings(TRUSTED_PROXIES=[])
def test_forged_forwarded_for_is_not_recorded():
    assert seen_ip(REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR="1.2.3.4") == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_behind_trusted_proxy_records_the_client_not_the_forged_hop():
    meta = {"REMOTE_ADDR": "10.0.0.2", "HTTP_X_FORWARDED_FOR": "1.2.3.4, 203.0.113.9"}
    assert seen_ip(**meta) == "203.0.113.9"
