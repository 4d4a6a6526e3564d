"""Shared set-up of the provisioning benchmarks: a scratch database and a province of specs."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parents[1]


def _bench_database_url() -> str:
    if os.environ.get("BENCH_DATABASE_URL"):
        return os.environ["BENCH_DATABASE_URL"]
    url = urlparse(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/renda"))
    return urlunparse(url._replace(path=url.path + "_bench"))


# Read once: setup_django() points DATABASE_URL itself at the scratch database.
_BENCH_DATABASE_URL = _bench_database_url()


def bench_database_url() -> str:
    """BENCH_DATABASE_URL, or DATABASE_URL's database with `_bench` appended."""
    return _BENCH_DATABASE_URL


def env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": bench_database_url(),
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'platform'}",
        "PROVISIONING_DISPATCH": "sync",
        **extra,
    }


def recreate_database() -> None:
    import psycopg

    url = urlparse(bench_database_url())
    name = url.path.lstrip("/")
    admin = urlunparse(url._replace(path="/postgres"))
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def manage(*args: str, **extra_env: str) -> float:
    """Run manage.py in a fresh process; returns wall seconds (Django start-up included)."""
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env(**extra_env),
        cwd=ROOT,
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - started


def setup_django() -> None:
    os.environ.update(env())
    sys.path[:0] = [str(ROOT), str(ROOT / "platform")]
    import django

    django.setup()


def province_rows(size: int) -> list[dict[str, str]]:
    """A province's tree of `size` congresses, shaped like Jiangsu: 1 province, 13 cities,
    about 95 counties (7 per city) and the rest townships and sub-districts."""
    rows = [{"region_code": "320000", "name": "基准省人大常委会", "level": "province"}]
    cities = [f"32{c:02d}00" for c in range(1, 14)]
    counties = [f"{city[:4]}{k:02d}" for city in cities for k in range(1, 8)][:95]
    budget = size - 1
    for city in cities[: max(0, min(13, budget))]:
        rows.append({"region_code": city, "name": f"基准{city}市人大常委会", "level": "city"})
    budget = size - len(rows)
    usable = [c for c in counties if c[:4] + "00" in {r["region_code"] for r in rows}]
    for county in usable[: max(0, budget)]:
        rows.append({"region_code": county, "name": f"基准{county}区人大常委会", "level": "county"})
    county_codes = [r["region_code"] for r in rows if r["level"] == "county"]
    t = 0
    while len(rows) < size and county_codes:
        county = county_codes[t % len(county_codes)]
        index = t // len(county_codes) + 1
        level = "township" if index % 2 else "subdistrict"
        rows.append(
            {"region_code": f"{county}{index:03d}", "name": f"基准{county}-{index}", "level": level}
        )
        t += 1
    for row in rows:
        row["domains"] = f"b{row['region_code']}.bench.localhost"
        row["modules"] = "portal"
    return rows[:size]


def csv_of(rows: list[dict[str, str]]) -> bytes:
    header = ["region_code", "name", "level", "domains", "modules"]
    lines = [",".join(header)] + [",".join(row[h] for h in header) for row in rows]
    return ("\n".join(lines) + "\n").encode()
