"""Benchmark: the public submission endpoint of the voices module under loopback load (issue 5),
against the congress's public home page in the same run.

    .venv/bin/python bench/voices_submit.py [seconds] [connections]     (default 20 s, 16)

Needs the demo province (`manage.py seed_demo`) in DATABASE_URL. Starts gunicorn (DEBUG off,
deploy/gunicorn.conf.py, GUNICORN_WORKERS default 5) on 127.0.0.1:8150 and drives it with wrk:
first the home page of 湖滨街道 (hubin.localhost), then POST /api/v1/voices/submissions/ with a
distinct phone and text per request (a run number kept in .local/ keeps phones distinct
across runs too, so the 24 h duplicate check never fires), rate limits ON with thresholds set above the offered load
(per IP 1,000,000/min; per phone 5/h, which unique phones never reach), so the limiter's Redis
round trips are part of what is measured. Afterwards it counts the stored messages: every 201
must be in the database. Ends with one SUMMARY line.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import Request, urlopen

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings.dev")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django_tenants.utils import tenant_context  # noqa: E402

from tenant_apps.stations.models import LiaisonStation  # noqa: E402
from tenant_apps.voices import tenants_config  # noqa: E402
from tenant_apps.voices.models import Voice  # noqa: E402
from tenants.models import Congress  # noqa: E402

PORT = 8150
HOST = "hubin.localhost"
LUA = ROOT / "bench" / "voices_submit.lua"


def wrk(args: list[str]) -> str:
    return subprocess.run(["wrk", *args], capture_output=True, text=True, check=True).stdout


def home(seconds: int, connections: int) -> dict:
    out = wrk(["-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-H", f"Host: {HOST}",
               f"http://127.0.0.1:{PORT}/"])
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    values = {}
    for pct in ("50", "99"):
        m = re.search(rf"\s{pct}%\s+([\d.]+)(us|ms|s)", out)
        values[pct] = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rps": rps, "p50": values["50"], "p99": values["99"], "errors": int(errors.group(1)) if errors else 0}


def submit(seconds: int, connections: int, token: str) -> dict:
    counter = ROOT / ".local" / "bench-voices-run"
    run = int(counter.read_text()) + 1 if counter.exists() else 1
    counter.write_text(str(run))
    run = str(run % 10000)
    out = wrk(["-t2", f"-c{connections}", f"-d{seconds}s", "-H", f"Host: {HOST}", "-s", str(LUA),
               f"http://127.0.0.1:{PORT}/", "--", token, run])
    for line in re.findall(r"FIRST_ERROR .*", out):
        print(line[:300], flush=True)
    m = re.search(r"RESULT (.*)", out)
    return {k: float(v) for k, v in (item.split("=") for item in m.group(1).split())}


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    connections = int(sys.argv[2]) if len(sys.argv) > 2 else 16
    congress = Congress.objects.get(domains__domain=HOST)
    previous = tenants_config.set_voices_config(congress)
    tenants_config.set_voices_config(congress, rate_limit_ip="1000000/m", rate_limit_phone="5/h")
    with tenant_context(congress):
        token = LiaisonStation.objects.filter(is_active=True).order_by("pk").first().public_token
        before = Voice.objects.count()
    env = {**os.environ, "DEBUG": "0", "GUNICORN_BIND": f"127.0.0.1:{PORT}",
           "GUNICORN_WORKERS": os.environ.get("GUNICORN_WORKERS", "5"), "PYTHONPATH": str(ROOT / "platform")}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=open(ROOT / ".local" / "bench-gunicorn.log", "w"),  # noqa: SIM115
    )
    try:
        for _i in range(100):
            try:
                urlopen(Request(f"http://127.0.0.1:{PORT}/healthz", headers={"Host": HOST}), timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        wrk(["-t1", "-c4", "-d2s", "-H", f"Host: {HOST}", f"http://127.0.0.1:{PORT}/"])  # warm-up
        page = home(seconds, connections)
        print(f"home    {page['rps']:8.1f} req/s  p50 {page['p50']:6.1f} ms  p99 {page['p99']:6.1f} ms  "
              f"errors {page['errors']}", flush=True)
        sent = submit(seconds, connections, token)
        print(f"submit  {sent['rps']:8.1f} req/s  p50 {sent['p50']:6.1f} ms  p95 {sent['p95']:6.1f} ms  "
              f"p99 {sent['p99']:6.1f} ms  errors {int(sent['errors_status'] + sent['errors_socket'])}", flush=True)
    finally:
        server.terminate()
        server.wait(10)
        tenants_config.set_voices_config(congress, **{k: previous[k] for k in ("rate_limit_ip", "rate_limit_phone")})
    with tenant_context(congress):
        stored = Voice.objects.count() - before
    accepted = int(sent["requests"] - sent["errors_status"] - sent["errors_socket"])
    print(
        f"SUMMARY submit={sent['rps']:.0f}rps p95={sent['p95']:.1f}ms p99={sent['p99']:.1f}ms "
        f"errors={int(sent['errors_status'] + sent['errors_socket'])} accepted={accepted} stored={stored} "
        f"home={page['rps']:.0f}rps home_p99={page['p99']:.1f}ms connections={connections} seconds={seconds}"
    )


if __name__ == "__main__":
    main()
