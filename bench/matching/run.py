"""Matching benchmark: one person's match list at Hanoi's size against a plain indexed lookup (issue 15 item 1).

In one run, on a database holding `seed_demo --scale hanoi-year` (the one given, else
`jobfair_bench_matching`, created, migrated and seeded when empty; never `jobfair_year`, which other branches'
migrations share):

1. picks job seekers with a wanted occupation and a ward;
2. times the first page (20) of `sessions.matching.matches_for` for each, one warm-up then `--repeat` runs;
3. times, the same way and for the same people, the first page of a plain lookup: open vacancies brought to an
   upcoming session, in the person's two-digit occupation group (the index `vacancy_status_occupation`);
4. prints min/median/max of each and the ratio of the medians, and the queries one match list issues.

    .venv/bin/python -m bench.matching [--database-url URL] [--repeat N] [--people N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

from bench.reports.run import BASE_DIR, SERVER, ensure_data, ensure_database

SCRATCH = f"{SERVER}/jobfair_bench_matching"


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.matching", description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", SCRATCH))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", "7")))
    parser.add_argument("--people", type=int, default=5)
    return parser.parse_args(argv)


def timings(work, people, repeat: int) -> list[float]:
    for person in people:
        work(person)  # warm-up: plans, caches, connection
    found = []
    for _ in range(repeat):
        for person in people:
            started = time.perf_counter()
            work(person)
            found.append(time.perf_counter() - started)
    return found


def main(argv=None) -> None:
    args = parse_args(argv)
    sys.path.insert(0, str(BASE_DIR))
    ensure_database(args.database_url)
    os.environ.update(
        {"DJANGO_SETTINGS_MODULE": "jobfair.settings", "DATABASE_URL": args.database_url, "DEBUG": "false"}
    )

    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from accounts.models import JobSeeker
    from sessions import matching
    from sessions.models import Participation, SessionStatus, Vacancy

    ensure_data()
    people = list(
        JobSeeker.objects.exclude(wanted_occupation="")
        .filter(ward__isnull=False)
        .select_related("ward")
        .order_by("id")[: args.people]
    )
    if not people:
        raise SystemExit("No job seeker with a wanted occupation and a ward in this database.")
    vacancies = Vacancy.objects.count()

    def match_list(person):
        return list(matching.matches_for(person)[:20])

    def plain_lookup(person):
        now = timezone.now()
        upcoming = Participation.vacancies.through.objects.filter(
            participation__status=Participation.Status.APPROVED,
            participation__session__status=SessionStatus.PUBLISHED,
            participation__session__ends_at__gt=now,
        ).values("vacancy_id")
        return list(
            Vacancy.objects.filter(
                status=Vacancy.Status.OPEN, occupation__startswith=person.wanted_occupation[:2], pk__in=upcoming
            ).order_by("id")[:20]
        )

    match_s = timings(match_list, people, args.repeat)
    plain_s = timings(plain_lookup, people, args.repeat)
    with CaptureQueriesContext(connection) as captured:
        rows = match_list(people[0])
    print(f"Matching benchmark: {len(people)} people × {args.repeat} runs, first page of 20")
    print(f"   database {args.database_url}, {vacancies:,} vacancies, load average {os.getloadavg()}")
    for name, found in (("match list (score in SQL)", match_s), ("plain indexed lookup     ", plain_s)):
        low, mid, high = min(found) * 1000, statistics.median(found) * 1000, max(found) * 1000
        print(f"{name}: min {low:8.1f} ms  median {mid:8.1f} ms  max {high:8.1f} ms")
    ratio = statistics.median(match_s) / statistics.median(plain_s)
    print(f"ratio of the medians, match list / plain lookup: {ratio:6.1f}×")
    print(f"queries issued by one match list: {len(captured.captured_queries)} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
