"""Calling URLs that congress staff typed in (the voices webhook), without becoming a proxy into
our own network (server-side request forgery).

The rules, checked when the request is sent rather than when the URL is saved (DNS changes):

- https only, with the certificate checked against the URL's host name; no redirects followed.
- The host name is resolved once, and every address it resolves to must be public: private,
  loopback, link-local, multicast, reserved, unspecified and shared (CGNAT) addresses are refused,
  also inside IPv4-mapped IPv6. The connection then goes to the checked address itself (the TLS
  handshake still names the host), so a second resolution cannot swap in an internal address
  (DNS rebinding, time-of-check to time-of-use).
- `settings.OUTBOUND_ALLOWED_NETWORKS` (environment, comma-separated CIDRs, empty by default)
  lets an operator allow an intranet bridge explicitly; congress staff cannot.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings


class OutboundRefused(Exception):
    """The URL may not be called; the message says why (kept on the notification row)."""


@dataclass(frozen=True)
class Reply:
    status: int
    body: bytes


def resolve(host: str, port: int) -> list[str]:
    """Every address of ``host`` (tests replace this with a resolver of their own)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def ssl_context() -> ssl.SSLContext:
    return ssl.create_default_context()


def _allowed_networks():
    return [ipaddress.ip_network(n, strict=False) for n in getattr(settings, "OUTBOUND_ALLOWED_NETWORKS", []) or []]


def is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip.version == net.version and ip in net for net in _allowed_networks()):
        return True
    return ip.is_global and not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def check_url(url: str) -> tuple[str, int, str]:
    """(host, port, path) of an https URL, or OutboundRefused; nothing is resolved here."""
    parts = urlsplit(url or "")
    if parts.scheme != "https" or not parts.hostname:
        raise OutboundRefused("only https:// URLs are allowed")
    if parts.username or parts.password:
        raise OutboundRefused("credentials in the URL are not allowed")
    try:
        port = parts.port or 443
    except ValueError as exc:
        raise OutboundRefused("invalid port") from exc
    path = parts.path or "/"
    return parts.hostname, port, path + (f"?{parts.query}" if parts.query else "")


def checked_address(host: str, port: int) -> str:
    """The one address to connect to: every resolved address must be public."""
    try:
        addresses = resolve(host, port)
    except (OSError, UnicodeError) as exc:
        raise OutboundRefused(f"cannot resolve {host}") from exc
    if not addresses:
        raise OutboundRefused(f"cannot resolve {host}")
    refused = [a for a in addresses if not is_public(a)]
    if refused:
        raise OutboundRefused(f"{host} resolves to a non-public address ({', '.join(refused)})")
    return addresses[0]


class _PinnedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to a fixed, already checked address; SNI and the certificate use the host name."""

    def __init__(self, host: str, port: int, address: str, **kwargs):
        super().__init__(host, port, **kwargs)
        self._address = address

    def connect(self) -> None:
        sock = socket.create_connection((self._address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float = 10) -> Reply:
    """POST ``body`` to ``url`` under the rules above; raises OutboundRefused or OSError."""
    host, port, path = check_url(url)
    address = checked_address(host, port)
    conn = _PinnedHTTPSConnection(host, port, address, timeout=timeout, context=ssl_context())
    try:
        conn.request("POST", path, body=body, headers=headers)
        response = conn.getresponse()
        # Bounded read: the bridge's answer is not needed beyond its status.
        return Reply(response.status, response.read(64 * 1024))
    finally:
        conn.close()
