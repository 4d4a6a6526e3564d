"""The client address behind trusted and untrusted proxies (shared_apps.web.client)."""

import pytest
from django.test import RequestFactory, override_settings

from shared_apps.web.client import client_ip, ratelimit_ip

rf = RequestFactory()


def request(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **meta)


@override_settings(TRUSTED_PROXIES=[])
def test_no_trusted_proxy_ignores_forwarded_for():
    assert client_ip(request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_untrusted_peer_cannot_choose_its_address():
    # A client talking to the app directly sends a forged header: it is ignored.
    assert client_ip(request("198.51.100.7", "1.2.3.4")) == "198.51.100.7"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_trusted_proxy_gives_the_rightmost_untrusted_hop():
    # The client forged "1.2.3.4"; nginx appended the real peer 203.0.113.9.
    assert client_ip(request("10.0.0.2", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.2", "172.16.0.0/12"])
def test_chain_of_trusted_proxies_is_walked_from_the_right():
    assert client_ip(request("10.0.0.2", "203.0.113.9, 172.18.0.5")) == "203.0.113.9"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_all_hops_trusted_gives_the_leftmost():
    assert client_ip(request("10.0.0.2", "10.1.1.1, 10.2.2.2")) == "10.1.1.1"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8"])
def test_garbage_hop_stops_the_walk():
    assert client_ip(request("10.0.0.2", "1.2.3.4, not-an-ip, 10.9.9.9")) == "10.9.9.9"
    assert client_ip(request("10.0.0.2", "")) == "10.0.0.2"


@override_settings(TRUSTED_PROXIES=["10.0.0.0/8", "::1"])
def test_ports_and_ipv6():
    assert client_ip(request("10.0.0.2", "203.0.113.9:5100")) == "203.0.113.9"
    assert client_ip(request("::1", "[2001:db8::5]:443")) == "2001:db8::5"
    assert client_ip(request("::ffff:198.51.100.7")) == "198.51.100.7"


@pytest.mark.parametrize("remote", ["", "garbage"])
def test_missing_remote_addr(remote):
    assert client_ip(request(remote)) is None
    assert ratelimit_ip(request(remote)) == "0.0.0.0"
