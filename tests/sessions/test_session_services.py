"""Session life: create, update, publish, cancel, complete; venue overlap in the service and in PostgreSQL."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import AuditEvent
from jobfair import errors
from sessions import services
from sessions.models import (
    JobSession,
    Participation,
    Registration,
    SessionFormat,
    SessionKind,
    SessionStatus,
)
from sessions.selectors import waitlist_position
from tests import factories
from tests.helpers import refreshed, register

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
RegStatus = Registration.Status
BoothStatus = Participation.Status


def local(year, month, day, hour=8, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=HCM)


def create(actor=None, **overrides):
    """session_create with sensible defaults: an in-person periodic morning session at a new venue."""
    fields = {
        "title": "Phiên giao dịch việc làm định kỳ",
        "kind": SessionKind.PERIODIC,
        "format": SessionFormat.IN_PERSON,
        "starts_at": local(2030, 3, 4, 8),
        "ends_at": local(2030, 3, 4, 11, 30),
    }
    fields.update(overrides)
    if "venue" not in fields:
        fields["venue"] = factories.VenueFactory()
    return services.session_create(actor=actor, **fields)


def apply_booth(session, employer=None):
    employer = employer or factories.EmployerFactory()
    vacancy = factories.VacancyFactory(employer=employer)
    participation, _created = services.participation_apply(
        session=session, employer=employer, vacancies=[vacancy], actor=None
    )
    return participation


# --- session_create ---------------------------------------------------------------------------------------------


def test_create_makes_a_draft_with_a_pgd_code(staff):
    session = create(actor=staff)

    assert session.pk is not None
    assert session.status == SessionStatus.DRAFT
    assert re.fullmatch(r"PGD-2030-\d{4}", session.code)
    assert session.created_by == staff
    assert refreshed(session).status == SessionStatus.DRAFT


def test_create_numbers_codes_in_sequence_within_a_year(staff):
    first = create(actor=staff, starts_at=local(2030, 3, 4, 8), ends_at=local(2030, 3, 4, 11))
    second = create(actor=staff, starts_at=local(2030, 3, 5, 8), ends_at=local(2030, 3, 5, 11))
    third = create(actor=staff, starts_at=local(2030, 3, 6, 8), ends_at=local(2030, 3, 6, 11))

    number = int(first.code.rsplit("-", 1)[1])
    assert second.code == f"PGD-2030-{number + 1:04d}"
    assert third.code == f"PGD-2030-{number + 2:04d}"


def test_create_starts_a_fresh_year_at_0001_and_counts_years_apart(staff):
    in_2044 = create(actor=staff, starts_at=local(2044, 5, 2, 8), ends_at=local(2044, 5, 2, 11))
    in_2045 = create(actor=staff, starts_at=local(2045, 5, 2, 8), ends_at=local(2045, 5, 2, 11))
    again_2044 = create(actor=staff, starts_at=local(2044, 5, 3, 8), ends_at=local(2044, 5, 3, 11))

    assert in_2044.code == "PGD-2044-0001"
    assert in_2045.code == "PGD-2045-0001"
    assert again_2044.code == "PGD-2044-0002"


def test_create_takes_the_code_year_from_local_time(staff):
    # 00:30 on 1 January in Hà Nội is still 31 December in UTC.
    starts_at = local(2047, 1, 1, 0, 30)
    assert starts_at.astimezone(ZoneInfo("UTC")).year == 2046

    session = create(actor=staff, starts_at=starts_at, ends_at=starts_at + timedelta(hours=3))

    assert session.code.startswith("PGD-2047-")


def test_create_defaults_capacities_ward_and_registration_window_from_the_venue(staff):
    venue = factories.VenueFactory(booth_count=12, seat_capacity=250)
    before = timezone.now()

    session = create(actor=staff, venue=venue)

    assert session.employer_capacity == 12
    assert session.job_seeker_capacity == 250
    assert session.ward_id == venue.ward_id
    assert session.registration_closes_at == session.ends_at
    assert before <= session.registration_opens_at <= timezone.now()


def test_create_keeps_explicit_capacities(staff):
    venue = factories.VenueFactory(booth_count=12, seat_capacity=250)

    session = create(actor=staff, venue=venue, employer_capacity=4, job_seeker_capacity=40)

    assert (session.employer_capacity, session.job_seeker_capacity) == (4, 40)


def test_a_session_cannot_promise_more_than_its_venue_has(staff):
    """Issue 12 item 2: 10 booths and 200 seats at a venue of 5 and 80 were accepted."""
    venue = factories.VenueFactory(booth_count=5, seat_capacity=80)

    with pytest.raises(ValidationError) as refused:
        create(actor=staff, venue=venue, employer_capacity=10, job_seeker_capacity=200)
    with pytest.raises(ValidationError) as unlimited:
        create(actor=staff, venue=venue, job_seeker_capacity=None)
    session = create(actor=staff, venue=venue, employer_capacity=5, job_seeker_capacity=80)
    with pytest.raises(ValidationError) as raised:
        services.session_update(session=session, actor=staff, job_seeker_capacity=81)

    assert set(refused.value.message_dict) == {"employer_capacity", "job_seeker_capacity"}
    assert "80" in refused.value.message_dict["job_seeker_capacity"][0]
    assert set(unlimited.value.message_dict) == {"job_seeker_capacity"}
    assert set(raised.value.message_dict) == {"job_seeker_capacity"}
    hybrid = create(
        actor=staff,
        venue=venue,
        starts_at=local(2030, 3, 5, 8),
        ends_at=local(2030, 3, 5, 11, 30),
        format=SessionFormat.HYBRID,
        online_url="https://meet.example.vn/x",
        job_seeker_capacity=500,
    )
    assert hybrid.job_seeker_capacity == 500  # people online need no seat


def test_create_at_a_venue_without_seat_count_is_unlimited(staff):
    session = create(actor=staff, venue=factories.VenueFactory(seat_capacity=0))

    assert session.job_seeker_capacity is None


def test_create_online_session_without_venue(staff):
    session = create(
        actor=staff,
        kind=SessionKind.ONLINE,
        format=SessionFormat.ONLINE,
        venue=None,
        online_url="https://phien.vieclamhanoi.vn/truc-tuyen",
        employer_capacity=100,
    )

    assert session.venue is None
    assert session.employer_capacity == 100
    assert session.job_seeker_capacity is None


def test_create_writes_an_audit_event_with_the_actor(staff):
    session = create(actor=staff)

    event = AuditEvent.objects.get(action="session.create", object_id=str(session.pk))
    assert event.actor == staff
    assert event.object_type == "jobsessions.jobsession"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"ends_at": local(2030, 3, 4, 7)}, "ends_at", id="ends-before-start"),
        pytest.param({"ends_at": local(2030, 3, 4, 8)}, "ends_at", id="ends-at-start"),
        pytest.param(
            {"registration_opens_at": local(2030, 3, 1), "registration_closes_at": local(2030, 2, 28)},
            "registration_closes_at",
            id="registration-window-inverted",
        ),
        pytest.param({"venue": None}, "venue", id="in-person-without-venue"),
        pytest.param(
            {"kind": SessionKind.ONLINE, "format": SessionFormat.ONLINE, "venue": None},
            "online_url",
            id="online-without-link",
        ),
        pytest.param({"format": SessionFormat.HYBRID}, "online_url", id="hybrid-without-link"),
    ],
)
def test_create_refuses_invalid_fields(staff, overrides, field):
    with pytest.raises(ValidationError) as exc_info:
        create(actor=staff, **overrides)

    assert field in exc_info.value.message_dict
    assert not JobSession.objects.exists()


# --- venue overlap ----------------------------------------------------------------------------------------------


def test_create_refuses_an_overlapping_session_at_the_same_venue(staff):
    existing = create(actor=staff, starts_at=local(2030, 3, 4, 8), ends_at=local(2030, 3, 4, 11, 30))

    with pytest.raises(errors.VenueClash) as exc_info:
        create(actor=staff, venue=existing.venue, starts_at=local(2030, 3, 4, 11), ends_at=local(2030, 3, 4, 14))

    assert exc_info.value.code == "venue_clash"
    assert existing.code in exc_info.value.detail
    assert JobSession.objects.count() == 1


def test_create_refuses_a_session_inside_another_at_the_same_venue(staff):
    existing = create(actor=staff, starts_at=local(2030, 3, 4, 8), ends_at=local(2030, 3, 4, 17))

    with pytest.raises(errors.VenueClash) as exc_info:
        create(actor=staff, venue=existing.venue, starts_at=local(2030, 3, 4, 9), ends_at=local(2030, 3, 4, 10))

    assert exc_info.value.code == "venue_clash"


def test_create_allows_back_to_back_sessions_at_one_venue(staff):
    morning = create(actor=staff, starts_at=local(2030, 3, 4, 8), ends_at=local(2030, 3, 4, 11, 30))

    afternoon = create(
        actor=staff, venue=morning.venue, starts_at=local(2030, 3, 4, 11, 30), ends_at=local(2030, 3, 4, 15)
    )

    assert afternoon.pk is not None
    assert JobSession.objects.filter(venue=morning.venue).count() == 2


def test_create_allows_the_same_time_at_another_venue(staff):
    first = create(actor=staff)

    second = create(actor=staff, starts_at=first.starts_at, ends_at=first.ends_at)

    assert second.venue != first.venue


def test_a_cancelled_session_does_not_block_its_venue(staff):
    cancelled = create(actor=staff)
    services.session_cancel(session=cancelled, actor=staff, reason="Mưa bão")

    replacement = create(actor=staff, venue=cancelled.venue, starts_at=cancelled.starts_at, ends_at=cancelled.ends_at)

    assert replacement.status == SessionStatus.DRAFT


def test_exclusion_constraint_refuses_a_direct_overlapping_insert():
    first = factories.JobSessionFactory()

    with pytest.raises(IntegrityError, match="session_no_venue_overlap"), transaction.atomic():
        factories.JobSessionFactory(
            venue=first.venue,
            starts_at=first.starts_at + timedelta(hours=1),
            ends_at=first.ends_at + timedelta(hours=1),
        )

    assert JobSession.objects.filter(venue=first.venue).count() == 1


def test_exclusion_constraint_refuses_a_direct_save_moving_onto_an_occupied_slot():
    first = factories.JobSessionFactory()
    # Back to back is fine for the constraint too ('[)' ranges).
    second = factories.JobSessionFactory(
        venue=first.venue, starts_at=first.ends_at, ends_at=first.ends_at + timedelta(hours=2)
    )

    second.starts_at = first.starts_at
    with pytest.raises(IntegrityError, match="session_no_venue_overlap"), transaction.atomic():
        second.save()

    assert refreshed(second).starts_at == first.ends_at


def test_exclusion_constraint_ignores_cancelled_sessions_but_not_their_revival():
    first = factories.JobSessionFactory()
    cancelled = factories.JobSessionFactory(
        venue=first.venue, starts_at=first.starts_at, ends_at=first.ends_at, status=SessionStatus.CANCELLED
    )

    cancelled.status = SessionStatus.PUBLISHED
    with pytest.raises(IntegrityError, match="session_no_venue_overlap"), transaction.atomic():
        cancelled.save(update_fields=["status"])

    assert refreshed(cancelled).status == SessionStatus.CANCELLED


# --- session_update ---------------------------------------------------------------------------------------------


def test_update_saves_the_changes(staff):
    session = create(actor=staff)

    services.session_update(
        session=session,
        actor=staff,
        title="Phiên chuyên đề ngành dệt may",
        starts_at=local(2030, 3, 4, 13, 30),
        ends_at=local(2030, 3, 4, 16, 30),
        job_seeker_capacity=150,
    )

    session.refresh_from_db()
    assert session.title == "Phiên chuyên đề ngành dệt may"
    assert session.starts_at == local(2030, 3, 4, 13, 30)
    assert session.ends_at == local(2030, 3, 4, 16, 30)
    assert session.job_seeker_capacity == 150
    assert "det may" in session.search_text
    event = AuditEvent.objects.get(action="session.update", object_id=str(session.pk))
    assert event.actor == staff
    # The registration window closed when the session ended, so it follows the move.
    assert session.registration_closes_at == local(2030, 3, 4, 16, 30)
    assert set(event.data["fields"]) == {
        "title",
        "starts_at",
        "ends_at",
        "job_seeker_capacity",
        "registration_closes_at",
    }


def test_update_refuses_invalid_fields(staff):
    session = create(actor=staff)

    with pytest.raises(ValidationError) as exc_info:
        services.session_update(session=session, actor=staff, ends_at=session.starts_at - timedelta(hours=1))

    assert "ends_at" in exc_info.value.message_dict
    assert refreshed(session).ends_at == local(2030, 3, 4, 11, 30)


def test_update_raising_seats_promotes_the_waitlist_in_order(staff):
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    registrations = [register(session) for _ in range(5)]
    assert [r.status for r in registrations] == [RegStatus.CONFIRMED] + [RegStatus.WAITLISTED] * 4

    services.session_update(session=session, actor=staff, job_seeker_capacity=3)

    for registration in registrations:
        registration.refresh_from_db()
    assert [r.status for r in registrations] == [RegStatus.CONFIRMED] * 3 + [RegStatus.WAITLISTED] * 2
    assert registrations[0].promoted_at is None
    assert registrations[1].promoted_at is not None
    assert registrations[2].promoted_at is not None
    assert [waitlist_position(r) for r in registrations[3:]] == [1, 2]
    assert AuditEvent.objects.filter(action="registration.promote", actor=staff).count() == 2


def test_update_to_more_seats_promotes_everyone_waiting(staff):
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    registrations = [register(session) for _ in range(4)]

    services.session_update(session=session, actor=staff, job_seeker_capacity=10)

    assert {refreshed(r).status for r in registrations} == {RegStatus.CONFIRMED}


def test_update_raising_booths_promotes_the_booth_waitlist(staff):
    session = factories.JobSessionFactory(employer_capacity=1)
    first, second, third = (apply_booth(session) for _ in range(3))
    for participation in (first, second, third):
        services.participation_approve(participation=participation, actor=staff)
    assert [refreshed(p).status for p in (first, second, third)] == [
        BoothStatus.APPROVED,
        BoothStatus.WAITLISTED,
        BoothStatus.WAITLISTED,
    ]

    services.session_update(session=session, actor=staff, employer_capacity=2)

    first, second, third = (refreshed(p) for p in (first, second, third))
    assert (first.status, first.booth_label) == (BoothStatus.APPROVED, "01")
    assert (second.status, second.booth_label) == (BoothStatus.APPROVED, "02")
    assert third.status == BoothStatus.WAITLISTED


def test_update_refused_on_a_cancelled_session(staff):
    session = factories.JobSessionFactory(status=SessionStatus.CANCELLED)

    with pytest.raises(errors.SessionCancelled) as exc_info:
        services.session_update(session=session, actor=staff, title="Đổi tên")

    assert exc_info.value.code == "session_cancelled"
    assert refreshed(session).title != "Đổi tên"


def test_update_refused_on_a_completed_session(staff):
    session = factories.JobSessionFactory(status=SessionStatus.COMPLETED)

    with pytest.raises(errors.SessionCompleted) as exc_info:
        services.session_update(session=session, actor=staff, title="Đổi tên")

    assert exc_info.value.code == "session_completed"
    assert refreshed(session).title != "Đổi tên"


def test_update_refuses_moving_onto_an_occupied_slot_at_the_venue(staff):
    morning = create(actor=staff, starts_at=local(2030, 3, 4, 8), ends_at=local(2030, 3, 4, 11, 30))
    afternoon = create(actor=staff, venue=morning.venue, starts_at=local(2030, 3, 4, 13), ends_at=local(2030, 3, 4, 16))

    with pytest.raises(errors.VenueClash) as exc_info:
        services.session_update(
            session=afternoon, actor=staff, starts_at=local(2030, 3, 4, 10), ends_at=local(2030, 3, 4, 13)
        )

    assert exc_info.value.code == "venue_clash"
    assert refreshed(afternoon).starts_at == local(2030, 3, 4, 13)


def test_update_refuses_moving_to_an_occupied_venue(staff):
    booked = create(actor=staff)
    elsewhere = create(actor=staff, starts_at=booked.starts_at, ends_at=booked.ends_at)

    with pytest.raises(errors.VenueClash) as exc_info:
        services.session_update(session=elsewhere, actor=staff, venue=booked.venue)

    assert exc_info.value.code == "venue_clash"
    assert refreshed(elsewhere).venue_id != booked.venue_id


def test_update_does_not_clash_with_itself(staff):
    session = create(actor=staff)

    services.session_update(session=session, actor=staff, ends_at=local(2030, 3, 4, 12))

    assert refreshed(session).ends_at == local(2030, 3, 4, 12)


# --- session_publish --------------------------------------------------------------------------------------------


def test_publish_makes_a_draft_published(staff):
    session = create(actor=staff)

    services.session_publish(session=session, actor=staff)

    session.refresh_from_db()
    assert session.status == SessionStatus.PUBLISHED
    assert session.published_at is not None
    event = AuditEvent.objects.get(action="session.publish", object_id=str(session.pk))
    assert event.actor == staff


def test_publish_twice_is_an_invalid_transition(staff):
    session = create(actor=staff)
    services.session_publish(session=session, actor=staff)
    published_at = refreshed(session).published_at

    with pytest.raises(errors.InvalidTransition) as exc_info:
        services.session_publish(session=session, actor=staff)

    assert exc_info.value.code == "invalid_transition"
    assert refreshed(session).published_at == published_at


# --- session_cancel ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_cancel_requires_a_reason(staff, reason):
    session = factories.JobSessionFactory()

    with pytest.raises(ValidationError) as exc_info:
        services.session_cancel(session=session, actor=staff, reason=reason)

    assert "reason" in exc_info.value.message_dict
    assert refreshed(session).status == SessionStatus.PUBLISHED


def test_cancel_records_the_reason(staff):
    session = factories.JobSessionFactory()

    services.session_cancel(session=session, actor=staff, reason="  Sàn giao dịch sửa chữa  ")

    session.refresh_from_db()
    assert session.status == SessionStatus.CANCELLED
    assert session.cancel_reason == "Sàn giao dịch sửa chữa"
    assert session.cancelled_at is not None
    event = AuditEvent.objects.get(action="session.cancel", object_id=str(session.pk))
    assert event.actor == staff
    assert event.data["reason"] == "Sàn giao dịch sửa chữa"


def test_cancel_a_draft(staff):
    session = create(actor=staff)

    services.session_cancel(session=session, actor=staff, reason="Trùng lịch")

    assert refreshed(session).status == SessionStatus.CANCELLED


@pytest.fixture
def busy_session(staff):
    """A published in-person session with people, booths and an interview, ready to be closed."""
    session = factories.JobSessionFactory(job_seeker_capacity=1, employer_capacity=1)
    confirmed = register(session)
    waitlisted = register(session)
    booth = apply_booth(session)
    services.participation_approve(participation=booth, actor=staff)
    pending_booth = apply_booth(session)
    interview = factories.InterviewFactory(registration=confirmed, vacancy=booth.vacancies.get())
    return {
        "session": session,
        "confirmed": confirmed,
        "waitlisted": waitlisted,
        "booth": booth,
        "pending_booth": pending_booth,
        "interview": interview,
        "staff": staff,
    }


def _walk_in(ctx):
    return services.registration_walk_in(session=ctx["session"], actor=ctx["staff"], full_name="Lê Thị Mai")


EVERY_ACTION = [
    pytest.param(lambda c: services.session_update(session=c["session"], actor=c["staff"], title="X"), id="update"),
    pytest.param(lambda c: services.session_publish(session=c["session"], actor=c["staff"]), id="publish"),
    pytest.param(lambda c: services.session_cancel(session=c["session"], actor=c["staff"], reason="x"), id="cancel"),
    pytest.param(
        lambda c: services.session_complete(
            session=c["session"], actor=c["staff"], now=c["session"].ends_at + timedelta(hours=1)
        ),
        id="complete",
    ),
    pytest.param(
        lambda c: services.registration_create(
            session=c["session"], job_seeker=factories.JobSeekerFactory(), actor=None
        ),
        id="register",
    ),
    pytest.param(
        lambda c: services.registration_create(session=c["session"], job_seeker=c["confirmed"].job_seeker, actor=None),
        id="register-again",
    ),
    pytest.param(
        lambda c: services.registration_cancel(registration=c["waitlisted"], actor=None), id="cancel-registration"
    ),
    pytest.param(
        lambda c: services.registration_check_in(code=c["confirmed"].check_in_code, actor=c["staff"]), id="check-in"
    ),
    pytest.param(_walk_in, id="walk-in"),
    pytest.param(lambda c: apply_booth(c["session"]), id="apply-booth"),
    pytest.param(
        lambda c: services.participation_approve(participation=c["pending_booth"], actor=c["staff"]),
        id="approve-booth",
    ),
    pytest.param(
        lambda c: services.participation_reject(participation=c["pending_booth"], actor=c["staff"]), id="reject-booth"
    ),
    pytest.param(lambda c: services.participation_withdraw(participation=c["booth"], actor=None), id="withdraw-booth"),
    pytest.param(
        lambda c: services.interview_record(
            registration=c["confirmed"], vacancy=c["booth"].vacancies.get(), actor=c["staff"]
        ),
        id="interview",
    ),
    pytest.param(
        lambda c: services.hiring_outcome_record(interview=c["interview"], actor=c["staff"], status="offered"),
        id="outcome",
    ),
]


@pytest.mark.parametrize("action", EVERY_ACTION)
def test_a_cancelled_session_refuses_everything(busy_session, action):
    session = busy_session["session"]
    services.session_cancel(session=session, actor=busy_session["staff"], reason="Hoãn do thời tiết")
    registrations = sorted(Registration.objects.filter(session=session).values_list("pk", "status"))
    booths = sorted(Participation.objects.filter(session=session).values_list("pk", "status", "booth_label"))

    with pytest.raises(errors.SessionCancelled) as exc_info:
        action(busy_session)

    assert exc_info.value.code == "session_cancelled"
    assert refreshed(session).status == SessionStatus.CANCELLED
    assert sorted(Registration.objects.filter(session=session).values_list("pk", "status")) == registrations
    assert sorted(Participation.objects.filter(session=session).values_list("pk", "status", "booth_label")) == booths


COMPLETED_REFUSES = [
    param
    for param in EVERY_ACTION
    # Interviews and hiring outcomes are recorded after the session took place.
    if param.id not in ("interview", "outcome")
]


@pytest.mark.parametrize("action", COMPLETED_REFUSES)
def test_a_completed_session_refuses_changes(busy_session, action):
    session = busy_session["session"]
    services.session_complete(session=session, actor=busy_session["staff"], now=session.ends_at)

    with pytest.raises(errors.SessionCompleted) as exc_info:
        action(busy_session)

    assert exc_info.value.code == "session_completed"
    assert refreshed(session).status == SessionStatus.COMPLETED


# --- session_complete -------------------------------------------------------------------------------------------


def test_complete_before_the_end_is_an_invalid_transition(staff):
    session = factories.JobSessionFactory()

    with pytest.raises(errors.InvalidTransition) as exc_info:
        services.session_complete(session=session, actor=staff, now=session.ends_at - timedelta(minutes=1))

    assert exc_info.value.code == "invalid_transition"
    assert refreshed(session).status == SessionStatus.PUBLISHED


def test_complete_a_draft_is_an_invalid_transition(staff):
    session = factories.JobSessionFactory(status=SessionStatus.DRAFT)

    with pytest.raises(errors.InvalidTransition) as exc_info:
        services.session_complete(session=session, actor=staff, now=session.ends_at + timedelta(hours=1))

    assert exc_info.value.code == "invalid_transition"
    assert refreshed(session).status == SessionStatus.DRAFT


def test_complete_marks_confirmed_people_of_an_in_person_session_as_no_show(staff):
    session = factories.JobSessionFactory(job_seeker_capacity=4)
    confirmed = register(session)
    attended = register(session)
    services.registration_check_in(code=attended.check_in_code, actor=staff, now=session.starts_at)
    cancelled = register(session)
    services.registration_cancel(registration=cancelled, actor=None)
    also_confirmed = register(session)
    register(session)  # fills the last seat
    waitlisted = register(session)
    assert waitlisted.status == RegStatus.WAITLISTED
    now = session.ends_at + timedelta(minutes=5)

    services.session_complete(session=session, actor=staff, now=now)

    session.refresh_from_db()
    assert session.status == SessionStatus.COMPLETED
    assert session.completed_at == now
    assert refreshed(confirmed).status == RegStatus.NO_SHOW
    assert refreshed(also_confirmed).status == RegStatus.NO_SHOW
    assert refreshed(attended).status == RegStatus.ATTENDED
    assert refreshed(cancelled).status == RegStatus.CANCELLED
    assert refreshed(waitlisted).status == RegStatus.WAITLISTED
    event = AuditEvent.objects.get(action="session.complete", object_id=str(session.pk))
    assert event.actor == staff
    assert event.data["no_shows"] == 3


def test_complete_an_online_session_leaves_no_no_shows(staff):
    session = factories.JobSessionFactory(
        kind=SessionKind.ONLINE,
        format=SessionFormat.ONLINE,
        venue=None,
        online_url="https://phien.vieclamhanoi.vn/truc-tuyen",
    )
    confirmed = register(session)

    services.session_complete(session=session, actor=staff, now=session.ends_at)

    assert refreshed(session).status == SessionStatus.COMPLETED
    assert refreshed(confirmed).status == RegStatus.CONFIRMED
    assert not Registration.objects.filter(status=RegStatus.NO_SHOW).exists()


def test_complete_twice_is_refused_as_completed(staff):
    session = factories.JobSessionFactory()
    services.session_complete(session=session, actor=staff, now=session.ends_at)

    with pytest.raises(errors.SessionCompleted) as exc_info:
        services.session_complete(session=session, actor=staff, now=session.ends_at)

    assert exc_info.value.code == "session_completed"


def test_sessions_complete_ended_completes_only_published_sessions_that_ended():
    now = timezone.now()
    past = {"starts_at": now - timedelta(hours=5), "ends_at": now - timedelta(hours=1)}
    ended = factories.JobSessionFactory(**past)
    ended_now = factories.JobSessionFactory(starts_at=now - timedelta(hours=3), ends_at=now)
    running = factories.JobSessionFactory(starts_at=now - timedelta(hours=1), ends_at=now + timedelta(hours=1))
    future = factories.JobSessionFactory()
    ended_draft = factories.JobSessionFactory(status=SessionStatus.DRAFT, **past)
    ended_cancelled = factories.JobSessionFactory(status=SessionStatus.CANCELLED, **past)
    no_show = register_past(ended)

    completed = services.sessions_complete_ended(now=now)

    assert {s.pk for s in completed} == {ended.pk, ended_now.pk}
    assert refreshed(ended).status == SessionStatus.COMPLETED
    assert refreshed(ended_now).status == SessionStatus.COMPLETED
    assert refreshed(running).status == SessionStatus.PUBLISHED
    assert refreshed(future).status == SessionStatus.PUBLISHED
    assert refreshed(ended_draft).status == SessionStatus.DRAFT
    assert refreshed(ended_cancelled).status == SessionStatus.CANCELLED
    assert refreshed(no_show).status == RegStatus.NO_SHOW
    assert services.sessions_complete_ended(now=now) == []


def register_past(session):
    """A confirmed registration made while the (now ended) session was open."""
    registration, _created = services.registration_create(
        session=session,
        job_seeker=factories.JobSeekerFactory(),
        actor=None,
        now=session.starts_at - timedelta(minutes=10),
    )
    assert registration.status == RegStatus.CONFIRMED
    return registration


def test_a_session_that_has_already_ended_cannot_be_published(staff):
    ended = factories.JobSessionFactory(
        status="draft",
        starts_at=timezone.now() - timedelta(days=3),
        ends_at=timezone.now() - timedelta(days=3, hours=-4),
        registration_opens_at=timezone.now() - timedelta(days=10),
    )

    with pytest.raises(errors.InvalidTransition) as refused:
        services.session_publish(session=ended, actor=staff)

    assert str(refused.value.detail) == "Không thể công bố phiên đã kết thúc."
    assert refreshed(ended).status == "draft"


def test_registration_closing_after_the_session_has_ended_is_refused(staff):
    venue = factories.VenueFactory()
    starts = timezone.now() + timedelta(days=10)

    with pytest.raises(ValidationError) as refused:
        services.session_create(
            actor=staff,
            title="Phiên định kỳ",
            kind="periodic",
            format="in_person",
            venue=venue,
            starts_at=starts,
            ends_at=starts + timedelta(hours=4),
            registration_opens_at=starts - timedelta(days=7),
            registration_closes_at=starts + timedelta(days=1),
        )

    assert refused.value.message_dict == {"registration_closes_at": ["Phải đóng đăng ký muộn nhất khi phiên kết thúc."]}


def test_an_interview_not_passed_takes_no_offer(staff, on_the_day, open_session):
    booth = factories.ParticipationFactory(session=open_session)
    registration = factories.RegistrationFactory(session=open_session)
    interview, _created = services.interview_record(
        registration=registration, vacancy=booth.vacancies.get(), actor=staff, result="failed"
    )

    with pytest.raises(ValidationError) as refused:
        services.hiring_outcome_record(interview=interview, actor=staff, status="offered")
    outcome, _created = services.hiring_outcome_record(interview=interview, actor=staff, status="not_hired")

    assert set(refused.value.message_dict) == {"status"}
    assert outcome.status == "not_hired"


def test_seats_and_booths_already_given_cannot_be_taken_away_by_a_smaller_capacity(staff, open_session):
    for _ in range(3):
        register(open_session)
    factories.ParticipationFactory(session=open_session)
    factories.ParticipationFactory(session=open_session)

    with pytest.raises(ValidationError) as refused:
        services.session_update(session=open_session, actor=staff, job_seeker_capacity=2, employer_capacity=1)
    exactly = services.session_update(session=open_session, actor=staff, job_seeker_capacity=3, employer_capacity=2)

    assert refused.value.message_dict == {
        "job_seeker_capacity": ["Đã có 3 người có chỗ: phiên không thể có ít chỗ hơn."],
        "employer_capacity": ["Đã duyệt 2 gian tuyển dụng: phiên không thể có ít gian hơn."],
    }
    assert (exactly.job_seeker_capacity, exactly.employer_capacity) == (3, 2)


def test_a_session_nobody_could_register_for_is_not_published(staff):
    closed = factories.JobSessionFactory(
        status="draft",
        registration_opens_at=timezone.now() - timedelta(days=5),
        registration_closes_at=timezone.now() - timedelta(days=4),
    )
    for_nobody = factories.JobSessionFactory(status="draft", cohort_only=True)

    for session, words in ((closed, "đã hết hạn đăng ký"), (for_nobody, "ít nhất một nhóm đối tượng")):
        with pytest.raises(errors.InvalidTransition) as refused:
            services.session_publish(session=session, actor=staff)
        assert words in str(refused.value.detail)
        assert refreshed(session).status == "draft"
