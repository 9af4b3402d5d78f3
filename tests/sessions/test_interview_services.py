"""Interviews at a session, what came of them, and the 30/90-day follow-up checks."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from jobfair import errors
from sessions import services
from sessions.models import (
    HiringOutcome,
    Interview,
    Participation,
    Registration,
    SessionFormat,
    SessionKind,
    SessionStatus,
)
from tests import factories
from tests.helpers import on_session_day, refreshed, session_day

# Interviews are recorded from the desk's opening on the session's day (the rule's own tests travel elsewhere).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_day")]

RegStatus = Registration.Status
Result = Interview.Result
Outcome = HiringOutcome.Status


@pytest.fixture
def booth(open_session):
    """An approved booth at the open session, bringing one vacancy."""
    return factories.ParticipationFactory(session=open_session)


@pytest.fixture
def vacancy(booth):
    return booth.vacancies.get()


@pytest.fixture
def registration(open_session, job_seeker):
    registration, _created = services.registration_create(session=open_session, job_seeker=job_seeker, actor=None)
    assert registration.status == RegStatus.CONFIRMED
    return registration


def record(registration, vacancy, actor=None, **kwargs):
    return services.interview_record(registration=registration, vacancy=vacancy, actor=actor, **kwargs)


# --- interview_record -------------------------------------------------------------------------------------------


def test_interview_at_an_in_person_session_marks_a_confirmed_person_attended(registration, vacancy, staff):
    interview, created = record(registration, vacancy, staff, result=Result.PASSED, notes=" Nhanh nhẹn ")

    assert created is True
    assert (interview.registration_id, interview.vacancy_id) == (registration.pk, vacancy.pk)
    assert interview.result == Result.PASSED
    assert interview.notes == "Nhanh nhẹn"
    assert interview.recorded_by == staff
    registration.refresh_from_db()
    assert registration.status == RegStatus.ATTENDED
    assert registration.checked_in_at is not None
    assert registration.checked_in_by == staff
    assert AuditEvent.objects.get(action="interview.record", object_id=str(interview.pk)).actor == staff


def test_interview_of_someone_already_checked_in_keeps_the_check_in(registration, vacancy, staff):
    _registration, _newly = services.registration_check_in(code=registration.check_in_code, actor=staff)
    checked_in_at = refreshed(registration).checked_in_at

    record(registration, vacancy, actor=None)

    registration.refresh_from_db()
    assert registration.status == RegStatus.ATTENDED
    assert registration.checked_in_at == checked_in_at
    assert registration.checked_in_by == staff


def test_interview_at_an_online_session_does_not_mark_attendance(staff, job_seeker):
    session = factories.JobSessionFactory(
        kind=SessionKind.ONLINE,
        format=SessionFormat.ONLINE,
        venue=None,
        online_url="https://phien.vieclamhanoi.vn/truc-tuyen",
    )
    vacancy = factories.ParticipationFactory(session=session).vacancies.get()
    registration, _created = services.registration_create(session=session, job_seeker=job_seeker, actor=None)

    with on_session_day(session):
        _interview, created = record(registration, vacancy, staff)

    assert created is True
    assert refreshed(registration).status == RegStatus.CONFIRMED


def test_recording_again_updates_the_result(registration, vacancy, staff):
    first, _created = record(registration, vacancy, staff)
    employer_user = factories.EmployerUserFactory(employer=vacancy.employer)

    again, created = record(registration, vacancy, employer_user, result=Result.SECOND_ROUND, notes="Hẹn vòng 2")

    assert created is False
    assert again.pk == first.pk
    first.refresh_from_db()
    assert first.result == Result.SECOND_ROUND
    assert first.notes == "Hẹn vòng 2"
    assert first.recorded_by == employer_user
    assert Interview.objects.count() == 1


def test_interview_at_a_completed_session_is_recorded(registration, vacancy, staff, open_session):
    _registration, _newly = services.registration_check_in(code=registration.check_in_code, actor=staff)
    services.session_complete(session=open_session, actor=staff, now=open_session.ends_at)

    interview, created = record(registration, vacancy, staff, result=Result.FAILED)

    assert created is True
    assert interview.result == Result.FAILED


def test_employer_without_a_booth_is_not_eligible(registration, staff, open_session):
    stranger_vacancy = factories.VacancyFactory()

    with pytest.raises(errors.NotEligible) as exc_info:
        record(registration, stranger_vacancy, staff)

    assert exc_info.value.code == "not_eligible"
    assert not Interview.objects.exists()
    assert refreshed(registration).status == RegStatus.CONFIRMED


@pytest.mark.parametrize(
    "booth_status",
    [
        Participation.Status.APPLIED,
        Participation.Status.WAITLISTED,
        Participation.Status.REJECTED,
        Participation.Status.WITHDRAWN,
    ],
)
def test_employer_whose_booth_is_not_approved_is_not_eligible(registration, staff, open_session, booth_status):
    not_approved = factories.ParticipationFactory(session=open_session, status=booth_status, booth_label="")

    with pytest.raises(errors.NotEligible) as exc_info:
        record(registration, not_approved.vacancies.get(), staff)

    assert exc_info.value.code == "not_eligible"
    assert not Interview.objects.exists()


def test_booth_at_another_session_does_not_count(registration, staff):
    elsewhere = factories.ParticipationFactory()  # approved, but at another session

    with pytest.raises(errors.NotEligible) as exc_info:
        record(registration, elsewhere.vacancies.get(), staff)

    assert exc_info.value.code == "not_eligible"


def test_waitlisted_registration_cannot_be_interviewed(staff):
    session = factories.JobSessionFactory(job_seeker_capacity=0)
    vacancy = factories.ParticipationFactory(session=session).vacancies.get()
    waitlisted, _created = services.registration_create(
        session=session, job_seeker=factories.JobSeekerFactory(), actor=None
    )
    assert waitlisted.status == RegStatus.WAITLISTED

    with pytest.raises(errors.InvalidTransition) as exc_info:
        record(waitlisted, vacancy, staff)

    assert exc_info.value.code == "invalid_transition"
    assert not Interview.objects.exists()
    assert refreshed(waitlisted).status == RegStatus.WAITLISTED


def test_cancelled_registration_cannot_be_interviewed(registration, vacancy, staff):
    services.registration_cancel(registration=registration, actor=None)

    with pytest.raises(errors.InvalidTransition) as exc_info:
        record(registration, vacancy, staff)

    assert exc_info.value.code == "invalid_transition"
    assert not Interview.objects.exists()


def test_interview_at_a_draft_session_is_not_open(staff):
    registration = factories.RegistrationFactory(session=factories.JobSessionFactory(status=SessionStatus.DRAFT))
    vacancy = factories.ParticipationFactory(session=registration.session).vacancies.get()

    with pytest.raises(errors.SessionNotOpen) as exc_info:
        record(registration, vacancy, staff)

    assert exc_info.value.code == "session_not_open"


def test_interview_at_a_cancelled_session_is_refused(registration, vacancy, staff, open_session):
    services.session_cancel(session=open_session, actor=staff, reason="Hoãn")

    with pytest.raises(errors.SessionCancelled) as exc_info:
        record(registration, vacancy, staff)

    assert exc_info.value.code == "session_cancelled"


def test_unknown_interview_result_is_a_validation_error(registration, vacancy, staff):
    with pytest.raises(ValidationError) as exc_info:
        record(registration, vacancy, staff, result="hired")

    assert "result" in exc_info.value.message_dict
    assert not Interview.objects.exists()


# --- hiring_outcome_record --------------------------------------------------------------------------------------


@pytest.fixture
def interview(registration, vacancy, staff):
    interview, _created = record(registration, vacancy, staff, result=Result.PASSED)
    return interview


def test_outcome_started_records_the_start_date_and_salary(interview, staff):
    start = session_day(interview.registration.session, 20)
    with time_machine.travel(timezone.make_aware(datetime.combine(start, time(10))), tick=False):  # reported then
        outcome, created = services.hiring_outcome_record(
            interview=interview, actor=staff, status=Outcome.STARTED, start_date=start, monthly_salary=9_500_000
        )

    assert created is True
    outcome.refresh_from_db()
    assert outcome.interview == interview
    assert outcome.status == Outcome.STARTED
    assert outcome.start_date == session_day(interview.registration.session, 20)
    assert outcome.monthly_salary == 9_500_000
    assert outcome.reported_by == staff
    assert outcome.reported_at is not None
    assert AuditEvent.objects.get(action="outcome.record", object_id=str(outcome.pk)).actor == staff


def test_outcome_started_without_start_date_is_refused(interview, staff):
    with pytest.raises(ValidationError) as exc_info:
        services.hiring_outcome_record(interview=interview, actor=staff, status=Outcome.STARTED)

    assert "start_date" in exc_info.value.message_dict
    assert not HiringOutcome.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"status": "hired"}, "status"), ({"status": Outcome.OFFERED, "monthly_salary": -1}, "monthly_salary")],
)
def test_outcome_with_invalid_fields_is_refused(interview, staff, kwargs, field):
    with pytest.raises(ValidationError) as exc_info:
        services.hiring_outcome_record(interview=interview, actor=staff, **kwargs)

    assert field in exc_info.value.message_dict
    assert not HiringOutcome.objects.exists()


def test_outcome_correction_updates_the_same_row(interview, staff):
    offered, created_first = services.hiring_outcome_record(interview=interview, actor=None, status=Outcome.OFFERED)

    start = session_day(interview.registration.session, 30)
    with time_machine.travel(timezone.make_aware(datetime.combine(start, time(10))), tick=False):  # corrected then
        corrected, created_again = services.hiring_outcome_record(
            interview=interview, actor=staff, status=Outcome.STARTED, start_date=start, monthly_salary=8_000_000
        )

    assert (created_first, created_again) == (True, False)
    assert corrected.pk == offered.pk
    assert HiringOutcome.objects.count() == 1
    offered.refresh_from_db()
    assert offered.status == Outcome.STARTED
    assert offered.start_date == session_day(interview.registration.session, 30)
    assert offered.reported_by == staff


def test_outcome_at_a_cancelled_session_is_refused(interview, staff, open_session):
    services.session_cancel(session=open_session, actor=staff, reason="Hoãn")

    with pytest.raises(errors.SessionCancelled) as exc_info:
        services.hiring_outcome_record(interview=interview, actor=staff, status=Outcome.NOT_HIRED)

    assert exc_info.value.code == "session_cancelled"


# --- hiring_outcome_follow_up -----------------------------------------------------------------------------------


@pytest.fixture
def started(interview, staff):
    """A start on the session's day, seen 95 days later: both checks are due."""
    start = session_day(interview.registration.session)
    with time_machine.travel(timezone.make_aware(datetime.combine(start, time(10))), tick=False):  # reported that day
        outcome, _created = services.hiring_outcome_record(
            interview=interview, actor=staff, status=Outcome.STARTED, start_date=start
        )
    with time_machine.travel(timezone.make_aware(datetime.combine(start, time(10))) + timedelta(days=95), tick=False):
        yield outcome


def test_follow_up_at_30_and_90_days(started, staff):
    services.hiring_outcome_follow_up(outcome=started, actor=staff, days=30, still_employed=True)
    services.hiring_outcome_follow_up(outcome=started, actor=staff, days=90, still_employed=False)

    started.refresh_from_db()
    assert started.employed_at_30_days is True
    assert started.checked_30_days_at is not None
    assert started.employed_at_90_days is False
    assert started.checked_90_days_at is not None
    assert started.checked_90_days_at >= started.checked_30_days_at
    actions = set(AuditEvent.objects.filter(object_id=str(started.pk), actor=staff).values_list("action", flat=True))
    assert {"outcome.follow_up_30", "outcome.follow_up_90"} <= actions


def test_follow_up_30_days_leaves_the_90_day_check_open(started, staff):
    services.hiring_outcome_follow_up(outcome=started, actor=staff, days=30, still_employed=False)

    started.refresh_from_db()
    assert started.employed_at_30_days is False
    assert started.employed_at_90_days is None
    assert started.checked_90_days_at is None


@pytest.mark.parametrize("status", [Outcome.OFFERED, Outcome.DECLINED, Outcome.NOT_HIRED])
def test_follow_up_of_someone_who_did_not_start_is_an_invalid_transition(interview, staff, status):
    outcome, _created = services.hiring_outcome_record(interview=interview, actor=staff, status=status)

    with pytest.raises(errors.InvalidTransition) as exc_info:
        services.hiring_outcome_follow_up(outcome=outcome, actor=staff, days=30, still_employed=True)

    assert exc_info.value.code == "invalid_transition"
    assert refreshed(outcome).employed_at_30_days is None


@pytest.mark.parametrize("days", [0, 60, 180])
def test_follow_up_only_at_30_or_90_days(started, staff, days):
    with pytest.raises(ValidationError) as exc_info:
        services.hiring_outcome_follow_up(outcome=started, actor=staff, days=days, still_employed=True)

    assert "days" in exc_info.value.message_dict
