"""A real Celery worker (solo pool) on the test database and the test Redis.

Tests that need it take ``celery_worker``; the worker sees only committed rows,
so pair it with the ``committed`` fixture.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.support.dburl import url_for_child_processes

ROOT = Path(__file__).resolve().parents[2]
MAIL_DIR = ROOT / ".local" / "test-worker-mail"


@pytest.fixture(scope="session")
def celery_worker(world):
    from renda.celery import app

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "renda.settings.test",
        "DATABASE_URL": url_for_child_processes(),
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'platform'}",
        # Mail the worker sends lands in files tests can read.
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(MAIL_DIR),
    }
    (ROOT / ".local").mkdir(exist_ok=True)
    log = open(ROOT / ".local" / "celery-worker.log", "ab")  # noqa: SIM115
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "renda",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
            "-n",
            f"test-{os.getpid()}@%h",
        ],
        env=env,
        stdout=log,
        stderr=log,
        cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while not app.control.ping(timeout=0.5):
        if time.monotonic() > deadline or worker.poll() is not None:
            worker.kill()
            raise RuntimeError("celery worker did not start; see .local/celery-worker.log")
    yield app
    worker.terminate()
    worker.wait(15)
    log.close()
