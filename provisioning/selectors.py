"""Reads for the provincial office's pages and the operators' API."""

from __future__ import annotations

from django.db.models import QuerySet

from tenants.models import Congress

from . import bulk, pipeline
from .models import Batch, JobState, ProvisioningJob


def recent_jobs(limit: int = 50) -> QuerySet[ProvisioningJob]:
    return ProvisioningJob.objects.filter(batch__isnull=True).select_related("congress")[:limit]


def recent_batches(limit: int = 20) -> QuerySet[Batch]:
    return Batch.objects.all()[:limit]


def congresses() -> QuerySet[Congress]:
    return Congress.objects.congresses().prefetch_related("domains", "archives").order_by("path")


def job_status(job: ProvisioningJob) -> dict:
    """What the live job page polls."""
    interrupted = job.state == JobState.RUNNING and not pipeline.is_held(job.pk)
    return {
        "id": job.pk,
        "state": job.state,
        "state_label": str(job.get_state_display()) if not interrupted else "已中断",
        "interrupted": interrupted,
        "step": job.step,
        "completed_steps": job.completed_steps,
        "progress": job.progress,
        "error": job.error,
        "log": job.log,
        "congress_id": job.congress_id,
        "can_retry": job.state == JobState.FAILED or interrupted,
        "can_rollback": job.state == JobState.FAILED or interrupted,
    }


def batch_status(batch: Batch) -> dict:
    counts = bulk.summary(batch)
    jobs = batch.jobs.order_by("depth", "region_code").values(
        "id", "region_code", "name", "level", "state", "step", "completed_steps", "error"
    )
    return {
        "id": batch.pk,
        "name": batch.name,
        "state": batch.state,
        "counts": counts,
        "percent": round(100 * counts["done"] / counts["total"]) if counts["total"] else 100,
        "jobs": [
            {
                **job,
                "progress": round(100 * len(job["completed_steps"]) / 8),
                "error": job["error"][:300],
            }
            for job in jobs
        ],
    }
