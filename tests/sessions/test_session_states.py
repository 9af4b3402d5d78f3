"""Whether a session takes registrations or booths now is one model method each: the services refuse by it and
the session page shows it, so the page never offers what the service would refuse."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from jobfair.errors import BusinessRuleError
from sessions import services
from sessions.models import SessionStatus
from tests import factories
from tests.helpers import HANOI

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 3, 13, 10, 0, tzinfo=HANOI)
DAY = timedelta(days=1)

# name: (status, registration opens, closes, session ends — relative to NOW), registration state, takes booths
CASES = {
    "open": (SessionStatus.PUBLISHED, -DAY, 7 * DAY, 7 * DAY, "open", True),
    "not yet": (SessionStatus.PUBLISHED, DAY, 7 * DAY, 7 * DAY, "not_yet", True),
    "closed early": (SessionStatus.PUBLISHED, -7 * DAY, -DAY, 7 * DAY, "closed", True),
    "ended": (SessionStatus.PUBLISHED, -9 * DAY, -DAY, -DAY, "over", False),
    "draft": (SessionStatus.DRAFT, -DAY, 7 * DAY, 7 * DAY, "over", False),
    "cancelled": (SessionStatus.CANCELLED, -DAY, 7 * DAY, 7 * DAY, "cancelled", False),
}


def make(status, opens, closes, ends):
    return factories.JobSessionFactory(
        status=status,
        starts_at=NOW + ends - timedelta(hours=4),
        ends_at=NOW + ends,
        registration_opens_at=NOW + opens,
        registration_closes_at=NOW + closes,
    )


def refused(call) -> bool:
    try:
        call()
    except BusinessRuleError:
        return True
    return False


@pytest.mark.parametrize("case", CASES)
def test_the_model_says_and_the_services_and_the_page_follow(case, client, time_machine):
    time_machine.move_to(NOW, tick=False)
    status, opens, closes, ends, state, takes_booths = CASES[case]
    session = make(status, opens, closes, ends)

    assert session.registration_state(NOW) == state
    assert session.takes_booths(NOW) is takes_booths
    seeker = factories.JobSeekerFactory()
    assert refused(lambda: services.registration_create(session=session, job_seeker=seeker, actor=None)) is (
        state != "open"
    )
    vacancy = factories.VacancyFactory()
    booth_refused = refused(
        lambda: services.participation_apply(
            session=session, employer=vacancy.employer, vacancies=[vacancy], actor=None
        )
    )
    assert booth_refused is (not takes_booths)
    if status != SessionStatus.DRAFT:  # drafts are not on the public site
        page = client.get(reverse("web:session_detail", args=[session.pk]))
        assert page.context["registration_state"] == state
        assert page.context["takes_booths"] is takes_booths
