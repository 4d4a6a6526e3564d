"""Outbound calls to staff-typed URLs: https only, public addresses only, no re-resolution."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.test import override_settings

from shared_apps.web import outbound

NAME = "hooks.example.gov.cn"
PUBLIC = "93.184.216.34"


class _Bridge(BaseHTTPRequestHandler):
    received: list = []

    def do_POST(self):
        _Bridge.received.append((dict(self.headers), self.rfile.read(int(self.headers["Content-Length"]))))
        self.send_response(204)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def local_server():
    server = HTTPServer(("127.0.0.1", 0), _Bridge)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    _Bridge.received.clear()
    yield server
    server.shutdown()


@pytest.fixture
def stub_resolver(monkeypatch):
    """NAME resolves to whatever the test sets; every lookup is counted."""
    answers: dict = {"addresses": [PUBLIC], "calls": 0}

    def resolve(host, port):
        answers["calls"] += 1
        return list(answers["addresses"]) if host == NAME else outbound.socket.gethostbyname_ex(host)[2]

    monkeypatch.setattr(outbound, "resolve", resolve)
    return answers


@pytest.mark.parametrize("scheme", ["http", "https"])
def test_a_local_server_is_refused_as_loopback(local_server, scheme):
    url = f"{scheme}://127.0.0.1:{local_server.server_port}/bridge"
    with pytest.raises(outbound.OutboundRefused):
        outbound.post(url, b"{}", {})
    with pytest.raises(outbound.OutboundRefused, match="non-public"):
        outbound.post(f"https://localhost:{local_server.server_port}/bridge", b"{}", {})
    assert _Bridge.received == []


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "gopher://x/", "ftp://example.com/", "https://user:pw@example.com/", "http://example.com/"],
)
def test_only_https_urls(url):
    with pytest.raises(outbound.OutboundRefused):
        outbound.check_url(url)


@pytest.mark.parametrize(
    "addresses",
    [
        ["10.0.0.5"],
        ["192.168.1.10"],
        ["169.254.169.254"],  # cloud metadata
        ["100.64.0.1"],
        ["224.0.0.1"],
        ["240.0.0.1"],
        ["0.0.0.0"],
        ["::1"],
        ["fe80::1"],
        ["fd00::1"],
        ["::ffff:127.0.0.1"],
        [PUBLIC, "127.0.0.1"],  # one bad address among good ones is enough
    ],
)
def test_a_name_resolving_to_a_private_address_is_refused(stub_resolver, monkeypatch, addresses):
    stub_resolver["addresses"] = addresses
    monkeypatch.setattr(outbound.socket, "create_connection", lambda *a, **k: pytest.fail("must not connect"))
    with pytest.raises(outbound.OutboundRefused, match="non-public"):
        outbound.post(f"https://{NAME}/hook", b"{}", {})


def test_a_public_name_is_resolved_once_and_the_checked_address_is_dialled(stub_resolver, monkeypatch):
    dialled = []

    def create_connection(address, *args, **kwargs):
        dialled.append(address)
        # A rebinding DNS would now answer with an internal address: it is never asked again.
        stub_resolver["addresses"] = ["127.0.0.1"]
        raise ConnectionRefusedError("no network in this test")

    monkeypatch.setattr(outbound.socket, "create_connection", create_connection)
    with pytest.raises(ConnectionRefusedError):
        outbound.post(f"https://{NAME}/hook", b"{}", {})
    assert dialled == [(PUBLIC, 443)] and stub_resolver["calls"] == 1


@pytest.fixture
def tls_bridge(tmp_path, monkeypatch):
    """A local HTTPS bridge with a certificate for NAME, trusted by the outbound context."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={NAME}",
         "-addext", f"subjectAltName=DNS:{NAME}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )  # fmt: skip
    server = HTTPServer(("127.0.0.1", 0), _Bridge)
    server_context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_context.load_cert_chain(cert, key)
    server.socket = server_context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    client_context = ssl.create_default_context(cafile=str(cert))
    monkeypatch.setattr(outbound, "ssl_context", lambda: client_context)
    _Bridge.received.clear()
    yield server
    server.shutdown()


def test_an_operator_allowed_intranet_bridge_gets_the_signed_post(tls_bridge, stub_resolver):
    stub_resolver["addresses"] = ["127.0.0.1"]
    url = f"https://{NAME}:{tls_bridge.server_port}/bridge?x=1"
    with pytest.raises(outbound.OutboundRefused):
        outbound.post(url, b"{}", {})
    with override_settings(OUTBOUND_ALLOWED_NETWORKS=["127.0.0.1/32"]):
        reply = outbound.post(url, json.dumps({"a": 1}).encode(), {"Content-Type": "application/json"})
    assert reply.status == 204
    headers, body = _Bridge.received[-1]
    assert json.loads(body) == {"a": 1} and headers["Host"].startswith(NAME)


def test_the_certificate_must_match_the_host_name(tls_bridge, monkeypatch):
    # Same server, reached under another name: the handshake fails, nothing is posted.
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["127.0.0.1"])
    with override_settings(OUTBOUND_ALLOWED_NETWORKS=["127.0.0.1/32"]), pytest.raises(ssl.SSLCertVerificationError):
        outbound.post(f"https://other.example.gov.cn:{tls_bridge.server_port}/", b"{}", {})
    assert _Bridge.received == []


def test_resolver_failure_is_a_refusal(monkeypatch):
    def fail(host, port):
        raise socket.gaierror("no such name")

    monkeypatch.setattr(outbound, "resolve", fail)
    with pytest.raises(outbound.OutboundRefused, match="cannot resolve"):
        outbound.post("https://nowhere.invalid/", b"{}", {})
