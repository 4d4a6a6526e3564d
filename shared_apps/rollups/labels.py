"""Chinese labels for the codes rollups keep (categories, duty types, levels, ratings...).

Codes stay the keys (stable across congresses); labels come from the modules that define
them, when installed. A congress's own extra codes are shown as they are.
"""

from __future__ import annotations

from functools import cache

from django.utils.translation import gettext as _


@cache
def _categories() -> dict[str, str]:
    try:
        from tenant_apps.voices.taxonomy import DEFAULTS
    except ImportError:
        return {}
    labels = {}
    for code, name, _amount, _unit, subs in DEFAULTS:
        labels[code] = str(name)
        for index, sub in enumerate(subs):
            labels[f"{code}-{index + 1}"] = str(sub)
    return labels


@cache
def _duty_types() -> dict[str, str]:
    try:
        from tenant_apps.deputies.duty_types import BUILT_IN
    except ImportError:
        return {}
    return {code: str(name) for code, name in BUILT_IN.items()}


def _fixed() -> dict[str, dict[str, str]]:
    return {
        "level": {"national": _("全国"), "province": _("省级"), "city": _("市级"), "county": _("县级"),
                  "township": _("乡镇"), "subdistrict": _("街道")},
        "rating": {"satisfied": _("满意"), "basically_satisfied": _("基本满意"), "dissatisfied": _("不满意")},
        "grade": {"A": _("A 已解决"), "B": _("B 正在解决"), "C": _("C 列入计划"), "D": _("D 难以解决")},
    }


def label(kind: str, code: str) -> str:
    if kind in ("category",):
        return _categories().get(code, code)
    if kind == "duty_type":
        return _duty_types().get(code, code)
    return str(_fixed().get(kind, {}).get(code, code))
