"""Who sees which rows (DESIGN §4): one visibility selector per model, each checked as a table of who sees what."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from sessions import selectors
from sessions.models import Interview, Notification, Participation, Registration, SessionStatus, Vacancy
from tests import factories

pytestmark = pytest.mark.django_db

VIEWERS = ("anonymous", "seeker_a", "seeker_b", "employer_a", "employer_b", "staff")
NOBODY = {name: frozenset() for name in VIEWERS}


@pytest.fixture
def world():
    """Two employers and two job seekers around one published session and one draft."""
    w = SimpleNamespace()
    w.venue = factories.VenueFactory()
    w.closed_venue = factories.VenueFactory(is_active=False)
    w.fair = factories.JobSessionFactory(venue=w.venue)
    w.draft = factories.JobSessionFactory(status=SessionStatus.DRAFT, venue=factories.VenueFactory())
    w.employer_a, w.employer_b = factories.EmployerFactory(), factories.EmployerFactory(verification="pending")
    w.vacancy_a = factories.VacancyFactory(employer=w.employer_a)
    w.closed_a = factories.VacancyFactory(employer=w.employer_a, status=Vacancy.Status.CLOSED)
    w.vacancy_b = factories.VacancyFactory(employer=w.employer_b)  # not public: B awaits verification
    w.booth_a = factories.ParticipationFactory(session=w.fair, employer=w.employer_a, vacancies=[w.vacancy_a])
    w.booth_b = factories.ParticipationFactory(
        session=w.fair, employer=w.employer_b, vacancies=[w.vacancy_b], status=Participation.Status.APPLIED
    )
    w.seeker_a, w.seeker_b = factories.JobSeekerFactory(), factories.JobSeekerFactory()
    w.chose_a = factories.RegistrationFactory(session=w.fair, job_seeker=w.seeker_a)
    w.chose_a.vacancies.add(w.vacancy_a)
    w.chose_none = factories.RegistrationFactory(session=w.fair, job_seeker=w.seeker_b)
    w.interview = Interview.objects.create(registration=w.chose_a, vacancy=w.vacancy_a)
    w.notice_a = _notice(job_seeker=w.seeker_a)
    w.notice_employer_a = _notice(employer=w.employer_a)
    w.users = {
        "anonymous": AnonymousUser(),
        "seeker_a": w.seeker_a.user,
        "seeker_b": w.seeker_b.user,
        "employer_a": factories.EmployerUserFactory(employer=w.employer_a),
        "employer_b": factories.EmployerUserFactory(employer=w.employer_b),
        "staff": factories.StaffFactory(),
    }
    return w


def _notice(**recipient) -> Notification:
    n = Notification.objects.count()
    return Notification.objects.create(
        channel="email",
        address=f"n{n}@example.vn",
        kind="registration_confirmed",
        dedup_key=f"visibility:{n}",
        subject="s",
        send_after=timezone.now(),
        body_text="t",
        **recipient,
    )


def seen(world, selector, *args) -> dict[str, set]:
    return {name: set(selector(world.users[name], *args)) for name in VIEWERS}


def test_sessions(world):
    public = {world.fair}
    assert seen(world, selectors.sessions_visible_to) == {
        **dict.fromkeys(VIEWERS, public),
        "staff": public | {world.draft},
    }


def test_venues(world):
    active = {world.venue, world.draft.venue}
    assert seen(world, selectors.venues_visible_to) == {
        **dict.fromkeys(VIEWERS, active),
        "staff": active | {world.closed_venue},
    }


def test_vacancies(world):
    public = {world.vacancy_a}
    assert seen(world, selectors.vacancies_visible_to) == {
        **dict.fromkeys(VIEWERS, public),
        "employer_a": {world.vacancy_a, world.closed_a},
        "employer_b": public | {world.vacancy_b},
        "staff": {world.vacancy_a, world.closed_a, world.vacancy_b},
    }


def test_vacancies_changeable(world):
    assert seen(world, selectors.vacancies_changeable_by) == {
        **NOBODY,
        "employer_a": {world.vacancy_a, world.closed_a},
        "employer_b": {world.vacancy_b},
        "staff": {world.vacancy_a, world.closed_a, world.vacancy_b},
    }


def test_participations(world):
    assert seen(world, selectors.participations_visible_to) == {
        **NOBODY,
        "employer_a": {world.booth_a},
        "employer_b": {world.booth_b},
        "staff": {world.booth_a, world.booth_b},
    }


def test_registrations(world):
    assert seen(world, selectors.registrations_visible_to) == {
        **NOBODY,
        "seeker_a": {world.chose_a},
        "seeker_b": {world.chose_none},
        "staff": {world.chose_a, world.chose_none},
    }


def test_candidates(world):
    """Only an approved booth's employer sees candidates, and only those who chose its vacancies."""
    assert seen(world, selectors.candidates_visible_to, world.fair) == {
        **NOBODY,
        "employer_a": {world.chose_a},
        "staff": {world.chose_a, world.chose_none},
    }
    assert {name: selectors.sees_candidates(world.users[name], world.fair) for name in VIEWERS} == {
        **dict.fromkeys(VIEWERS, False),
        "employer_a": True,
        "staff": True,
    }


def test_registrations_interviewable(world):
    """An employer records interviews only for its own candidates (issue 11 item 1)."""
    assert seen(world, selectors.registrations_interviewable_by) == {
        **NOBODY,
        "employer_a": {world.chose_a},
        "staff": set(Registration.objects.all()),
    }


def test_interviews(world):
    assert seen(world, selectors.interviews_visible_to) == {
        **NOBODY,
        "seeker_a": {world.interview},
        "employer_a": {world.interview},
        "staff": {world.interview},
    }


def test_notifications(world):
    assert seen(world, selectors.notifications_visible_to) == {
        **NOBODY,
        "seeker_a": {world.notice_a},
        "employer_a": {world.notice_employer_a},
        "staff": {world.notice_a, world.notice_employer_a},
    }
