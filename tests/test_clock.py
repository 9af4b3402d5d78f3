"""The moments `make test-clock` moves the suite to (tests/clock.py, read by scripts/test-clock.sh)."""

import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from tests import clock
from tests.clock import HANOI

ROOT = Path(__file__).resolve().parent.parent


def at(*parts):
    return datetime(*parts, tzinfo=HANOI)


@pytest.mark.parametrize(
    ("now", "moment"),
    [
        (at(2026, 12, 7, 8, 0), at(2027, 2, 9, 10, 0)),  # Tết 2027 is 6 February: its fourth day is the 9th
        (at(2027, 2, 9, 10, 30), at(2028, 1, 29, 10, 0)),  # that one passed: Tết 2028 is 26 January
        (at(2029, 12, 1, 0, 0), at(2030, 2, 5, 10, 0)),  # Vietnam's 2030 Tết is 2 February (China's the 3rd)
    ],
)
def test_tet_is_the_fourth_day_of_the_next_lunar_new_year(now, moment):
    assert clock.moment_for("tet", now) == moment


def test_year_end_is_the_next_new_years_eve():
    assert clock.moment_for("year-end", at(2026, 12, 7, 8, 0)) == at(2026, 12, 31, 23, 30)
    assert clock.moment_for("year-end", at(2026, 12, 31, 23, 45)) == at(2027, 12, 31, 23, 30)


def test_a_time_of_day_is_its_next_moment_in_hanoi():
    assert clock.moment_for("20:30", at(2026, 12, 7, 8, 0)) == at(2026, 12, 7, 20, 30)
    assert clock.moment_for("00:30", at(2026, 12, 7, 8, 0)) == at(2026, 12, 8, 0, 30)
    assert clock.moment_for("2027-02-09 10:00", at(2026, 12, 7, 8, 0)) == at(2027, 2, 9, 10, 0)


def test_a_moment_in_the_past_moves_the_clock_back():
    # "+-86400s" is no offset to libfaketime: the run would stay at the real clock.
    assert clock.faketime_offset(at(2026, 12, 6, 8, 0), at(2026, 12, 7, 8, 0)) == "-86400s"
    assert clock.faketime_offset(at(2026, 12, 8, 8, 0), at(2026, 12, 7, 8, 0)) == "+86400s"


def test_a_run_away_from_the_moment_it_was_moved_to_is_an_error(monkeypatch):
    monkeypatch.setenv(clock.CLOCK_VARIABLE, "2027-02-09 10:00")

    assert clock.clock_error(at(2027, 2, 9, 10, 2)) is None
    assert clock.clock_error(at(2026, 12, 7, 8, 0)) == (
        "the clock was to be moved to 2027-02-09 10:00 Hanoi time; it is 2026-12-07 08:00"
    )


def test_a_run_that_was_not_moved_is_not_checked(monkeypatch):
    monkeypatch.delenv(clock.CLOCK_VARIABLE, raising=False)

    assert clock.clock_error(at(2026, 12, 7, 8, 0)) is None


def test_the_script_is_told_the_moment_and_offset_or_why_not():
    def ask(target):
        return subprocess.run([sys.executable, "-m", "tests.clock", target], capture_output=True, text=True, cwd=ROOT)

    day, time_of_day, offset = ask("year-end").stdout.split()
    assert time_of_day == "23:30" and day.endswith("-12-31") and offset[0] in "+-" and offset.endswith("s")
    refused = ask("half past eight")
    assert refused.returncode == 1
    assert "'half past eight' is no clock: HH:MM, tet, year-end or YYYY-MM-DD HH:MM" in refused.stderr
