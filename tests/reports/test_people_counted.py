"""Reports count people (issue 12 item 9): someone who started work after interviews for three vacancies at one
session is one person who started work, in the session's sheet and in the period's summary."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sessions import services
from sessions.models import HiringOutcome, Registration
from sessions.reports import figures
from tests import factories

pytestmark = pytest.mark.django_db


def test_a_person_who_started_after_three_interviews_counts_once(staff):
    start = timezone.now() - timedelta(days=10)
    session = factories.JobSessionFactory(
        starts_at=start, ends_at=start + timedelta(hours=4), registration_opens_at=start - timedelta(days=20)
    )
    booths = [factories.ParticipationFactory(session=session) for _ in range(3)]
    person = factories.RegistrationFactory(session=session, status=Registration.Status.ATTENDED)
    other = factories.RegistrationFactory(session=session, status=Registration.Status.ATTENDED)
    for booth in booths:
        interview, _ = services.interview_record(
            registration=person, vacancy=booth.vacancies.get(), actor=staff, result="passed"
        )
        services.hiring_outcome_record(
            interview=interview, actor=staff, status=HiringOutcome.Status.STARTED, start_date=timezone.localdate(start)
        )
    interview, _ = services.interview_record(
        registration=other, vacancy=booths[0].vacancies.get(), actor=staff, result="passed"
    )
    services.hiring_outcome_record(
        interview=interview, actor=staff, status=HiringOutcome.Status.STARTED, start_date=timezone.localdate(start)
    )

    sheet = figures.session_result_sheet(session)
    day = timezone.localdate(start)
    summary = figures.summary(date_from=day - timedelta(days=1), date_to=day + timedelta(days=1))

    assert sheet["metrics"]["started_work"]["value"] == 2  # two people, four outcome rows
    assert sheet["metrics"]["passed_at_session"]["value"] == 4  # passes still count per interview
    assert summary["metrics"]["started_work"]["value"] == 2
