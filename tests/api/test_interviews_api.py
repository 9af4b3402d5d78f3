"""Interviews and hiring outcomes: employers record them for their own vacancies at sessions where they hold an
approved booth; staff for any; nobody sees another employer's."""

import pytest
from django.utils import timezone

from sessions.models import HiringOutcome, Interview, Registration, SessionStatus
from tests import factories
from tests.api.conftest import count_queries
from tests.helpers import on_session_day, session_day

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("on_the_fairs_day")]

RegStatus = Registration.Status
INTERVIEW_FIELDS = {
    "id",
    "registration",
    "session",
    "vacancy",
    "result",
    "notes",
    "outcome",
    "created_at",
    "updated_at",
}


@pytest.fixture
def registration(fair, seeker_a, booth_a, booth_b, vacancy_a):
    """Seeker A registered for the fair and chose employer A's vacancy: one of A's candidates."""
    registration = factories.RegistrationFactory(session=fair, job_seeker=seeker_a, status=RegStatus.CONFIRMED)
    registration.vacancies.add(vacancy_a)
    return registration


@pytest.fixture
def interview_a(registration, vacancy_a):
    return Interview.objects.create(registration=registration, vacancy=vacancy_a, result=Interview.Result.PENDING)


@pytest.fixture
def interview_b(registration, vacancy_b):
    return Interview.objects.create(registration=registration, vacancy=vacancy_b, result=Interview.Result.FAILED)


def record(client, registration, vacancy, **fields):
    return client.post(
        "/api/v1/interviews/", {"registration": registration.pk, "vacancy": vacancy.pk, **fields}, format="json"
    )


# --- recording --------------------------------------------------------------------------------------------------


def test_an_employer_records_an_interview_then_updates_it(employer_a_client, registration, vacancy_a):
    response = record(employer_a_client, registration, vacancy_a, result="passed", notes="Tốt")

    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == INTERVIEW_FIELDS
    assert (body["registration"], body["vacancy"], body["result"], body["notes"], body["outcome"]) == (
        registration.pk,
        vacancy_a.pk,
        "passed",
        "Tốt",
        None,
    )
    registration.refresh_from_db()
    assert registration.status == RegStatus.ATTENDED  # being interviewed in person proves attendance

    again = record(employer_a_client, registration, vacancy_a, result="second_round")
    assert again.status_code == 200
    assert (again.json()["id"], again.json()["result"]) == (body["id"], "second_round")


def test_recording_again_keeps_what_the_request_leaves_out(employer_a_client, registration, vacancy_a):
    first = record(employer_a_client, registration, vacancy_a)
    assert (first.status_code, first.json()["result"], first.json()["notes"]) == (201, "pending", "")
    record(employer_a_client, registration, vacancy_a, result="passed", notes="Tốt")

    again = record(employer_a_client, registration, vacancy_a, notes="Đã gửi thư mời")

    assert again.status_code == 200
    assert (again.json()["result"], again.json()["notes"]) == ("passed", "Đã gửi thư mời")


def test_an_employer_cannot_record_for_another_employers_vacancy(employer_a_client, registration, vacancy_b):
    response = record(employer_a_client, registration, vacancy_b, result="passed")

    assert response.status_code == 400
    assert "vacancy" in response.json()
    assert not Interview.objects.exists()


def test_an_employer_cannot_record_for_someone_who_is_not_its_candidate(employer_a_client, fair, booth_a, vacancy_a):
    """Seated at the session where A has a booth, but never chose A's vacancies: answered as an unknown id."""
    stranger = factories.RegistrationFactory(session=fair, status=RegStatus.CONFIRMED)

    response = record(employer_a_client, stranger, vacancy_a, result="passed")

    assert response.status_code == 400
    assert response.json()["registration"] == [f'Invalid pk "{stranger.pk}" - object does not exist.']
    assert not Interview.objects.exists()
    assert employer_a_client.get(f"/api/v1/sessions/{fair.pk}/candidates/").json()["count"] == 0


def test_an_employer_cannot_reach_registrations_of_sessions_without_its_booth(employer_a_client, vacancy_a):
    elsewhere = factories.RegistrationFactory()

    response = record(employer_a_client, elsewhere, vacancy_a)

    assert response.status_code == 400
    assert "registration" in response.json()


def test_staff_record_any_interview(staff_client, registration, vacancy_b):
    response = record(staff_client, registration, vacancy_b, result="failed")

    assert response.status_code == 201
    assert response.json()["result"] == "failed"


def test_a_vacancy_without_an_approved_booth_is_not_eligible(staff_client, registration, employer_a):
    not_brought_here = factories.VacancyFactory(employer=factories.EmployerFactory())

    response = record(staff_client, registration, not_brought_here)

    assert response.status_code == 409
    assert response.json()["code"] == "not_eligible"


def test_a_waitlisted_person_cannot_be_interviewed(employer_a_client, registration, vacancy_a):
    Registration.objects.filter(pk=registration.pk).update(status=RegStatus.WAITLISTED)

    response = record(employer_a_client, registration, vacancy_a)

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_a_cancelled_session_refuses_interviews(employer_a_client, registration, vacancy_a, fair):
    fair.status = SessionStatus.CANCELLED
    fair.save(update_fields=["status"])

    response = record(employer_a_client, registration, vacancy_a)

    assert response.status_code == 409
    assert response.json()["code"] == "session_cancelled"


def test_bad_result_is_a_400(employer_a_client, registration, vacancy_a):
    response = record(employer_a_client, registration, vacancy_a, result="hired")

    assert response.status_code == 400
    assert "result" in response.json()


def test_only_employers_and_staff_record(anon_client, seeker_a_client, registration, vacancy_a):
    assert record(anon_client, registration, vacancy_a).status_code == 401
    assert record(seeker_a_client, registration, vacancy_a).status_code == 403


def test_an_employer_changes_its_interview(employer_a_client, interview_a, vacancy_b):
    response = employer_a_client.patch(
        f"/api/v1/interviews/{interview_a.pk}/",
        {"result": "passed", "notes": "Nhận ngay", "vacancy": vacancy_b.pk, "registration": 1},
        format="json",
    )

    assert response.status_code == 200
    assert (response.json()["result"], response.json()["notes"]) == ("passed", "Nhận ngay")
    assert response.json()["vacancy"] == interview_a.vacancy_id  # not changeable
    interview_a.refresh_from_db()
    assert interview_a.result == Interview.Result.PASSED


def test_patching_only_the_notes_keeps_the_result(employer_a_client, interview_a):
    Interview.objects.filter(pk=interview_a.pk).update(result=Interview.Result.SECOND_ROUND)

    response = employer_a_client.patch(f"/api/v1/interviews/{interview_a.pk}/", {"notes": "Gọi lại"}, format="json")

    assert (response.json()["result"], response.json()["notes"]) == ("second_round", "Gọi lại")


def test_another_employers_interview_is_404(employer_a_client, interview_b):
    assert employer_a_client.get(f"/api/v1/interviews/{interview_b.pk}/").status_code == 404
    patch = employer_a_client.patch(f"/api/v1/interviews/{interview_b.pk}/", {"result": "passed"}, format="json")
    assert patch.status_code == 404
    outcome = employer_a_client.put(
        f"/api/v1/interviews/{interview_b.pk}/outcome/", {"status": "offered"}, format="json"
    )
    assert outcome.status_code == 404
    interview_b.refresh_from_db()
    assert interview_b.result == Interview.Result.FAILED


# --- listing ----------------------------------------------------------------------------------------------------


def test_an_employer_lists_the_interviews_for_its_vacancies(employer_a_client, interview_a, interview_b):
    response = employer_a_client.get("/api/v1/interviews/")

    assert [row["id"] for row in response.json()["results"]] == [interview_a.pk]


def test_staff_list_every_interview_with_filters(staff_client, interview_a, interview_b, fair, vacancy_b):
    other = factories.InterviewFactory()

    assert staff_client.get("/api/v1/interviews/").json()["count"] == 3
    by_session = staff_client.get("/api/v1/interviews/", {"session": fair.pk}).json()["results"]
    assert {row["id"] for row in by_session} == {interview_a.pk, interview_b.pk}
    by_vacancy = staff_client.get("/api/v1/interviews/", {"vacancy": vacancy_b.pk}).json()["results"]
    assert [row["id"] for row in by_vacancy] == [interview_b.pk]
    passed = staff_client.get("/api/v1/interviews/", {"result": "passed"}).json()["results"]
    assert [row["id"] for row in passed] == [other.pk]


def test_job_seekers_see_no_interview_list(seeker_a_client, interview_a):
    assert seeker_a_client.get("/api/v1/interviews/").status_code == 403


# --- outcomes ---------------------------------------------------------------------------------------------------


def test_an_employer_records_then_corrects_an_outcome(employer_a_client, interview_a):
    url = f"/api/v1/interviews/{interview_a.pk}/outcome/"

    created = employer_a_client.put(url, {"status": "offered", "monthly_salary": 9_500_000}, format="json")
    assert created.status_code == 201, created.content
    assert (created.json()["status"], created.json()["monthly_salary"]) == ("offered", 9_500_000)

    start = session_day(interview_a.registration.session, 1).isoformat()
    with on_session_day(interview_a.registration.session, minutes=24 * 60):  # the day after: the person started
        updated = employer_a_client.put(url, {"status": "started", "start_date": start}, format="json")
    assert updated.status_code == 200
    assert (updated.json()["status"], updated.json()["start_date"]) == ("started", start)
    assert HiringOutcome.objects.get(interview=interview_a).status == "started"
    shown = employer_a_client.get(f"/api/v1/interviews/{interview_a.pk}/").json()
    assert shown["outcome"]["status"] == "started"


def test_started_work_needs_a_start_date(employer_a_client, interview_a):
    response = employer_a_client.put(
        f"/api/v1/interviews/{interview_a.pk}/outcome/", {"status": "started"}, format="json"
    )

    assert response.status_code == 400
    assert "start_date" in response.json()


def test_started_work_on_a_day_still_to_come_is_refused_and_an_offer_carries_that_start(employer_a_client, interview_a):
    url = f"/api/v1/interviews/{interview_a.pk}/outcome/"
    session = interview_a.registration.session
    start = session_day(session, 7)

    with on_session_day(session):
        refused = employer_a_client.put(url, {"status": "started", "start_date": start.isoformat()}, format="json")
        offered = employer_a_client.put(url, {"status": "offered", "start_date": start.isoformat()}, format="json")

    assert refused.status_code == 400
    [message] = refused.json()["start_date"]
    assert message.startswith(f"{start:%d/%m/%Y} has not come yet") and "“Offered”" in message
    assert offered.status_code == 201, offered.content
    assert HiringOutcome.objects.get(interview=interview_a).start_date == start


def test_unknown_outcome_is_a_400(staff_client, interview_a):
    response = staff_client.put(f"/api/v1/interviews/{interview_a.pk}/outcome/", {"status": "promoted"}, format="json")

    assert response.status_code == 400
    assert "status" in response.json()


def test_staff_record_an_outcome(staff_client, interview_b):
    response = staff_client.put(f"/api/v1/interviews/{interview_b.pk}/outcome/", {"status": "not_hired"}, format="json")

    assert response.status_code == 201


def test_interview_list_queries_do_not_grow_with_rows(fair, booth_a, vacancy_a, employer_a_user):
    def add():
        registration = factories.RegistrationFactory(session=fair, status=RegStatus.ATTENDED)
        interview = Interview.objects.create(registration=registration, vacancy=vacancy_a)
        HiringOutcome.objects.create(interview=interview, status="offered", reported_at=timezone.now())

    add()
    one, response = count_queries(employer_a_user, "/api/v1/interviews/")
    assert response.json()["count"] == 1
    for _ in range(49):
        add()

    fifty, response = count_queries(employer_a_user, "/api/v1/interviews/", page_size=100)

    assert response.json()["count"] == 50
    assert fifty == one
