"""Benchmark: tenant routing overhead and warm-page query count (issue 2).

    .venv/bin/python bench/routing.py [seconds-per-run]     (default 10)

Needs the demo province (`./dev run --setup-only`) in DATABASE_URL (default: the local
`renda` database). Starts gunicorn on 127.0.0.1:8099 with production-like settings (DEBUG off),
then drives it with wrk over loopback, alternating tenant and platform runs twice, and prints
one summary line.
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
PORT = 8099
TENANT = "baisha.localhost"
PLATFORM = "localhost"


def wrk(host: str, path: str, seconds: int) -> tuple[float, float]:
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--latency", "-H", f"Host: {host}", f"http://127.0.0.1:{PORT}{path}"],
        capture_output=True, text=True, check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p99 = re.search(r"99%\s+([\d.]+)(us|ms|s)", out)
    scale = {"us": 0.001, "ms": 1, "s": 1000}[p99.group(2)]
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise SystemExit(f"{host}{path}: {non2xx.group(1)} error responses")
    return rps, float(p99.group(1)) * scale


def warm_query_count() -> int:
    sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings.dev")
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST=TENANT)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200
    return len(queries)


def main() -> None:
    seconds = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "renda.settings.dev", "DEBUG": "0",
           "GUNICORN_BIND": f"127.0.0.1:{PORT}", "GUNICORN_WORKERS": "2", "PYTHONPATH": str(ROOT / "platform")}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                urlopen(Request(f"http://127.0.0.1:{PORT}/healthz", headers={"Host": PLATFORM}), timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        results: dict[str, list[float]] = {}
        for _round in range(2):
            for label, host, path in (
                ("tenant_home", TENANT, "/"), ("platform_home", PLATFORM, "/"),
                ("tenant_health", TENANT, "/healthz"), ("platform_health", PLATFORM, "/healthz"),
            ):
                wrk(host, path, 2)  # warm-up
                rps, p99 = wrk(host, path, seconds)
                results.setdefault(label, []).append(rps)
                print(f"{label:16} {rps:8.1f} req/s  p99 {p99:6.1f} ms", flush=True)
    finally:
        server.terminate()
        server.wait(10)
    best = {k: max(v) for k, v in results.items()}
    overhead = (best["platform_health"] - best["tenant_health"]) / best["platform_health"] * 100
    queries = warm_query_count()
    print(
        f"SUMMARY tenant_home={best['tenant_home']:.0f}rps platform_home={best['platform_home']:.0f}rps "
        f"tenant_health={best['tenant_health']:.0f}rps platform_health={best['platform_health']:.0f}rps "
        f"routing_overhead={overhead:.1f}% warm_tenant_home_queries={queries}"
    )


if __name__ == "__main__":
    main()
