"""Readable labels of audit actions, provided by the apps that record them.

Each app keeps an ``audit_labels.py`` that calls :func:`register` with action code -> label
(lazy gettext); the audit app loads them at start-up. Unknown codes show as they are.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.module_loading import autodiscover_modules

_LABELS: dict[str, object] = {}


def register(mapping: Mapping[str, object]) -> None:
    _LABELS.update(mapping)


def label(action: str) -> str:
    found = _LABELS.get(action)
    return str(found) if found is not None else action


def autodiscover() -> None:
    autodiscover_modules("audit_labels")
