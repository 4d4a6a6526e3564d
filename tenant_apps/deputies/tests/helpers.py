"""Small builders shared by the deputies and stations tests."""

from __future__ import annotations

import datetime as dt
import io
import itertools

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook
from PIL import Image

from tenant_apps.deputies import services
from tenant_apps.deputies.importer import COLUMNS

_numbers = itertools.count(1)


def unique_mobile() -> str:
    return f"137{next(_numbers):08d}"


def deputy(name: str = "李代表", **values):
    values.setdefault("registered_on", dt.date(2021, 10, 1))
    values.setdefault("mobile", unique_mobile())
    return services.register_deputy(name=name, **values)


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (64, 48), "red")
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    exif[0x8825] = {1: "N", 2: (30.0, 1.0, 0.0)}  # GPS
    out = io.BytesIO()
    image.save(out, format="JPEG", exif=exif)
    return out.getvalue()


def photo(name: str = "p.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, jpeg_with_exif(), "image/jpeg")


def roster(rows: list[dict], *, header: list[str] | None = None) -> bytes:
    """An .xlsx in the template's layout; rows use the column keys."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or [c.label + ("*" if c.required else "") for c in COLUMNS])
    for row in rows:
        sheet.append([row.get(c.key, "") for c in COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def good_row(i: int, **extra) -> dict:
    return {
        "name": f"导入代表{i}",
        "gender": "女" if i % 2 else "男",
        "ethnicity": "汉族",
        "birth_year": 1960 + i % 30,
        "party": "中共党员",
        "occupation": "农民",
        "position": f"某村第{i}组组长",
        "level": "县（区）人大代表",
        "constituency": "导入第一选区",
        "group": "导入第一小组",
        "mobile": f"1590000{i:04d}",
        "registered_on": "2021-10-01",
        **extra,
    }
