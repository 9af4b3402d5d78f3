"""Report benchmark: the period summary of a year at Hanoi's size against a plain count (DESIGN §5).

What it does, in one run:

1. picks a PostgreSQL database holding the hanoi-year demo data: the one given, else `jobfair_year` when it
   exists and holds it, else `jobfair_bench_reports` — created, migrated and seeded with
   `seed_demo --scale hanoi-year` when it holds no sessions (about two minutes, kept for the next run);
2. times `sessions.reports.figures.summary` over the seeded calendar year with every breakdown (`group_by` all of
   `reports.DIMENSIONS`), one warm-up then `--repeat` runs, and reports the median;
3. times the totals alone (what the staff dashboard asks on every load) and, in the same run and the same way, a
   plain `SELECT COUNT(*)` over the registrations table, and prints the medians and the ratios (how many full
   scans of the registrations each costs);
4. prints the number of SQL queries the summary issued (`CaptureQueriesContext`): fixed, whatever the data.

Run it from the project directory, with PostgreSQL up:

    cd /work/main && .venv/bin/python -m bench.reports

Options (flags, or environment variables for the defaults):

    --database-url URL   BENCH_DATABASE_URL, default: jobfair_year if it holds hanoi-year data, else
                         postgres://postgres@127.0.0.1:5432/jobfair_bench_reports (seeded when empty, never dropped)
    --repeat N           BENCH_REPEAT, default 7
    --year YYYY          the year to report on (default: the year of the seeded hanoi-year data)
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parents[2]
SERVER = "postgres://postgres@127.0.0.1:5432"
EXISTING = f"{SERVER}/jobfair_year"
SCRATCH = f"{SERVER}/jobfair_bench_reports"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.reports", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL"))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "7")))
    parser.add_argument("--year", type=int)
    return parser.parse_args(argv)


# --- the database ------------------------------------------------------------------------------------------------


def _connect(database_url: str, database: str):
    import psycopg

    parts = urlsplit(database_url)
    return psycopg.connect(urlunsplit(parts._replace(scheme="postgresql", path=f"/{database}")), autocommit=True)


def _name(database_url: str) -> str:
    return urlsplit(database_url).path.lstrip("/")


def database_exists(database_url: str) -> bool:
    with _connect(database_url, "postgres") as connection:
        row = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (_name(database_url),)).fetchone()
    return row is not None


def holds_hanoi_year(database_url: str) -> bool:
    if not database_exists(database_url):
        return False
    with _connect(database_url, _name(database_url)) as connection:
        table = connection.execute("SELECT to_regclass('accounts_auditevent')").fetchone()[0]
        if table is None:
            return False
        row = connection.execute(
            "SELECT 1 FROM accounts_auditevent WHERE action = 'demo.seed' AND object_id = 'hanoi-year'"
        ).fetchone()
    return row is not None


def choose_database(database_url: str | None) -> str:
    if database_url:
        return database_url
    return EXISTING if holds_hanoi_year(EXISTING) else SCRATCH


def ensure_database(database_url: str) -> None:
    """Create the database when missing (PostgreSQL only); migrating and seeding come after django.setup()."""
    from psycopg import sql

    if not database_exists(database_url):
        with _connect(database_url, "postgres") as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(_name(database_url))))


def ensure_data() -> int:
    """Migrate and seed hanoi-year when no session exists; the year of the seeded data."""
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import AuditEvent
    from sessions.models import JobSession

    call_command("migrate", verbosity=0)
    if not JobSession.objects.exists():
        print("   no sessions: seeding hanoi-year (about two minutes)…", flush=True)
        call_command("seed_demo", "--scale", "hanoi-year", stdout=io.StringIO())
    # Planner statistics, as a database in service has them (autovacuum may not have run after the bulk load).
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    marker = AuditEvent.objects.filter(action="demo.seed", object_id="hanoi-year").order_by("-pk").first()
    if marker is None:
        raise SystemExit("This database holds sessions but no hanoi-year demo data: pass --year.")
    return int(marker.data["year"])


# --- the timings -------------------------------------------------------------------------------------------------


def median_seconds(work, repeat: int) -> float:
    work()  # warm-up: plans, caches, connection
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main(argv=None) -> None:
    args = parse_args(argv)
    sys.path.insert(0, str(BASE_DIR))
    database_url = choose_database(args.database_url)
    ensure_database(database_url)
    os.environ.update({"DJANGO_SETTINGS_MODULE": "jobfair.settings", "DATABASE_URL": database_url, "DEBUG": "false"})

    import django

    django.setup()
    from datetime import date

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sessions import reports
    from sessions.models import Registration

    year = args.year or ensure_data()
    date_from, date_to = date(year, 1, 1), date(year, 12, 31)
    table = connection.ops.quote_name(Registration._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {table}")
        registrations = cursor.fetchone()[0]
    print(f"Report benchmark: summary of {date_from}…{date_to} with every breakdown, median of {args.repeat} runs")
    print(f"   database {database_url}, {registrations:,} registrations, load average {os.getloadavg()}")

    def run_summary():
        return reports.summary(date_from, date_to, group_by=list(reports.DIMENSIONS))

    def run_count():
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {table}")
            return cursor.fetchone()[0]

    def run_totals():  # what the staff dashboard asks on every load
        return reports.summary(date_from, date_to)

    summary_s = median_seconds(run_summary, args.repeat)
    totals_s = median_seconds(run_totals, args.repeat)
    count_s = median_seconds(run_count, args.repeat)
    with CaptureQueriesContext(connection) as captured:
        result = run_summary()
    totals = ", ".join(f"{metric} {value['value']:,}" for metric, value in result["metrics"].items())
    print(f"   totals: {totals}")
    print(f"summary (all {len(reports.DIMENSIONS)} breakdowns): {summary_s * 1000:9.1f} ms (median)")
    print(f"summary, totals only (the dashboard): {totals_s * 1000:9.1f} ms (median)")
    print(f"SELECT COUNT(*) over registrations:   {count_s * 1000:9.1f} ms (median)")
    print(f"ratio summary / count:                {summary_s / count_s:9.1f}×")
    print(f"ratio totals only / count:            {totals_s / count_s:9.1f}×")
    print(f"queries issued by the summary:        {len(captured.captured_queries):9d}")


if __name__ == "__main__":
    main()
