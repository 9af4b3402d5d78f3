"""Booths (participations): an employer's request, staff decisions, withdrawal, and who sees which booth."""

import pytest

from sessions.models import Participation, SessionStatus
from tests import factories
from tests.api.conftest import client_for, count_queries

pytestmark = pytest.mark.django_db

Status = Participation.Status
PARTICIPATION_FIELDS = {
    "id",
    "session",
    "session_code",
    "employer",
    "employer_name",
    "status",
    "booth_label",
    "vacancies",
    "online_room_url",
    "recruiter_count",
    "needs",
    "attended",
    "decision_note",
    "decided_at",
    "created_at",
}


def apply_url(session):
    return f"/api/v1/sessions/{session.pk}/participations/"


# --- applying ---------------------------------------------------------------------------------------------------


def test_an_employer_asks_for_a_booth_then_gets_the_same_request_again(employer_a_client, fair, vacancy_a):
    first = employer_a_client.post(apply_url(fair), {"vacancies": [vacancy_a.pk]}, format="json")

    assert first.status_code == 201, first.content
    body = first.json()
    assert set(body) == PARTICIPATION_FIELDS
    assert (body["session"], body["employer"], body["status"], body["vacancies"]) == (
        fair.pk,
        vacancy_a.employer_id,
        "applied",
        [vacancy_a.pk],
    )
    again = employer_a_client.post(apply_url(fair), {"vacancies": [vacancy_a.pk]}, format="json")
    assert again.status_code == 200
    assert again.json()["id"] == body["id"]
    assert Participation.objects.count() == 1


def test_status_and_booth_label_in_the_request_are_ignored(employer_a_client, fair, vacancy_a):
    response = employer_a_client.post(
        apply_url(fair),
        {"vacancies": [vacancy_a.pk], "status": "approved", "booth_label": "VIP", "employer": 1},
        format="json",
    )

    assert response.status_code == 201
    assert (response.json()["status"], response.json()["booth_label"]) == ("applied", "")


def test_an_unverified_employer_is_refused_with_a_code(fair):
    pending = factories.EmployerFactory(verification="pending")
    vacancy = factories.VacancyFactory(employer=pending)
    client = client_for(factories.EmployerUserFactory(employer=pending))

    response = client.post(apply_url(fair), {"vacancies": [vacancy.pk]}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "employer_not_verified"
    assert set(response.json()) == {"code", "detail"}


def test_a_cancelled_session_refuses_booth_requests(employer_a_client, vacancy_a):
    cancelled = factories.JobSessionFactory(status=SessionStatus.CANCELLED)

    response = employer_a_client.post(apply_url(cancelled), {"vacancies": [vacancy_a.pk]}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "session_cancelled"


def test_draft_or_missing_session_is_404(employer_a_client, vacancy_a):
    draft = factories.JobSessionFactory(status=SessionStatus.DRAFT)

    assert employer_a_client.post(apply_url(draft), {"vacancies": [vacancy_a.pk]}, format="json").status_code == 404
    missing = employer_a_client.post(
        "/api/v1/sessions/999999/participations/", {"vacancies": [vacancy_a.pk]}, format="json"
    )
    assert missing.status_code == 404


@pytest.mark.parametrize("which", ["others", "none", "unknown"])
def test_bad_vacancies_are_a_400(employer_a_client, fair, vacancy_b, which):
    vacancies = {"others": [vacancy_b.pk], "none": [], "unknown": [999_999]}[which]

    response = employer_a_client.post(apply_url(fair), {"vacancies": vacancies}, format="json")

    assert response.status_code == 400
    assert "vacancies" in response.json()
    assert not Participation.objects.exists()


def test_only_employers_ask_for_booths(anon_client, staff_client, seeker_a_client, fair, vacancy_a):
    payload = {"vacancies": [vacancy_a.pk]}
    assert anon_client.post(apply_url(fair), payload, format="json").status_code == 401
    assert staff_client.post(apply_url(fair), payload, format="json").status_code == 403
    assert seeker_a_client.post(apply_url(fair), payload, format="json").status_code == 403


# --- reading ----------------------------------------------------------------------------------------------------


def test_an_employer_lists_only_its_own_booths(employer_a_client, booth_a, booth_b):
    response = employer_a_client.get("/api/v1/participations/")

    assert [row["id"] for row in response.json()["results"]] == [booth_a.pk]
    assert employer_a_client.get(f"/api/v1/participations/{booth_a.pk}/").status_code == 200
    assert employer_a_client.get(f"/api/v1/participations/{booth_b.pk}/").status_code == 404


def test_staff_list_every_booth_with_filters(staff_client, booth_a, booth_b, employer_a):
    other = factories.ParticipationFactory(employer=employer_a, status=Status.APPLIED)

    assert staff_client.get("/api/v1/participations/").json()["count"] == 3
    by_session = staff_client.get("/api/v1/participations/", {"session": booth_a.session_id}).json()
    assert {row["id"] for row in by_session["results"]} == {booth_a.pk, booth_b.pk}
    applied = staff_client.get("/api/v1/participations/", {"status": "applied"}).json()
    assert [row["id"] for row in applied["results"]] == [other.pk]


def test_job_seekers_and_the_public_see_no_booths(anon_client, seeker_a_client, booth_a):
    assert anon_client.get("/api/v1/participations/").status_code == 401
    assert seeker_a_client.get("/api/v1/participations/").status_code == 403
    assert seeker_a_client.get(f"/api/v1/participations/{booth_a.pk}/").status_code == 403


# --- decisions --------------------------------------------------------------------------------------------------


@pytest.fixture
def request_a(fair, employer_a, vacancy_a):
    return factories.ParticipationFactory(
        session=fair, employer=employer_a, vacancies=[vacancy_a], status=Status.APPLIED
    )


def test_staff_approve_with_a_booth_label(staff_client, request_a):
    response = staff_client.post(
        f"/api/v1/participations/{request_a.pk}/approve/", {"booth_label": "A7"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert (response.json()["status"], response.json()["booth_label"]) == ("approved", "A7")
    assert response.json()["decided_at"] is not None


def test_approving_without_a_body_gives_the_first_free_booth(staff_client, request_a):
    response = staff_client.post(f"/api/v1/participations/{request_a.pk}/approve/")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["booth_label"]) == ("approved", "01")


def test_approving_when_booths_are_full_waitlists_then_refuses(staff_client, employer_a, vacancy_a):
    full = factories.JobSessionFactory(employer_capacity=1)
    factories.ParticipationFactory(session=full)
    waiting = factories.ParticipationFactory(
        session=full, employer=employer_a, vacancies=[vacancy_a], status=Status.APPLIED
    )

    first = staff_client.post(f"/api/v1/participations/{waiting.pk}/approve/")
    assert first.status_code == 200
    assert first.json()["status"] == "waitlisted"

    second = staff_client.post(f"/api/v1/participations/{waiting.pk}/approve/")
    assert second.status_code == 409
    assert second.json()["code"] == "booths_full"


def test_approving_an_approved_booth_is_an_invalid_transition(staff_client, booth_a):
    response = staff_client.post(f"/api/v1/participations/{booth_a.pk}/approve/")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_staff_reject_with_a_note(staff_client, request_a):
    response = staff_client.post(
        f"/api/v1/participations/{request_a.pk}/reject/", {"note": "Hồ sơ chưa đủ"}, format="json"
    )

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["decision_note"]) == ("rejected", "Hồ sơ chưa đủ")


def test_employers_cannot_decide_on_booths(employer_a_client, request_a):
    assert employer_a_client.post(f"/api/v1/participations/{request_a.pk}/approve/").status_code == 403
    assert employer_a_client.post(f"/api/v1/participations/{request_a.pk}/reject/").status_code == 403
    request_a.refresh_from_db()
    assert request_a.status == Status.APPLIED


def test_the_owning_employer_withdraws(employer_a_client, booth_a):
    response = employer_a_client.post(f"/api/v1/participations/{booth_a.pk}/withdraw/")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["booth_label"]) == ("withdrawn", "")
    again = employer_a_client.post(f"/api/v1/participations/{booth_a.pk}/withdraw/")
    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"


def test_another_employer_cannot_withdraw_a_booth(employer_b_client, booth_a):
    assert employer_b_client.post(f"/api/v1/participations/{booth_a.pk}/withdraw/").status_code == 404
    booth_a.refresh_from_db()
    assert booth_a.status == Status.APPROVED


def test_staff_withdraw_a_booth(staff_client, booth_a):
    response = staff_client.post(f"/api/v1/participations/{booth_a.pk}/withdraw/")

    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"


def test_participation_list_queries_do_not_grow_with_rows(staff_user, employer_a):
    factories.ParticipationFactory(employer=employer_a)
    one, response = count_queries(staff_user, "/api/v1/participations/")
    assert response.json()["count"] == 1
    for _ in range(49):
        booth = factories.ParticipationFactory()
        booth.vacancies.add(factories.VacancyFactory(employer=booth.employer))

    fifty, response = count_queries(staff_user, "/api/v1/participations/", page_size=100)

    assert response.json()["count"] == 50
    assert fifty == one


def test_employer_participation_list_queries_do_not_grow_with_rows(employer_a, employer_a_user):
    factories.ParticipationFactory(employer=employer_a)
    one, _response = count_queries(employer_a_user, "/api/v1/participations/")
    factories.ParticipationFactory.create_batch(49, employer=employer_a)

    fifty, response = count_queries(employer_a_user, "/api/v1/participations/", page_size=100)

    assert response.json()["count"] == 50
    assert fifty == one


# --- recruiters, needs, booth numbers and staff notes (issue 12 item 5) ------------------------------------------


def test_an_employer_asks_for_a_booth_with_recruiters_and_needs(employer_a_client, fair, vacancy_a):
    response = employer_a_client.post(
        apply_url(fair), {"vacancies": [vacancy_a.pk], "recruiter_count": 4, "needs": ["power", "table"]}, format="json"
    )

    assert response.status_code == 201, response.content
    assert (response.json()["recruiter_count"], response.json()["needs"]) == (4, ["table", "power"])


def test_a_screen_at_an_in_person_session_is_a_400_on_the_needs(employer_a_client, fair, vacancy_a):
    response = employer_a_client.post(
        apply_url(fair), {"vacancies": [vacancy_a.pk], "needs": ["screen"]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["needs"]
    assert not Participation.objects.exists()


def test_staff_see_their_notes_and_the_employer_never_does(staff_client, employer_a_client, booth_a):
    booth_a.staff_notes = "Doanh nghiệp hay đến muộn"
    booth_a.save()

    staff_view = staff_client.get(f"/api/v1/participations/{booth_a.pk}/").json()
    assert staff_view["staff_notes"] == "Doanh nghiệp hay đến muộn"
    for path in (f"/api/v1/participations/{booth_a.pk}/", "/api/v1/participations/"):
        response = employer_a_client.get(path)
        assert "staff_notes" not in response.json()
        assert "hay đến muộn" not in response.content.decode()


def test_staff_set_a_booth_number_and_notes(staff_client, booth_a):
    response = staff_client.patch(
        f"/api/v1/participations/{booth_a.pk}/", {"booth_label": "B12", "staff_notes": "Gần cửa"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert (response.json()["booth_label"], response.json()["staff_notes"]) == ("B12", "Gần cửa")


def test_a_booth_number_held_by_another_booth_is_a_409_naming_it(staff_client, booth_a, booth_b):
    response = staff_client.patch(f"/api/v1/participations/{booth_a.pk}/", {"booth_label": "02"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "booth_number_taken"
    assert booth_b.employer.name in response.json()["detail"]
    booth_a.refresh_from_db()
    assert booth_a.booth_label == "01"


def test_employers_cannot_set_numbers_or_notes(employer_a_client, booth_a):
    response = employer_a_client.patch(
        f"/api/v1/participations/{booth_a.pk}/", {"booth_label": "99", "staff_notes": "x"}, format="json"
    )

    assert response.status_code == 403
    booth_a.refresh_from_db()
    assert (booth_a.booth_label, booth_a.staff_notes) == ("01", "")


def test_put_is_not_allowed(staff_client, booth_a):
    assert staff_client.put(f"/api/v1/participations/{booth_a.pk}/", {}, format="json").status_code == 405
