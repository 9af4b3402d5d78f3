"""The production shape on loopback (issue 14 item 5, DESIGN §8), built from the shipped deployment files.

- `Postgres`: a throwaway PostgreSQL instance of the topology's own (initdb into a directory under /tmp, its own
  free port), so that the outage scenario can really stop PostgreSQL without touching the shared cluster that
  every other test and engineer uses; `scripts/replica.sh` makes its streaming replica (pg_basebackup);
- `Service`: a server process (gunicorn node, Celery beat, nginx) in its own process group, logging to a file;
  `TopologyWorker`: the integration harness's Celery worker, started with the worker unit's command line;
- the environment of every process is `deploy/env.example` with its placeholders filled for loopback, and the
  command lines are the `ExecStart` lines of `deploy/systemd/` with /opt/jobfair replaced by this checkout;
- `Https`: one keep-alive HTTPS connection to nginx per client thread (http.client; no extra dependency).

Everything started is recorded in the run directory's `pids` file: a later run kills what a crashed run (its
pytest process gone) left behind, and removes its directory.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import re
import secrets
import shlex
import shutil
import signal
import socket
import ssl
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from tests.integration.harness import BASE_DIR, WorkerProcess, free_port, real_clock_env, wait_until

RUN_PREFIX = "jobfair-topo-"
DATABASE = "jobfair_topo"
REPLICA_SCRIPT = BASE_DIR / "scripts" / "replica.sh"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SERVER_NAME = "localhost"


# --- the run directory ----------------------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _start_time(pid: int) -> str:
    """The process's start time in clock ticks since boot (/proc/PID/stat field 22): with the pid, it names the
    process, so that a pid reused by an unrelated process is never killed."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return ""


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
CPU_SPENT: dict[str, float] = {}  # CPU seconds of the processes stopped or killed so far, by component


def _stat(pid: int) -> list[str]:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return []


def group_cpu_seconds(pgid: int) -> float:
    """CPU time of a process group: every live member, plus the children its leader has reaped (gunicorn's and
    Celery's workers, nginx's, PostgreSQL's backends), from /proc."""
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        fields = _stat(int(entry))  # fields[0] is the state: utime is fields[11], cutime fields[13]
        if len(fields) > 14 and int(fields[2]) == pgid:
            total += int(fields[11]) + int(fields[12])
            if int(entry) == pgid:
                total += int(fields[13]) + int(fields[14])
    return total / CLOCK_TICKS


def spend(component: str, pgid: int | None) -> None:
    if pgid:
        CPU_SPENT[component] = CPU_SPENT.get(component, 0.0) + group_cpu_seconds(pgid)


def _as_postgres(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def postgres_bin() -> Path:
    """The binaries of the newest installed major version (the one scripts/replica.sh uses too)."""
    versions = os.listdir("/etc/postgresql") if os.path.isdir("/etc/postgresql") else []
    versions = versions or (os.listdir("/usr/lib/postgresql") if os.path.isdir("/usr/lib/postgresql") else [])
    if not versions:
        raise AssertionError("PostgreSQL's server binaries are not installed (/usr/lib/postgresql/*/bin)")
    version = max(versions, key=lambda v: [int(part) for part in re.findall(r"\d+", v)])
    return Path(f"/usr/lib/postgresql/{version}/bin")


class RunDirectory:
    """/tmp/jobfair-topo-XXXX, readable by the postgres user (the primary and the replica live in it)."""

    def __init__(self):
        clean_stale_runs()
        self.path = Path(tempfile.mkdtemp(prefix=RUN_PREFIX, dir="/tmp"))
        self.path.chmod(0o755)
        (self.path / "owner").write_text(str(os.getpid()))

    def record(self, kind: str, value) -> None:
        """`pgid N` (a process group led by N), `pid N` (one process) or `pgdata DIR` (a PostgreSQL instance)."""
        if kind in ("pgid", "pid"):
            value = f"{value} {_start_time(int(value))}"
        with (self.path / "pids").open("a") as handle:
            handle.write(f"{kind} {value}\n")

    def remove(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)


def clean_stale_runs() -> list[str]:
    """Stop what runs of this test whose pytest process is gone left behind, and remove their directories."""
    cleaned = []
    for directory in Path("/tmp").glob(f"{RUN_PREFIX}*"):
        owner = directory / "owner"
        try:
            pid = int(owner.read_text())
        except (OSError, ValueError):
            continue
        if _pid_alive(pid):
            continue
        _clean_run(directory)
        cleaned.append(str(directory))
    return cleaned


def _clean_run(directory: Path) -> None:
    pids = directory / "pids"
    lines = pids.read_text().splitlines() if pids.exists() else []
    for line in lines:
        kind, _, value = line.partition(" ")
        if kind in ("pgid", "pid"):
            pid, _, started = value.partition(" ")
            if not pid.isdigit() or not started or _start_time(int(pid)) != started:
                continue  # gone (or the number now names another process)
            with contextlib.suppress(ProcessLookupError, PermissionError):
                (os.killpg if kind == "pgid" else os.kill)(int(pid), signal.SIGKILL)
        elif kind == "pgdata" and Path(value, "postmaster.pid").exists():
            subprocess.run(
                _as_postgres([str(postgres_bin() / "pg_ctl"), "-D", value, "-m", "immediate", "-w", "stop"]),
                capture_output=True,
                timeout=60,
                check=False,
            )
    shutil.rmtree(directory, ignore_errors=True)


# --- PostgreSQL -----------------------------------------------------------------------------------------------


class Postgres:
    """A PostgreSQL instance of the topology's own: trust on loopback, replication allowed from 127.0.0.1."""

    def __init__(self, run: RunDirectory, *, port: int | None = None):
        self.run = run
        self.port = port or free_port()
        self.data = run.path / "primary"
        self.sockets = run.path / "sockets"
        self.bin = postgres_bin()
        self.log_path = self.data / "server.log"

    def url(self, database: str = DATABASE) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def dsn(self, database: str = DATABASE) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database} connect_timeout=3"

    def _run(self, *command: str, timeout: float = 120) -> subprocess.CompletedProcess:
        done = subprocess.run(
            _as_postgres([str(self.bin / command[0]), *command[1:]]),
            capture_output=True,
            text=True,
            timeout=timeout,
            env=real_clock_env(),
            check=False,
        )
        if done.returncode != 0:
            raise AssertionError(f"{' '.join(command)} failed:\n{done.stdout}\n{done.stderr}\n{self.log_tail()}")
        return done

    def init(self) -> Postgres:
        for directory in (self.data, self.sockets):
            directory.mkdir()
            if os.geteuid() == 0:
                shutil.chown(directory, "postgres", "postgres")
        self.run.record("pgdata", self.data)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8")
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write(
                f"\n# the topology test's instance\nport = {self.port}\nlisten_addresses = '127.0.0.1'\n"
                f"unix_socket_directories = '{self.sockets}'\nmax_connections = 200\nwal_level = replica\n"
                "max_wal_senders = 5\nmax_replication_slots = 5\n"
            )
        (self.data / "pg_hba.conf").write_text(
            "local all all trust\nhost all all 127.0.0.1/32 trust\nhost replication all 127.0.0.1/32 trust\n"
        )
        return self

    def start(self) -> Postgres:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log_path), "-w", "-t", "90", "start")
        wait_until(self.ready, timeout=60, what="PostgreSQL to accept connections")
        return self

    def stop(self, mode: str = "fast") -> None:
        if (self.data / "postmaster.pid").exists():
            spend("postgres", postmaster_group(self.data))
            self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "90", "stop")

    def ready(self) -> bool:
        import psycopg

        try:
            with psycopg.connect(self.dsn("postgres"), autocommit=True) as connection:
                connection.execute("SELECT 1")
            return True
        except psycopg.Error:
            return False

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(self.dsn("postgres"), autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{DATABASE}"')

    def log_tail(self, size: int = 3000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-size:]
        except OSError:
            return ""


def postmaster_group(data: Path) -> int | None:
    """The process group of the postmaster of `data` (pg_ctl starts it as the leader of its own)."""
    try:
        pid = int((data / "postmaster.pid").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None
    fields = _stat(pid)
    return int(fields[2]) if len(fields) > 2 else None


class Replica:
    """The streaming replica of `primary`, made and stopped by scripts/replica.sh (pg_basebackup on a second port)."""

    def __init__(self, run: RunDirectory, primary: Postgres, *, port: int):
        self.primary = primary
        self.port = port
        self.directory = run.path / "replica"
        run.record("pgdata", self.directory)
        self.env = {
            **real_clock_env(),
            "REPLICA_PORT": str(port),
            "REPLICA_DIR": str(self.directory),
            "PRIMARY_HOST": "127.0.0.1",
            "PRIMARY_PORT": str(primary.port),
        }

    def url(self, database: str = DATABASE) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{database}"

    def dsn(self, database: str = DATABASE) -> str:
        return f"host=127.0.0.1 port={self.port} user=postgres dbname={database} connect_timeout=3"

    def script(self, action: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["bash", str(REPLICA_SCRIPT), action], env=self.env, capture_output=True, text=True, timeout=300
        )

    def start(self) -> Replica:
        busy = _port_open(self.port)
        assert not busy, f"port {self.port} is taken: the topology's replica needs it (TOPOLOGY_REPLICA_PORT)"
        started = self.script("start")
        assert started.returncode == 0, f"the replica could not be made:\n{started.stdout}\n{started.stderr}"
        return self

    def stop(self) -> None:
        spend("postgres", postmaster_group(self.directory))
        self.script("stop")


# --- processes ------------------------------------------------------------------------------------------------


class Service:
    """A server process in its own process group (SIGKILL reaches its children too), logging to `log_path`."""

    def __init__(self, name: str, command: list[str], *, env: dict[str, str], run: RunDirectory):
        self.name = name
        self.command = command
        self.env = env
        self.run = run
        self.log_path = run.path / f"{name}.log"
        self.process: subprocess.Popen | None = None
        self.component = name.rstrip("0123456789")

    def start(self) -> Service:
        assert not self.alive(), f"{self.name} is already running"
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=BASE_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.run.record("pgid", self.process.pid)
        return self

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def kill(self) -> None:
        """SIGKILL to the whole group: the master and every worker process at once."""
        if self.process is None:
            return
        if self.alive():
            spend(self.component, self.process.pid)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self, timeout: float = 30) -> None:
        if self.process is None:
            return
        if self.alive():
            spend(self.component, self.process.pid)
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGTERM)
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=timeout)
        self.kill()  # whatever is left of the group

    def log_tail(self, size: int = 4000) -> str:
        try:
            return self.log_path.read_text(errors="replace")[-size:]
        except OSError:
            return ""


def _port_open(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0


class GunicornNode(Service):
    def __init__(self, index: int, command: list[str], *, env: dict[str, str], run: RunDirectory):
        self.index = index
        self.port = free_port()
        metrics = run.path / f"prometheus-web{index}"
        runtime = run.path / f"runtime-web{index}"
        runtime.mkdir(mode=0o700)
        node_env = {
            **env,
            "GUNICORN_BIND": f"127.0.0.1:{self.port}",
            "PROMETHEUS_MULTIPROC_DIR": str(metrics),
            # gunicorn 25+ opens a control socket at $XDG_RUNTIME_DIR/gunicorn.ctl, else ~/.gunicorn/gunicorn.ctl:
            # one per node here, not the one every gunicorn of this user on the machine shares.
            "XDG_RUNTIME_DIR": str(runtime),
        }
        super().__init__(f"web{index}", command, env=node_env, run=run)

    def get(self, path: str, *, timeout: float = 10) -> int | None:
        """Straight to the node (as a load balancer probes it), not through nginx; None when it does not answer."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request("GET", path, headers={"Host": SERVER_NAME, "X-Forwarded-Proto": "https"})
            response = connection.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            return None
        finally:
            connection.close()

    def wait_ready(self, timeout: float = 90) -> None:
        def ready():
            if not self.alive():
                raise AssertionError(f"gunicorn node {self.index} exited at start:\n{self.log_tail()}")
            return self.get("/healthz", timeout=5) == 200

        wait_until(ready, timeout=timeout, interval=0.25, what=f"gunicorn node {self.index}")

    def answered(self, method: str, path_prefix: str) -> int:
        """Requests of the access log (deploy/gunicorn.conf.py's JSON line) with this method and path prefix."""
        count = 0
        for line in self.log_path.read_text(errors="replace").splitlines():
            if line.startswith('{"time"') and f'"method": "{method}"' in line and f'"path": "{path_prefix}' in line:
                count += 1
        return count


class TopologyWorker(WorkerProcess):
    """The integration harness's worker (ping, task counts, SIGKILL of the group), with the worker unit's command
    line and the topology's environment only (not the test process's)."""

    def __init__(self, index: int, command: list[str], *, env: dict[str, str], run: RunDirectory):
        super().__init__(env, log_path=run.path / f"worker{index}.log", concurrency=2, name=f"worker{index}")
        self.env = dict(env)
        self.unit_command = command
        self.hostname = next(arg.split("=", 1)[1] for arg in command if arg.startswith("--hostname="))
        self.run = run

    def command(self) -> list[str]:
        return list(self.unit_command)

    def start(self, *, timeout: float = 90) -> TopologyWorker:
        super().start(timeout=timeout)
        self.run.record("pgid", self.pid)
        return self

    def kill(self) -> int:
        if self.alive():
            spend("worker", self.pid)
        return super().kill()

    def stop(self, *, timeout: float = 15) -> None:
        if self.alive():
            spend("worker", self.pid)  # (a warm stop: what the pool does after this is not counted)
        super().stop(timeout=timeout)


# --- the shipped deployment files -----------------------------------------------------------------------------


def read_env_file(path: Path) -> dict[str, str]:
    """systemd EnvironmentFile syntax as deploy/env.example uses it: NAME=value, "quoted" values, # comments."""
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        name, _, value = line.partition("=")
        if len(value) >= 2 and value[0] == value[-1] == '"':
            value = value[1:-1]
        values[name.strip()] = value
    return values


def unit_command(unit: str, **substitutions: str) -> list[str]:
    """The unit's ExecStart with /opt/jobfair (the README's code directory) replaced by this checkout."""
    text = (BASE_DIR / "deploy" / "systemd" / unit).read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if line.startswith("ExecStart="))
    command = line.removeprefix("ExecStart=").replace("/opt/jobfair", str(BASE_DIR))
    for placeholder, value in substitutions.items():
        command = command.replace(placeholder, value)
    return shlex.split(command)


def placeholders_left(env: dict[str, str]) -> dict[str, str]:
    return {name: value for name, value in env.items() if "<" in value and ">" in value and "@" not in value}


def self_signed_certificate(directory: Path) -> tuple[Path, Path]:
    cert, key = directory / "cert.pem", directory / "key.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={SERVER_NAME}"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return cert, key


def nginx_config(run: RunDirectory, upstreams: list[str]) -> dict:
    """deploy/nginx/render.py's site for the two nodes, inside an nginx.conf of the run (as tests/test_nginx.py)."""
    import sys

    sys.path.insert(0, str(BASE_DIR / "deploy" / "nginx"))
    try:
        from render import render
    finally:
        sys.path.pop(0)
    prefix = run.path / "nginx"
    prefix.mkdir()
    static = run.path / "static"
    static.mkdir(exist_ok=True)
    cert, key = self_signed_certificate(prefix)
    http_port, https_port = free_port(), free_port()
    site = render(
        server_name=SERVER_NAME,
        upstreams=upstreams,
        tls_certificate=str(cert),
        tls_certificate_key=str(key),
        static_root=str(static),
        http_listen=f"127.0.0.1:{http_port}",
        https_listen=f"127.0.0.1:{https_port}",
    )
    (prefix / "jobfair.conf").write_text(site, encoding="utf-8")
    user = "user root;\n" if os.geteuid() == 0 else ""
    temp = "".join(
        f"    {name}_temp_path {prefix / name};\n" for name in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    (prefix / "nginx.conf").write_text(
        f"{user}worker_processes 2;\npid {prefix / 'nginx.pid'};\nerror_log {run.path / 'nginx-error.log'};\n"
        "events { worker_connections 4096; }\n"
        f"http {{\n    include /etc/nginx/mime.types;\n    access_log {run.path / 'nginx-access.log'};\n{temp}"
        f"    include {prefix / 'jobfair.conf'};\n}}\n",
        encoding="utf-8",
    )
    return {"prefix": prefix, "conf": prefix / "nginx.conf", "http": http_port, "https": https_port}


def nginx_service(run: RunDirectory, site: dict) -> Service:
    checked = subprocess.run(
        [NGINX, "-t", "-p", str(site["prefix"]), "-c", str(site["conf"])], capture_output=True, text=True, timeout=30
    )
    assert checked.returncode == 0, f"nginx -t refused the rendered site:\n{checked.stderr}"
    command = [NGINX, "-p", str(site["prefix"]), "-c", str(site["conf"]), "-g", "daemon off;"]
    return Service("nginx", command, env=real_clock_env(), run=run)


def new_secret_key() -> str:
    return "topology-" + secrets.token_urlsafe(48)


# --- HTTPS client ---------------------------------------------------------------------------------------------

TLS = ssl.create_default_context()
TLS.check_hostname = False
TLS.verify_mode = ssl.CERT_NONE  # the run's own self-signed certificate


@dataclass
class Answer:
    status: int | None  # None: no HTTP answer (connection refused, reset, timed out)
    data: dict | list | None
    error: str = ""
    request_id: str = ""

    @property
    def ok(self) -> bool:
        return self.status is not None and 200 <= self.status < 300


class Https:
    """One keep-alive HTTPS connection to nginx (a client), re-opened after an error."""

    def __init__(self, port: int, *, token: str | None = None, timeout: float = 120):
        self.port = port
        self.token = token
        self.timeout = timeout
        self._connection: http.client.HTTPSConnection | None = None

    def _conn(self) -> http.client.HTTPSConnection:
        if self._connection is None:
            self._connection = http.client.HTTPSConnection("127.0.0.1", self.port, context=TLS, timeout=self.timeout)
        return self._connection

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def request(self, method: str, path: str, body=None, *, token: str | None = None) -> Answer:
        headers = {"Host": SERVER_NAME, "Accept": "application/json"}
        token = token or self.token
        if token:
            headers["Authorization"] = f"Bearer {token}"
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        try:
            connection = self._conn()
            connection.request(method, path, body=payload, headers=headers)
            response = connection.getresponse()
            raw = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.close()
            return Answer(None, None, f"{type(error).__name__}: {error}")
        if response.getheader("Connection", "").lower() == "close":
            self.close()
        try:
            data = json.loads(raw) if raw else None
        except ValueError:
            data = {"_raw": raw[:200].decode(errors="replace")}
        return Answer(response.status, data, request_id=response.getheader("X-Request-ID", ""))
