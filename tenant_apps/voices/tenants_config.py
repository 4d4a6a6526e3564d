"""Changing the voices module's configuration for a congress (validated by the manifest's schema)."""

from __future__ import annotations

from tenants.services import set_module

from . import config


def set_voices_config(congress, **changes) -> dict:
    current = config.all_settings(congress)
    switch = set_module(congress, "voices", enabled=True, config={**current, **changes})
    return switch.config
