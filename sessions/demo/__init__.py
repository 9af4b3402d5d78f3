"""Demo data for the job-fair system (`manage.py seed_demo`).

- `small` (default): a believable centre around today — venues, 30 employers, ~40 vacancies, 200 job seekers and
  sessions of every kind and status — written through the services wherever a rule applies (capacity, waitlist,
  eligibility, booth approval, interviews, outcomes, completion), so the demo data obeys the rules.
- `hanoi-year`: one past calendar year at Hanoi's size (the Jan–Sep 2024 ratios of DESIGN §1 scaled to twelve
  months), written with bulk_create in batches; the invariants (seats, booths, venue overlap, unique codes, the
  session code counter) are kept by construction.
- profiles (`--profile hanoi-2024-jan-sep`): the same bulk generator with another `Profile` — a named set of
  targets over a period. Every target is met exactly in report terms (sessions/reports.py: sessions held,
  approved booths, vacancies brought, seats, distinct (session, job seeker) pairs interviewed, passes, starts),
  also at a `--fraction` (each target scaled and rounded, see `Profile.scaled`).

Deterministic: one `random.Random(seed)` per run; identifiers (tax codes, citizen IDs, phones) come from fixed
bijections over disjoint index ranges, so both scales and the demo accounts can share a database. Only the
unguessable check-in codes are random on purpose. A marker audit event (`demo.seed`) makes a second run a no-op.

Modules: `helpers` (constants, weighted picks, apportioning, identifiers), `words` (names, majors, vacancy
templates, Hanoi's employers and venues), `people` (people, vacancies, the demo accounts), `small` (SmallDemo),
`bulk` (Profile, PROFILES, HanoiYear); this package's `run` is the entry point.
"""

import time as clock

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import AuditEvent
from sessions.demo.bulk import HANOI_YEAR, PROFILES, YEAR_TARGETS, HanoiYear
from sessions.demo.helpers import DEFAULT_SEED, EMPLOYER_LOGIN, JOB_SEEKER_LOGIN, MARKER_ACTION, SCALES, STAFF_LOGIN
from sessions.demo.people import login_lines, model_counts, seeded
from sessions.demo.small import SmallDemo
from sessions.models import JobSession, Notification

__all__ = [
    "DEFAULT_SEED",
    "EMPLOYER_LOGIN",
    "JOB_SEEKER_LOGIN",
    "PROFILES",
    "SCALES",
    "STAFF_LOGIN",
    "YEAR_TARGETS",
    "login_lines",
    "model_counts",
    "run",
    "seeded",
]


def run(
    *,
    scale: str = "small",
    seed: int = DEFAULT_SEED,
    fraction: float = 1.0,
    year: int | None = None,
    if_empty: bool = False,
    profile: str | None = None,
    out=print,
) -> dict[str, int]:
    """Seed the demo data, all or nothing; returns the rows created per model (empty when nothing was created).
    A `profile` (a key of PROFILES) replaces the scale: the bulk generator with that profile's targets."""
    if scale not in SCALES:
        raise ValueError(f"Unknown scale {scale!r}: choose one of {', '.join(SCALES)}.")
    if profile is not None and profile not in PROFILES:
        raise ValueError(f"Unknown profile {profile!r}: choose one of {', '.join(PROFILES)}.")
    if profile is not None:
        scale = profile
    if if_empty and JobSession.objects.exists():
        out("Sessions already exist: no demo data seeded.")
        return {}
    if seeded(scale):
        out(f"Demo data ({scale}) is already in this database: nothing new was created.")
        return {}
    started = clock.monotonic()
    before = model_counts()
    builder = (
        SmallDemo(seed=seed, out=out)
        if scale == "small"
        else HanoiYear(seed=seed, fraction=fraction, year=year, out=out, profile=PROFILES.get(scale, HANOI_YEAR))
    )
    with transaction.atomic():
        builder.build()
        # The services wrote the notices of the seeded history to the outbox; the ones already due count as sent
        # back then (nothing is delivered on commit), future reminders stay pending and go out on schedule.
        seeded_notices = Notification.objects.filter(
            session__in=builder.session_ids, status=Notification.Status.PENDING
        )
        settled = seeded_notices.filter(send_after__lte=timezone.now()).update(
            status=Notification.Status.SENT, sent_at=F("send_after"), attempts=1
        )
        waiting = seeded_notices.count()
        AuditEvent.objects.create(
            actor=builder.staff,
            action=MARKER_ACTION,
            object_type="demo",
            object_id=scale,
            data={"seed": seed, **builder.marker_data},
        )
    after = model_counts()
    created = {name: after[name] - before[name] for name in after if after[name] != before[name]}
    out(f"Created demo data ({scale}, seed {seed}) in {clock.monotonic() - started:.1f} s — new rows per model:")
    for name, count in created.items():
        out(f"  {name:<17}{count:>9,}")
    if settled or waiting:
        out(f"Notifications: {settled:,} due notices of the seeded history recorded as sent, {waiting:,} pending.")
    return created
