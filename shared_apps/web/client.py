"""The client's network address, decided in one place for audit, rate limits, captcha and login throttling.

`REMOTE_ADDR` is the peer of the TCP connection. Behind a reverse proxy (the shipped nginx) that peer
is the proxy, so its `X-Forwarded-For` carries the real client; but any client can send that header,
so it is believed only as far as the hops are proxies we run, listed in `settings.TRUSTED_PROXIES`
(addresses or CIDR networks, from the environment variable of the same name; empty by default,
meaning no proxy is trusted and `X-Forwarded-For` is ignored).

nginx appends the address it saw to the header (`$proxy_add_x_forwarded_for`), so the list is read
from the right: every trusted hop is skipped, and the first untrusted one is the client.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings
from django.http import HttpRequest

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def trusted_networks() -> tuple[IPNetwork, ...]:
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _parse(value: str) -> IPAddress | None:
    value = value.strip()
    if value.startswith("[") and "]" in value:  # "[2001:db8::1]:443"
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:  # "203.0.113.5:51000"
        value = value.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    # An IPv4 client seen through an IPv6 socket: report it as IPv4, so limits and logs agree.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: IPAddress, networks: tuple[IPNetwork, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request: HttpRequest) -> str | None:
    """The address of the client that made the request, or None when the connection has none."""
    remote = _parse(request.META.get("REMOTE_ADDR") or "")
    if remote is None:
        return None
    networks = trusted_networks()
    if not networks or not _trusted(remote, networks):
        return str(remote)
    hops = [hop for hop in (request.META.get("HTTP_X_FORWARDED_FOR") or "").split(",") if hop.strip()]
    client = remote
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # A hop we cannot read was written by someone we do not trust: stop at the last good one.
            break
        client = address
        if not _trusted(address, networks):
            break
    return str(client)


def ratelimit_ip(request: HttpRequest) -> str:
    """django-ratelimit's `RATELIMIT_IP_META_KEY` callable: it needs a parseable address every time."""
    return client_ip(request) or "0.0.0.0"
