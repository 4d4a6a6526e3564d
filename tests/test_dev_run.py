"""The README's first command: `./dev run`'s launcher, for real.

One launcher (`scripts/devctl.py run`) runs for the whole module on a free port, against a
database made for it (created here, dropped at the end: never the test database) and the real
Redis. It seeds the demo province; its worker and beat move the bus. The tests then read the
demo's figures, submit a citizen's message on a township's public page (solving the captcha
the rate limit brings) and wait for the province dashboard to count it; at the end the worker
is killed and the launcher must say so and stop everything.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from django.conf import settings

from tests.support.dburl import url_for_child_processes

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.devrun
SETUP_SECONDS = 420  # migrations and the whole demo on a busy two-core CI machine


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _admin_connection() -> psycopg.Connection:
    db = settings.DATABASES["default"]
    return psycopg.connect(dbname="postgres", user=db.get("USER") or "postgres", host=db.get("HOST") or None,
                           port=db.get("PORT") or None, password=db.get("PASSWORD") or None, autocommit=True)


def _scratch_redis_url() -> str:
    # Another Redis database than the test session's: its own Celery worker must not take
    # the launcher's tasks (nor the other way round).
    base, number = settings.REDIS_URL.rsplit("/", 1)
    return f"{base}/{(int(number or 0) + 8) % 16}"


class Browser:
    """Just enough HTTP for the demo's sites: one host, its cookies, its CSRF token."""

    def __init__(self, port: int, host: str) -> None:
        self.port, self.host, self.cookies = port, f"{host}:{port}", {}

    def request(self, method: str, path: str, data: dict | None = None) -> tuple[int, str, dict]:
        body = urlencode(data, doseq=True) if data is not None else None
        headers = {"Host": self.host, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if body is not None:
            headers |= {"Content-Type": "application/x-www-form-urlencoded", "Referer": f"http://{self.host}{path}",
                        "X-CSRFToken": self.cookies.get("csrftoken", "")}
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode("utf-8", "replace")
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
            return response.status, text, dict(response.getheaders())
        finally:
            conn.close()

    def get(self, path: str) -> tuple[int, str, dict]:
        return self.request("GET", path)

    def post(self, path: str, data: dict) -> tuple[int, str, dict]:
        if "csrftoken" not in self.cookies:
            self.get(path)
        return self.request("POST", path, {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data})

    def login(self, username: str, password: str = "demo-pass-2026") -> None:
        self.get("/accounts/login/")
        status, _text, _headers = self.post("/accounts/login/", {"username": username, "password": password})
        assert status == 302, f"login of {username} failed ({status})"


class Launcher:
    def __init__(self, port: int, database_url: str, log: Path) -> None:
        self.port, self.database_url, self.log_path = port, database_url, log
        env = {
            "RENDA_LOCAL_DIR": str(log.parent / "local"),  # not the checkout's .local/
            **os.environ,
            "DATABASE_URL": database_url,
            "REDIS_URL": _scratch_redis_url(),
            "CACHE_KEY_PREFIX": f"devrun-{uuid.uuid4().hex[:8]}",
            "DJANGO_SETTINGS_MODULE": "renda.settings.dev",
            "VOICES_SWEEP_SECONDS": "3600",
        }
        env.pop("RENDA_EMBEDDED", None)
        self.log = open(log, "wb")  # noqa: SIM115
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "scripts" / "devctl.py"), "run", "--port", str(port), "--noreload"],
            env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT, start_new_session=True,
        )

    def output(self) -> str:
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"the launcher exited with {self.process.returncode}:\n{self.output()[-4000:]}")
            with contextlib.suppress(OSError):
                status, _t, _h = Browser(self.port, "localhost").get("/")
                if status < 500:
                    return
            time.sleep(1)
        pytest.fail(f"the launcher did not serve within {timeout} s:\n{self.output()[-4000:]}")

    def children(self) -> dict[str, int]:
        """The launcher's children by what they are (web, worker, beat)."""
        found = {}
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            for pid in (task / "children").read_text().split():
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
                kind = "worker" if " worker " in cmdline else "beat" if " beat " in cmdline else "web"
                found[kind] = int(pid)
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(60)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def _manage_json(database_url: str, code: str) -> dict:
    """Run Python in a Django shell on the launcher's database; it prints one JSON line."""
    env = {**os.environ, "DATABASE_URL": database_url, "DJANGO_SETTINGS_MODULE": "renda.settings.dev",
           "REDIS_URL": _scratch_redis_url()}
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), "shell", "-c", code], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def demo(django_db_setup, tmp_path_factory):
    name = f"renda_devrun_{os.getpid()}"
    with _admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    url = url_for_child_processes().rsplit("/", 1)[0] + f"/{name}"
    launcher = Launcher(_free_port(), url, tmp_path_factory.mktemp("devrun") / "launcher.log")
    try:
        launcher.wait_ready(SETUP_SECONDS)
        yield launcher
    finally:
        launcher.stop()
        with _admin_connection() as conn:
            conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name])
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')


FIGURES = """
import json
from django_tenants.utils import tenant_context
from shared_apps.rollups import selectors as dashboards
from tenants.models import Congress
from tenant_apps.voices import stats
from tenant_apps.voices.models import Voice
from tenant_apps.deputies.models import DutyRecord
province = Congress.objects.get(region_code="320000")
board = dashboards.dashboard(province, None, dashboards.parse_period({})).as_json()
own = {}
for congress in Congress.objects.exclude(level="platform"):
    with tenant_context(congress):
        h = stats.headline(Voice.objects.all())
        own[congress.region_code] = {
            **{k: h[k] for k in ("collected", "answered", "on_time", "rated", "satisfied", "closed", "overdue")},
            "on_time_rate": str(h["on_time_rate"]), "satisfaction_rate": str(h["satisfaction_rate"]),
            "answer_rate": str(h["answer_rate"]),
            "ever_overdue": Voice.objects.filter(was_overdue=True).count(),
            "late": Voice.objects.filter(first_replied_at__gt=models.F("due_at")).count(),
            "duty_years": sorted({d.year for d in DutyRecord.objects.values_list("occurred_on", flat=True)}),
            "duty_records": DutyRecord.objects.count(),
        }
from django.utils import timezone
print(json.dumps({"board": board, "own": own, "year": timezone.localdate().year}))
""".replace("import json", "import json\nfrom django.db import models", 1)


def _figures(demo: Launcher, until=None, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        figures = _manage_json(demo.database_url, FIGURES)
        if until is None or until(figures) or time.monotonic() > deadline:
            return figures
        time.sleep(3)


def _bus_caught_up(figures: dict) -> bool:
    totals = figures["board"]["totals"]
    return totals.get("voices.submitted", 0) == sum(c["collected"] for c in figures["own"].values())


def test_the_demo_tells_the_truth(demo):
    figures = _figures(demo, until=_bus_caught_up)
    board, own = figures["board"], figures["own"]
    totals = board["totals"]

    # The province dashboard (built from the bus) sums each congress's own statistics.
    keys = ("collected", "answered", "on_time", "rated", "satisfied", "closed", "ever_overdue", "duty_records")
    sums = {key: sum(c[key] for c in own.values()) for key in keys}
    assert totals["voices.submitted"] == sums["collected"]
    assert totals["voices.answered"] == sums["answered"]
    assert totals["voices.on_time"] == sums["on_time"]
    assert totals["voices.rated"] == sums["rated"]
    assert totals["voices.satisfied"] == sums["satisfied"]
    assert totals["voices.closed"] == sums["closed"]
    assert totals["voices.overdue"] == sums["ever_overdue"]
    assert totals["duty.records"] == sums["duty_records"]

    # The trend spans the twelve months, every one of them with messages.
    submitted = board["trend"]["voices.submitted"]
    assert len(board["trend"]["months"]) == 12 and all(n > 0 for n in submitted), board["trend"]

    # Congresses differ: volumes, rates, and so the ranking.
    assert len({c["collected"] for c in own.values()}) >= 5
    assert len({c["on_time_rate"] for c in own.values()}) >= 5
    assert len({child["score"] for child in board["children"]}) == len(board["children"])

    # No rate contradicts its counts.
    for code, c in own.items():
        assert c["on_time"] + c["late"] == c["answered"], code
        assert (c["on_time_rate"] == "100.00") == (c["late"] == 0), code
        if c["answered"]:
            assert Decimal(c["on_time_rate"]) == (Decimal(c["on_time"]) * 100 / c["answered"]).quantize(Decimal("0.01"))
        # Overdue means late: each message that went overdue was answered late or is still open.
        assert c["ever_overdue"] == c["late"] + c["overdue"], code
        assert c["overdue"] == 0 or c["on_time_rate"] != "100.00", code
        assert c["duty_records"] and c["duty_years"] == [figures["year"]], code
    rates = board["rates"]
    assert rates["on_time_rate"] == round(totals["voices.on_time"] / totals["voices.answered"] * 100, 1)
    assert rates["on_time_rate"] < 100 and totals["voices.overdue"] > 0


# Different enough not to be taken for repeats; more than the per-phone limit of five an hour.
CITIZEN_MESSAGES = (
    ("路口信号灯故障", "镇中心路口信号灯时亮时灭，早晚高峰很危险。"),
    ("菜场排水沟堵塞", "农贸市场后面的排水沟堵了，污水漫到路上。"),
    ("公交站牌缺失", "卫生院门口的公交站牌被撞倒后一直没有恢复。"),
    ("健身器材损坏", "文化广场两台健身器材螺丝松脱，孩子玩耍有危险。"),
    ("桥梁护栏锈蚀", "北河小桥的护栏锈穿了好几段，夜里行人容易跌落。"),
    ("快递点占道经营", "老街快递点把包裹堆在人行道上，轮椅和童车过不去。"),
    ("学校周边流动摊贩", "放学时校门口摊贩太多，接孩子的家长只能走机动车道。"),
    ("自来水浑浊发黄", "最近几天早上放出来的自来水发黄，烧开后有沉淀。"),
)


def test_a_citizens_message_reaches_the_province_dashboard(demo):
    leader = Browser(demo.port, "province.localhost")
    leader.login("leader_province")

    def submitted() -> float:
        status, text, _h = leader.get("/api/v1/dashboard/")
        assert status == 200, text[:500]
        return json.loads(text)["totals"]["voices.submitted"]

    _figures(demo, until=_bus_caught_up)
    before = submitted()

    citizen = Browser(demo.port, "baisha.localhost")
    status, page, _h = citizen.get("/voices/write/")
    assert status == 200 and "留言" in page
    station = re.search(r'<option value="([^"]+)"', page)
    sent, captcha_solved = 0, False
    for title, text in CITIZEN_MESSAGES:
        form = {"category": "help", "title": title, "description": text, "phone": "13912345678", "consent": "on",
                "station": station.group(1) if station else ""}
        status, page, _h = citizen.post("/voices/write/", form)
        if status == 429:
            # The per-phone limit: the page now shows an image captcha; read its answer where the
            # voices tests do (CaptchaStore, in the launcher's database) and send again.
            key = re.search(r'name="captcha_key"[^>]*value="([^"]+)"|value="([^"]+)"[^>]*name="captcha_key"', page)
            key = key.group(1) or key.group(2)
            with psycopg.connect(demo.database_url, autocommit=True) as conn:
                row = conn.execute("SELECT response FROM captcha_captchastore WHERE hashkey = %s", [key]).fetchone()
            status, page, _h = citizen.post("/voices/write/", {**form, "captcha_key": key, "captcha_value": row[0]})
            captcha_solved = True
        assert status == 302, re.findall(r'class="[^"]*(?:invalid-feedback|alert)[^"]*"[^>]*>([^<]+)', page)
        sent += 1
        if captcha_solved:
            break
    assert captcha_solved, "the rate limit never asked for the captcha"

    deadline = time.monotonic() + 60
    while submitted() < before + sent and time.monotonic() < deadline:
        time.sleep(1)
    assert submitted() == before + sent


def test_a_worker_that_dies_stops_everything_loudly(demo):
    children = demo.children()
    assert set(children) == {"web", "worker", "beat"}, children
    os.killpg(children["worker"], signal.SIGKILL)
    code = demo.process.wait(60)
    assert code != 0
    assert "worker exited" in demo.output() and "stopping everything" in demo.output()
    time.sleep(1)
    for pid in children.values():
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", demo.port), timeout=1).close()
