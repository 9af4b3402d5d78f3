"""Demo data for the job-fair system (`manage.py seed_demo`).

- `small` (default): a believable centre around today — venues, 30 employers, ~40 vacancies, 200 job seekers and
  sessions of every kind and status — written through the services wherever a rule applies (capacity, waitlist,
  eligibility, booth approval, interviews, outcomes, completion), so the demo data obeys the rules.
- `hanoi-year` and the profiles (`--profile hanoi-2024-jan-sep`): the Hanoi-scale bulk generator, which lives with
  the benchmarks that need it (`bench/hanoi_scale.py`); `seed_demo` hands it to `write` here like the small one.

Deterministic: one `random.Random(seed)` per run; identifiers (tax codes, citizen IDs, phones) come from fixed
bijections over disjoint index ranges, so both scales and the demo accounts can share a database. Only the
unguessable check-in codes are random on purpose. A marker audit event (`demo.seed`) makes a second run a no-op.

Modules: `helpers` (constants, weighted picks, apportioning, identifiers), `words` (names, majors, vacancy
templates, Hanoi's employers and venues), `people` (people, vacancies, the demo accounts), `small` (SmallDemo);
this package's `write` writes a builder's data all or nothing.
"""

import time as clock

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts.models import AuditEvent
from sessions.demo.helpers import DEFAULT_SEED, EMPLOYER_LOGIN, JOB_SEEKER_LOGIN, MARKER_ACTION, SCALES, STAFF_LOGIN
from sessions.demo.people import login_lines, model_counts, seeded
from sessions.demo.small import SmallDemo
from sessions.models import JobSession, Notification

__all__ = [
    "DEFAULT_SEED",
    "EMPLOYER_LOGIN",
    "JOB_SEEKER_LOGIN",
    "SCALES",
    "STAFF_LOGIN",
    "SmallDemo",
    "login_lines",
    "model_counts",
    "seeded",
    "write",
]


def write(builder, *, scale: str, seed: int, if_empty: bool = False, out=print) -> dict[str, int]:
    """Write a builder's demo data (a SmallDemo, or the Hanoi-scale generator of bench/) all or nothing; returns
    the rows created per model (empty when nothing was created). `scale` names the data set in the marker."""
    if if_empty and JobSession.objects.exists():
        out("Sessions already exist: no demo data seeded.")
        return {}
    if seeded(scale):
        out(f"Demo data ({scale}) is already in this database: nothing new was created.")
        return {}
    started = clock.monotonic()
    before = model_counts()
    build_started = timezone.now()
    with transaction.atomic():
        builder.build()
        # The services wrote the notices of the seeded history to the outbox; the ones already due count as sent
        # back then (nothing is delivered on commit), future reminders stay pending and go out on schedule.
        # Employers' verification notices belong to no session, so "the seed's" means "written during the build".
        seeded_notices = Notification.objects.filter(created_at__gte=build_started, status=Notification.Status.PENDING)
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
