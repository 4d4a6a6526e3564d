"""Bulk onboarding: one CSV or Excel file of region codes, names, levels and domains.

Every row is validated against the registry and the other rows first; a file with
problems creates nothing. Jobs then run level by level (a parent before its children),
each level in parallel on ``workers`` threads.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants.models import Congress

from . import pipeline, spec
from .models import Batch, JobState, ProvisioningJob

COLUMNS = ("region_code", "name", "level", "parent", "domains", "hosting_mode", "modules")
REQUIRED = ("region_code", "name", "level")

ProgressCallback = Callable[[ProvisioningJob], None]


def read_rows(content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows of a .csv (UTF-8, with or without BOM) or .xlsx file, keyed by the header row."""
    if filename.lower().endswith((".xlsx", ".xlsm")):
        from openpyxl import load_workbook

        sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).active
        values = [
            ["" if v is None else str(v).strip() for v in row]
            for row in sheet.iter_rows(values_only=True)
        ]
    else:
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("gb18030")
        values = [[cell.strip() for cell in row] for row in csv.reader(io.StringIO(text))]
    values = [row for row in values if any(row)]
    if not values:
        raise spec.SpecInvalid([spec.Problem("(file)", _("文件为空"))])
    header = [h.strip().lower() for h in values[0]]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise spec.SpecInvalid(
            [spec.Problem("(header)", _("缺少列：%(c)s") % {"c": ", ".join(missing)})]
        )
    return [
        dict(zip(header, row + [""] * (len(header) - len(row)), strict=False)) for row in values[1:]
    ]


def _parent_of(code: str, level: str) -> str | None:
    if level == "province":
        return None
    if level == "city":
        return code[:2] + "0000"
    if level == "county":
        return code[:4] + "00"
    return code[:6]


def row_spec(row: dict[str, str]) -> dict:
    code = row.get("region_code", "").strip()
    level = row.get("level", "").strip()
    data: dict = {
        "region_code": code,
        "name": row.get("name", "").strip(),
        "level": level,
        "parent": row.get("parent", "").strip() or _parent_of(code, level),
        "domains": [
            d.strip() for d in (row.get("domains") or "").replace(",", ";").split(";") if d.strip()
        ],
    }
    if row.get("hosting_mode", "").strip():
        data["hosting_mode"] = row["hosting_mode"].strip()
    modules = [
        m.strip() for m in (row.get("modules") or "").replace(",", ";").split(";") if m.strip()
    ]
    data["modules"] = {m: {} for m in modules}
    return spec.normalise(data)


def submit(content: bytes, filename: str, *, user=None, name: str = "") -> Batch:
    """Validate every row and queue a batch of jobs. Rows already onboarded are left alone;
    rows with an unfinished job from an earlier run resume that job."""
    rows = read_rows(content, filename)
    specs = [row_spec(row) for row in rows]
    existing = set(
        Congress.objects.filter(region_code__in=[s["region_code"] for s in specs]).values_list(
            "region_code", flat=True
        )
    )
    unfinished = {
        job.region_code: job
        for job in ProvisioningJob.objects.filter(
            region_code__in=[s["region_code"] for s in specs],
            state__in=[JobState.PENDING, JobState.RUNNING, JobState.FAILED],
        )
    }
    context = spec.Context(batch_codes={}, batch_domains={})
    for data in specs:
        context.batch_codes.setdefault(data["region_code"], data["level"])
        for hostname in data["domains"]:
            context.batch_domains.setdefault(hostname, data["region_code"])
    problems: list[spec.Problem] = []
    seen: set[str] = set()
    fresh = []
    for index, data in enumerate(specs):
        prefix = f"rows[{index + 2}]"  # the line number in the file, header being line 1
        code = data["region_code"]
        if code in seen:
            problems.append(
                spec.Problem(
                    f"{prefix}.region_code", _("区划代码 %(c)s 在文件中重复") % {"c": code}
                )
            )
            continue
        seen.add(code)
        if code in unfinished:
            continue
        if code in existing:
            continue
        problems += spec.validate(data, prefix=prefix, context=context)
        fresh.append(data)
    if problems:
        raise spec.SpecInvalid(problems)
    with transaction.atomic():
        batch = Batch.objects.create(name=name or filename, created_by=user, total=len(specs))
        for data in fresh:
            pipeline.create_job(data, user=user, batch=batch)
        for job in unfinished.values():
            job.batch = batch
            job.save(update_fields=["batch", "updated_at"])
        # Rows onboarded before count as done: a re-run of the same file changes nothing.
        for data in specs:
            if data["region_code"] in existing and data["region_code"] not in unfinished:
                ProvisioningJob.objects.create(
                    spec=data,
                    region_code=data["region_code"],
                    name=data["name"],
                    level=data["level"],
                    depth=spec.depth_of(data["level"]),
                    batch=batch,
                    created_by=user,
                    state=JobState.SUCCEEDED,
                    completed_steps=[],
                    congress=Congress.objects.filter(region_code=data["region_code"]).first(),
                    log=[
                        {
                            "at": timezone.now().isoformat(),
                            "step": "validate",
                            "level": "info",
                            "message": _("已开通，跳过"),
                        }
                    ],
                    finished_at=timezone.now(),
                )
    return batch


def default_workers() -> int:
    return int(getattr(settings, "PROVISIONING_WORKERS", 0) or 2)


def run(
    batch_id: int, *, workers: int | None = None, progress: ProgressCallback | None = None
) -> Batch:
    """Run every unfinished job of the batch: shallowest level first, each level in parallel."""
    workers = workers or default_workers()
    Batch.objects.filter(pk=batch_id).update(state=JobState.RUNNING)
    depths = sorted(
        set(ProvisioningJob.objects.filter(batch_id=batch_id).values_list("depth", flat=True))
    )
    for depth in depths:
        ids = list(
            ProvisioningJob.objects.filter(batch_id=batch_id, depth=depth)
            .exclude(state__in=[JobState.SUCCEEDED, JobState.ROLLED_BACK])
            .order_by("region_code")
            .values_list("pk", flat=True)
        )
        done = ProvisioningJob.objects.filter(
            batch_id=batch_id, depth=depth, state=JobState.SUCCEEDED
        )
        if progress:
            for job in done:
                progress(job)
        if workers <= 1 or len(ids) <= 1:
            for job_id in ids:
                _run_one(job_id, progress)
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                list(pool.map(lambda job_id: _run_in_thread(job_id, progress), ids))
    failed = (
        ProvisioningJob.objects.filter(batch_id=batch_id).exclude(state=JobState.SUCCEEDED).exists()
    )
    Batch.objects.filter(pk=batch_id).update(
        state=JobState.FAILED if failed else JobState.SUCCEEDED, finished_at=timezone.now()
    )
    return Batch.objects.get(pk=batch_id)


def _run_one(job_id: int, progress: ProgressCallback | None) -> None:
    try:
        job = pipeline.run(job_id)
    except pipeline.JobBusy:
        job = ProvisioningJob.objects.get(pk=job_id)
    if progress:
        progress(job)


def _run_in_thread(job_id: int, progress: ProgressCallback | None) -> None:
    # Each thread has its own connection; give it back when the job is done.
    close_old_connections()
    try:
        _run_one(job_id, progress)
    finally:
        connection.close()


def summary(batch: Batch) -> dict[str, int]:
    counts = {state: 0 for state in JobState.values}
    for state in batch.jobs.values_list("state", flat=True):
        counts[state] += 1
    counts["total"] = batch.total
    counts["done"] = (
        counts[JobState.SUCCEEDED] + counts[JobState.FAILED] + counts[JobState.ROLLED_BACK]
    )
    return counts


def dispatch(batch: Batch) -> None:
    if getattr(settings, "PROVISIONING_DISPATCH", "celery") == "celery":
        from .tasks import run_batch

        transaction.on_commit(lambda: run_batch.delay(batch.pk))
    else:
        run(batch.pk, workers=1)
