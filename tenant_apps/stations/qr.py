"""QR codes of stations: they encode the public write-to-station URL, built from the fixed token."""

from __future__ import annotations

import io

import segno
from django.http import HttpRequest

from .models import LiaisonStation

# The public page for writing to a station belongs to the voices module; this path is the
# contract with it, so a printed poster keeps working whichever module answers it.
WRITE_PATH = "/voices/write/{token}/"


def write_path(station: LiaisonStation) -> str:
    return WRITE_PATH.format(token=station.public_token)


def write_url(request: HttpRequest, station: LiaisonStation) -> str:
    return request.build_absolute_uri(write_path(station))


def _code(url: str) -> segno.QRCode:
    # Level M survives a scuffed or partly covered printed poster.
    return segno.make_qr(url, error="m")


def svg(url: str) -> bytes:
    out = io.BytesIO()
    _code(url).save(out, kind="svg", scale=8, border=4, xmldecl=True, svgns=True)
    return out.getvalue()


def png(url: str, *, scale: int = 10) -> bytes:
    out = io.BytesIO()
    _code(url).save(out, kind="png", scale=scale, border=4)
    return out.getvalue()


def svg_inline(url: str) -> str:
    """An <svg> element to embed in the poster page (no XML declaration)."""
    out = io.BytesIO()
    _code(url).save(out, kind="svg", scale=8, border=2, xmldecl=False, svgns=True, omitsize=True)
    return out.getvalue().decode()
