"""Administrative-division codes (GB/T 2260) and the level tree of congresses.

A province is ``PP0000``, a city ``PPCC00``, a county-level unit ``PPCCDD``;
townships and sub-districts carry 9 digits (``PPCCDDTTT``), or 12 in
statistical use (``PPCCDDTTT000``). A child's code starts with its parent's.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# Province-level prefixes in use (GB/T 2260).
PROVINCE_PREFIXES = frozenset(str(p) for p in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47),
                                                *range(50, 55), *range(61, 66), 71, 81, 82))


class Level(models.TextChoices):
    PLATFORM = "platform", _("平台")
    PROVINCE = "province", _("省级")
    CITY = "city", _("市级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡镇")
    SUBDISTRICT = "subdistrict", _("街道")


PARENT_LEVEL: dict[str, str | None] = {
    Level.PROVINCE: None,
    Level.CITY: Level.PROVINCE,
    Level.COUNTY: Level.CITY,
    Level.TOWNSHIP: Level.COUNTY,
    Level.SUBDISTRICT: Level.COUNTY,
}

# How many leading digits of a child's code repeat its parent's code.
_PREFIX = {Level.CITY: 2, Level.COUNTY: 4, Level.TOWNSHIP: 6, Level.SUBDISTRICT: 6}

_PATTERNS = {
    Level.PROVINCE: re.compile(r"^\d{2}0000$"),
    Level.CITY: re.compile(r"^\d{4}00$"),
    Level.COUNTY: re.compile(r"^\d{6}$"),
    Level.TOWNSHIP: re.compile(r"^\d{9}(000)?$"),
    Level.SUBDISTRICT: re.compile(r"^\d{9}(000)?$"),
}


def region_code_errors(code: str, level: str, parent_code: str | None) -> list[str]:
    """Every problem with ``code`` for a congress of ``level`` under ``parent_code``."""
    errors: list[str] = []
    label = Level(level).label if level in Level.values else level
    pattern = _PATTERNS.get(level)
    if pattern is None:
        return [str(_("未知的层级：%(level)s") % {"level": level})]
    if not pattern.match(code or ""):
        errors.append(str(_("区划代码 %(code)s 不符合%(level)s代码格式") % {"code": code, "level": label}))
        return errors
    if code[:2] not in PROVINCE_PREFIXES:
        errors.append(str(_("区划代码 %(code)s 的省级前缀 %(p)s 不存在") % {"code": code, "p": code[:2]}))
    if level == Level.CITY and code[2:4] == "00":
        errors.append(str(_("市级区划代码 %(code)s 的第3-4位不能为00") % {"code": code}))
    if level == Level.COUNTY and code[4:6] == "00":
        errors.append(str(_("县级区划代码 %(code)s 的第5-6位不能为00") % {"code": code}))
    if level in (Level.TOWNSHIP, Level.SUBDISTRICT) and code[6:9] == "000":
        errors.append(str(_("乡镇（街道）区划代码 %(code)s 的第7-9位不能为000") % {"code": code}))
    if parent_code is not None and level in _PREFIX:
        width = _PREFIX[level]
        if code[:width] != parent_code[:width]:
            errors.append(
                str(
                    _("区划代码 %(code)s 与上级代码 %(parent)s 的前 %(n)s 位不一致")
                    % {"code": code, "parent": parent_code, "n": width}
                )
            )
    return errors


def parent_level_errors(level: str, parent_level: str | None) -> list[str]:
    expected = PARENT_LEVEL.get(level)
    if level not in PARENT_LEVEL:
        return [str(_("未知的层级：%(level)s") % {"level": level})]
    if expected is None and parent_level is not None:
        return [str(_("省级人大不能有上级"))]
    if expected is not None and parent_level != expected:
        return [
            str(
                _("%(level)s人大的上级必须是%(expected)s人大") % {
                    "level": Level(level).label,
                    "expected": Level(expected).label,
                }
            )
        ]
    return []


def validate_region_code(code: str, level: str, parent_code: str | None) -> None:
    errors = region_code_errors(code, level, parent_code)
    if errors:
        raise ValidationError(errors)
