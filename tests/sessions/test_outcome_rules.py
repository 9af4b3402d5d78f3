"""The rules at the edges of a hiring outcome (issue 12 item 1): a start lies between the session's day and a year
after it, "started work" is not recorded before the start (an offer carries a start still to come), a salary is
positive, one under the regional minimum wage is kept and flagged to staff, and the 30- and
90-day checks are recorded only once they are due."""

from datetime import datetime, time, timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from jobfair import errors
from sessions import services
from sessions.models import HiringOutcome, Registration
from tests import factories
from tests.helpers import on_session_day, session_day

pytestmark = pytest.mark.django_db

Started = HiringOutcome.Status.STARTED


@pytest.fixture
def interview(staff):
    session = factories.JobSessionFactory()
    booth = factories.ParticipationFactory(session=session)
    registration = factories.RegistrationFactory(session=session, status=Registration.Status.ATTENDED)
    with on_session_day(session):
        interview, _created = services.interview_record(
            registration=registration, vacancy=booth.vacancies.get(), actor=staff, result="passed"
        )
    return interview


def at(day, days: int):
    return timezone.make_aware(datetime.combine(day, time(10))) + timedelta(days=days)


def record(interview, staff, **fields):
    return services.hiring_outcome_record(interview=interview, actor=staff, **fields)[0]


@pytest.mark.parametrize("days", [-1, 366])
def test_a_start_before_the_session_or_over_a_year_after_is_refused(interview, staff, days):
    """Today `start_date: 2025-01-01` was accepted for a session of 2026."""
    start = session_day(interview.registration.session, days)

    with pytest.raises(ValidationError) as refused:
        record(interview, staff, status=Started, start_date=start)

    assert "start_date" in refused.value.message_dict
    assert not HiringOutcome.objects.exists()


@pytest.mark.parametrize("days", [0, 365])
def test_a_start_on_the_session_day_or_a_year_after_is_accepted(interview, staff, days):
    start = session_day(interview.registration.session, days)

    with time_machine.travel(at(start, 0), tick=False):  # reported once the person has started
        outcome = record(interview, staff, status=Started, start_date=start)

    assert outcome.start_date == start


def test_a_start_still_to_come_is_an_offer_not_started_work(interview, staff):
    start = session_day(interview.registration.session, 7)

    with on_session_day(interview.registration.session):
        with pytest.raises(ValidationError) as refused:
            record(interview, staff, status=Started, start_date=start)
        offered = record(interview, staff, status=HiringOutcome.Status.OFFERED, start_date=start)
    with time_machine.travel(at(start, 0), tick=False):
        started = record(interview, staff, status=Started, start_date=start)

    [message] = refused.value.message_dict["start_date"]
    assert message.startswith(f"Ngày {start:%d/%m/%Y} chưa đến") and "“Được mời nhận việc”" in message
    assert offered.start_date == start
    assert (started.pk, started.status) == (offered.pk, Started)


@pytest.mark.parametrize("salary", [0, -1])
def test_a_salary_must_be_positive(interview, staff, salary):
    with pytest.raises(ValidationError) as refused:
        record(interview, staff, status=HiringOutcome.Status.OFFERED, monthly_salary=salary)

    assert "monthly_salary" in refused.value.message_dict


def test_a_salary_below_the_minimum_wage_is_kept_and_staff_see_it_flagged(interview, staff, client, settings):
    settings.MINIMUM_MONTHLY_WAGE = 5_310_000
    session = interview.registration.session
    with on_session_day(session):
        low = record(interview, staff, status=Started, start_date=session_day(session), monthly_salary=4_000_000)
    client.force_login(staff)

    page = client.get(reverse("staff:interviews", args=[session.pk])).content.decode()

    assert low.monthly_salary == 4_000_000 and low.below_minimum_wage
    assert "below-minimum-wage" in page
    low.monthly_salary = 5_310_000
    assert not low.below_minimum_wage


@pytest.mark.parametrize(("check", "due"), [(30, 30), (90, 90)])
def test_a_check_is_recorded_only_once_it_is_due(interview, staff, check, due):
    start = session_day(interview.registration.session)
    with on_session_day(interview.registration.session):
        outcome = record(interview, staff, status=Started, start_date=start)

    with time_machine.travel(at(start, due - 1), tick=False), pytest.raises(errors.InvalidTransition) as early:
        services.hiring_outcome_follow_up(outcome=outcome, actor=staff, days=check, still_employed=True)
    with time_machine.travel(at(start, due), tick=False):
        services.hiring_outcome_follow_up(outcome=outcome, actor=staff, days=check, still_employed=True)

    assert f"{start + timedelta(days=due):%d/%m/%Y}" in early.value.detail
    outcome.refresh_from_db()
    assert getattr(outcome, f"employed_at_{check}_days") is True
