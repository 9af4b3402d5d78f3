"""Constants and small helpers of the demo data: weighted picks, apportioning, identifiers, local times."""

import bisect
import itertools
import random
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta

from django.utils import timezone

from accounts.validators import build_citizen_id, build_tax_code
from jobfair.text import fold_for_search
from sessions import services
from sessions.models import (
    HiringOutcome,
    Interview,
    Participation,
    Registration,
)

DEFAULT_SEED = 2026
MARKER_ACTION = "demo.seed"
SCALES = ("small", "hanoi-year")
DEMO_DOMAIN = "demo.vieclam.local"
STAFF_LOGIN = ("staff@demo.vieclam.local", "demo-staff-2026")
EMPLOYER_LOGIN = ("tuyendung@demo.vieclam.local", "demo-employer-2026")
JOB_SEEKER_LOGIN = ("nguoitimviec@demo.vieclam.local", "demo-jobseeker-2026")

# Index ranges that keep generated identifiers apart. People (citizen-ID serials < 10**6, phones): hanoi-year
# from 0, small scale from 900,000, household-business owners from 950,000, the demo job seeker at 999,999;
# employers' phones are offset by 1,000,000. Tax-code cursors: hanoi-year from 0, small from 9,000,000.
SMALL_PERSON_BASE, HOUSEHOLD_BASE, DEMO_PERSON_INDEX, EMPLOYER_PHONE_OFFSET = 900_000, 950_000, 999_999, 1_000_000
SMALL_TAX_CURSOR, DEMO_TAX_CURSOR = 9_000_000, 9_900_000

RegStatus, BoothStatus, Result, Outcome = (
    Registration.Status,
    Participation.Status,
    Interview.Result,
    HiringOutcome.Status,
)


class Pick:
    """A weighted choice with precomputed cumulative weights (fast enough for 100,000s of draws)."""

    def __init__(self, items):
        self.values = [value for value, _weight in items]
        self.cum = list(itertools.accumulate(weight for _value, weight in items))

    def __call__(self, rng: random.Random):
        return self.values[bisect.bisect_right(self.cum, rng.random() * self.cum[-1])]


def weighted(text: str, cast=str) -> Pick:
    """`Pick` from "value weight, value weight, …"."""
    items = []
    for part in text.split(","):
        value, weight = part.strip().rsplit(" ", 1)
        items.append((cast(value), float(weight)))
    return Pick(items)


def words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


def bars(text: str) -> list[str]:
    return text.split("|")


def table(text: str) -> list[list[str]]:
    return [line.strip().split("|") for line in text.strip().splitlines()]


def apportion(total: int, weights) -> list[int]:
    """Integers proportional to the weights that add up to exactly `total` (largest remainder)."""
    weights = list(weights)
    weight_sum = sum(weights)
    if total <= 0 or weight_sum <= 0:
        return [0] * len(weights)
    raw = [total * w / weight_sum for w in weights]
    shares = [int(r) for r in raw]
    for i in sorted(range(len(raw)), key=lambda i: shares[i] - raw[i])[: total - sum(shares)]:
        shares[i] += 1
    return shares


def apportion_capped(total: int, weights, caps) -> list[int]:
    """`apportion` with an upper bound per share: what a capped share cannot take goes to the others, so the
    shares add up to exactly `total` (ValueError when the caps of the positive weights cannot hold it)."""
    weights, caps = list(weights), list(caps)
    shares = [0] * len(weights)
    open_ = [i for i, weight in enumerate(weights) if weight > 0 and caps[i] > 0]
    remaining = total
    while remaining > 0:
        if not open_:
            raise ValueError(f"Cannot distribute {total:,} within the caps.")
        for i, share in zip(open_, apportion(remaining, [weights[i] for i in open_]), strict=True):
            added = min(share, caps[i] - shares[i])
            shares[i] += added
            remaining -= added
        open_ = [i for i in open_ if shares[i] < caps[i]]
    return shares


PHONE_PREFIXES = words("91 94 88 83 84 85 81 82 90 93 89 70 76 77 78 79 96 97 98 86 32 33 34 35 36 37 38 39 56 58 59")


def demo_phone(index: int) -> str:
    """A valid Vietnamese mobile number in E.164 form, different for every index."""
    prefix = PHONE_PREFIXES[index % len(PHONE_PREFIXES)]
    return f"+84{prefix}{(index // len(PHONE_PREFIXES) * 3_141_593 + 2_718_281) % 10**7:07d}"


def demo_citizen_id(index: int, *, sex: str, birth_year: int, province_code: str = "001") -> str:
    serial = (index * 104_729 + 271_828) % 10**6  # a bijection on 0..999,999: one serial per index
    return build_citizen_id(province_code=province_code, sex=sex, birth_year=birth_year, serial=serial)


def demo_tax_codes(cursor: int):
    """Valid 10-digit tax codes of Hà Nội organisations (prefix 01), unique along the cursor."""
    while True:
        code = build_tax_code(f"01{(cursor * 4_194_301 + 1_234_567) % 10**7:07d}")
        cursor += 1
        if code is not None:
            yield code


def money(millions: float) -> int:
    """VND, rounded to 500,000."""
    return round(millions * 2) * 500_000


def local_at(day: date, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=timezone.get_current_timezone())


def slug(text: str) -> str:
    return "".join(ch for ch in fold_for_search(text) if ch.isalnum())


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def working_days(date_from: date, date_to: date, weekdays=range(5)) -> list[date]:
    holidays = services.vietnamese_holidays(date_from, date_to)
    days = (date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1))
    return [day for day in days if day.weekday() in weekdays and day not in holidays]


@contextmanager
def explicit_timestamps(*models):
    """Let bulk rows keep the created_at/updated_at they are given (historical data), restoring afterwards."""
    saved = []
    for model in models:
        for name in ("created_at", "updated_at"):
            field = model._meta.get_field(name)
            saved.append((field, field.auto_now, field.auto_now_add))
            field.auto_now = field.auto_now_add = False
    try:
        yield
    finally:
        for field, auto_now, auto_now_add in saved:
            field.auto_now, field.auto_now_add = auto_now, auto_now_add
