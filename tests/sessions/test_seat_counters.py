"""The seat counters on the session row (JobSession.seats_taken, waitlisted_count) are what a count of its
registrations says, after every kind of change, whoever makes it: the services, the admin's queryset writes, a bulk
insert, a delete. A database trigger keeps them (migration 0017); a save of a stale copy of the session never
writes them back."""

import importlib
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from sessions import services
from sessions.models import JobSession, Registration
from tests import factories
from tests.sessions.test_registration_services import walk_in_person

pytestmark = pytest.mark.django_db

RegStatus = Registration.Status
migration = importlib.import_module("sessions.migrations.0017_session_seat_counters")


def counters(session: JobSession) -> tuple[int, int]:
    return tuple(JobSession.objects.filter(pk=session.pk).values_list("seats_taken", "waitlisted_count").get())


def counted(session: JobSession) -> tuple[int, int]:
    registrations = Registration.objects.filter(session=session)
    return (
        registrations.filter(status__in=Registration.SEAT_HOLDING).count(),
        registrations.filter(status=RegStatus.WAITLISTED).count(),
    )


def assert_counters(session: JobSession, expected: tuple[int, int]) -> None:
    assert counters(session) == counted(session) == expected


def test_registrations_take_seats_then_wait_and_a_cancellation_promotes_the_first_waiting(staff):
    session = factories.JobSessionFactory(job_seeker_capacity=2)
    people = factories.JobSeekerFactory.create_batch(4, user=None, ward=factories.ward())
    made = [services.registration_create(session=session, job_seeker=p, actor=None)[0] for p in people]
    assert [r.status for r in made] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [r.waitlist_place for r in made[2:]] == [1, 2]
    assert_counters(session, (2, 2))
    services.registration_cancel(registration=made[0], actor=staff)
    assert Registration.objects.get(pk=made[2].pk).status == RegStatus.CONFIRMED
    assert_counters(session, (2, 1))
    services.registration_cancel(registration=made[3], actor=staff)
    assert_counters(session, (2, 0))


def test_raising_the_capacity_promotes_as_many_as_the_new_seats(staff):
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    factories.RegistrationFactory(session=session)
    waiting = [factories.RegistrationFactory(session=session, status=RegStatus.WAITLISTED) for _n in range(3)]
    services.session_update(session=session, actor=staff, job_seeker_capacity=3)
    statuses = list(Registration.objects.filter(pk__in=[r.pk for r in waiting]).order_by("id").values_list("status"))
    assert statuses == [("confirmed",), ("confirmed",), ("waitlisted",)]
    assert_counters(session, (3, 1))


def test_check_in_walk_in_and_no_shows_keep_the_seats(open_session, on_the_day, staff):
    booked = factories.RegistrationFactory(session=open_session)
    absent = factories.RegistrationFactory(session=open_session)
    services.registration_check_in(code=booked.check_in_code, actor=staff)
    services.registration_walk_in(session=open_session, actor=staff, **walk_in_person())
    assert_counters(open_session, (3, 0))
    on_the_day.move_to(open_session.ends_at + timedelta(minutes=5))
    services.session_complete(session=open_session, actor=staff)
    assert Registration.objects.get(pk=absent.pk).status == RegStatus.NO_SHOW
    assert_counters(open_session, (3, 0))  # a no-show held a seat, as the reports count


def test_erasing_a_person_frees_their_seat(staff):
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    holder = factories.RegistrationFactory(session=session)
    waiting = factories.RegistrationFactory(session=session, status=RegStatus.WAITLISTED)
    services.job_seeker_erase(job_seeker=holder.job_seeker, actor=staff)
    assert Registration.objects.get(pk=waiting.pk).status == RegStatus.CONFIRMED
    assert_counters(session, (1, 0))


def test_writes_outside_the_services_keep_the_counters_too():
    session, other = factories.JobSessionFactory.create_batch(2)
    people = factories.JobSeekerFactory.create_batch(3, user=None, ward=factories.ward())
    Registration.objects.bulk_create(
        [
            Registration(session=session, job_seeker=people[0], status=RegStatus.CONFIRMED),
            Registration(session=session, job_seeker=people[1], status=RegStatus.WAITLISTED),
            Registration(session=session, job_seeker=people[2], status=RegStatus.CANCELLED),
        ]
    )
    assert_counters(session, (1, 1))
    Registration.objects.filter(session=session, status=RegStatus.WAITLISTED).update(status=RegStatus.ATTENDED)
    assert_counters(session, (2, 0))
    Registration.objects.filter(job_seeker=people[0]).update(session=other)  # moved to another session
    assert_counters(session, (1, 0))
    assert_counters(other, (1, 0))
    Registration.objects.filter(session=session).delete()
    assert_counters(session, (0, 0))


def test_a_save_of_a_stale_copy_of_the_session_keeps_the_counters(staff):
    session = factories.JobSessionFactory(job_seeker_capacity=10)
    stale = JobSession.objects.get(pk=session.pk)
    factories.RegistrationFactory(session=session)
    factories.RegistrationFactory(session=session, status=RegStatus.WAITLISTED)
    stale.title = "Phiên giao dịch việc làm tháng Mười hai"
    stale.save()
    services.session_update(session=stale, actor=staff, theme="Công nghệ thông tin")
    assert_counters(session, (1, 1))
    assert JobSession.objects.get(pk=session.pk).theme == "Công nghệ thông tin"


def test_a_counter_never_goes_below_zero():
    session = factories.JobSessionFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        JobSession.objects.filter(pk=session.pk).update(seats_taken=-1)


def test_the_trigger_counts_the_statuses_the_model_says_hold_a_seat():
    holds = migration.HOLDS_SEAT.strip("()").replace("'", "").split(", ")
    assert set(holds) == set(Registration.SEAT_HOLDING)


def test_the_migration_counts_the_registrations_already_there():
    session = factories.JobSessionFactory()
    factories.RegistrationFactory(session=session)
    factories.RegistrationFactory(session=session, status=RegStatus.WAITLISTED)
    JobSession.objects.filter(pk=session.pk).update(seats_taken=0, waitlisted_count=0)  # as before 0017
    with connection.cursor() as cursor:
        cursor.execute(migration.COUNT_EXISTING)
    assert_counters(session, (1, 1))


def test_the_sqlite_triggers_keep_the_same_counts(tmp_path):
    """The embedded default (SQLite, `make run`) has triggers of its own syntax: run on a SQLite database of the
    two tables with the same changes."""
    import sqlite3

    db = sqlite3.connect(tmp_path / "counters.sqlite3")
    db.executescript(
        """
        CREATE TABLE jobsessions_jobsession (id INTEGER PRIMARY KEY, seats_taken INTEGER NOT NULL DEFAULT 0
            CHECK (seats_taken >= 0), waitlisted_count INTEGER NOT NULL DEFAULT 0 CHECK (waitlisted_count >= 0));
        CREATE TABLE jobsessions_registration (id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL, status TEXT);
        INSERT INTO jobsessions_jobsession (id) VALUES (1), (2);
        INSERT INTO jobsessions_registration (session_id, status) VALUES (1, 'confirmed'), (1, 'waitlisted');
        """
    )
    db.executescript(migration.COUNT_EXISTING)
    for statement in migration.SQLITE:
        db.execute(statement)
    db.executescript(
        """
        INSERT INTO jobsessions_registration (session_id, status) VALUES (1, 'waitlisted'), (1, 'cancelled');
        UPDATE jobsessions_registration SET status = 'confirmed' WHERE id = 2;
        UPDATE jobsessions_registration SET status = 'attended' WHERE id = 1;
        UPDATE jobsessions_registration SET session_id = 2 WHERE id = 3;
        DELETE FROM jobsessions_registration WHERE status = 'cancelled';
        """
    )
    rows = db.execute("SELECT id, seats_taken, waitlisted_count FROM jobsessions_jobsession ORDER BY id").fetchall()
    assert rows == [(1, 2, 0), (2, 0, 1)]


def test_registering_reads_the_counters_not_the_registrations():
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    factories.RegistrationFactory(session=session)
    person = factories.JobSeekerFactory()
    fresh = JobSession.objects.select_related("venue__ward").get(pk=session.pk)
    with CaptureQueriesContext(connection) as captured:
        registration, _created = services.registration_create(session=fresh, job_seeker=person, actor=None)
    assert registration.status == RegStatus.WAITLISTED and registration.waitlist_place == 1
    statements = [query["sql"] for query in captured.captured_queries]
    assert statements and not any("COUNT(" in sql for sql in statements), statements
