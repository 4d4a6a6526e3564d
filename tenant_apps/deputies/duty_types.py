"""Duty types: the five every congress has (seed 001), plus those a congress adds in its config."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

BUILT_IN: dict[str, str] = {
    "meeting": _("参加会议"),
    "inspection": _("视察调研"),
    "suggestion": _("提出建议"),
    "voter_contact": _("联系选民"),
    "group_activity": _("小组活动"),
}

# Default 履职积分 per participant; a congress overrides them in the module config.
BUILT_IN_POINTS: dict[str, float] = {
    "meeting": 2,
    "inspection": 3,
    "suggestion": 5,
    "voter_contact": 2,
    "group_activity": 1,
}


@dataclass(frozen=True)
class DutyType:
    code: str
    name: str
    points: Decimal
    built_in: bool


def duty_types(config: dict | None) -> dict[str, DutyType]:
    """Every type of a congress, built-in first, from its deputies module config."""
    config = config or {}
    points = {**BUILT_IN_POINTS, **config.get("points", {})}
    types = {
        code: DutyType(code, str(name), Decimal(str(points.get(code, 0))), True) for code, name in BUILT_IN.items()
    }
    for custom in config.get("custom_types", []):
        if custom["code"] not in types:
            types[custom["code"]] = DutyType(
                custom["code"], custom["name"], Decimal(str(points.get(custom["code"], 0))), False
            )
    return types
