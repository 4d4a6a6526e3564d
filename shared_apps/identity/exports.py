"""Spreadsheet cells that stay text: a name such as ``=HYPERLINK(...)`` must not become a formula."""

from __future__ import annotations

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Text for a cell: a leading apostrophe keeps spreadsheet programs from evaluating it."""
    return f"'{value}" if value and value.startswith(_FORMULA_START) else value


def unsafe_cell(text: str) -> str:
    """The value :func:`safe_cell` protected, when such a file is read back."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text
