"""Benchmark: import a roster of N deputies from Excel (dry run, then the real import).

    python bench/deputies_import.py 20000

Builds an .xlsx of N rows like an office's roster, imports it into a fresh bench congress,
then imports it again (idempotent: nothing changes). Ends with one summary line.
"""

from __future__ import annotations

import io
import resource
import sys
import time
import tracemalloc

from _setup import fresh_congress
from django_tenants.utils import tenant_context
from openpyxl import Workbook

from tenant_apps.deputies import importer
from tenant_apps.deputies.models import Deputy

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "建国秀英志强丽华海涛美玲文明晓东红梅春生桂芳"


def roster(size: int) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("代表名册")
    sheet.append([c.label + ("*" if c.required else "") for c in importer.COLUMNS])
    for i in range(size):
        name = SURNAMES[i % 20] + GIVEN[(i * 7) % 20] + GIVEN[(i * 3 + 1) % 20]
        row = {
            "roster_code": f"B{i:06d}",
            "name": name,
            "gender": "男" if i % 2 else "女",
            "ethnicity": "汉族",
            "birth_year": 1955 + i % 45,
            "party": "中共党员" if i % 3 else "群众",
            "occupation": "农民",
            "position": f"第{i % 300}村村委会主任",
            "level": "乡镇人大代表",
            "constituency": f"第{i % 120}选区",
            "group": f"第{i % 60}代表小组",
            "mobile": f"18{i:09d}",
            "email": "",
            "address": f"幸福路{i}号",
            "registered_on": "2021-10-01",
        }
        sheet.append([row.get(c.key, "") for c in importer.COLUMNS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def main(size: int) -> None:
    congress = fresh_congress("650000", "基准测试人大常委会（导入）")
    content = roster(size)
    with tenant_context(congress):
        tracemalloc.start()
        started = time.perf_counter()
        report, _parsed = importer.check(io.BytesIO(content))
        dry = time.perf_counter() - started
        assert report.ok, report.errors[:5]
        started = time.perf_counter()
        first = importer.run(io.BytesIO(content))
        imported = time.perf_counter() - started
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        started = time.perf_counter()
        again = importer.run(io.BytesIO(content))
        reimported = time.perf_counter() - started
        assert first.created == size and again.unchanged == size and again.created == 0
        assert Deputy.objects.count() == size
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"deputies_import rows={size} file_kb={len(content) // 1024} dry_run_s={dry:.1f} "
        f"import_s={imported:.1f} rows_per_s={size / imported:.0f} reimport_s={reimported:.1f} "
        f"peak_python_mb={peak / 2**20:.0f} max_rss_mb={rss:.0f}"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20_000)
