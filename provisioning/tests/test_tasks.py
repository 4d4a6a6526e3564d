"""Jobs started from a page or the API run on a Celery worker (PROVISIONING_DISPATCH=celery)."""

import time

import pytest

from provisioning import pipeline
from provisioning.models import JobState, ProvisioningJob
from tenants.models import CongressStatus

from .support import purge, township_spec

pytestmark = pytest.mark.celery


def test_a_dispatched_job_runs_on_the_worker(world, committed, celery_worker, settings):
    settings.PROVISIONING_DISPATCH = "celery"
    job = pipeline.submit(township_spec())
    try:
        pipeline.dispatch(job)  # no transaction open: queued at once
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            job.refresh_from_db()
            if job.state in (JobState.SUCCEEDED, JobState.FAILED):
                break
            time.sleep(0.2)
        assert job.state == JobState.SUCCEEDED, job.error
        assert job.congress.status == CongressStatus.ACTIVE
    finally:
        job.refresh_from_db()
        if job.congress is not None:
            purge(job.congress)
        ProvisioningJob.objects.filter(pk=job.pk).delete()
