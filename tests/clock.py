"""The moments scripts/test-clock.sh moves the suite's clock to (`python -m tests.clock TARGET` prints the moment and
its offset from now in seconds), and the check that a run is where it was moved.

A target is "HH:MM" (its next moment, Hanoi time), "tet" (10:00 on the fourth day of the next Tết, as the project's
own holiday calendar dates it: Tết moves every year, and one that has passed would test nothing), "year-end" (23:30 on
the next 31 December) or "YYYY-MM-DD HH:MM".

Only `moment_for("tet", …)` needs Django (the calendar is sessions.services.scheduling's); the rest is read by
tests/conftest.py before Django is set up."""

import os
import sys
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
CLOCK_VARIABLE = "JOBFAIR_TEST_CLOCK"  # the moment the script moved the clock to, "YYYY-MM-DD HH:MM"
TET_FIRST_DAY = "Tết Nguyên Đán"  # the calendar's name of the new year's day itself (its eve and later days differ)


def next_tet_fourth_day(now: datetime) -> date:
    from sessions.services.scheduling import vietnamese_holidays

    calendar = vietnamese_holidays(now.date() - timedelta(days=3), now.date() + timedelta(days=2 * 366))
    fourth_days = sorted(day + timedelta(days=3) for day, name in calendar.items() if name == TET_FIRST_DAY)
    return next(day for day in fourth_days if datetime.combine(day, time(10), HANOI) > now)


def moment_for(target: str, now: datetime) -> datetime:
    now = now.astimezone(HANOI)
    if target == "tet":
        return datetime.combine(next_tet_fourth_day(now), time(10), HANOI)
    if target == "year-end":
        moment = datetime(now.year, 12, 31, 23, 30, tzinfo=HANOI)
        return moment if moment > now else moment.replace(year=now.year + 1)
    if " " in target:
        return datetime.fromisoformat(target).replace(tzinfo=HANOI)
    hour, minute = map(int, target.split(":"))
    moment = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    return moment if moment > now else moment + timedelta(days=1)


def faketime_offset(moment: datetime, now: datetime) -> str:
    """libfaketime's FAKETIME for this moment: "+Ns" or "-Ns" ("+-Ns" would leave the clock where it is)."""
    return f"{int((moment - now).total_seconds()):+d}s"


def moved_clock() -> datetime | None:
    """The moment this run's clock was moved to, if the script moved it."""
    moment = os.environ.get(CLOCK_VARIABLE)
    return datetime.fromisoformat(moment).replace(tzinfo=HANOI) if moment else None


def clock_error(now: datetime) -> str | None:
    """Why this run is not at the moment it was moved to, if it is not (libfaketime not loaded, say): a run that
    passed at the real clock would claim to have tested another."""
    moment, now = moved_clock(), now.astimezone(HANOI)
    if moment and abs(now - moment) > timedelta(minutes=5):
        return f"the clock was to be moved to {moment:%Y-%m-%d %H:%M} Hanoi time; it is {now:%Y-%m-%d %H:%M}"
    return None


if __name__ == "__main__":
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "jobfair.settings")
    django.setup()
    now = datetime.now(HANOI)
    try:
        moment = moment_for(sys.argv[1], now)
    except ValueError:
        sys.exit(f"{sys.argv[1]!r} is no clock: HH:MM, tet, year-end or YYYY-MM-DD HH:MM (Hanoi time)")
    print(f"{moment:%Y-%m-%d %H:%M}", faketime_offset(moment, now))
