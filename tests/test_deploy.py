"""The production profile passes Django's deployment checks, and `platform` stays the stdlib's."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_production_profile_passes_check_deploy_without_warnings():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "renda.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "BLIND_INDEX_KEYS": f"1:{secrets.token_urlsafe(32)}",
        "ALLOWED_HOSTS": ".example.gov.cn",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_platform_folder_is_not_a_package_and_the_stdlib_module_wins():
    assert not (ROOT / "platform" / "__init__.py").exists()
    code = "import platform, uuid; print(platform.__file__); print(platform.system())"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=30,
        env={**os.environ, "PYTHONPATH": f"{ROOT}{os.pathsep}{ROOT / 'platform'}"},
    )
    assert result.returncode == 0, result.stderr
    assert str(ROOT) not in result.stdout.splitlines()[0]


def test_production_refuses_to_start_without_blind_index_keys():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "renda.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": ".example.gov.cn",
    }
    env.pop("BLIND_INDEX_KEYS", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode != 0 and "BLIND_INDEX_KEYS must be set in production" in result.stderr
