"""Settings for the provisioning benchmarks (bench/p1_onboarding.py, bench/p2_rollout.py).

Development settings on a scratch database, DEBUG off. With BENCH_ADDITIVE=1 a small
tenant app (bench.additive) is installed whose one migration adds a table: the "real
additive migration" that P2 rolls out over every schema.
"""

import os

from renda.settings.dev import *  # noqa: F403

DEBUG = False
if os.environ.get("BENCH_ADDITIVE") == "1":
    TENANT_APPS = [*TENANT_APPS, "bench.additive"]  # noqa: F405
    INSTALLED_APPS = [*INSTALLED_APPS, "bench.additive"]  # noqa: F405
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
