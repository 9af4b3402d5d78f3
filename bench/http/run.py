"""HTTP benchmark (issue 14 item 7): the project under gunicorn on PostgreSQL with hanoi-year data, against bare DRF
endpoints served by the same gunicorn processes (bench/http/baseline.py), loaded over loopback.

What it does, in one run:

1. picks the PostgreSQL database `jobfair_bench_http` (or `--database-url`): created and migrated when missing,
   seeded with `seed_demo --scale hanoi-year` when it holds no sessions (the time it took is printed) and kept for
   the next run; `--reseed` drops it and seeds again;
2. `collectstatic` into var/bench-http/static (whitenoise's manifest, as DEBUG off asks; only when a static file is
   newer than the manifest: compressing takes minutes), runs VACUUM ANALYZE, then starts gunicorn with
   deploy/gunicorn.conf.py — sync workers, as many as the config gives for this machine's cores unless `--workers`
   — on loopback with DJANGO_SETTINGS_MODULE=bench.http.settings: the project's settings and URLs plus the
   baselines under /bench/. Production's environment otherwise (DEBUG off, Redis for the throttles and the Celery
   broker, CONN_MAX_AGE=60, JSON logs to var/bench-http/gunicorn.log); `max_requests` is off so that the RSS read
   at the end is that of a worker that served its whole share of the load;
3. three repetitions, each measuring project and baseline side by side (the baseline first, then the project):
   - `GET /api/v1/sessions/` (20 a page) vs `GET /bench/sessions-20/` (a plain ModelSerializer over 20 rows);
   - `GET /api/v1/sessions/?page_size=100` vs `GET /bench/sessions-100/`;
   - the public page of the job day with the most booths vs the page of a typical session (median booths);
   - a registration burst: `--burst` attempts (2,000) from `--concurrency` (200) concurrent clients, each attempt a
     different job seeker with a bearer token, for a fresh `--seats` (500)-seat session — exactly 500 confirmed is
     asserted — vs the same attempts as bare one-row POSTs (`POST /bench/one-row/`, same tokens); and the same
     burst against the registration's floor (`POST /bench/registration-floor/{id}/`, baseline.RegistrationFloor: the
     lock, the registration, its audit event and one outbox row, a sweep asked for on commit, and nothing else), so
     that what the guarantees cost and what the project adds to them are printed apart; each burst's processor time per
     request is read from /proc for gunicorn, PostgreSQL, Redis and the load generator (all on this machine's
     cores): when the burst keeps the processor busy, the ratio of these times is the ratio of the rates, and the
     lines say where the time goes;
   the GETs run `--seconds` each at `--clients` concurrent clients; `GET /bench/constant/` is shown as the ceiling;
4. in-process, with the same settings: the SQL queries of one confirmed registration through the API
   (`POST /api/v1/sessions/{id}/registrations/` with Django's test client and `CaptureQueriesContext`; BEGIN and
   COMMIT are counted), and which of them run while the session row is locked (from `SELECT … FOR UPDATE` to
   COMMIT);
5. the RSS of each gunicorn worker after the load (/proc), then stops gunicorn and deletes the sessions it made.

It prints min/median/max over the repetitions of each rate and ratio. Run it from the project directory, with
PostgreSQL and Redis up:

    cd /work/main && .venv/bin/python -m bench.http

Options (flags, or environment variables for the defaults):

    --database-url URL   BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/jobfair_bench_http
    --reseed             drop the database and seed it again
    --redis-url URL      BENCH_REDIS_URL, default redis://127.0.0.1:6379/8 (flushed at the start and the end)
    --workers N          gunicorn workers (default: deploy/gunicorn.conf.py's, 2 × cores + 1)
    --port N             default 8765
    --repeat N           default 3
    --seconds S          BENCH_SECONDS, default 5 (each GET measurement)
    --clients N          default 8 (concurrent clients of the GET measurements)
    --burst N            default 2000;  --concurrency N  default 200;  --seats N  default 500
    --burst-only         the bursts alone: no GETs, no pages
    --without PARTS      the registration with these parts switched off, to measure what they cost (comma-separated:
                         notices, throttle, answer; bench/http/without.py). The figures are then not the
                         project's, and the header says so. `python -m bench.http.parts` measures the same parts
                         in-process.
"""

from __future__ import annotations

import argparse
import http.client
import io
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.http.without import PARTS

BASE_DIR = Path(__file__).resolve().parents[2]
WORK_DIR = BASE_DIR / "var" / "bench-http"
SECRET_KEY = "bench-http-only-" + "k" * 50  # the server and the token maker share it; loopback only
BENCH_CODE_PREFIX = "BENCH-H-"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.http", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jobfair_bench_http"),
    )
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/8"))
    parser.add_argument("--workers", type=int)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=float(os.environ.get("BENCH_SECONDS", "5")))
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--burst", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=200)
    parser.add_argument("--seats", type=int, default=500)
    parser.add_argument("--burst-only", action="store_true")
    parser.add_argument("--without", default="", help="notices,throttle,answer")
    args = parser.parse_args(argv)
    args.without = [part for part in args.without.split(",") if part]
    unknown = sorted(set(args.without) - set(PARTS))
    if unknown:
        parser.error(f"--without: no such part {', '.join(unknown)} (parts: {', '.join(PARTS)})")
    return args


def server_environment(args) -> dict[str, str]:
    """What the gunicorn processes and this process (tokens, the in-process query count) both run with."""
    return {
        "DJANGO_SETTINGS_MODULE": "bench.http.settings",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "CONN_MAX_AGE": "60",
        "LOG_FORMAT": "json",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(WORK_DIR / "static"),
        "JWT_ACCESS_MINUTES": "120",  # the tokens made at the start outlive the run
        "STAFF_2FA": "on",
        "BENCH_WITHOUT": ",".join(args.without),  # bench/http/apps.py
    }


# --- the database ------------------------------------------------------------------------------------------------


def _connect(database_url: str, database: str):
    import psycopg

    parts = urlsplit(database_url)
    return psycopg.connect(urlunsplit(parts._replace(scheme="postgresql", path=f"/{database}")), autocommit=True)


def prepare_database(database_url: str, reseed: bool) -> None:
    from psycopg import sql

    name = urlsplit(database_url).path.lstrip("/")
    assert name.startswith("jobfair_bench"), f"not a bench database: {name}"
    with _connect(database_url, "postgres") as connection:
        if reseed:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        if connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is None:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def ensure_data() -> None:
    from django.core.management import call_command
    from django.db import connection

    from sessions.models import JobSession

    call_command("migrate", verbosity=0)
    if not JobSession.objects.exists():
        print("   no sessions: seeding hanoi-year…", flush=True)
        started = time.perf_counter()
        call_command("seed_demo", "--scale", "hanoi-year", stdout=io.StringIO())
        print(f"   seeded in {time.perf_counter() - started:.0f} s (kept for the next run; --reseed to redo)")
    # Planner statistics and the visibility map, as autovacuum keeps them in a database in service (it may not have
    # run since the bulk load, or be off on a test machine): index-only scans need the pages marked all-visible.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def ensure_static() -> None:
    """`collectstatic` (hashed, compressed names: minutes on 2 cores) when the manifest is missing or older than a
    static file of the project."""
    from django.conf import settings
    from django.contrib.staticfiles import finders
    from django.core.management import call_command

    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    newest = max(
        (storage.path(path) for finder in finders.get_finders() for path, storage in finder.list([])),
        key=lambda path: Path(path).stat().st_mtime,
    )
    if not manifest.exists() or manifest.stat().st_mtime < Path(newest).stat().st_mtime:
        print("   collectstatic (whitenoise's manifest, compressed)…", flush=True)
        call_command("collectstatic", "--noinput", verbosity=0)


def cleanup() -> None:
    """The sessions of earlier or this run (their registrations and notices go with them), the audit events of
    their registrations and the baseline's rows."""
    from accounts.models import AuditEvent
    from sessions.models import JobSession, Registration

    bench = JobSession.objects.filter(code__startswith=BENCH_CODE_PREFIX)
    registrations = [str(pk) for pk in Registration.objects.filter(session__in=bench).values_list("pk", flat=True)]
    AuditEvent.objects.filter(object_type="jobsessions.registration", object_id__in=registrations).delete()
    bench.delete()
    AuditEvent.objects.filter(action="bench.one_row").delete()


def new_burst_session(seats: int, serial: int):
    """A published in-person session with `seats` seats and registration open, on a day of its own far ahead."""
    from django.utils import timezone

    from sessions.models import JobSession, SessionFormat, SessionKind, SessionStatus, Venue

    venue = Venue.objects.order_by("-seat_capacity", "id").first()
    day = timezone.now().replace(hour=1, minute=0, second=0, microsecond=0) + timedelta(days=2000 + serial)
    return JobSession.objects.create(
        code=f"{BENCH_CODE_PREFIX}{os.getpid() % 10000:04d}{serial:02d}",
        title=f"Bench registration burst {serial}",
        kind=SessionKind.JOB_DAY,
        format=SessionFormat.IN_PERSON,
        status=SessionStatus.PUBLISHED,
        venue=venue,
        ward=venue.ward,
        starts_at=day,
        ends_at=day + timedelta(hours=4),
        registration_opens_at=timezone.now() - timedelta(hours=1),
        registration_closes_at=day + timedelta(hours=4),
        employer_capacity=0,
        job_seeker_capacity=seats,
    )


def outcomes(session) -> tuple[int, int]:
    """How many of the session's registrations are confirmed and how many waitlisted, counted row by row (not from
    the session's counters, which the burst is checking)."""
    from sessions.models import Registration

    rows = Registration.objects.filter(session=session)
    return (
        rows.filter(status=Registration.Status.CONFIRMED).count(),
        rows.filter(status=Registration.Status.WAITLISTED).count(),
    )


def pick_pages():
    """The public session pages: the job day with the most approved booths, and a session with the median count."""
    from django.db.models import Count, Q

    from sessions.models import JobSession, SessionKind, SessionStatus

    counted = (
        JobSession.objects.exclude(status=SessionStatus.DRAFT)
        .exclude(code__startswith=BENCH_CODE_PREFIX)
        .annotate(booths=Count("participations", filter=Q(participations__status="approved")))
    )
    job_day = counted.filter(kind=SessionKind.JOB_DAY).order_by("-booths", "id").first()
    routine = list(counted.filter(kind=SessionKind.PERIODIC).order_by("booths", "id"))
    typical = routine[len(routine) // 2]
    return job_day, typical


def people_with_tokens(count: int):
    """`count` job seekers who can sign in, each with an access token (made here, signed with the server's key)."""
    from rest_framework_simplejwt.tokens import AccessToken

    from accounts.models import Role, User

    users = list(
        User.objects.filter(
            role=Role.JOB_SEEKER,
            is_active=True,
            job_seeker__isnull=False,
            job_seeker__anonymised_at__isnull=True,
        ).order_by("id")[:count]
    )
    if len(users) < count:
        raise SystemExit(f"only {len(users)} job seekers with an account; the burst needs {count}")
    return [str(AccessToken.for_user(user)) for user in users]


# --- the server --------------------------------------------------------------------------------------------------


class Server:
    def __init__(self, args, environment):
        self.port = args.port
        try:
            request("GET", self.port, "/healthz")
        except OSError:
            pass
        else:
            raise SystemExit(f"something answers on 127.0.0.1:{self.port} already: --port")
        env = {**os.environ, **environment, "GUNICORN_BIND": f"127.0.0.1:{args.port}", "GUNICORN_MAX_REQUESTS": "0"}
        env["PROMETHEUS_MULTIPROC_DIR"] = str(WORK_DIR / "prometheus")
        if args.workers:
            env["WEB_CONCURRENCY"] = str(args.workers)
        self.log = open(WORK_DIR / "gunicorn.log", "ab")  # noqa: SIM115 - open for the server's life
        gunicorn = str(Path(sys.executable).with_name("gunicorn"))
        self.process = subprocess.Popen(
            [gunicorn, "-c", "deploy/gunicorn.conf.py", "jobfair.wsgi"],
            cwd=BASE_DIR,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        try:
            self._wait_until_up(env)
        except BaseException:  # Ctrl-C while it starts: no server left behind
            self.stop()
            raise

    def _wait_until_up(self, env) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited ({self.process.returncode}): see {WORK_DIR / 'gunicorn.log'}")
            try:
                if request("GET", self.port, "/healthz")[0] == 200 and len(self.worker_pids()) >= self.workers_wanted(
                    env
                ):
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit("gunicorn did not answer /healthz within 60 s")

    @staticmethod
    def workers_wanted(env) -> int:
        if env.get("WEB_CONCURRENCY"):
            return int(env["WEB_CONCURRENCY"])
        return min(2 * os.cpu_count() + 1, 12)

    def worker_pids(self) -> list[int]:
        pid = self.process.pid
        try:
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            return []
        return [int(child) for child in children]

    def worker_rss_mib(self) -> list[float]:
        sizes = []
        for pid in self.worker_pids():
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    sizes.append(int(line.split()[1]) / 1024)
        return sizes

    def stop(self) -> None:
        if self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


# --- the load ----------------------------------------------------------------------------------------------------

HEADERS = {"Host": "127.0.0.1", "X-Forwarded-Proto": "https", "Accept": "application/json"}  # as behind nginx


def request(method: str, port: int, path: str, body: bytes | None = None, token: str | None = None):
    """One request on a fresh connection (gunicorn's sync workers close each one): (status, bytes, seconds)."""
    headers = dict(HEADERS)
    if path.startswith("/sessions/"):
        headers["Accept"] = "text/html"
    if body is not None:
        headers["Content-Type"] = "application/json"
    if token:
        headers["Authorization"] = f"Bearer {token}"
    started = time.perf_counter()
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        data = response.read()
    finally:
        connection.close()
    return response.status, len(data), time.perf_counter() - started


def throughput(port: int, path: str, seconds: float, clients: int) -> dict:
    """Requests per second of `clients` clients asking `path` again and again for `seconds`."""
    deadline = time.perf_counter() + seconds
    done, sizes, bad = [0] * clients, [0] * clients, []

    def client(n):
        while time.perf_counter() < deadline:
            status, size, _seconds = request("GET", port, path)
            if status != 200:
                bad.append(status)
            done[n] += 1
            sizes[n] = size

    started = time.perf_counter()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    if bad:
        raise SystemExit(f"{path}: {len(bad)} answers not 200 (first: {bad[0]})")
    return {"rate": sum(done) / elapsed, "kb": max(sizes) / 1000}


def burst(port: int, path: str, tokens: list[str], concurrency: int, body: bytes) -> dict:
    """One POST per token, `concurrency` at a time: the rate, the latencies and the answers by status."""

    def attempt(token):
        return request("POST", port, path, body=body, token=token)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        answers = list(pool.map(attempt, tokens))
    elapsed = time.perf_counter() - started
    statuses: dict[int, int] = {}
    for status, _size, _seconds in answers:
        statuses[status] = statuses.get(status, 0) + 1
    latencies = sorted(seconds for _status, _size, seconds in answers)
    return {
        "rate": len(answers) / elapsed,
        "p50": statistics.median(latencies),
        "p95": latencies[int(len(latencies) * 0.95)],
        "statuses": statuses,
    }


# --- processor time ----------------------------------------------------------------------------------------------

CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
PROCESS_GROUPS = ("gunicorn", "postgres", "redis", "load generator")


def cpu_seconds_by_group(server: Server) -> dict[str, float]:
    """The processor time used so far by the bench's gunicorn (its master and workers), PostgreSQL, Redis and this
    process (the load generator), from /proc: each process's own time and that of its children that exited (a
    PostgreSQL backend that ends hands its time to the postmaster), so that a difference over a burst is what the
    burst cost."""
    gunicorn = {server.process.pid, *server.worker_pids()}
    used = dict.fromkeys(PROCESS_GROUPS, 0.0)
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()  # "pid (name) state …": the name may hold spaces and parentheses
        except OSError:
            continue  # it ended meanwhile
        head, tail = stat.rsplit(")", 1)
        name, fields = head.split("(", 1)[1], tail.split()
        pid = int(entry.name)
        if pid in gunicorn:
            group = "gunicorn"
        elif pid == os.getpid():
            group = "load generator"
        else:
            group = next((g for g in ("postgres", "redis") if name.startswith(g)), None)
        if group is not None:  # utime, stime, cutime, cstime
            used[group] += sum(int(value) for value in fields[11:15]) / CLOCK_TICKS
    return used


def measured_burst(server: Server, path: str, tokens: list[str], concurrency: int, body: bytes) -> dict:
    """burst() against the server, with the processor time each process group spent on it, in milliseconds per
    request."""
    before = cpu_seconds_by_group(server)
    result = burst(server.port, path, tokens, concurrency, body)
    after = cpu_seconds_by_group(server)
    result["cpu_ms"] = {group: (after[group] - before[group]) * 1000 / len(tokens) for group in PROCESS_GROUPS}
    return result


# --- queries per registration ------------------------------------------------------------------------------------


def registration_queries(seats: int, serial: int, token_user_index: int) -> tuple[list[str], range]:
    """The SQL of one confirmed registration through the API, in this process (same settings as the server), and
    the part of it sent while the session row is locked."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework_simplejwt.tokens import AccessToken

    from accounts.models import Role, User

    session = new_burst_session(seats, serial)
    user = User.objects.filter(role=Role.JOB_SEEKER, is_active=True, job_seeker__isnull=False).order_by("id")[
        token_user_index
    ]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {AccessToken.for_user(user)}", HTTP_HOST="127.0.0.1")
    connection.close()  # a fresh connection, as a request of a new worker would find none
    with CaptureQueriesContext(connection) as captured:
        response = client.post(
            f"/api/v1/sessions/{session.pk}/registrations/", b"{}", content_type="application/json", secure=True
        )
    assert response.status_code == 201 and response.json()["status"] == "confirmed", response.content
    sql = [query["sql"] for query in captured.captured_queries]
    locked = [n for n, text in enumerate(sql) if "FOR UPDATE" in text]
    ends = [n for n, text in enumerate(sql) if text.strip().upper() in ("COMMIT", "ROLLBACK")]
    if not locked:
        return sql, range(0)
    return sql, range(locked[0], next((n for n in ends if n > locked[0]), len(sql) - 1) + 1)


# --- the report --------------------------------------------------------------------------------------------------


def spread(values, digits=2) -> str:
    return f"{min(values):.{digits}f} / {statistics.median(values):.{digits}f} / {max(values):.{digits}f}"


def short(sql: str) -> str:
    """A query on one line: the column list of a SELECT and the values of an INSERT left out."""
    text = " ".join(sql.split())
    if text.startswith("SELECT ") and not text.startswith("SELECT COUNT"):
        depth = 0
        for n in range(len(text)):  # the FROM of the statement itself, not one of a subquery among its columns
            depth += {"(": 1, ")": -1}.get(text[n], 0)
            if depth == 0 and text.startswith(" FROM ", n):
                text = "SELECT …" + text[n:]
                break
    text = re.sub(r"^(INSERT INTO \S+) \(.*", r"\1 …", text)
    return text if len(text) <= 140 else text[:137] + "…"


def main(argv=None) -> None:
    args = parse_args(argv)
    sys.stdout.reconfigure(line_buffering=True)  # progress lines appear as they come, into a file too
    sys.path.insert(0, str(BASE_DIR))
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    environment = server_environment(args)
    prepare_database(args.database_url, args.reseed)
    os.environ.update(environment)

    import django

    django.setup()
    import redis

    from sessions.models import Registration

    redis.Redis.from_url(args.redis_url).flushdb()
    ensure_data()
    cleanup()
    ensure_static()
    job_day, typical = pick_pages()
    tokens = people_with_tokens(args.burst)
    sessions_left = Registration.objects.count()
    print("HTTP benchmark: the project vs bare DRF endpoints in the same gunicorn, over loopback")
    print(f"   database {args.database_url} ({sessions_left:,} registrations), Redis {args.redis_url}")
    server = Server(args, environment)
    workers = len(server.worker_pids())
    print(
        f"   gunicorn -c deploy/gunicorn.conf.py: {workers} sync workers on {os.cpu_count()} cores, "
        f"load average {os.getloadavg()[0]:.2f}; GETs: {args.clients} clients × {args.seconds:g} s; "
        f"burst: {args.burst:,} at {args.concurrency}-way for {args.seats} seats; {args.repeat} repetitions"
    )
    if args.without:
        print(
            f"   WITHOUT {', '.join(args.without)}: the registration with these parts switched off "
            "(bench/http/without.py); its figures are not the project's"
        )
    job_day_booths, typical_booths = job_day.booths, typical.booths
    pages = {
        "list20": ("/api/v1/sessions/", "/bench/sessions-20/"),
        "list100": ("/api/v1/sessions/?page_size=100", "/bench/sessions-100/"),
        "page": (f"/sessions/{job_day.pk}/", f"/sessions/{typical.pk}/"),
    }
    results: dict[str, list] = {key: [] for key in (*pages, "burst", "floor", "constant")}
    checks = []
    try:
        for path in ("/bench/constant/", *(p for pair in pages.values() for p in pair)):  # warm every worker
            throughput(args.port, path, 1.0, args.clients)
        for repetition in range(args.repeat):
            if not args.burst_only:
                results["constant"].append(throughput(args.port, "/bench/constant/", args.seconds, args.clients))
                for key, (project, baseline) in pages.items():
                    base = throughput(args.port, baseline, args.seconds, args.clients)
                    mine = throughput(args.port, project, args.seconds, args.clients)
                    results[key].append((mine, base))
            session = new_burst_session(args.seats, repetition)
            base = measured_burst(
                server,
                "/bench/one-row/",
                tokens,
                args.concurrency,
                b'{"action": "bench.one_row", "object_type": "bench", "object_id": "1", "data": {"n": 1}}',
            )
            mine = measured_burst(
                server, f"/api/v1/sessions/{session.pk}/registrations/", tokens, args.concurrency, b"{}"
            )
            confirmed, waitlisted = outcomes(session)
            checks.append((confirmed, waitlisted, mine["statuses"], base["statuses"]))
            results["burst"].append((mine, base))
            floor_session = new_burst_session(args.seats, 50 + repetition)
            floor = measured_burst(
                server, f"/bench/registration-floor/{floor_session.pk}/", tokens, args.concurrency, b"{}"
            )
            floor_confirmed, _floor_waitlisted = outcomes(floor_session)
            if floor["statuses"] != {201: len(tokens)} or floor_confirmed != args.seats:
                raise SystemExit(f"the registration floor went wrong: {floor['statuses']}, {floor_confirmed} confirmed")
            results["floor"].append((floor, base))
            print(
                f"   repetition {repetition + 1}: burst {confirmed} confirmed, {waitlisted} waitlisted, "
                f"answers {dict(sorted(mine['statuses'].items()))}; one-row POST answers "
                f"{dict(sorted(base['statuses'].items()))}",
                flush=True,
            )
        rss = server.worker_rss_mib()
    finally:
        server.stop()
    sql, inside = registration_queries(args.seats, args.repeat, args.burst)
    cleanup()
    redis.Redis.from_url(args.redis_url).flushdb()

    def ratios(key):
        return [mine["rate"] / base["rate"] for mine, base in results[key]]

    def rates(key, side):
        return [pair[side]["rate"] for pair in results[key]]

    print()
    print(
        f"{'figure (min / median / max of ' + str(args.repeat) + ')':<58} {'project':>22} {'baseline':>22} "
        f"{'ratio':>20}  goal"
    )
    if not args.burst_only:
        print(
            f"{'GET /api/v1/sessions/ vs bare 20-row list, req/s':<58} {spread(rates('list20', 0), 0):>22} "
            f"{spread(rates('list20', 1), 0):>22} {spread(ratios('list20')):>20}  ≥ 0.6"
        )
        print(
            f"{'GET …/sessions/?page_size=100 vs bare 100-row list, req/s':<58} {spread(rates('list100', 0), 0):>22} "
            f"{spread(rates('list100', 1), 0):>22} {spread(ratios('list100')):>20}  ≥ 0.6"
        )
    print(
        f"{'registration burst vs bare one-row POST, req/s':<58} {spread(rates('burst', 0), 0):>22} "
        f"{spread(rates('burst', 1), 0):>22} {spread(ratios('burst')):>20}  ≥ 0.5"
    )
    print(
        f"{'   the floor (lock, 3 inserts, sweep asked) vs one-row POST':<58} {spread(rates('floor', 0), 0):>22} "
        f"{spread(rates('floor', 1), 0):>22} {spread(ratios('floor')):>20}"
    )
    over_floor = [
        mine["rate"] / floor["rate"] for (mine, _b), (floor, _f) in zip(results["burst"], results["floor"], strict=True)
    ]
    print(f"{'   the registration vs the floor':<58} {'':>22} {'':>22} {spread(over_floor):>20}")
    p50 = [mine["p50"] for mine, _base in results["burst"]]
    base_p50 = [base["p50"] for _mine, base in results["burst"]]
    print(f"{'   p50 latency, s':<58} {spread(p50):>22} {spread(base_p50):>22}")
    p95 = [mine["p95"] for mine, _base in results["burst"]]
    print(f"{'   p95 latency, s':<58} {spread(p95):>22} {spread([b['p95'] for _m, b in results['burst']]):>22}")

    def cpu(pairs, side, group=None):
        """Processor ms per request of each repetition: one group's, or all four's."""
        return [sum(p[side]["cpu_ms"].values()) if group is None else p[side]["cpu_ms"][group] for p in pairs]

    mine_cpu, base_cpu = cpu(results["burst"], 0), cpu(results["burst"], 1)
    cpu_ratios = [base / mine for base, mine in zip(base_cpu, mine_cpu, strict=True)]
    print(
        f"{'   processor per request, ms (the four below)':<58} {spread(mine_cpu, 1):>22} {spread(base_cpu, 1):>22} "
        f"{spread(cpu_ratios):>20}"
    )
    for group in PROCESS_GROUPS:
        print(
            f"{'      ' + group:<58} {spread(cpu(results['burst'], 0, group), 1):>22} "
            f"{spread(cpu(results['burst'], 1, group), 1):>22}"
        )
    print(f"{'      the floor, the four':<58} {spread(cpu(results['floor'], 0), 1):>22}")
    exact = all(confirmed == args.seats for confirmed, _w, _s, _b in checks)
    print(
        f"{'   confirmed per burst (exactly ' + str(args.seats) + ')':<58} "
        f"{', '.join(str(c[0]) for c in checks):>22} {'':>22} {'yes' if exact else 'NO':>20}  exactly {args.seats}"
    )
    if not args.burst_only:
        label = f"job day page ({job_day_booths} booths) vs typical ({typical_booths}), req/s"
        print(
            f"{label:<58} {spread(rates('page', 0), 0):>22} {spread(rates('page', 1), 0):>22} "
            f"{spread(ratios('page')):>20}  ≥ 0.5"
        )
        kb = results["page"][0]
        print(f"{'   page size, KB':<58} {kb[0]['kb']:>22.0f} {kb[1]['kb']:>22.0f}")
        ceiling = spread([r["rate"] for r in results["constant"]], 0)
        print(f"{'GET /bench/constant/ (the ceiling), req/s':<58} {ceiling:>22}")
    print(f"{'queries per confirmed registration (API, in-process)':<58} {len(sql):>22} {'':>22} {'':>20}  ≤ 8")
    print(f"{'   of them while the session row is locked':<58} {len(inside):>22}")
    print(
        f"{'RSS of a worker after the load, MiB (median / max)':<58} "
        f"{statistics.median(rss):>15.0f} / {max(rss):.0f}  {'':>22} {'':>20}  ≤ 150"
    )
    print()
    print("the queries of one confirmed registration (CaptureQueriesContext; BEGIN and COMMIT counted):")
    for n, text in enumerate(sql):
        print(f"   {n + 1:2d}{' L' if n in inside else '  '} {short(text)}")
    print("   (L: while the session row is locked, from SELECT … FOR UPDATE to COMMIT)")
    if not exact:
        raise SystemExit(f"a burst did not confirm exactly {args.seats}: {[c[0] for c in checks]}")


if __name__ == "__main__":
    main()
