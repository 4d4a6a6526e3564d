"""Reading back spreadsheet cells that an older export protected with a leading apostrophe.

Exports now save through :func:`shared_apps.web.xlsx.to_bytes`, which keeps formula-like text
plain with Excel's quote prefix and leaves the value itself unchanged; files written before that
carried a literal apostrophe, which :func:`unsafe_cell` removes when such a file is imported.
"""

from __future__ import annotations

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def unsafe_cell(text: str) -> str:
    """The value an older export protected with a leading apostrophe, when such a file is read back."""
    return text[1:] if text.startswith("'") and text[1:].startswith(_FORMULA_START) else text
