"""Registrations: seats and waitlist, eligibility, cancelling, check-in and walk-ins."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from accounts.models import AuditEvent, CitizenIdClaim, CohortMembership, JobSeeker
from accounts.validators import build_citizen_id
from jobfair import errors
from sessions import services
from sessions.models import Participation, Registration, SessionStatus
from sessions.selectors import waitlist_position
from tests import factories
from tests.helpers import on_session_day, refreshed, register

pytestmark = pytest.mark.django_db

RegStatus = Registration.Status
Source = Registration.Source


def walk_in_person(serial=1, **overrides):
    fields = {
        "full_name": "Lê Thị Mai",
        "citizen_id": build_citizen_id(province_code="001", sex="female", birth_year=1990, serial=serial),
        "date_of_birth": date(1990, 3, 8),
        "sex": "female",
        "phone": f"09120{serial:05d}",
        "ward": factories.ward(),
    }
    fields.update(overrides)
    return fields


# --- registration_create: seats and waitlist --------------------------------------------------------------------


def test_confirmed_while_seats_remain(open_session, job_seeker):
    registration, created = services.registration_create(session=open_session, job_seeker=job_seeker, actor=None)

    assert created is True
    assert registration.status == RegStatus.CONFIRMED
    assert registration.confirmed_at is not None
    assert registration.source == Source.ONLINE
    assert registration.check_in_code
    assert waitlist_position(registration) is None


def test_waitlisted_in_order_once_the_session_is_full():
    session = factories.JobSessionFactory(job_seeker_capacity=2)

    registrations = [register(session) for _ in range(5)]

    assert [r.status for r in registrations] == [RegStatus.CONFIRMED] * 2 + [RegStatus.WAITLISTED] * 3
    assert [waitlist_position(r) for r in registrations] == [None, None, 1, 2, 3]
    assert all(r.confirmed_at is None for r in registrations[2:])
    assert Registration.objects.filter(session=session, status=RegStatus.CONFIRMED).count() == 2


def test_zero_seats_waitlists_everyone():
    session = factories.JobSessionFactory(job_seeker_capacity=0)

    assert register(session).status == RegStatus.WAITLISTED


def test_unlimited_capacity_always_confirms():
    session = factories.JobSessionFactory(job_seeker_capacity=None)

    registrations = [register(session) for _ in range(6)]

    assert {r.status for r in registrations} == {RegStatus.CONFIRMED}


def test_registering_again_returns_the_same_registration(open_session, job_seeker):
    first, created_first = services.registration_create(session=open_session, job_seeker=job_seeker, actor=None)

    second, created_second = services.registration_create(session=open_session, job_seeker=job_seeker, actor=None)

    assert (created_first, created_second) == (True, False)
    assert second.pk == first.pk
    assert second.check_in_code == first.check_in_code
    assert Registration.objects.filter(session=open_session, job_seeker=job_seeker).count() == 1


def test_registering_again_while_waitlisted_keeps_the_place_in_line():
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    register(session)
    waiting = register(session)

    again, created = services.registration_create(session=session, job_seeker=waiting.job_seeker, actor=None)

    assert created is False
    assert again.pk == waiting.pk
    assert waitlist_position(again) == 1


def test_registering_again_after_cancelling_creates_a_new_registration(open_session, job_seeker):
    first = register(open_session, job_seeker)
    services.registration_cancel(registration=first, actor=None)

    second, created = services.registration_create(session=open_session, job_seeker=job_seeker, actor=None)

    assert created is True
    assert second.pk != first.pk
    assert second.status == RegStatus.CONFIRMED
    assert second.check_in_code != first.check_in_code
    assert refreshed(first).status == RegStatus.CANCELLED


def test_registration_by_staff_records_who_registered(open_session, job_seeker, staff):
    registration = register(open_session, job_seeker, actor=staff, source=Source.STAFF)

    assert registration.source == Source.STAFF
    assert registration.registered_by == staff


# --- registration_create: refusals ------------------------------------------------------------------------------


def test_draft_session_is_not_open(job_seeker):
    session = factories.JobSessionFactory(status=SessionStatus.DRAFT)

    with pytest.raises(errors.SessionNotOpen) as exc_info:
        register(session, job_seeker)

    assert exc_info.value.code == "session_not_open"
    assert not Registration.objects.exists()


def test_before_the_registration_window_is_closed_and_says_when_it_opens(open_session, job_seeker):
    with pytest.raises(errors.RegistrationClosed) as exc_info:
        register(open_session, job_seeker, now=open_session.registration_opens_at - timedelta(minutes=1))

    assert exc_info.value.code == "registration_closed"
    opens = timezone.localtime(open_session.registration_opens_at)
    with translation.override("en"):
        assert exc_info.value.detail == f"Registration for this session opens at {opens:%H:%M %d/%m/%Y}."
    assert not Registration.objects.exists()


@pytest.mark.parametrize("after", [timedelta(0), timedelta(minutes=1), timedelta(days=3)])
def test_after_the_registration_window_is_closed(open_session, job_seeker, after):
    with pytest.raises(errors.RegistrationClosed) as exc_info:
        register(open_session, job_seeker, now=open_session.registration_closes_at + after)

    assert exc_info.value.code == "registration_closed"
    closed = timezone.localtime(open_session.registration_closes_at)
    with translation.override("en"):
        assert exc_info.value.detail == f"Registration for this session closed at {closed:%H:%M %d/%m/%Y}."
    assert not Registration.objects.exists()


def test_registration_opens_at_its_opening_moment(open_session, job_seeker):
    registration = register(open_session, job_seeker, now=open_session.registration_opens_at)

    assert registration.status == RegStatus.CONFIRMED
    assert registration.confirmed_at == open_session.registration_opens_at


def test_cancelled_session_refuses_registration(job_seeker):
    session = factories.JobSessionFactory(status=SessionStatus.CANCELLED)

    with pytest.raises(errors.SessionCancelled) as exc_info:
        register(session, job_seeker)

    assert exc_info.value.code == "session_cancelled"
    assert not Registration.objects.exists()


def test_completed_session_refuses_registration(job_seeker):
    session = factories.JobSessionFactory(status=SessionStatus.COMPLETED)

    with pytest.raises(errors.SessionCompleted) as exc_info:
        register(session, job_seeker)

    assert exc_info.value.code == "session_completed"
    assert not Registration.objects.exists()


def test_registering_again_at_a_cancelled_session_is_refused(staff, open_session, job_seeker):
    registration = register(open_session, job_seeker)
    services.session_cancel(session=open_session, actor=staff, reason="Hoãn")

    with pytest.raises(errors.SessionCancelled) as exc_info:
        register(open_session, job_seeker)

    assert exc_info.value.code == "session_cancelled"
    assert refreshed(registration).status == RegStatus.CONFIRMED


@pytest.fixture
def cohort_session():
    session = factories.JobSessionFactory(cohort_only=True)
    session.target_cohorts.set([factories.cohort("disabled"), factories.cohort("demobilised", sensitive=False)])
    return session


def test_cohort_only_session_refuses_a_non_member(cohort_session, job_seeker):
    with pytest.raises(errors.NotEligible) as exc_info:
        register(cohort_session, job_seeker)

    assert exc_info.value.code == "not_eligible"
    assert not Registration.objects.exists()


def test_cohort_only_session_refuses_a_member_of_another_cohort(cohort_session, job_seeker):
    CohortMembership.objects.create(job_seeker=job_seeker, cohort=factories.cohort("youth", sensitive=False))

    with pytest.raises(errors.NotEligible) as exc_info:
        register(cohort_session, job_seeker)

    assert exc_info.value.code == "not_eligible"


def test_cohort_only_session_accepts_a_member_of_a_target_cohort(cohort_session, job_seeker):
    CohortMembership.objects.create(job_seeker=job_seeker, cohort=factories.cohort("demobilised", sensitive=False))

    registration = register(cohort_session, job_seeker)

    assert registration.status == RegStatus.CONFIRMED


def test_session_open_to_all_accepts_anyone_even_with_target_cohorts(job_seeker):
    session = factories.JobSessionFactory(cohort_only=False)
    session.target_cohorts.set([factories.cohort("disabled")])

    assert register(session, job_seeker).status == RegStatus.CONFIRMED


# --- registration_create: vacancies of interest -----------------------------------------------------------------


def test_vacancies_of_interest_brought_by_an_approved_booth_are_kept(open_session, job_seeker):
    booth = factories.ParticipationFactory(session=open_session)
    vacancy = booth.vacancies.get()

    registration = register(open_session, job_seeker, vacancies=[vacancy])

    assert list(registration.vacancies.all()) == [vacancy]


@pytest.mark.parametrize(
    "booth_status",
    [Participation.Status.APPLIED, Participation.Status.WAITLISTED, Participation.Status.WITHDRAWN],
)
def test_vacancy_of_a_booth_not_approved_is_refused(open_session, job_seeker, booth_status):
    booth = factories.ParticipationFactory(session=open_session, status=booth_status, booth_label="")

    with pytest.raises(ValidationError) as exc_info:
        register(open_session, job_seeker, vacancies=[booth.vacancies.get()])

    assert "vacancies" in exc_info.value.message_dict
    assert not Registration.objects.exists()


def test_vacancy_not_brought_to_the_session_is_refused(open_session, job_seeker):
    booth = factories.ParticipationFactory(session=open_session)
    left_at_the_office = factories.VacancyFactory(employer=booth.employer)
    elsewhere = factories.ParticipationFactory().vacancies.get()

    for vacancy in (left_at_the_office, elsewhere):
        with pytest.raises(ValidationError) as exc_info:
            register(open_session, job_seeker, vacancies=[booth.vacancies.get(), vacancy])
        assert "vacancies" in exc_info.value.message_dict

    assert not Registration.objects.exists()


# --- registration_create: walk-in source ------------------------------------------------------------------------


def test_walk_in_source_bypasses_the_registration_window(job_seeker):
    now = timezone.now()
    session = factories.JobSessionFactory(
        registration_opens_at=now + timedelta(days=1), registration_closes_at=now + timedelta(days=2)
    )
    with pytest.raises(errors.RegistrationClosed):
        register(session, job_seeker)

    registration = register(session, job_seeker, source=Source.WALK_IN, now=session.starts_at)

    assert registration.status == RegStatus.CONFIRMED
    assert registration.source == Source.WALK_IN


def test_walk_in_source_after_the_session_ended_is_refused(open_session, job_seeker):
    with pytest.raises(errors.NotSessionDay) as exc_info:
        register(open_session, job_seeker, source=Source.WALK_IN, now=open_session.ends_at)

    assert exc_info.value.code == "not_session_day"


def test_registration_create_writes_an_audit_event_with_the_actor(open_session, job_seeker, staff):
    registration = register(open_session, job_seeker, actor=staff, source=Source.STAFF)

    event = AuditEvent.objects.get(action="registration.create", object_id=str(registration.pk))
    assert event.actor == staff
    assert event.object_type == "jobsessions.registration"
    assert event.data["status"] == RegStatus.CONFIRMED


def test_idempotent_registration_writes_no_second_audit_event(open_session, job_seeker):
    register(open_session, job_seeker)
    register(open_session, job_seeker)

    assert AuditEvent.objects.filter(action="registration.create").count() == 1


# --- registration_cancel ----------------------------------------------------------------------------------------


def test_cancel_promotes_first_waitlisted():
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    seated, first_waiting, second_waiting = (register(session) for _ in range(3))

    cancelled = services.registration_cancel(registration=seated, actor=None)

    assert cancelled.status == RegStatus.CANCELLED
    assert refreshed(seated).cancelled_at is not None
    first_waiting.refresh_from_db()
    assert first_waiting.status == RegStatus.CONFIRMED
    assert first_waiting.promoted_at is not None
    assert first_waiting.confirmed_at == first_waiting.promoted_at
    assert refreshed(second_waiting).status == RegStatus.WAITLISTED
    assert waitlist_position(second_waiting) == 1
    assert Registration.objects.filter(session=session, status=RegStatus.CONFIRMED).count() == 1


def test_cancelling_a_waitlisted_registration_promotes_nobody():
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    seated, first_waiting, second_waiting = (register(session) for _ in range(3))

    services.registration_cancel(registration=first_waiting, actor=None)

    assert refreshed(first_waiting).status == RegStatus.CANCELLED
    assert refreshed(seated).status == RegStatus.CONFIRMED
    second_waiting.refresh_from_db()
    assert second_waiting.status == RegStatus.WAITLISTED
    assert second_waiting.promoted_at is None
    assert waitlist_position(second_waiting) == 1


def test_cancel_with_an_empty_waitlist_just_frees_the_seat():
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    seated = register(session)

    services.registration_cancel(registration=seated, actor=None)

    assert register(session).status == RegStatus.CONFIRMED


def test_cancelling_twice_is_an_invalid_transition(open_session, job_seeker):
    registration = register(open_session, job_seeker)
    services.registration_cancel(registration=registration, actor=None)

    with pytest.raises(errors.InvalidTransition) as exc_info:
        services.registration_cancel(registration=registration, actor=None)

    assert exc_info.value.code == "invalid_transition"


@pytest.mark.usefixtures("on_the_day")
def test_cancelling_an_attended_registration_is_an_invalid_transition(open_session, job_seeker, staff):
    registration = register(open_session, job_seeker)
    services.registration_check_in(code=registration.check_in_code, actor=staff)

    with pytest.raises(errors.InvalidTransition) as exc_info:
        services.registration_cancel(registration=registration, actor=None)

    assert exc_info.value.code == "invalid_transition"
    assert refreshed(registration).status == RegStatus.ATTENDED


def test_registration_cancel_writes_an_audit_event_with_the_actor(open_session, job_seeker):
    registration = register(open_session, job_seeker)

    services.registration_cancel(registration=registration, actor=job_seeker.user)

    event = AuditEvent.objects.get(action="registration.cancel", object_id=str(registration.pk))
    assert event.actor == job_seeker.user


# --- registration_check_in --------------------------------------------------------------------------------------


@pytest.mark.usefixtures("on_the_day")
def test_check_in_marks_a_confirmed_registration_attended(open_session, job_seeker, staff):
    registration = register(open_session, job_seeker)

    checked_in, newly = services.registration_check_in(code=f"  {registration.check_in_code} ", actor=staff)

    assert newly is True
    assert checked_in.pk == registration.pk
    registration.refresh_from_db()
    assert registration.status == RegStatus.ATTENDED
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == staff
    assert AuditEvent.objects.get(action="registration.check_in", object_id=str(registration.pk)).actor == staff


@pytest.mark.usefixtures("on_the_day")
def test_checking_in_again_returns_the_same_registration(open_session, job_seeker, staff):
    registration = register(open_session, job_seeker)
    _first, _newly = services.registration_check_in(code=registration.check_in_code, actor=staff)
    checked_in_at = refreshed(registration).checked_in_at

    again, newly = services.registration_check_in(code=registration.check_in_code, actor=staff)

    assert newly is False
    assert again.pk == registration.pk
    assert refreshed(registration).checked_in_at == checked_in_at
    assert AuditEvent.objects.filter(action="registration.check_in").count() == 1


@pytest.mark.parametrize("code", ["khong-co-ma-nay", "", None])
def test_unknown_check_in_code_is_refused(open_session, staff, code):
    register(open_session)

    with pytest.raises(errors.InvalidCheckInCode) as exc_info:
        services.registration_check_in(code=code, actor=staff)

    assert exc_info.value.code == "invalid_check_in_code"


def test_checking_in_a_waitlisted_person_is_an_invalid_transition(staff):
    session = factories.JobSessionFactory(job_seeker_capacity=0)
    registration = register(session)

    with on_session_day(session), pytest.raises(errors.InvalidTransition) as exc_info:
        services.registration_check_in(code=registration.check_in_code, actor=staff)

    assert exc_info.value.code == "invalid_transition"
    assert refreshed(registration).status == RegStatus.WAITLISTED


@pytest.mark.usefixtures("on_the_day")
def test_checking_in_a_cancelled_registration_is_an_invalid_transition(open_session, staff):
    registration = register(open_session)
    services.registration_cancel(registration=registration, actor=None)

    with pytest.raises(errors.InvalidTransition) as exc_info:
        services.registration_check_in(code=registration.check_in_code, actor=staff)

    assert exc_info.value.code == "invalid_transition"


def test_code_of_another_session_is_refused_at_this_session(open_session, staff):
    elsewhere = register(factories.JobSessionFactory())

    with pytest.raises(errors.InvalidCheckInCode) as exc_info:
        services.registration_check_in(code=elsewhere.check_in_code, actor=staff, session=open_session)

    assert exc_info.value.code == "invalid_check_in_code"
    assert refreshed(elsewhere).status == RegStatus.CONFIRMED


@pytest.mark.usefixtures("on_the_day")
def test_code_checked_against_its_own_session(open_session, staff):
    registration = register(open_session)

    _registration, newly = services.registration_check_in(
        code=registration.check_in_code, actor=staff, session=open_session
    )

    assert newly is True


# --- registration_walk_in ---------------------------------------------------------------------------------------


@pytest.mark.usefixtures("on_the_day")
def test_walk_in_creates_a_job_seeker_without_account_and_checks_them_in(open_session, staff):
    people_before = JobSeeker.objects.count()

    registration = services.registration_walk_in(session=open_session, actor=staff, **walk_in_person())

    assert JobSeeker.objects.count() == people_before + 1
    person = registration.job_seeker
    assert person.user is None
    assert person.full_name == "Lê Thị Mai"
    assert person.citizen_id == walk_in_person()["citizen_id"]
    registration.refresh_from_db()
    assert registration.session == open_session
    assert registration.status == RegStatus.ATTENDED
    assert registration.source == Source.WALK_IN
    assert registration.checked_in_by == staff
    assert registration.registered_by == staff


@pytest.mark.usefixtures("on_the_day")
def test_walk_in_shows_a_record_found_by_citizen_id_to_staff_before_using_it(open_session, staff, job_seeker):
    """Issue 11 item 6: a match that is not by a verified phone is staff's to confirm."""
    people_before = JobSeeker.objects.count()
    person = {"full_name": job_seeker.full_name, "citizen_id": job_seeker.citizen_id}

    with pytest.raises(errors.WalkInNeedsConfirmation) as needs:
        services.registration_walk_in(session=open_session, actor=staff, **person)
    registration = services.registration_walk_in(session=open_session, actor=staff, job_seeker=needs.value.match)

    assert needs.value.match == job_seeker
    assert JobSeeker.objects.count() == people_before
    assert registration.job_seeker == job_seeker
    assert registration.status == RegStatus.ATTENDED


@pytest.mark.usefixtures("on_the_day")
def test_walk_in_attaches_on_its_own_to_a_verified_phone(open_session, staff):
    owner = factories.JobSeekerFactory(
        phone="+84912777888", user=factories.UserFactory(phone="+84912777888", verified_phone="+84912777888")
    )

    registration = services.registration_walk_in(
        session=open_session, actor=staff, full_name="Ai đó", phone="0912 777 888", sex="male"
    )

    assert registration.job_seeker == owner


@pytest.mark.usefixtures("on_the_day")
def test_walk_in_of_an_unverified_phone_asks_staff_and_another_person_gets_a_record_of_their_own(open_session, staff):
    claimed = factories.JobSeekerFactory(phone="+84912777999", user=factories.UserFactory(phone="+84912777999"))
    person = {"full_name": "Người thật", "phone": "0912777999", "citizen_id": claimed.citizen_id, "sex": "male"}

    with pytest.raises(errors.WalkInNeedsConfirmation):
        services.registration_walk_in(session=open_session, actor=staff, **person)
    registration = services.registration_walk_in(session=open_session, actor=staff, as_new_person=True, **person)

    newcomer = registration.job_seeker
    assert newcomer != claimed and newcomer.phone == "+84912777999"
    assert newcomer.citizen_id is None  # the record on file holds it: the card goes to the staff queue
    claim = CitizenIdClaim.objects.get()
    assert (claim.claimant, claim.holder, claim.citizen_id) == (newcomer, claimed, claimed.citizen_id)


@pytest.mark.usefixtures("on_the_day")
def test_walk_in_of_someone_already_registered_checks_in_that_registration(open_session, staff, job_seeker):
    registration = register(open_session, job_seeker)

    walked_in = services.registration_walk_in(session=open_session, actor=staff, job_seeker=job_seeker)

    assert walked_in.pk == registration.pk
    assert walked_in.status == RegStatus.ATTENDED
    assert walked_in.source == Source.ONLINE


@pytest.mark.usefixtures("on_the_day")
def test_walk_in_with_vacancies_of_interest(open_session, staff):
    vacancy = factories.ParticipationFactory(session=open_session).vacancies.get()

    registration = services.registration_walk_in(
        session=open_session, actor=staff, vacancies=[vacancy], **walk_in_person()
    )

    assert list(registration.vacancies.all()) == [vacancy]


def test_walk_in_at_a_full_session_is_refused_and_leaves_nothing_behind(staff):
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    register(session)
    counts_before = (JobSeeker.objects.count(), Registration.objects.count(), AuditEvent.objects.count())

    with on_session_day(session), pytest.raises(errors.SessionFull) as exc_info:
        services.registration_walk_in(session=session, actor=staff, **walk_in_person())

    assert exc_info.value.code == "session_full"
    assert (JobSeeker.objects.count(), Registration.objects.count(), AuditEvent.objects.count()) == counts_before
    assert not JobSeeker.objects.filter(citizen_id=walk_in_person()["citizen_id"]).exists()


def test_walk_in_with_invalid_identity_is_a_validation_error(open_session, staff):
    with pytest.raises(ValidationError) as exc_info:
        services.registration_walk_in(
            session=open_session, actor=staff, **walk_in_person(full_name="", citizen_id="123")
        )

    assert {"full_name", "citizen_id"} <= set(exc_info.value.message_dict)
    assert not Registration.objects.exists()
