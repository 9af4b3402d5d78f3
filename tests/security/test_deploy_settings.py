"""No default gives access (issue 11 item 3): with DEBUG off the servers refuse the built-in or a short
SECRET_KEY, HTTPS is on by default, and `check --deploy` with the README's production environment is clean."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
CELERY = BASE_DIR / ".venv" / "bin" / "celery"
PRODUCTION = {  # the README's production environment (a throwaway key)
    "DEBUG": "false",
    "SECRET_KEY": "x7#Kp2vQ9mL4tR8wZ1nB6cF3hJ0dS5gY-production-like-test-key",
    "ALLOWED_HOSTS": "vieclam.example.vn",
    "CSRF_TRUSTED_ORIGINS": "https://vieclam.example.vn",
    "DATABASE_URL": "sqlite:////tmp/jobfair-deploy-check.sqlite3",
    "TRUSTED_PROXY_COUNT": "1",
}


def run(command, **env_overrides) -> subprocess.CompletedProcess:
    # a production process, not the test run's: none of its settings or the browser tests' async switch
    dropped = ("SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "LD_PRELOAD", "FAKETIME")
    env = {name: value for name, value in os.environ.items() if name not in dropped}
    env.update({"DJANGO_SETTINGS_MODULE": "jobfair.settings", **env_overrides})
    return subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, timeout=60)


def test_check_deploy_with_the_production_environment_prints_no_warning():
    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_names_the_built_in_key_as_an_error():
    without_key = {name: value for name, value in PRODUCTION.items() if name != "SECRET_KEY"}
    result = run([sys.executable, "manage.py", "check", "--deploy"], **without_key)

    assert result.returncode != 0
    assert "jobfair.E001" in result.stderr + result.stdout


def test_the_web_app_refuses_to_start_on_the_built_in_key():
    result = run([sys.executable, "-c", "import jobfair.wsgi"], DEBUG="false")

    assert result.returncode != 0
    assert "Refusing to start with DEBUG off: SECRET_KEY is the built-in development key" in result.stderr


def test_the_web_app_refuses_a_short_key():
    result = run([sys.executable, "-c", "import jobfair.asgi"], DEBUG="false", SECRET_KEY="short-key")

    assert result.returncode != 0
    assert "shorter than 50 characters" in result.stderr


@pytest.mark.parametrize("program", [["worker", "--pool=solo"], ["beat"]])
def test_the_worker_and_beat_refuse_to_start_on_the_built_in_key(program, tmp_path):
    if program == ["beat"]:
        program = ["beat", f"--schedule={tmp_path / 'celerybeat-schedule'}"]
    result = run(
        [str(CELERY), "-A", "jobfair", *program, "--loglevel=INFO"],
        DEBUG="false",
        REDIS_URL="redis://127.0.0.1:6379/11",
    )

    assert result.returncode != 0
    assert "Refusing to start with DEBUG off" in result.stdout + result.stderr


def test_with_debug_on_the_built_in_key_serves_development():
    assert run([sys.executable, "-c", "import jobfair.wsgi"], DEBUG="true").returncode == 0


def test_https_settings_are_on_by_default_without_debug():
    script = (
        "from django.conf import settings as s; import django; django.setup(); "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS > 0, "
        "s.SECURE_PROXY_SSL_HEADER)"
    )
    on = run([sys.executable, "-c", script], **PRODUCTION)
    off = run([sys.executable, "-c", script], **{**PRODUCTION, "SECURE_SSL_REDIRECT": "false"})

    assert on.stdout.split() == ["True", "True", "True", "True", "('HTTP_X_FORWARDED_PROTO',", "'https')"]
    assert off.stdout.split()[0] == "False"
