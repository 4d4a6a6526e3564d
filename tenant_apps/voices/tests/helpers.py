"""Shared set-up for the voices tests: the station and deputy each congress's seed created."""

from __future__ import annotations

import io
import itertools

from PIL import Image

from shared_apps.identity.roles import Role
from tenant_apps.deputies.models import Deputy
from tenant_apps.stations.models import LiaisonStation
from tenant_apps.voices import services
from tenant_apps.voices.models import Category
from tenant_apps.voices.taxonomy import ensure_defaults

_counter = itertools.count(1)


def phone() -> str:
    """A fresh, valid mobile number per call (keeps the rate limits and duplicate check apart)."""
    return f"1588{next(_counter) % 10**7:07d}"


def station(world, key: str = "T1") -> LiaisonStation:
    return LiaisonStation.objects.get(public_token=world.seeds[key]["voices"]["token"])


def deputy(world, key: str = "T1") -> Deputy:
    return Deputy.objects.get(user=world.user(Role.DEPUTY, key))


def submit(world, key: str = "T1", *, category: str = "help", title: str | None = None, **extra):
    ensure_defaults()
    n = next(_counter)
    values = {
        "category": Category.objects.get(code=category),
        "title": title or f"测试留言{n}",
        "description": extra.pop("description", f"第{n}号：路灯坏了很久，晚上出行不安全，请帮忙协调修理。"),
        "phone": extra.pop("phone", phone()),
        "consent": True,
        "station": station(world, key),
        **extra,
    }
    return services.submit(services.Submission(**values))


def jpeg_with_exif(size=(64, 48)) -> bytes:
    image = Image.new("RGB", size, (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"  # Make
    exif[0x8825] = {2: (31, 14, 0)}  # GPS latitude
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()
