"""The question after the session in the API (issue 15 items 5 and 6): staff read a session's answers; the link's
token answers once, without an account; every refusal has its status and code, never a 500."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sessions.models import SurveyInvitation, new_survey_token, survey_token_hash
from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

SUBMIT = "/api/v1/survey-answers/"


def invitation(session, *, respondent="job_seeker", closes_in=timedelta(days=30), **answer):
    """An invitation of `session` (to a new attendee, or a new attending booth) and the token of its link."""
    token = new_survey_token()
    link = (
        {"registration": factories.RegistrationFactory(session=session, status="attended")}
        if respondent == "job_seeker"
        else {"participation": factories.ParticipationFactory(session=session, attended=True)}
    )
    row = SurveyInvitation.objects.create(
        session=session,
        respondent=respondent,
        token_hash=survey_token_hash(token),
        closes_at=timezone.now() + closes_in,
        notices=1,
        **link,
        **answer,
    )
    return row, token


@pytest.fixture
def session(db):
    now = timezone.now()
    return factories.JobSessionFactory(
        status="completed",
        starts_at=now - timedelta(hours=6),
        ends_at=now - timedelta(hours=2),
        registration_opens_at=now - timedelta(days=7),
        completed_at=now - timedelta(hours=2),
    )


def test_an_answer_by_token_is_recorded_once(session):
    row, token = invitation(session)
    anyone = client_for()

    first = anyone.post(SUBMIT, {"token": token, "rating": 5, "comment": " Rất tốt "}, format="json")
    again = anyone.post(SUBMIT, {"token": token, "rating": 1}, format="json")

    assert first.status_code == 201
    assert first.json()["session_code"] == session.code
    assert (first.json()["rating"], first.json()["comment"]) == (5, "Rất tốt")
    assert again.status_code == 409 and again.json()["code"] == "survey_answered"
    row.refresh_from_db()
    assert row.rating == 5


def test_refusals_of_the_submit_endpoint(session):
    _open, token = invitation(session)
    _closed, closed_token = invitation(session, closes_in=timedelta(seconds=-1))
    anyone = client_for()

    unknown = anyone.post(SUBMIT, {"token": "khong-co-ma-nay", "rating": 4}, format="json")
    closed = anyone.post(SUBMIT, {"token": closed_token, "rating": 4}, format="json")
    out_of_range = anyone.post(SUBMIT, {"token": token, "rating": 6}, format="json")
    no_rating = anyone.post(SUBMIT, {"token": token}, format="json")
    nul = anyone.post(SUBMIT, {"token": "a\x00b", "rating": 4}, format="json")

    assert unknown.status_code == 404 and unknown.json()["detail"] == "This survey link is not valid."
    assert closed.status_code == 409 and closed.json()["code"] == "survey_closed"
    assert out_of_range.status_code == 400 and "rating" in out_of_range.json()
    assert no_rating.status_code == 400 and "rating" in no_rating.json()
    assert nul.status_code in (400, 404)
    assert not SurveyInvitation.objects.filter(answered_at__isnull=False).exists()


def test_staff_read_a_sessions_answers_newest_first_naming_employers_only(session, staff):
    now = timezone.now()
    person, _token = invitation(session, rating=4, comment="Ổn", answered_at=now - timedelta(minutes=5))
    booth, _token = invitation(session, respondent="employer", rating=2, comment="Thiếu bàn", answered_at=now)
    invitation(session)  # not answered: not listed

    response = client_for(staff).get(f"/api/v1/sessions/{session.pk}/survey-answers/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert [(a["id"], a["respondent"], a["rating"], a["employer_name"]) for a in body["results"]] == [
        (booth.pk, "employer", 2, booth.participation.employer.name),
        (person.pk, "job_seeker", 4, None),
    ]
    assert client_for(staff).get("/api/v1/sessions/999999/survey-answers/").status_code == 404


def test_the_result_sheet_api_carries_the_survey_figures(session, staff):
    invitation(session, rating=4, comment="Ổn", answered_at=timezone.now())
    invitation(session, rating=5, answered_at=timezone.now())
    invitation(session)

    survey = client_for(staff).get(f"/api/v1/reports/sessions/{session.pk}/").json()["survey"]

    assert survey["figures"]["job_seeker"] == {
        "label": "Job seeker",
        "invited": 3,
        "answers": 2,
        "average": "4.5",
        "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 1},
    }
    assert survey["figures"]["employer"]["average"] is None
    assert [c["comment"] for c in survey["comments"]] == ["Ổn"]
