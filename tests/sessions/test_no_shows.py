"""No-shows are followed up, never punished (issue 15 item 3): staff see them per session and per person, and a
person with repeated no-shows in the last 12 months is flagged for a call but may still register."""

from datetime import timedelta

import pytest

from sessions import selectors, services
from sessions.models import Registration, SessionStatus
from tests import factories
from tests.helpers import PINNED_NOW

NO_SHOW = Registration.Status.NO_SHOW


def _past_session(days_ago: int):
    starts_at = PINNED_NOW - timedelta(days=days_ago)
    return factories.JobSessionFactory(
        status=SessionStatus.COMPLETED,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=4),
        registration_opens_at=starts_at - timedelta(days=10),
    )


def _no_show(job_seeker, *, days_ago: int):
    return factories.RegistrationFactory(session=_past_session(days_ago), job_seeker=job_seeker, status=NO_SHOW)


@pytest.mark.django_db
def test_staff_see_the_no_shows_of_a_session_by_name():
    session = _past_session(3)
    lan = factories.JobSeekerFactory(full_name="Nguyễn Thị Lan")
    an = factories.JobSeekerFactory(full_name="Trần Văn An")
    factories.RegistrationFactory(session=session, job_seeker=lan, status=NO_SHOW)
    factories.RegistrationFactory(session=session, job_seeker=an, status=NO_SHOW)
    factories.RegistrationFactory(session=session, status=Registration.Status.ATTENDED)

    assert [r.job_seeker for r in selectors.no_shows_of_session(session)] == [lan, an]


@pytest.mark.django_db
def test_staff_see_the_no_shows_of_a_person_latest_first():
    person = factories.JobSeekerFactory()
    older = _no_show(person, days_ago=200)
    newer = _no_show(person, days_ago=10)
    factories.RegistrationFactory(session=_past_session(5), job_seeker=person, status=Registration.Status.ATTENDED)

    assert list(selectors.no_shows_of_person(person)) == [newer, older]


@pytest.mark.django_db
def test_two_no_shows_in_twelve_months_flag_the_person_for_a_call():
    twice = factories.JobSeekerFactory()
    _no_show(twice, days_ago=20)
    _no_show(twice, days_ago=300)
    once = factories.JobSeekerFactory()
    _no_show(once, days_ago=20)

    flagged = list(selectors.people_with_repeated_no_shows(now=PINNED_NOW))

    assert flagged == [twice]
    assert flagged[0].recent_no_shows == 2


@pytest.mark.django_db
def test_no_shows_older_than_twelve_months_do_not_count():
    person = factories.JobSeekerFactory()
    _no_show(person, days_ago=20)
    _no_show(person, days_ago=400)

    assert not selectors.people_with_repeated_no_shows(now=PINNED_NOW).exists()


@pytest.mark.django_db
def test_an_anonymised_person_is_not_listed():
    person = factories.JobSeekerFactory(anonymised_at=PINNED_NOW)
    _no_show(person, days_ago=20)
    _no_show(person, days_ago=30)

    assert not selectors.people_with_repeated_no_shows(now=PINNED_NOW).exists()


@pytest.mark.django_db
def test_a_flagged_person_is_never_blocked_from_registering():
    person = factories.JobSeekerFactory()
    _no_show(person, days_ago=20)
    _no_show(person, days_ago=40)
    assert selectors.people_with_repeated_no_shows(now=PINNED_NOW).filter(pk=person.pk).exists()

    registration, _ = services.registration_create(session=factories.JobSessionFactory(), job_seeker=person, actor=None)

    assert registration.status == Registration.Status.CONFIRMED
