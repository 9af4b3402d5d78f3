"""What a job seeker learns through the API after a session, as on their results page: their interviews and what
came of them (`me/interviews/`), with the next step flagged when they were not hired; and, before a session,
"tell me when registration opens" (`sessions/{id}/registration-alert/`)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sessions.models import HiringOutcome, Interview, RegistrationAlert
from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def interview_for(seeker, *, result, outcome=None, notes=""):
    vacancy = factories.VacancyFactory(title="Kế toán tổng hợp")
    registration = factories.RegistrationFactory(job_seeker=seeker)
    interview = Interview.objects.create(registration=registration, vacancy=vacancy, result=result, notes=notes)
    if outcome is not None:
        HiringOutcome.objects.create(interview=interview, status=outcome, reported_at=timezone.now())
    return interview


def test_my_interviews_say_what_came_of_each(seeker_a):
    passed = interview_for(seeker_a, result=Interview.Result.PASSED, outcome=HiringOutcome.Status.OFFERED)
    failed = interview_for(seeker_a, result=Interview.Result.FAILED, notes="Chưa đủ kinh nghiệm")

    response = client_for(seeker_a.user).get("/api/v1/me/interviews/")

    assert response.status_code == 200
    rows = {row["id"]: row for row in response.json()["results"]}
    assert set(rows) == {passed.pk, failed.pk}
    assert rows[passed.pk]["employer_name"] == passed.vacancy.employer.name
    assert rows[passed.pk]["vacancy_title"] == "Kế toán tổng hợp"
    assert rows[passed.pk]["session_title"] == passed.registration.session.title
    assert rows[passed.pk]["outcome"]["status"] == "offered"
    assert rows[passed.pk]["not_hired"] is False
    assert rows[failed.pk]["outcome"] is None
    assert rows[failed.pk]["not_hired"] is True  # the next steps: me/matches/, the next sessions, me/referrals/
    assert "Chưa đủ kinh nghiệm" not in response.content.decode()  # the employer's notes are the employer's


def test_a_reported_not_hired_is_a_next_step_too(seeker_a):
    interview_for(seeker_a, result=Interview.Result.PASSED, outcome=HiringOutcome.Status.NOT_HIRED)

    [row] = client_for(seeker_a.user).get("/api/v1/me/interviews/").json()["results"]

    assert (row["result"], row["outcome"]["status"], row["not_hired"]) == ("passed", "not_hired", True)


def test_nobody_sees_someone_elses_interviews(seeker_a, seeker_b, employer_a_user):
    interview_for(seeker_b, result=Interview.Result.PASSED)

    assert client_for(seeker_a.user).get("/api/v1/me/interviews/").json()["results"] == []
    assert client_for(employer_a_user).get("/api/v1/me/interviews/").status_code == 403


def test_my_interviews_take_a_fixed_number_of_queries(seeker_a, django_assert_num_queries):
    for _ in range(3):
        interview_for(seeker_a, result=Interview.Result.PASSED, outcome=HiringOutcome.Status.OFFERED)
    client = client_for(seeker_a.user)

    with django_assert_num_queries(2):  # the count, then the page with its sessions, employers and outcomes
        body = client.get("/api/v1/me/interviews/").json()

    assert body["count"] == 3


def alert_url(session) -> str:
    return f"/api/v1/sessions/{session.pk}/registration-alert/"


def test_a_job_seeker_asks_to_be_told_when_registration_opens(seeker_a):
    session = factories.JobSessionFactory(registration_opens_at=timezone.now() + timedelta(days=2))
    client = client_for(seeker_a.user)

    first = client.post(alert_url(session))
    again = client.post(alert_url(session))

    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json()["session"] == session.pk and first.json()["told_at"] is None
    assert again.json()["id"] == first.json()["id"]
    assert RegistrationAlert.objects.filter(session=session, job_seeker=seeker_a).count() == 1


def test_no_alert_for_a_session_already_open(seeker_a):
    session = factories.JobSessionFactory()  # its registration opened yesterday

    response = client_for(seeker_a.user).post(alert_url(session), HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 409
    assert response.json()["detail"] == "Phiên này không còn ở trạng thái chờ mở đăng ký."
    assert not RegistrationAlert.objects.exists()


def test_no_alert_for_a_draft_or_by_an_employer(seeker_a, employer_a_user):
    draft = factories.JobSessionFactory(status="draft", registration_opens_at=timezone.now() + timedelta(days=2))
    waiting = factories.JobSessionFactory(registration_opens_at=timezone.now() + timedelta(days=2))

    assert client_for(seeker_a.user).post(alert_url(draft)).status_code == 404
    assert client_for(employer_a_user).post(alert_url(waiting)).status_code == 403
    assert not RegistrationAlert.objects.exists()
