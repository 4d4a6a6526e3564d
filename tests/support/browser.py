"""Headless Chromium against a real server process on the test database.

Browser tests take ``live_server_url`` and ``page`` (no ``db`` fixture: what
the server writes is committed, so these tests run last and use unique names).
Chromium is Debian's (/usr/bin/chromium) driven by Playwright; every hostname
resolves to the loopback server, so congress hostnames work as they would in
production. Screenshots land in .local/screenshots/.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.request import urlopen

import pytest

from tests.support.dburl import url_for_child_processes

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOTS = ROOT / ".local" / "screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--host-resolver-rules=MAP * 127.0.0.1",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def live_server_url(world):
    """Base URL template: live_server_url.format(host=world.host("T1"))."""
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "renda.settings.test",
        "DATABASE_URL": url_for_child_processes(),
        "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'platform'}",
    }
    log = open(ROOT / ".local" / "live-server.log", "ab")  # noqa: SIM115
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        env=env, stdout=log, stderr=log, cwd=ROOT,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                raise RuntimeError("live server did not start; see .local/live-server.log") from None
            time.sleep(0.2)
    yield f"http://{{host}}:{port}"
    server.terminate()
    server.wait(10)
    log.close()


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls made by the
    # test itself (setting up data) are still synchronous and safe.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    with playwright_api.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, request):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def shot(page, name: str) -> Path:
    """Full-page screenshot, to be looked at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def login(page, base_url: str, username: str, password: str) -> None:
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main form button[type=submit]")  # the header has forms too (language)
    page.wait_for_load_state("networkidle")
    # Operators and administrators: the second factor, from the account's fixed test key
    # (tests/support/second_factor.py). A code is single-use and a device accepts one step either
    # side: a quick second login tries the next step's code, a third waits for the clock.
    _pass_second_factor(page, username)


def _pass_second_factor(page, username: str) -> None:
    import time

    from tests.support.second_factor import code_for

    failures = 0
    deadline = time.monotonic() + 75
    while "/accounts/otp/" in page.url and "/accounts/otp/setup/" not in page.url:
        if time.monotonic() > deadline:
            raise AssertionError(f"second factor not passed for {username}")
        for steps_ahead in (0, 1):
            if failures:
                time.sleep(2 ** (failures - 1) + 0.2)  # django-otp's throttle after failures
            page.fill("#id_token", code_for(username, steps_ahead=steps_ahead))
            page.click("main form[data-testid=otp-verify] button[type=submit]")
            page.wait_for_load_state("networkidle")
            if "/accounts/otp/" not in page.url:
                return
            failures += 1
        time.sleep(30.5 - time.time() % 30)  # the next step
