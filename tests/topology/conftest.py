"""The topology of issue 14 item 5 on loopback, once for the package (README "Development", `make test-topology`):

    client threads ──HTTPS──▶ nginx (deploy/nginx, rendered by render.py, self-signed TLS)
                                ├──▶ gunicorn node 1 (deploy/gunicorn.conf.py) ─┐
                                └──▶ gunicorn node 2                            ├──▶ PostgreSQL primary (own instance)
    Celery worker 1, worker 2 (the worker unit's command), one beat ────────────┤        │ streaming
                                Redis (own redis-server): broker, cache, throttles     ▼
                                SMTP sink, SMS gateway (tests/integration/harness.py)  replica (scripts/replica.sh)

A component that cannot be started fails the run; nothing here ever skips (CI=true or not). Every process and
both PostgreSQL instances are stopped at the end, also after a failure; the logs are copied to var/topology-logs/
(TOPOLOGY_LOG_DIR; printed at the end) before the run directory is removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import pytest

from tests.integration.harness import BASE_DIR, RedisServer, SmsGateway, SmtpSink, wait_until
from tests.topology import harness as h

SEEKERS = int(os.environ.get("TOPOLOGY_SEEKERS", "2000"))
SMS_TOKEN = "topology-sms-token"
PYTHON = BASE_DIR / ".venv" / "bin" / "python"


class Database:
    """Autocommit psycopg connections of the test process to the primary or the replica, re-opened after an
    outage (the test process reads what the service wrote; it never goes through Django's test database)."""

    def __init__(self, dsn: str):
        self.dsn = dsn
        self._connection = None

    def connection(self):
        if self._connection is None or self._connection.closed or self._connection.broken:
            self._connection = psycopg.connect(self.dsn, autocommit=True)
        return self._connection

    def rows(self, query: str, params=()) -> list[tuple]:
        try:
            return self.connection().execute(query, params).fetchall()
        except psycopg.OperationalError:
            self.close()
            return self.connection().execute(query, params).fetchall()

    def value(self, query: str, params=()):
        rows = self.rows(query, params)
        return rows[0][0] if rows else None

    def execute(self, query: str, params=()) -> None:
        self.connection().execute(query, params)

    def close(self) -> None:
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.close()
            self._connection = None


class Topology:
    def __init__(self, run: h.RunDirectory):
        self.run = run
        self.started = time.monotonic()
        self.state: dict = {}  # what one scenario leaves for a later one (sessions burst, kills, …)
        self.timings: dict[str, float] = {}
        self.scenarios: dict[str, float] = {}
        self._mark = self.started

    def phase(self, name: str) -> None:
        now = time.monotonic()
        self.timings[name] = round(now - self._mark, 1)
        self._mark = now

    # --- building it ---

    def build(self) -> Topology:
        run = self.run
        self.pg = h.Postgres(run).init().start()
        self.pg.create_database()
        self.primary = Database(self.pg.dsn())
        self.phase("postgres")

        self.smtp = SmtpSink().start()
        self.sms = SmsGateway().start()
        self.redis = RedisServer(run.path / "redis-data")
        (run.path / "redis-data").mkdir()
        self.redis.start()
        run.record("pid", self.redis.process.pid)

        replica_port = int(os.environ.get("TOPOLOGY_REPLICA_PORT") or h.free_port())
        self.replica = h.Replica(run, self.pg, port=replica_port)
        self.phase("redis, sinks")
        # The replica first, of a nearly empty cluster (scripts/replica.sh asks pg_basebackup for a fast
        # checkpoint): it then streams migrate and the seed as they happen.
        self.replica.start()
        self.replica_db = Database(self.replica.dsn())
        self.phase("replica")
        self.env = self._environment()
        self._seed()
        self.phase("migrate + seed")

        node_command = h.unit_command("jobfair-web.service")
        self.nodes = [h.GunicornNode(n, node_command, env=self.env, run=run) for n in (1, 2)]
        hostname = socket.gethostname()
        self.workers = [
            h.TopologyWorker(n, h.unit_command("jobfair-worker@.service", **{"%i": str(n), "%H": hostname}),
                             env=self.env, run=run)
            for n in (1, 2)
        ]  # fmt: skip
        beat_command = h.unit_command("jobfair-beat.service").copy()
        beat_command = [
            arg.replace("/var/lib/jobfair-beat", str(run.path / "beat")) if arg.startswith("--schedule") else arg
            for arg in beat_command
        ]
        (run.path / "beat").mkdir()
        self.beat = h.Service("beat", beat_command, env=self.env, run=run)

        for node in self.nodes:
            node.start()
        with ThreadPoolExecutor(4) as pool:
            waits = [pool.submit(node.wait_ready) for node in self.nodes]
            waits += [pool.submit(worker.start) for worker in self.workers]
            for wait in waits:
                wait.result()
        self.beat.start()
        self.phase("nodes + workers")
        site = h.nginx_config(run, [f"127.0.0.1:{node.port}" for node in self.nodes])
        self.https_port = site["https"]
        self.nginx = h.nginx_service(run, site).start()
        wait_until(lambda: self.client().request("GET", "/healthz").status == 200, timeout=30, what="nginx")
        wait_until(lambda: self.client().request("GET", "/readyz").status == 200, timeout=60, what="/readyz")
        assert self.beat.alive(), f"beat exited:\n{self.beat.log_tail()}"
        self.phase("nginx")
        print(
            f"\n[topology] up in {time.monotonic() - self.started:.0f} s: nginx https://127.0.0.1:{self.https_port} "
            f"→ gunicorn :{self.nodes[0].port}, :{self.nodes[1].port}; PostgreSQL primary :{self.pg.port} + "
            f"replica :{self.replica.port}; Redis :{self.redis.port}; workers {[w.hostname for w in self.workers]}; "
            f"one beat; {len(self.seekers)} job seekers; seconds by step {self.timings}"
        )
        return self

    def _environment(self) -> dict[str, str]:
        """deploy/env.example, its placeholders filled for loopback, plus what the run needs to be quick."""
        env = h.read_env_file(BASE_DIR / "deploy" / "env.example")
        passthrough = ("PATH", "HOME", "LANG", "LC_ALL", "TZ", "LD_PRELOAD", "FAKETIME", "FAKETIME_NO_CACHE")
        env.update({name: os.environ[name] for name in passthrough if name in os.environ})
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "jobfair.settings",
                "PYTHONUNBUFFERED": "1",
                "SECRET_KEY": h.new_secret_key(),
                "ALLOWED_HOSTS": f"{h.SERVER_NAME},127.0.0.1",
                "CSRF_TRUSTED_ORIGINS": f"https://{h.SERVER_NAME}",
                "SITE_URL": f"https://{h.SERVER_NAME}",
                "DATABASE_URL": self.pg.url(),
                "DATABASE_REPLICA_URL": self.replica.url(),
                "REDIS_URL": self.redis.url,
                "EMAIL_URL": self.smtp.url,
                "SMS_URL": self.sms.url,
                "SMS_TOKEN": SMS_TOKEN,
                "METRICS_TOKEN": "topology-metrics-token",
                "CENTRE_ADDRESS": "215 Trung Kính, Phường Yên Hòa, Hà Nội",
                "CENTRE_PHONE": "024 3555 0000",
                "STATIC_ROOT": str(self.run.path / "static"),
                "MEDIA_ROOT": str(self.run.path / "media"),
                # collectstatic compresses every file (about 100 s on two cores): the topology serves the API, the
                # manifest storage has its tests (tests/test_static_files.py), the static location tests/test_nginx.py.
                "STATIC_MANIFEST": "false",
                # No quiet hours (the same minute twice): the run must not depend on the hour it runs at.
                "SMS_QUIET_FROM": "00:00",
                "SMS_QUIET_UNTIL": "00:00",
                # A killed worker's claims come back at beat's next minute sweep, which hands back every due row.
                "NOTIFY_CLAIM_TIMEOUT_SECONDS": "5",
                "NOTIFY_RETRY_BASE_SECONDS": "1",
                "NOTIFY_RETRY_MAX_SECONDS": "5",
                "NOTIFY_SWEEP_BATCH": "10000",
            }
        )
        for directory in ("static", "media"):
            (self.run.path / directory).mkdir(exist_ok=True)
        left = h.placeholders_left(env)
        assert not left, f"deploy/env.example placeholders the topology did not fill: {left}"
        return env

    def _seed(self) -> None:
        out = self.run.path / "seed.json"
        done = subprocess.run(
            [str(PYTHON), "-m", "tests.topology.seed", str(out), str(SEEKERS)],
            cwd=BASE_DIR,
            env={**self.env, "JWT_ACCESS_MINUTES": "240"},  # the tokens must outlive the run
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert done.returncode == 0, f"migrate + seed failed:\n{done.stdout[-3000:]}\n{done.stderr[-6000:]}"
        data = json.loads(out.read_text())
        self.sessions = data["sessions"]
        self.seekers = data["seekers"]
        self.report_seekers = data["report_seekers"]
        self.staff = data["staff"]

    def ensure_running(self) -> None:
        """What a scenario killed or stopped and did not bring back (after a failure) is started again, as systemd's
        Restart=always would: each scenario starts on the whole topology."""
        if not self.pg.ready():
            self.pg.start()
        for node in self.nodes:
            if not node.alive():
                node.start()
                node.wait_ready()
        for worker in self.workers:
            if not worker.alive():
                worker.start()
        if not self.beat.alive():
            self.beat.start()

    # --- using it ---

    def client(self, token: str | None = None) -> h.Https:
        return h.Https(self.https_port, token=token)

    def logs(self) -> dict[str, str]:
        return {path.name: str(path) for path in self.run.path.glob("*.log")}

    # --- taking it down ---

    def teardown(self, keep_logs_in) -> None:
        steps = [
            ("nginx", lambda: self.nginx.stop()),
            ("beat", lambda: self.beat.stop()),
            *[(f"worker{n}", worker.stop) for n, worker in enumerate(getattr(self, "workers", []), 1)],
            *[(f"web{n}", node.stop) for n, node in enumerate(getattr(self, "nodes", []), 1)],
            ("sms", lambda: self.sms.stop()),
            ("smtp", lambda: self.smtp.stop()),
            ("redis", lambda: self.redis.stop()),
            ("db", lambda: (self.primary.close(), self.replica_db.close())),
            ("replica", lambda: self.replica.stop()),
            ("primary", lambda: self.pg.stop("immediate")),
        ]
        problems = []
        for name, step in steps:
            try:
                step()
            except AttributeError:
                pass  # not started: the build failed before it
            except Exception as error:
                problems.append(f"{name}: {error}")
        if keep_logs_in is not None:
            for path in self.run.path.glob("*.log"):
                with contextlib.suppress(OSError):
                    shutil.copy(path, keep_logs_in / path.name)
            for name in ("primary", "replica"):
                with contextlib.suppress(OSError):
                    shutil.copy(self.run.path / name / "server.log", keep_logs_in / f"postgres-{name}.log")
        h._clean_run(self.run.path)  # anything still recorded (a process group, a data directory), then the files
        if problems:
            print(f"[topology] teardown problems: {problems}", file=sys.stderr)


def _require(binary: str, hint: str) -> None:
    if not (shutil.which(binary) or os.access(binary, os.X_OK)):
        pytest.fail(f"{binary} is not installed: {hint} (the topology test fails, never skips)")


@pytest.fixture(scope="package")
def topology():
    _require(h.NGINX, "run scripts/ensure-nginx.sh")
    _require("redis-server", "Debian's redis-server (DESIGN §6)")
    _require("pg_basebackup", "Debian's postgresql (DESIGN §6)")
    _require("openssl", "Debian's openssl")
    _require(str(h.postgres_bin() / "initdb"), "Debian's postgresql")
    logs = Path(os.environ.get("TOPOLOGY_LOG_DIR") or BASE_DIR / "var" / "topology-logs")
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    world = Topology(h.RunDirectory())
    try:
        world.build()
        yield world
    finally:
        world.teardown(logs)
        cpu = resource.getrusage(resource.RUSAGE_SELF)
        spent = {name: round(seconds) for name, seconds in h.CPU_SPENT.items()}
        spent["test process (clients, sinks)"] = round(cpu.ru_utime + cpu.ru_stime)
        print(
            f"\n[topology] seconds by scenario {world.scenarios}; down after "
            f"{time.monotonic() - world.started:.0f} s; CPU seconds by component {spent} "
            f"(total {sum(spent.values())}, on {os.cpu_count()} cores); logs kept in {logs}"
        )


@pytest.fixture(autouse=True)
def _scenario_clock(request, topology):
    topology.ensure_running()
    started = time.monotonic()
    yield
    topology.scenarios[request.node.name.split("_")[1]] = round(time.monotonic() - started, 1)
