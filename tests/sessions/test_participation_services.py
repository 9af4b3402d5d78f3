"""Booths (participations): applying, approval with booth labels and the booth waitlist, withdrawal, rejection."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from jobfair import errors
from sessions import services
from sessions.models import JobSession, Participation, SessionStatus, Vacancy
from tests import factories
from tests.helpers import refreshed

pytestmark = pytest.mark.django_db

Status = Participation.Status


def apply(session, employer=None, vacancies=None, actor=None):
    employer = employer or factories.EmployerFactory()
    if vacancies is None:
        vacancies = [factories.VacancyFactory(employer=employer)]
    participation, _created = services.participation_apply(
        session=session, employer=employer, vacancies=vacancies, actor=actor
    )
    return participation


def approve(participation, actor=None):
    return services.participation_approve(participation=participation, actor=actor)


@pytest.fixture
def two_booth_session():
    return factories.JobSessionFactory(employer_capacity=2)


# --- participation_apply ----------------------------------------------------------------------------------------


def test_apply_asks_for_a_booth_with_the_vacancies_brought(open_session, verified_employer):
    user = factories.EmployerUserFactory(employer=verified_employer)
    vacancies = factories.VacancyFactory.create_batch(2, employer=verified_employer)

    participation, created = services.participation_apply(
        session=open_session, employer=verified_employer, vacancies=vacancies, actor=user
    )

    assert created is True
    assert participation.status == Status.APPLIED
    assert participation.booth_label == ""
    assert participation.applied_by == user
    assert set(participation.vacancies.all()) == set(vacancies)
    assert AuditEvent.objects.get(action="participation.apply", object_id=str(participation.pk)).actor == user


@pytest.mark.parametrize("verification", ["pending", "rejected"])
def test_apply_refused_for_an_unverified_employer(open_session, verification):
    employer = factories.EmployerFactory(verification=verification)

    with pytest.raises(errors.EmployerNotVerified) as exc_info:
        apply(open_session, employer)

    assert exc_info.value.code == "employer_not_verified"
    assert not Participation.objects.exists()


def test_apply_refuses_another_employers_vacancy(open_session, verified_employer):
    own = factories.VacancyFactory(employer=verified_employer)
    someone_elses = factories.VacancyFactory()

    with pytest.raises(ValidationError) as exc_info:
        apply(open_session, verified_employer, vacancies=[own, someone_elses])

    assert "vacancies" in exc_info.value.message_dict
    assert not Participation.objects.exists()


def test_apply_refuses_a_closed_vacancy(open_session, verified_employer):
    closed = factories.VacancyFactory(employer=verified_employer, status=Vacancy.Status.CLOSED)

    with pytest.raises(ValidationError) as exc_info:
        apply(open_session, verified_employer, vacancies=[closed])

    assert "vacancies" in exc_info.value.message_dict
    assert not Participation.objects.exists()


def test_apply_without_vacancies_is_refused(open_session, verified_employer):
    with pytest.raises(ValidationError) as exc_info:
        apply(open_session, verified_employer, vacancies=[])

    assert "vacancies" in exc_info.value.message_dict


def test_apply_to_a_draft_session_is_refused(verified_employer):
    session = factories.JobSessionFactory(status=SessionStatus.DRAFT)

    with pytest.raises(errors.SessionNotOpen) as exc_info:
        apply(session, verified_employer)

    assert exc_info.value.code == "session_not_open"
    assert not Participation.objects.exists()


def test_apply_to_a_session_that_has_ended_is_refused(verified_employer):
    now = timezone.now()
    session = factories.JobSessionFactory(starts_at=now - timedelta(hours=4), ends_at=now - timedelta(minutes=1))

    with pytest.raises(errors.SessionNotOpen) as exc_info:
        apply(session, verified_employer)

    assert exc_info.value.code == "session_not_open"


@pytest.mark.parametrize(
    ("status", "error"),
    [(SessionStatus.CANCELLED, errors.SessionCancelled), (SessionStatus.COMPLETED, errors.SessionCompleted)],
)
def test_apply_to_a_closed_session_is_refused(verified_employer, status, error):
    session = factories.JobSessionFactory(status=status)

    with pytest.raises(error) as exc_info:
        apply(session, verified_employer)

    assert exc_info.value.code == error.code


def test_apply_again_returns_the_active_request(open_session, verified_employer):
    first = apply(open_session, verified_employer)
    other_vacancy = factories.VacancyFactory(employer=verified_employer)

    again, created = services.participation_apply(
        session=open_session, employer=verified_employer, vacancies=[other_vacancy], actor=None
    )

    assert created is False
    assert again.pk == first.pk
    assert again.status == Status.APPLIED
    assert other_vacancy not in again.vacancies.all()
    assert Participation.objects.filter(session=open_session).count() == 1


def test_apply_again_after_withdrawing_reopens_the_request(open_session, verified_employer, staff):
    first = apply(open_session, verified_employer)
    approve(first, actor=staff)
    services.participation_withdraw(participation=first, actor=None)
    new_vacancy = factories.VacancyFactory(employer=verified_employer)

    again, created = services.participation_apply(
        session=open_session, employer=verified_employer, vacancies=[new_vacancy], actor=None
    )

    assert created is False
    assert again.pk == first.pk
    again.refresh_from_db()
    assert again.status == Status.APPLIED
    assert again.booth_label == ""
    assert again.decided_at is None
    assert again.decided_by is None
    assert list(again.vacancies.all()) == [new_vacancy]


def test_apply_again_after_rejection_reopens_the_request(open_session, verified_employer, staff):
    first = apply(open_session, verified_employer)
    services.participation_reject(participation=first, actor=staff, note="Thiếu hồ sơ")

    again, created = services.participation_apply(
        session=open_session,
        employer=verified_employer,
        vacancies=[factories.VacancyFactory(employer=verified_employer)],
        actor=None,
    )

    assert created is False
    assert again.pk == first.pk
    assert refreshed(again).status == Status.APPLIED


# --- participation_approve --------------------------------------------------------------------------------------


def test_approve_gives_booths_numbered_in_order(open_session, staff):
    first, second, third = (apply(open_session) for _ in range(3))

    for participation in (first, second, third):
        approve(participation, actor=staff)

    first, second, third = (refreshed(p) for p in (first, second, third))
    assert [p.status for p in (first, second, third)] == [Status.APPROVED] * 3
    assert [p.booth_label for p in (first, second, third)] == ["01", "02", "03"]
    assert first.decided_by == staff
    assert first.decided_at is not None


def test_approve_with_an_explicit_booth_label(open_session, staff):
    participation = apply(open_session)

    approve_with_label = services.participation_approve(participation=participation, actor=staff, booth_label="A-7")

    assert approve_with_label.booth_label == "A-7"
    assert refreshed(participation).booth_label == "A-7"


def test_approve_when_booths_are_full_waitlists(two_booth_session, staff):
    first, second, third, fourth = (apply(two_booth_session) for _ in range(4))

    for participation in (first, second, third, fourth):
        approve(participation, actor=staff)

    assert [refreshed(p).status for p in (first, second, third, fourth)] == [
        Status.APPROVED,
        Status.APPROVED,
        Status.WAITLISTED,
        Status.WAITLISTED,
    ]
    third.refresh_from_db()
    assert third.booth_label == ""
    assert third.waitlisted_at is not None
    assert Participation.objects.filter(session=two_booth_session, status=Status.APPROVED).count() == 2


def test_approving_a_waitlisted_request_while_booths_are_full_is_refused(two_booth_session, staff):
    for _ in range(2):
        approve(apply(two_booth_session), actor=staff)
    waiting = approve(apply(two_booth_session), actor=staff)
    assert waiting.status == Status.WAITLISTED

    with pytest.raises(errors.BoothsFull) as exc_info:
        approve(waiting, actor=staff)

    assert exc_info.value.code == "booths_full"
    assert refreshed(waiting).status == Status.WAITLISTED


def test_approving_a_waitlisted_request_once_a_booth_is_free(two_booth_session, staff):
    for _ in range(2):
        approve(apply(two_booth_session), actor=staff)
    waiting = approve(apply(two_booth_session), actor=staff)
    # More booths set up behind the service's back (e.g. by the admin): the next approval uses them.
    JobSession.objects.filter(pk=two_booth_session.pk).update(employer_capacity=3)

    approved = approve(waiting, actor=staff)

    assert approved.status == Status.APPROVED
    assert approved.booth_label == "03"


def test_approving_an_approved_request_is_an_invalid_transition(open_session, staff):
    participation = approve(apply(open_session), actor=staff)

    with pytest.raises(errors.InvalidTransition) as exc_info:
        approve(participation, actor=staff)

    assert exc_info.value.code == "invalid_transition"
    assert refreshed(participation).booth_label == "01"


@pytest.mark.parametrize("end", ["reject", "withdraw"])
def test_approving_an_ended_request_is_an_invalid_transition(open_session, staff, end):
    participation = apply(open_session)
    if end == "reject":
        services.participation_reject(participation=participation, actor=staff)
    else:
        services.participation_withdraw(participation=participation, actor=None)

    with pytest.raises(errors.InvalidTransition) as exc_info:
        approve(participation, actor=staff)

    assert exc_info.value.code == "invalid_transition"


def test_approve_writes_an_audit_event_with_the_actor(open_session, staff):
    participation = approve(apply(open_session), actor=staff)

    event = AuditEvent.objects.get(action="participation.approve", object_id=str(participation.pk))
    assert event.actor == staff
    assert event.object_type == "jobsessions.participation"
    assert event.data["status"] == Status.APPROVED


# --- participation_withdraw and participation_reject -----------------------------------------------------------


def test_withdrawing_an_approved_booth_promotes_the_first_waitlisted_with_the_freed_label(two_booth_session, staff):
    first, second, third, fourth = (apply(two_booth_session) for _ in range(4))
    for participation in (first, second, third, fourth):
        approve(participation, actor=staff)

    services.participation_withdraw(participation=first, actor=None)

    first, second, third, fourth = (refreshed(p) for p in (first, second, third, fourth))
    assert (first.status, first.booth_label) == (Status.WITHDRAWN, "")
    assert (second.status, second.booth_label) == (Status.APPROVED, "02")
    assert (third.status, third.booth_label) == (Status.APPROVED, "01")
    assert (fourth.status, fourth.booth_label) == (Status.WAITLISTED, "")
    assert Participation.objects.filter(session=two_booth_session, status=Status.APPROVED).count() == 2
    assert AuditEvent.objects.filter(action="participation.promote", object_id=str(third.pk)).exists()


def test_withdrawing_a_waitlisted_request_promotes_nobody(two_booth_session, staff):
    booths = [apply(two_booth_session) for _ in range(4)]
    for participation in booths:
        approve(participation, actor=staff)

    services.participation_withdraw(participation=booths[2], actor=None)

    assert [refreshed(p).status for p in booths] == [
        Status.APPROVED,
        Status.APPROVED,
        Status.WITHDRAWN,
        Status.WAITLISTED,
    ]


def test_withdrawing_twice_is_an_invalid_transition(open_session):
    participation = apply(open_session)
    services.participation_withdraw(participation=participation, actor=None)

    with pytest.raises(errors.InvalidTransition) as exc_info:
        services.participation_withdraw(participation=participation, actor=None)

    assert exc_info.value.code == "invalid_transition"


def test_reject_a_request_with_a_note(open_session, staff):
    participation = apply(open_session)

    services.participation_reject(participation=participation, actor=staff, note="  Ngành nghề không phù hợp  ")

    participation.refresh_from_db()
    assert participation.status == Status.REJECTED
    assert participation.decision_note == "Ngành nghề không phù hợp"
    assert participation.decided_by == staff
    event = AuditEvent.objects.get(action="participation.rejected", object_id=str(participation.pk))
    assert event.actor == staff


def test_rejecting_an_approved_booth_promotes_the_first_waitlisted(two_booth_session, staff):
    booths = [apply(two_booth_session) for _ in range(3)]
    for participation in booths:
        approve(participation, actor=staff)

    services.participation_reject(participation=booths[1], actor=staff)

    booths = [refreshed(p) for p in booths]
    assert [(p.status, p.booth_label) for p in booths] == [
        (Status.APPROVED, "01"),
        (Status.REJECTED, ""),
        (Status.APPROVED, "02"),
    ]


def test_rejecting_twice_is_an_invalid_transition(open_session, staff):
    participation = apply(open_session)
    services.participation_reject(participation=participation, actor=staff)

    with pytest.raises(errors.InvalidTransition) as exc_info:
        services.participation_reject(participation=participation, actor=staff)

    assert exc_info.value.code == "invalid_transition"
