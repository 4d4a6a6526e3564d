"""Logs: tracebacks survive JSON output, and phone numbers are masked in every log, gunicorn's too."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

from renda.logs import MaskPhoneNumbers, formatter

ROOT = Path(__file__).resolve().parents[1]


def _emit(kind: str) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(formatter(kind))
    handler.addFilter(MaskPhoneNumbers())
    logger = logging.getLogger("renda.test.logs")
    logger.propagate, logger.handlers = False, [handler]
    try:
        raise ZeroDivisionError("bad for 13812345678")
    except ZeroDivisionError:
        logger.exception("handling 13900001111 failed")
    return stream.getvalue()


def test_json_error_logs_carry_the_traceback_masked():
    line = json.loads(_emit("json").strip().splitlines()[-1])
    assert line["level"] == "error" and "139****1111" in line["event"]
    assert "Traceback" in line["exception"] and "ZeroDivisionError" in line["exception"]
    assert "13812345678" not in line["exception"] and "138****5678" in line["exception"]


def test_plain_error_logs_carry_the_traceback_masked():
    text = _emit("plain")
    assert "ZeroDivisionError" in text and "13812345678" not in text and "13900001111" not in text


SCRIPT = r"""
import datetime, runpy, sys
from types import SimpleNamespace
from gunicorn.config import Config

namespace = runpy.run_path("deploy/gunicorn.conf.py")
cfg = Config()
for name, value in namespace.items():
    if name in cfg.settings:
        cfg.set(name, value)
log = cfg.logger_class(cfg)
environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/voices/track/?phone=13812345678&code=ABC",
           "SERVER_PROTOCOL": "HTTP/1.1", "QUERY_STRING": "phone=13812345678&code=ABC",
           "REMOTE_ADDR": "10.0.0.9", "PATH_INFO": "/voices/track/"}
resp = SimpleNamespace(status="200 OK", sent=10, headers=[])
log.access(resp, SimpleNamespace(headers=[]), environ, datetime.timedelta(seconds=0, microseconds=1200))
"""


def test_the_gunicorn_access_log_goes_through_the_masking_in_json():
    env = {**os.environ, "LOG_FORMAT": "json", "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'platform'}"}
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["logger"] == "gunicorn.access"
    assert "13812345678" not in result.stdout and "138****5678" in line["event"]
