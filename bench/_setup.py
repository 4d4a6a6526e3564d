"""Django set-up for benchmark scripts, and a throwaway congress to run them in."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings.dev")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()


def fresh_congress(code: str, name: str):
    """A congress (province level: it needs no parent) with the deputies module on; dropped and
    rebuilt on every run."""
    from tenants.models import Congress
    from tenants.regions import Level
    from tenants.services import create_congress, ensure_platform

    ensure_platform("localhost")
    old = Congress.objects.filter(region_code=code).first()
    if old is not None:
        old.auto_drop_schema = True
        old.delete(force_drop=True)
    return create_congress(
        name=name,
        level=Level.PROVINCE,
        region_code=code,
        domains=[f"bench-{code}.localhost"],
        modules={"deputies": {}, "stations": {}},
    )
