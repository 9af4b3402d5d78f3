"""Capacity under concurrency (DESIGN §4): never more confirmed seats or approved booths than the capacity, and a
freed seat or booth goes to the first one waiting, exactly once.

Real PostgreSQL transactions (`transaction=True`) and real threads, each on its own database connection, all
released together by a barrier. Each race has a control: the same race with the locks switched off breaks the
rule, which shows these tests can see the race they guard against.
"""

import random
import re
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta
from functools import partial

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import AuditEvent, JobSeeker
from jobfair import errors
from sessions import selectors, services
from sessions.models import JobSession, Notification, Participation, Registration, SurveyInvitation, survey_token_hash
from sessions.notifications import delivery
from sessions.services import booths as booth_services
from sessions.services import registrations as registration_services
from sessions.services.registrations import walk_in_match
from sessions.services.surveys import survey_invitations_send
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)

RegStatus = Registration.Status
BoothStatus = Participation.Status

THREADS = 200
CAPACITY = 10
RUNS = [pytest.param(n, id=f"run{n}") for n in range(1, 6)]
BARRIER_TIMEOUT = 30  # seconds: a thread stuck on a lock breaks the barrier instead of hanging the suite
LOCK_TIMEOUT = 60
JOIN_TIMEOUT = 120
ALL_BOOTHS = {f"{n:02d}" for n in range(1, CAPACITY + 1)}


@pytest.fixture(autouse=True)
def _notices_wait_for_the_worker(monkeypatch):
    """The notices are written in each transaction under test, as always; only their delivery, which the embedded
    mode runs inline after the commit (outside any lock), is left to the sweep as with a real worker. It is not
    what these tests are about and would double their time; the notification tests cover it."""
    monkeypatch.setattr(delivery, "ask_for_sweep", lambda: None)


@dataclass
class Race:
    errors: list[BaseException] = field(default_factory=list)
    polled: list[int] = field(default_factory=list)  # what another connection saw while the race ran
    seconds: float = 0.0  # from the start line until the last task finished


def race(tasks: list[Callable[[], object]], *, poll: Callable[[], int] | None = None, abort_also=()) -> Race:
    """Run every task in its own thread on its own connection, all released at once by a barrier.

    `poll`, when given, runs over and over in one more thread (on its own connection too) from the start line until
    every task has finished. A failing thread breaks the barriers, so the others fail at once instead of waiting."""
    result = Race()
    start = threading.Barrier(len(tasks) + (poll is not None), timeout=BARRIER_TIMEOUT)
    started_at = []
    finished = threading.Event()

    def on_own_connection(body: Callable[[], object]) -> None:
        try:
            with connection.cursor() as cursor:  # connect before the start line: the race is about the work
                cursor.execute(f"SET lock_timeout = '{LOCK_TIMEOUT}s'")  # a lock never released fails, not hangs
            if start.wait() == 0:
                started_at.append(time.monotonic())
            body()
        except BaseException as exc:
            for barrier in (start, *abort_also):
                barrier.abort()
            result.errors.append(exc)
        finally:
            connection.close()

    def polling() -> None:
        while not finished.is_set():
            result.polled.append(poll())

    workers = [threading.Thread(target=on_own_connection, args=(task,), daemon=True) for task in tasks]
    poller = threading.Thread(target=on_own_connection, args=(polling,), daemon=True) if poll else None
    for thread in workers if poller is None else [*workers, poller]:
        thread.start()
    deadline = time.monotonic() + JOIN_TIMEOUT
    for thread in workers:
        thread.join(max(deadline - time.monotonic(), 0))
    result.seconds = time.monotonic() - started_at[0] if started_at else 0.0
    finished.set()
    if poller is not None:
        poller.join(max(deadline - time.monotonic(), 1))
    hung = [thread for thread in [*workers, poller] if thread is not None and thread.is_alive()]
    assert not hung, f"{len(hung)} threads still running after {JOIN_TIMEOUT}s"
    return result


def assert_no_errors(result: Race) -> None:
    assert not result.errors, f"{len(result.errors)} threads failed, e.g. {result.errors[:3]!r}"


def _count(queryset) -> int:
    return queryset.count()


def _lock_switched_off(session_id: int, *, with_place: bool = False) -> JobSession:
    """The controls' stand-in for services._common.lock_session: the same row, without select_for_update."""
    return JobSession.objects.get(pk=session_id)


def _once_per_thread_wait(barrier: threading.Barrier) -> Callable[[], None]:
    """A function that waits on the barrier the first time each thread calls it, and never again."""
    seen = threading.local()

    def wait() -> None:
        if not getattr(seen, "waited", False):
            seen.waited = True
            barrier.wait()

    return wait


def _promotion_events(model) -> list[int]:
    """Ids of the rows promoted from a waitlist, once per promotion (the services log every promotion)."""
    events = AuditEvent.objects.filter(action__endswith=".promote", object_type=model._meta.label_lower)
    return sorted(int(object_id) for object_id in events.values_list("object_id", flat=True))


# --- seats ----------------------------------------------------------------------------------------------------


def _registrations(session: JobSession, *statuses):
    return Registration.objects.filter(session=session, status__in=statuses)


def _register_all(session: JobSession, seekers) -> list[Callable[[], object]]:
    return [partial(services.registration_create, session=session, job_seeker=seeker, actor=None) for seeker in seekers]


def _full_session_with_waitlist() -> tuple[JobSession, list[Registration], list[Registration]]:
    """A session with CAPACITY seats, all taken, and 2 × CAPACITY people waiting (registered one after another)."""
    session = factories.JobSessionFactory(job_seeker_capacity=CAPACITY)
    registrations = [
        services.registration_create(session=session, job_seeker=seeker, actor=None)[0]
        for seeker in factories.JobSeekerFactory.create_batch(3 * CAPACITY, user=None, ward=factories.ward())
    ]
    confirmed = [r for r in registrations if r.status == RegStatus.CONFIRMED]
    waitlisted = [r for r in registrations if r.status == RegStatus.WAITLISTED]
    assert (len(confirmed), len(waitlisted)) == (CAPACITY, 2 * CAPACITY)
    return session, confirmed, waitlisted


@pytest.mark.parametrize("run", RUNS)
def test_concurrent_registrations_confirm_exactly_the_capacity_and_waitlist_the_rest(run):
    session = factories.JobSessionFactory(job_seeker_capacity=CAPACITY)
    seekers = factories.JobSeekerFactory.create_batch(THREADS, user=None, ward=factories.ward())

    result = race(_register_all(session, seekers))

    assert_no_errors(result)
    confirmed = _registrations(session, RegStatus.CONFIRMED).count()
    waitlist = list(_registrations(session, RegStatus.WAITLISTED).order_by("id"))
    print(f"\nrun {run}: confirmed={confirmed}, waitlisted={len(waitlist)} ({THREADS} threads, {result.seconds:.1f}s)")
    assert confirmed == CAPACITY
    assert len(waitlist) == THREADS - CAPACITY
    assert Registration.objects.filter(session=session).values("job_seeker").distinct().count() == THREADS
    assert [selectors.waitlist_position(r) for r in waitlist] == list(range(1, THREADS - CAPACITY + 1))
    # First come, first served: the seats went to the first ones through the lock, before anyone was waitlisted.
    assert max(_registrations(session, RegStatus.CONFIRMED).values_list("id", flat=True)) < waitlist[0].id


def test_control_without_the_session_lock_registrations_overbook(monkeypatch):
    session = factories.JobSessionFactory(job_seeker_capacity=CAPACITY)
    seekers = factories.JobSeekerFactory.create_batch(THREADS, user=None, ward=factories.ward())
    counted = threading.Barrier(THREADS, timeout=BARRIER_TIMEOUT)

    def read_the_counters_then_wait(read):
        session = _lock_switched_off(read.pk)
        counted.wait()  # every thread has read the seats taken before any of them inserts
        return session

    monkeypatch.setattr(registration_services, "_lock_for_registration", read_the_counters_then_wait)

    result = race(_register_all(session, seekers), abort_also=(counted,))

    assert_no_errors(result)
    confirmed = _registrations(session, RegStatus.CONFIRMED).count()
    print(f"\ncontrol, session lock off: confirmed={confirmed} for {CAPACITY} seats")
    assert confirmed > CAPACITY


@pytest.mark.parametrize("run", RUNS)
def test_cancellations_racing_registrations_refill_seats_from_the_waitlist_once_in_order(run):
    session, confirmed_before, waitlisted_before = _full_session_with_waitlist()
    newcomers = factories.JobSeekerFactory.create_batch(3 * CAPACITY, user=None, ward=factories.ward())
    cancels = [partial(services.registration_cancel, registration=r, actor=None) for r in confirmed_before]
    tasks = [*cancels, *_register_all(session, newcomers)]
    random.Random(run).shuffle(tasks)

    result = race(tasks, poll=partial(_count, _registrations(session, RegStatus.CONFIRMED)))

    assert_no_errors(result)
    confirmed = _registrations(session, RegStatus.CONFIRMED).count()
    promoted = sorted(
        Registration.objects.filter(session=session, promoted_at__isnull=False).values_list("id", flat=True)
    )
    waitlist = list(_registrations(session, RegStatus.WAITLISTED).order_by("id"))
    print(
        f"\ncancel race run {run}: confirmed={confirmed}, promoted={len(promoted)}, waitlisted={len(waitlist)}; "
        f"another connection polled {len(result.polled)} times and saw {min(result.polled)}..{max(result.polled)}"
    )
    assert max(result.polled) <= CAPACITY, "another connection saw more confirmed than seats during the race"
    assert min(result.polled) == CAPACITY, "a freed seat was visible before it went to the waitlist"
    assert confirmed == CAPACITY
    assert _registrations(session, RegStatus.CANCELLED).count() == len(cancels)
    # Each cancellation promoted exactly one person, the earliest waiting, and each of them once.
    assert promoted == [r.id for r in waitlisted_before[: len(cancels)]]
    assert _promotion_events(Registration) == promoted
    # No newcomer took a freed seat ahead of the waitlist; those still waiting keep their order.
    assert not _registrations(session, RegStatus.CONFIRMED).filter(job_seeker__in=newcomers).exists()
    assert [r.id for r in waitlist[:CAPACITY]] == [r.id for r in waitlisted_before[len(cancels) :]]
    assert len(waitlist) == CAPACITY + len(newcomers)
    assert [selectors.waitlist_position(r) for r in waitlist] == list(range(1, len(waitlist) + 1))


def test_control_without_locks_cancellations_promote_the_same_person_more_than_once(monkeypatch):
    # The session lock alone is not what the race above hinges on (the waitlist rows are locked too, and the seat
    # counters' trigger updates the session row), so this control switches off all three and lets every
    # cancellation pick "the first waiting" before any of them promotes.
    _, confirmed_before, _ = _full_session_with_waitlist()
    chosen = threading.Barrier(len(confirmed_before), timeout=BARRIER_TIMEOUT)
    wait_once = _once_per_thread_wait(chosen)
    save = Registration.save

    def save_once_everyone_has_chosen(self, *args, **kwargs):
        if "promoted_at" in (kwargs.get("update_fields") or ()):
            wait_once()
        return save(self, *args, **kwargs)

    def no_lock_and_no_counter_trigger(session_id: int, *, with_place: bool = False) -> JobSession:
        # the seat counters' trigger updates the session row, which would serialize the cancellations as well: this
        # transaction runs without triggers, and the free seats are counted as before the counters
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL session_replication_role = replica")
        return _lock_switched_off(session_id, with_place=with_place)

    def seats_free_counted(session_id: int) -> int:
        session = JobSession.objects.get(pk=session_id)
        taken = Registration.objects.filter(session=session, status__in=Registration.SEAT_HOLDING).count()
        return session.job_seeker_capacity - taken

    monkeypatch.setattr(registration_services, "lock_session", no_lock_and_no_counter_trigger)
    monkeypatch.setattr(registration_services, "seats_free", seats_free_counted)
    monkeypatch.setattr(Registration.objects, "select_for_update", lambda *args, **kwargs: Registration.objects.all())
    monkeypatch.setattr(Registration, "save", save_once_everyone_has_chosen)

    result = race(
        [partial(services.registration_cancel, registration=r, actor=None) for r in confirmed_before],
        abort_also=(chosen,),
    )

    assert_no_errors(result)
    promotions = _promotion_events(Registration)
    print(
        f"\ncontrol, locks off: {len(confirmed_before)} cancellations made {len(promotions)} promotions "
        f"of {len(set(promotions))} people"
    )
    assert len(promotions) > len(set(promotions))


# --- walk-ins: two desks entering the same person at once ----------------------------------------------------

DESKS = 8
WALK_IN = {"full_name": "Nguyễn Văn Bình", "phone": "0912345678", "citizen_id": "001098012345"}


def _session_under_way() -> JobSession:
    """Half an hour in on the real clock, whatever the hour: the desk registers walk-ins only on the day."""
    start = timezone.now() - timedelta(minutes=30)
    return factories.JobSessionFactory(
        job_seeker_capacity=CAPACITY,
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        registration_opens_at=start - timedelta(days=7),
    )


def _walk_in_at_every_desk(session: JobSession, staff, fields: dict, shown: list) -> list[Callable[[], object]]:
    def walk_in():
        try:
            services.registration_walk_in(session=session, actor=staff, **fields)
        except errors.WalkInNeedsConfirmation as refusal:
            shown.append(refusal)  # the desk is shown the record another desk made, to say if it is the same person

    return [walk_in for _ in range(DESKS)]


@pytest.mark.parametrize("fields", [WALK_IN, {**WALK_IN, "citizen_id": ""}], ids=["phone and CCCD", "phone only"])
def test_desks_entering_the_same_walk_in_at_once_make_one_person(fields):
    session, staff = _session_under_way(), factories.StaffFactory()

    shown = []
    result = race(_walk_in_at_every_desk(session, staff, fields, shown))

    assert_no_errors(result)
    people = JobSeeker.objects.filter(full_name=WALK_IN["full_name"])
    print(f"\nwalk-ins at {DESKS} desks at once: {people.count()} person, {len(shown)} desks shown the match")
    assert people.count() == 1
    assert len(shown) == DESKS - 1
    assert Registration.objects.filter(session=session, status=RegStatus.ATTENDED).count() == 1


def test_control_without_the_identity_lock_desks_make_the_same_person_twice(monkeypatch):
    session, staff = _session_under_way(), factories.StaffFactory()
    looked = threading.Barrier(DESKS, timeout=BARRIER_TIMEOUT)

    def match_then_wait(fields):
        match = walk_in_match(fields)
        looked.wait()  # every desk has looked for the person before any of them makes one
        return match

    monkeypatch.setattr(registration_services, "_lock_walk_in_identity", lambda fields: None)
    monkeypatch.setattr(registration_services, "walk_in_match", match_then_wait)

    result = race(_walk_in_at_every_desk(session, staff, {**WALK_IN, "citizen_id": ""}, []), abort_also=(looked,))

    assert_no_errors(result)
    people = JobSeeker.objects.filter(full_name=WALK_IN["full_name"]).count()
    print(f"\ncontrol, identity lock off: {people} people made by {DESKS} desks")
    assert people > 1


# --- booths ---------------------------------------------------------------------------------------------------


def _booths(session: JobSession, *statuses):
    return Participation.objects.filter(session=session, status__in=statuses)


def _booth_requests(session: JobSession, n: int) -> list[Participation]:
    """n verified employers, each with a pending booth request at the session."""
    employers = factories.EmployerFactory.create_batch(n, verification="verified", ward=factories.ward())
    return Participation.objects.bulk_create(
        factories.ParticipationFactory.build(
            session=session, employer=employer, status=BoothStatus.APPLIED, booth_label=""
        )
        for employer in employers
    )


def _approve_all(participations) -> list[Callable[[], object]]:
    return [partial(services.participation_approve, participation=p, actor=None) for p in participations]


def _session_with_full_booths_and_waitlist() -> tuple[JobSession, list[Participation], list[Participation]]:
    """A session with CAPACITY booths, all given, and 2 × CAPACITY employers waiting (approved one after another)."""
    session = factories.JobSessionFactory(employer_capacity=CAPACITY)
    decided = [
        services.participation_approve(participation=p, actor=None) for p in _booth_requests(session, 3 * CAPACITY)
    ]
    approved = [p for p in decided if p.status == BoothStatus.APPROVED]
    waitlisted = [p for p in decided if p.status == BoothStatus.WAITLISTED]
    assert (len(approved), len(waitlisted)) == (CAPACITY, 2 * CAPACITY)
    return session, approved, waitlisted


@pytest.mark.parametrize("run", RUNS)
def test_concurrent_booth_approvals_grant_exactly_the_capacity_with_distinct_booths(run):
    session = factories.JobSessionFactory(employer_capacity=CAPACITY)
    requests = _booth_requests(session, THREADS)

    result = race(_approve_all(requests))

    assert_no_errors(result)
    booths = sorted(_booths(session, BoothStatus.APPROVED).values_list("booth_label", flat=True))
    waitlisted = _booths(session, BoothStatus.WAITLISTED).count()
    print(
        f"\nbooths run {run}: approved={len(booths)}, waitlisted={waitlisted}, booths {booths[0]}..{booths[-1]} "
        f"({THREADS} threads, {result.seconds:.1f}s)"
    )
    assert len(booths) == CAPACITY
    assert set(booths) == ALL_BOOTHS
    assert waitlisted == THREADS - CAPACITY
    # First come, first served: every booth was given before anyone was put on the booth waitlist.
    decisions = AuditEvent.objects.filter(action="participation.approve").order_by("id")
    assert [event.data["status"] for event in decisions] == [BoothStatus.APPROVED] * CAPACITY + [
        BoothStatus.WAITLISTED
    ] * (THREADS - CAPACITY)


def test_control_without_the_session_lock_booth_approvals_overbook(monkeypatch):
    session = factories.JobSessionFactory(employer_capacity=CAPACITY)
    requests = _booth_requests(session, THREADS)
    counted = threading.Barrier(THREADS, timeout=BARRIER_TIMEOUT)
    approved_booths = booth_services.approved_booths

    class CountThenWait:
        """The approved-booths queryset, whose count waits until every thread has counted."""

        def __init__(self, queryset):
            self._queryset = queryset

        def count(self):
            n = self._queryset.count()
            counted.wait()  # every thread has counted the booths before any of them takes one
            return n

        def __getattr__(self, name):
            return getattr(self._queryset, name)

    monkeypatch.setattr(booth_services, "lock_session", _lock_switched_off)
    monkeypatch.setattr(booth_services, "approved_booths", lambda session: CountThenWait(approved_booths(session)))

    result = race(_approve_all(requests), abort_also=(counted,))

    assert_no_errors(result)
    booths = list(_booths(session, BoothStatus.APPROVED).values_list("booth_label", flat=True))
    print(
        f"\nbooths control, session lock off: approved={len(booths)} for {CAPACITY} booths, "
        f"{len(set(booths))} distinct booth labels"
    )
    assert len(booths) > CAPACITY


@pytest.mark.parametrize("run", RUNS)
def test_withdrawals_racing_approvals_give_each_freed_booth_to_the_waitlist_once_in_order(run):
    session, approved_before, waitlisted_before = _session_with_full_booths_and_waitlist()
    newcomers = _booth_requests(session, 3 * CAPACITY)
    withdrawals = [partial(services.participation_withdraw, participation=p, actor=None) for p in approved_before]
    tasks = [*withdrawals, *_approve_all(newcomers)]
    random.Random(run).shuffle(tasks)

    result = race(tasks, poll=partial(_count, _booths(session, BoothStatus.APPROVED)))

    assert_no_errors(result)
    approved = list(_booths(session, BoothStatus.APPROVED))
    promotions = _promotion_events(Participation)
    waitlisted = _booths(session, BoothStatus.WAITLISTED)
    print(
        f"\nwithdrawal race run {run}: approved={len(approved)}, promoted={len(promotions)}, "
        f"waitlisted={waitlisted.count()}; "
        f"another connection polled {len(result.polled)} times and saw {min(result.polled)}..{max(result.polled)}"
    )
    assert max(result.polled) <= CAPACITY, "another connection saw more approved booths than the capacity"
    assert min(result.polled) == CAPACITY, "a freed booth was visible before it went to the waitlist"
    assert len(approved) == CAPACITY
    assert {p.booth_label for p in approved} == ALL_BOOTHS
    assert _booths(session, BoothStatus.WITHDRAWN).count() == len(withdrawals)
    # Each withdrawal promoted exactly one employer, the earliest waiting, and each of them once.
    first_waiting = sorted(p.id for p in waitlisted_before[: len(withdrawals)])
    assert promotions == first_waiting
    assert sorted(p.id for p in approved) == first_waiting
    # No new request took a freed booth ahead of the waitlist.
    assert waitlisted.filter(pk__in=[p.pk for p in newcomers]).count() == len(newcomers)


def test_control_without_locks_withdrawals_promote_the_same_employer_more_than_once(monkeypatch):
    _, approved_before, _ = _session_with_full_booths_and_waitlist()
    chosen = threading.Barrier(len(approved_before), timeout=BARRIER_TIMEOUT)
    wait_once = _once_per_thread_wait(chosen)
    grant_booth = booth_services._grant_booth

    def grant_once_everyone_has_chosen(participation, **kwargs):
        wait_once()  # every withdrawal has picked "the first waiting" before any of them gives the booth
        return grant_booth(participation, **kwargs)

    monkeypatch.setattr(booth_services, "lock_session", _lock_switched_off)
    monkeypatch.setattr(Participation.objects, "select_for_update", lambda *args, **kwargs: Participation.objects.all())
    monkeypatch.setattr(booth_services, "_grant_booth", grant_once_everyone_has_chosen)

    result = race(
        [partial(services.participation_withdraw, participation=p, actor=None) for p in approved_before],
        abort_also=(chosen,),
    )

    assert_no_errors(result)
    promotions = _promotion_events(Participation)
    print(
        f"\nbooths control, locks off: {len(approved_before)} withdrawals made {len(promotions)} promotions "
        f"of {len(set(promotions))} employers"
    )
    assert len(promotions) > len(set(promotions))


# --- no-show follow-up (issue 15 item 3): each no-show's message exactly once, however many workers run ---------


def test_workers_following_up_no_shows_at_once_write_each_message_once():
    from datetime import timedelta

    from django.utils import timezone

    from sessions.models import Notification
    from sessions.notifications import outbox

    ended = timezone.now() - timedelta(hours=1)
    session = factories.JobSessionFactory(
        status="completed",
        starts_at=ended - timedelta(hours=4),
        ends_at=ended,
        registration_opens_at=ended - timedelta(days=10),
        registration_closes_at=ended - timedelta(hours=4),
    )
    people = 40
    for n in range(people):
        factories.RegistrationFactory(
            session=session,
            job_seeker=factories.JobSeekerFactory(email=f"vang{n}@example.vn"),  # e-mail and SMS: 2 messages
            status=RegStatus.NO_SHOW,
        )
    written = []

    result = race([lambda: written.append(outbox.follow_up_no_shows()) for _worker in range(4)])

    assert_no_errors(result)
    rows = Notification.objects.filter(kind=Notification.Kind.NO_SHOW_FOLLOW_UP)
    assert rows.count() == 2 * people
    assert sum(written) == 2 * people  # the workers claimed different registrations: none wrote another's
    assert not Registration.objects.filter(session=session, no_show_followed_up_at__isnull=True).exists()


# --- the question after the session: invitations written by two sweeps at once ------------------------------------


@pytest.mark.parametrize("run", RUNS[:2])
def test_survey_sweeps_racing_invite_each_attendee_once_with_a_link_that_works(run, settings):
    """Beat by mistake twice, or a sweep still running when the next starts: every attendee gets one invitation and
    one notice per channel, and the link each notice carries opens that person's invitation (no notice carries the
    token of an invitation that lost the race). No control: the rows are locked with skip_locked and the invitation
    and notice keys are unique, so nothing with the locks off could write a second one either — what this shows is
    that the racers share the work without a failure and that the tokens sent are the ones kept."""
    settings.NOTIFY_SWEEP_BATCH = 7  # several batches, so the racers meet on the same rows
    now = timezone.now()
    session = factories.JobSessionFactory(
        starts_at=now - timedelta(hours=5),
        ends_at=now - timedelta(hours=1),
        registration_opens_at=now - timedelta(hours=50),
    )
    ward = factories.ward()
    for seeker in factories.JobSeekerFactory.create_batch(30, user=None, ward=ward):
        factories.RegistrationFactory(session=session, job_seeker=seeker, status=RegStatus.ATTENDED)
    services.session_complete(session=session, actor=None)

    def sweep_until_done():
        while survey_invitations_send():
            pass

    result = race([sweep_until_done for _ in range(4)])

    assert_no_errors(result)
    invitations = SurveyInvitation.objects.filter(session=session)
    assert invitations.count() == 30
    assert invitations.values("registration").distinct().count() == 30
    sms = Notification.objects.filter(kind="survey_invitation", session=session, channel="sms")
    assert sms.count() == 30  # the factory's people take SMS only (no e-mail address)
    hashes = {row.registration_id: row.token_hash for row in invitations}
    for notice in sms:
        token = re.search(r"/survey/([\w-]+)/", notice.body_text).group(1)
        assert hashes[notice.registration_id] == survey_token_hash(token)
    print(f"\nrun {run}: 30 invited once by 4 racing sweeps in {result.seconds:.1f}s")
