"""Real components on loopback for the integration tests and the notification benchmark (DESIGN §6).

- `SmtpSink`: a real SMTP server (aiosmtpd) on 127.0.0.1 that keeps every message it accepts;
- `SmsGateway`: a real HTTP server on 127.0.0.1 playing the SMS gateway (JSON POST, bearer token), whose answers
  can be scripted (a queue of status codes, then a default);
- `WorkerProcess`: a real Celery worker started as a subprocess (its own process group), killed with SIGKILL or
  stopped warmly, and restarted.
"""

from __future__ import annotations

import collections
import contextlib
import email
import email.parser
import email.policy
import json
import logging
import os
import signal
import socket
import subprocess
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller

BASE_DIR = Path(__file__).resolve().parents[2]
CELERY = BASE_DIR / ".venv" / "bin" / "celery"
WORKER_SECRET_KEY = "integration-tests-worker-key-" + "k" * 40  # test-only, never a deployment's


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(predicate: Callable[[], object], *, timeout: float, interval: float = 0.1, what: str = "") -> object:
    """Poll `predicate` until it returns something truthy; raise AssertionError after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() >= deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what or predicate}")
        time.sleep(interval)


# --- SMTP -----------------------------------------------------------------------------------------------------


_header_parser = email.parser.BytesHeaderParser(policy=email.policy.default)


@dataclass
class Mail:
    mail_from: str
    rcpt_tos: list[str]
    raw: bytes
    key: str  # the X-Notification-Key header: the notification's dedup key

    @property
    def message(self) -> email.message.EmailMessage:
        return email.message_from_bytes(self.raw, policy=email.policy.default)


class SmtpSink:
    """aiosmtpd on a free loopback port; `url` is what EMAIL_URL takes."""

    def __init__(self, host: str = "127.0.0.1", port: int | None = None):
        self.host = host
        self.port = port or free_port()
        self.messages: list[Mail] = []
        self._lock = threading.Lock()
        self._controller = Controller(self, hostname=host, port=self.port, ready_timeout=10)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd handler hook
        raw = envelope.original_content or envelope.content
        headers = _header_parser.parsebytes(raw)
        mail = Mail(envelope.mail_from, list(envelope.rcpt_tos), raw, str(headers.get("X-Notification-Key", "")))
        with self._lock:
            self.messages.append(mail)
        return "250 Message accepted for delivery"

    @property
    def url(self) -> str:
        return f"smtp://{self.host}:{self.port}"

    def start(self) -> SmtpSink:
        logging.getLogger("mail.log").setLevel(logging.WARNING)  # aiosmtpd logs every SMTP command at INFO
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()

    def clear(self) -> None:
        with self._lock:
            self.messages.clear()

    def count(self) -> int:
        return len(self.messages)

    def keys(self) -> collections.Counter:
        with self._lock:
            return collections.Counter(mail.key for mail in self.messages)


# --- SMS gateway ----------------------------------------------------------------------------------------------


@dataclass
class SmsPost:
    body: dict
    authorization: str
    status: int


@dataclass
class SmsGateway:
    """A ThreadingHTTPServer on a free loopback port. `script` is a queue of status codes answered first (one per
    POST), then `default_status`; a 2xx answer carries {"status": "accepted"}."""

    host: str = "127.0.0.1"
    posts: list[SmsPost] = field(default_factory=list)
    script: collections.deque = field(default_factory=collections.deque)
    default_status: int = 200

    def __post_init__(self):
        gateway = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length)
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = {"_raw": raw.decode(errors="replace")}
                with gateway._lock:
                    status = gateway.script.popleft() if gateway.script else gateway.default_status
                    gateway.posts.append(SmsPost(body, self.headers.get("Authorization", ""), status))
                answer = json.dumps(
                    {"status": "accepted", "id": str(uuid.uuid4())} if status < 300 else {"status": "error"}
                ).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):  # keep the test output quiet
                pass

        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((self.host, 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, name="sms-gateway", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self._server.server_address[1]}/sms"

    def start(self) -> SmsGateway:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self, *, script=(), default_status: int = 200) -> None:
        with self._lock:
            self.posts.clear()
            self.script = collections.deque(script)
            self.default_status = default_status


# --- Celery worker --------------------------------------------------------------------------------------------


def _children(pid: int) -> list[int]:
    """Direct children of `pid` (the prefork pool processes of a worker)."""
    children = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid …; comm may hold spaces and parentheses, so split after the last ')'.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            children.append(int(entry))
    return children


class WorkerProcess:
    """`celery -A jobfair worker` as a subprocess in its own process group, logging to `log_path`."""

    def __init__(
        self,
        env: dict[str, str],
        *,
        log_path: Path,
        pool: str = "prefork",
        concurrency: int = 2,
        include: tuple[str, ...] = (),
        name: str = "integ",
    ):
        self.settings = dict(env)  # what this worker gets on top of the environment of the test process
        # A worker refuses the built-in SECRET_KEY when DEBUG is off (jobfair/production.py): one of its own here.
        self.env = {"SECRET_KEY": WORKER_SECRET_KEY, **os.environ, **env}
        self.log_path = Path(log_path)
        self.pool = pool
        self.concurrency = concurrency
        self.include = include
        self.hostname = f"{name}-{uuid.uuid4().hex[:8]}@{socket.gethostname()}"
        self.process: subprocess.Popen | None = None
        self.starts = 0
        self._log_offset = 0
        self._control_app = None

    def command(self) -> list[str]:
        command = [
            str(CELERY),
            "-A",
            "jobfair",
            "worker",
            f"--pool={self.pool}",
            f"--concurrency={self.concurrency}",
            "--loglevel=INFO",
            "--without-heartbeat",
            "--without-mingle",
            "--without-gossip",
            f"--hostname={self.hostname}",
        ]
        for module in self.include:
            command += ["--include", module]
        return command

    @property
    def pid(self) -> int:
        assert self.process is not None
        return self.process.pid

    def alive(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def log(self) -> str:
        """What the worker logged since its last start."""
        try:
            with self.log_path.open("rb") as handle:
                handle.seek(self._log_offset)
                return handle.read().decode(errors="replace")
        except FileNotFoundError:
            return ""

    # Remote control through the broker, not log lines: the project's LOGGING decides what the worker logs.
    def _control(self):
        if self._control_app is None:
            from celery import Celery

            # Not the current app: the project's shared tasks must keep publishing through the project's app.
            self._control_app = Celery("integration-harness", broker=self.settings["REDIS_URL"], set_as_current=False)
            self._control_app.conf.broker_connection_retry_on_startup = True
        return self._control_app.control

    def ping(self, *, timeout: float = 1.0) -> bool:
        try:
            return bool(self._control().ping(destination=[self.hostname], timeout=timeout))
        except Exception:  # the broker itself may be down: then the worker does not answer either
            return False

    def task_counts(self, *, timeout: float = 5.0) -> collections.Counter:
        """How many tasks of each name the worker has run since it started (its `stats()["total"]`)."""
        inspect = self._control().inspect(destination=[self.hostname], timeout=timeout, limit=1)
        stats = (inspect.stats() or {}).get(self.hostname)
        assert stats is not None, f"the worker {self.hostname} did not answer"
        return collections.Counter(stats.get("total", {}))

    def settle(self, *, quiet: float = 1.0, timeout: float = 60) -> collections.Counter:
        """Wait until the worker has run no new task for `quiet` seconds; returns its task counts then."""
        deadline = time.monotonic() + timeout
        counts = self.task_counts()
        while True:
            time.sleep(quiet)
            now_counts = self.task_counts()
            if now_counts == counts:
                return counts
            assert time.monotonic() < deadline, f"the worker did not settle in {timeout:.0f} s"
            counts = now_counts

    def start(self, *, timeout: float = 60) -> WorkerProcess:
        assert not self.alive(), "the worker is already running"
        self._log_offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                self.command(),
                cwd=BASE_DIR,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: SIGKILL reaches the pool too
            )
        self.starts += 1
        deadline = time.monotonic() + timeout
        while not self.ping():
            if not self.alive():
                raise RuntimeError(f"the Celery worker exited at start:\n{self.log()[-4000:]}")
            if time.monotonic() > deadline:
                self.kill()
                raise RuntimeError(f"the Celery worker was not ready after {timeout} s:\n{self.log()[-4000:]}")
            time.sleep(0.2)
        return self

    def pool_processes(self) -> list[int]:
        return _children(self.pid) if self.alive() else []

    def kill(self) -> int:
        """SIGKILL the whole worker (parent and pool processes at once). Returns how many pool processes — each
        possibly in the middle of a task — died."""
        if self.process is None:
            return 0
        pool = self.pool_processes()
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)
        for pid in pool:  # a pool process is in the group; make sure it is gone before going on
            deadline = time.monotonic() + 5
            while Path(f"/proc/{pid}").exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        return len(pool) if self.pool == "prefork" else 1

    def stop(self, *, timeout: float = 15) -> None:
        """Warm shutdown (SIGTERM), then SIGKILL of whatever is left of the group."""
        if self.process is None:
            return
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.kill()
                return
        with contextlib.suppress(ProcessLookupError):  # a pool process left behind would hold database connections
            os.killpg(self.process.pid, signal.SIGKILL)


# --- Redis ----------------------------------------------------------------------------------------------------


def real_clock_env() -> dict[str, str]:
    """The environment without libfaketime (`make test-clock` moves the clock of the test's own processes only)."""
    return {name: value for name, value in os.environ.items() if name not in ("LD_PRELOAD", "FAKETIME")}


def redis_start_command(port: int, directory: Path) -> list[str]:
    """DESIGN §6's command line (no persistence), in the foreground, on its own port and directory."""
    return [
        "redis-server",
        "--bind",
        "127.0.0.1",
        "--port",
        str(port),
        "--save",
        "",
        "--appendonly",
        "no",
        "--dir",
        str(directory),
    ]


class RedisServer:
    """A redis-server of the test's own on a free loopback port, for the test that stops Redis: stopping the
    shared server would break every other test (and every other engineer's run) using it at that moment."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = Path(directory)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        import redis

        client = redis.Redis(host="127.0.0.1", port=self.port, socket_connect_timeout=0.5, socket_timeout=0.5)
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False
        finally:
            client.close()

    def start(self) -> RedisServer:
        with (self.directory / "redis.log").open("ab") as log:
            self.process = subprocess.Popen(
                redis_start_command(self.port, self.directory),
                stdout=log,
                stderr=subprocess.STDOUT,
                env=real_clock_env(),  # like the shared Redis, on the real clock under `make test-clock`
            )
        wait_until(self.ping, timeout=10, what="redis-server to start")
        return self

    def shutdown(self) -> None:
        """`redis-cli shutdown nosave`: everything queued is gone, as after a crash of a server without persistence."""
        subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "-p", str(self.port), "shutdown", "nosave"],
            env=real_clock_env(),
            check=False,
            timeout=10,
            capture_output=True,
        )
        if self.process is not None:
            self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.shutdown()
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
