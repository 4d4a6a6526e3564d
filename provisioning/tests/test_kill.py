"""A worker process killed with SIGKILL in the middle of a step: the job is resumable, and
the half-made congress never looks active."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.test import Client

from provisioning import pipeline
from provisioning.models import JobState, ProvisioningJob
from tenants.models import Congress, CongressStatus

from .support import purge, township_spec

ROOT = Path(__file__).resolve().parents[2]


def test_sigkill_mid_step_then_resume(world, committed):
    job = pipeline.submit(township_spec())
    db = settings.DATABASES["default"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "renda.settings.test",
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'platform'}",
        # The migrate path makes the `migrate` step last long enough to be caught in it.
        "PROVISIONING_SCHEMA_METHOD": "migrate",
    }
    worker = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "provision_job", str(job.pk)],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            step = ProvisioningJob.objects.filter(pk=job.pk).values_list("step", flat=True).first()
            if step == "migrate" or worker.poll() is not None:
                break
            time.sleep(0.01)
        assert worker.poll() is None, "the worker finished before it could be killed"
        os.kill(worker.pid, signal.SIGKILL)
        worker.wait(10)

        job.refresh_from_db()
        assert job.state == JobState.RUNNING
        assert job.step not in job.completed_steps
        assert "activate" not in job.completed_steps
        congress = Congress.objects.get(region_code=job.region_code)
        assert congress.status == CongressStatus.PROVISIONING
        # Its hostname answers "being set up", never the site.
        response = Client().get("/", HTTP_HOST=congress.primary_domain_name())
        assert response.status_code == 503
        # The dead worker's lock went with its connection.
        deadline = time.monotonic() + 10
        while pipeline.is_held(job.pk) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not pipeline.is_held(job.pk)

        job = pipeline.run(job.pk)
        assert job.state == JobState.SUCCEEDED, job.error
        assert job.attempts == 2
        congress.refresh_from_db()
        assert congress.status == CongressStatus.ACTIVE
    finally:
        if worker.poll() is None:
            worker.kill()
        job.refresh_from_db()
        if job.congress is not None:
            purge(job.congress)
        ProvisioningJob.objects.filter(pk=job.pk).delete()
