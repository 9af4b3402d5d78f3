"""The deployment files are tested, not decorative (issue 14 items 1–2): deploy/env.example names every variable the
code reads and the README documents, `check --deploy` with its values is clean, systemd accepts the units."""

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.security.test_deploy_settings import run

BASE_DIR = Path(__file__).resolve().parents[1]
DEPLOY = BASE_DIR / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
TEST_SECRET_KEY = "t3st-only-Kp2vQ9mL4tR8wZ1nB6cF3hJ0dS5gY-deploy-env-example"  # never a deployment's

# Where the code reads its environment: the settings (environ.Env), gunicorn's config, the backup script.
ENV_READ = re.compile(r"""\benv(?:\.\w+)?\(\s*["']([A-Z][A-Z0-9_]*)["']""")
OS_ENV_READ = re.compile(r"""os\.environ(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]*)["']""")
SHELL_READ = re.compile(r"\$\{([A-Z][A-Z0-9_]*)[:?}]")
NOT_CONFIGURATION = {"DJANGO_SETTINGS_MODULE"}


def env_example() -> dict[str, str | None]:
    """NAME → value (None for a `#NAME=default` line: left at its default), as systemd's EnvironmentFile reads it."""
    variables = {}
    for line in (DEPLOY / "env.example").read_text().splitlines():
        if match := re.match(r"^(#?)([A-Z][A-Z0-9_]*)=(.*)$", line):
            value = match.group(3)
            if len(value) >= 2 and value[0] == value[-1] == '"':
                value = value[1:-1]
            variables[match.group(2)] = None if match.group(1) else value
    return variables


def variables_read_by_the_code() -> set[str]:
    names = set(ENV_READ.findall((BASE_DIR / "jobfair" / "settings.py").read_text()))
    for path in [
        *BASE_DIR.glob("jobfair/*.py"),
        *BASE_DIR.glob("accounts/**/*.py"),
        *BASE_DIR.glob("sessions/**/*.py"),
    ]:
        names |= set(OS_ENV_READ.findall(path.read_text()))
    names |= set(OS_ENV_READ.findall((DEPLOY / "gunicorn.conf.py").read_text()))
    names |= set(SHELL_READ.findall((DEPLOY / "backup" / "jobfair-backup.sh").read_text()))
    return names - NOT_CONFIGURATION


def readme_configuration_table() -> set[str]:
    readme = (BASE_DIR / "README.md").read_text()
    section = readme.split("## Configuration (environment variables)", 1)[1].split("\n## ", 1)[0]
    names = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            names |= set(re.findall(r"`([A-Z][A-Z0-9_]*)`", first_cell))
    return names


def test_env_example_the_readme_table_and_the_code_name_the_same_variables():
    read = variables_read_by_the_code()
    example = set(env_example())
    table = readme_configuration_table()

    assert {"DATABASE_REPLICA_URL", "METRICS_TOKEN", "SENTRY_DSN", "STATIC_MANIFEST", "GUNICORN_BIND"} <= read
    assert example == read, f"env.example lacks {read - example}, has unread {example - read}"
    assert table == read, f"README table lacks {read - table}, has unread {table - read}"


def test_check_deploy_with_the_values_of_env_example_prints_no_warning(tmp_path):
    values = {name: value for name, value in env_example().items() if value is not None}
    values.update(SECRET_KEY=TEST_SECRET_KEY, MEDIA_ROOT=str(tmp_path / "media"), STATIC_ROOT=str(tmp_path / "static"))
    assert values["DEBUG"] == "false" and values["ALLOWED_HOSTS"] == "vieclam.example.vn"

    result = run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"], **values)

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def _units_for_this_checkout(directory: Path) -> list[Path]:
    """The units with /opt/jobfair → this checkout and the environment file → env.example (what install does)."""
    written = []
    for unit in UNITS:
        text = unit.read_text().replace("/opt/jobfair", str(BASE_DIR))
        text = text.replace("/etc/jobfair/jobfair.env", str(DEPLOY / "env.example"))
        name = unit.name.replace("@.service", "@1.service")  # a template is verified as an instance
        if name != unit.name:
            (directory / unit.name).write_text(text)
        (directory / name).write_text(text)
        written.append(directory / name)
    return written


def test_there_are_units_for_web_worker_and_beat_reading_the_environment_file():
    assert [unit.name for unit in UNITS] == ["jobfair-beat.service", "jobfair-web.service", "jobfair-worker@.service"]
    for unit in UNITS:
        assert "EnvironmentFile=/etc/jobfair/jobfair.env" in unit.read_text()
    assert (
        "gunicorn -c /opt/jobfair/deploy/gunicorn.conf.py jobfair.wsgi"
        in (DEPLOY / "systemd/jobfair-web.service").read_text()
    )


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze is not installed here")
def test_systemd_analyze_verify_accepts_the_units(tmp_path):
    units = _units_for_this_checkout(tmp_path)
    result = subprocess.run(["systemd-analyze", "verify", *map(str, units)], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not executable" not in result.stderr and "Unknown" not in result.stderr, result.stderr


def test_every_exec_start_runs_a_program_and_files_of_the_checkout(tmp_path):
    for unit in _units_for_this_checkout(tmp_path):
        exec_start = next(line for line in unit.read_text().splitlines() if line.startswith("ExecStart="))
        program, *arguments = exec_start.removeprefix("ExecStart=").split()
        assert Path(program).is_file() and Path(program).stat().st_mode & 0o111, program
        for argument in arguments:
            if argument.startswith(str(BASE_DIR)):
                assert Path(argument).exists(), argument
        assert "-A jobfair" in exec_start or "jobfair.wsgi" in exec_start
