"""Notification delivery benchmark against the real components (DESIGN §4 "Nothing lost, nothing twice", §6).

What it does, in one run:

1. creates a scratch PostgreSQL database (dropped first if it exists) and migrates it;
2. writes 10,000 due "day before" reminders (one session, 10,000 confirmed registrations, each reminder with its
   .ics file and check-in QR code, as production sends them);
3. counts the SQL queries of one sweep (`delivery.notifications_sweep`) for batch sizes 10, 100 and 1000 — the
   count must not grow with the batch;
4. starts a real Celery worker subprocess (prefork) on real Redis, enqueues one delivery task per reminder and
   measures notifications/s until every row is `sent` (and checks that the loopback SMTP server got each one
   exactly once);
5. measures, with the same worker, the rate of a no-op Celery task (bench/notifications/tasks.py) and prints both
   rates and their ratio: how much of Celery's own capacity the delivery work leaves.

Run it from the project directory, with PostgreSQL and Redis up (DESIGN §6):

    cd /work/main && .venv/bin/python -m bench.notifications

Options (flags, or environment variables for the defaults):

    --count N            BENCH_COUNT, default 10000
    --concurrency N      BENCH_CONCURRENCY, default 2 (worker pool processes)
    --database-url URL   BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/jobfair_bench
                         (a scratch database: dropped and created again by every run, dropped at the end)
    --redis-url URL      BENCH_REDIS_URL, default redis://127.0.0.1:6379/13 (its queue is purged)
    --keep-db            keep the scratch database at the end
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[2]
SWEEP_BATCHES = (10, 100, 1000)


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.notifications", description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=int(os.environ.get("BENCH_COUNT", "10000")))
    parser.add_argument("--concurrency", type=int, default=int(os.environ.get("BENCH_CONCURRENCY", "2")))
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/jobfair_bench"),
    )
    parser.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"))
    parser.add_argument("--keep-db", action="store_true")
    return parser.parse_args(argv)


# --- the scratch database -------------------------------------------------------------------------------------


def _admin_connection(database_url: str):
    import psycopg

    parts = urlsplit(database_url)
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    return psycopg.connect(admin_url, autocommit=True), parts.path.lstrip("/")


def recreate_database(database_url: str) -> None:
    from psycopg import sql

    connection, name = _admin_connection(database_url)
    assert name and name not in ("postgres", "jobfair", "template0", "template1"), f"not a scratch database: {name}"
    with connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(database_url: str) -> None:
    from psycopg import sql

    connection, name = _admin_connection(database_url)
    with connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


# --- the data -------------------------------------------------------------------------------------------------


def write_reminders(count: int) -> list[int]:
    """`count` confirmed registrations of one session, each with its due "day before" e-mail reminder."""
    from django.utils import timezone

    from accounts.models import JobSeeker
    from sessions.models import Notification, Registration
    from sessions.notifications.content import registration_context, render
    from sessions.notifications.timing import hours_before_moment
    from tests import factories

    ward = factories.ward()
    session = factories.JobSessionFactory(job_seeker_capacity=count, employer_capacity=10)
    JobSeeker.objects.bulk_create(
        [
            JobSeeker(
                full_name=f"Nguyễn Thị Bench {n}",
                phone=f"+8498{n:07d}",
                email=f"nguoi.tim.viec.{n}@example.vn",
                ward=ward,
            )
            for n in range(count)
        ],
        batch_size=2000,
    )
    seekers = list(JobSeeker.objects.filter(email__startswith="nguoi.tim.viec.").order_by("id"))
    now = timezone.now()
    Registration.objects.bulk_create(
        [
            Registration(session=session, job_seeker=seeker, status=Registration.Status.CONFIRMED, confirmed_at=now)
            for seeker in seekers
        ],
        batch_size=2000,
    )
    registrations = list(Registration.objects.filter(session=session).select_related("job_seeker").order_by("id"))

    # Render the templates once and personalise the copy: the benchmark is about delivering, not rendering.
    kind = Notification.Kind.REMINDER_DAY_BEFORE
    sample = registrations[0]
    subject, text, _sms = render(kind, "vi", registration_context(sample), channel=Notification.Channel.EMAIL)

    def personal(template: str, registration) -> str:
        return template.replace(sample.check_in_code, registration.check_in_code).replace(
            sample.job_seeker.full_name, registration.job_seeker.full_name
        )

    expires_at = hours_before_moment(session.starts_at)
    Notification.objects.bulk_create(
        [
            Notification(
                channel=Notification.Channel.EMAIL,
                address=registration.job_seeker.email,
                language="vi",
                kind=kind,
                job_seeker=registration.job_seeker,
                session=session,
                registration=registration,
                subject=subject,
                body_text=personal(text, registration),
                dedup_key=f"{kind}:reg{registration.pk}:bench:email",
                send_after=now,
                expires_at=expires_at,
            )
            for registration in registrations
        ],
        batch_size=2000,
    )
    return list(Notification.objects.filter(kind=kind).order_by("id").values_list("pk", flat=True))


def sweep_queries() -> list[tuple[int, int, int]]:
    """(batch size, rows returned, SQL queries) of one sweep for each batch size."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sessions import delivery

    figures = []
    for batch in SWEEP_BATCHES:
        with CaptureQueriesContext(connection) as captured:
            due = delivery.notifications_sweep(batch=batch)
        figures.append((batch, len(due), len(captured.captured_queries)))
    return figures


# --- measuring ------------------------------------------------------------------------------------------------


def purge(app, redis_url: str) -> None:
    import redis

    app.control.purge()
    client = redis.Redis.from_url(redis_url)
    client.delete("unacked", "unacked_index", "unacked_mutex")
    client.close()


def wait_for(done, *, what: str, timeout: float = 3600, every: float = 0.2, progress=None) -> float:
    """Poll `done()` until true; returns the moment (perf_counter) it was seen true."""
    deadline = time.monotonic() + timeout
    next_report = time.monotonic() + 15
    while not done():
        if time.monotonic() > deadline:
            raise SystemExit(f"timed out waiting for {what}")
        if progress is not None and time.monotonic() >= next_report:
            print(f"   … {progress()}", flush=True)
            next_report += 15
        time.sleep(every)
    return time.perf_counter()


def measure_delivery(ids: list[int], smtp) -> tuple[float, float, dict]:
    """Enqueue one delivery per row; seconds until every row is sent, seconds spent publishing, and the tally."""
    from django.db.models import Count

    from sessions.models import Notification
    from sessions.notifications.delivery import notification_deliver_task

    def statuses() -> dict[str, int]:
        return dict(Notification.objects.values_list("status").annotate(n=Count("id")).order_by())

    started = time.perf_counter()
    for notification_id in ids:
        notification_deliver_task.delay(notification_id)
    published = time.perf_counter() - started
    finished = wait_for(
        lambda: (
            Notification.objects.filter(status=Notification.Status.SENT).count() == len(ids)
            or Notification.objects.filter(status=Notification.Status.FAILED).exists()
        ),
        what="every notification to be sent",
        every=0.25,
        progress=lambda: f"{statuses()}, {smtp.count()} e-mails received",
    )
    final = statuses()
    if final != {Notification.Status.SENT: len(ids)}:
        raise SystemExit(f"not every notification was sent: {final}")
    time.sleep(0.5)
    keys = smtp.keys()
    tally = {"received": smtp.count(), "distinct": len(keys), "duplicates": sum(n - 1 for n in keys.values())}
    return finished - started, published, tally


def measure_noop(worker, count: int) -> tuple[float, float]:
    """Enqueue `count` no-op tasks; seconds until the worker has run them all, and seconds spent publishing."""
    from bench.notifications.tasks import noop

    already = worker.task_counts()[noop.name]

    def executed() -> int:
        return worker.task_counts(timeout=2.0)[noop.name] - already

    started = time.perf_counter()
    for _ in range(count):
        noop.delay()
    published = time.perf_counter() - started
    finished = wait_for(lambda: executed() >= count, what="the no-op tasks", every=0.1, progress=executed)
    return finished - started, published


# --- main -----------------------------------------------------------------------------------------------------


def main(argv=None) -> None:
    args = parse_args(argv)
    sys.path.insert(0, str(BASE_DIR))
    from tests.integration.harness import SmtpSink, WorkerProcess

    print(f"Notification benchmark: {args.count} reminders, worker prefork ×{args.concurrency}")
    print(f"   database {args.database_url} (scratch), broker {args.redis_url}, load average {os.getloadavg()}")
    recreate_database(args.database_url)
    smtp = SmtpSink().start()
    env = {
        "DJANGO_SETTINGS_MODULE": "jobfair.settings",
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "EMAIL_URL": smtp.url,
        "SMS_BACKEND": "console",
        "DEBUG": "false",
    }
    os.environ.update(env)

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from jobfair.celery import app

    worker = None
    try:
        started = time.perf_counter()
        call_command("migrate", verbosity=0)
        print(f"1. migrated the scratch database in {time.perf_counter() - started:.1f} s")

        started = time.perf_counter()
        ids = write_reminders(args.count)
        print(f"2. wrote {len(ids)} due reminders (with their registrations) in {time.perf_counter() - started:.1f} s")

        print("3. SQL queries per sweep (delivery.notifications_sweep):")
        for batch, rows, queries in sweep_queries():
            print(f"   batch {batch:>5}: {rows:>5} rows due → {queries} queries")

        assert not app.conf.task_always_eager, "REDIS_URL must be set for the benchmark"
        purge(app, args.redis_url)
        log_path = Path(tempfile.mkdtemp(prefix="bench-notifications-")) / "worker.log"
        worker = WorkerProcess(
            env,
            log_path=log_path,
            concurrency=args.concurrency,
            include=("bench.notifications.tasks",),
            name="bench",
        )
        worker.start()
        print(f"4. worker {worker.hostname} ready (log {log_path})")

        seconds, published, tally = measure_delivery(ids, smtp)
        delivery_rate = len(ids) / seconds
        print(
            f"   delivered {len(ids)} notifications in {seconds:.1f} s → {delivery_rate:.1f} notifications/s "
            f"(publishing took {published:.1f} s); SMTP received {tally['received']}, "
            f"{tally['distinct']} distinct, duplicates {tally['duplicates']}"
        )

        seconds, published = measure_noop(worker, args.count)
        noop_rate = args.count / seconds
        print(
            f"5. ran {args.count} no-op tasks in {seconds:.1f} s → {noop_rate:.1f} tasks/s "
            f"(publishing took {published:.1f} s)"
        )
        print(
            f"RESULT: delivery {delivery_rate:.1f} notifications/s, no-op {noop_rate:.1f} tasks/s, "
            f"delivery/no-op = {delivery_rate / noop_rate:.3f} (a notification costs {noop_rate / delivery_rate:.1f}× "
            f"a no-op task)"
        )
    finally:
        if worker is not None:
            worker.stop()
        smtp.stop()
        connections.close_all()
        if args.keep_db:
            print(f"kept {args.database_url}")
        else:
            drop_database(args.database_url)


if __name__ == "__main__":
    main()
