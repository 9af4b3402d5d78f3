"""Consequences carried through in the API (issue 12 item 2): a rejected employer's booths and vacancies, an
employer's profile change sending it back to review, a cancelled session on the person's registrations."""

import pytest

from sessions import services
from sessions.models import Notification, Participation
from tests.helpers import refreshed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned(daytime):
    """At PINNED_NOW: the factory sessions start a week later."""


def listed_vacancies(client, **params) -> set[int]:
    response = client.get("/api/v1/vacancies/", params)
    assert response.status_code == 200
    return {row["id"] for row in response.json()["results"]}


def test_rejecting_through_the_api_withdraws_the_booth_and_unlists_the_vacancies(
    staff_client, anon_client, employer_a, fair, booth_a, booth_b, vacancy_a, vacancy_b
):
    assert listed_vacancies(anon_client) == {vacancy_a.pk, vacancy_b.pk}
    assert listed_vacancies(anon_client, session=fair.pk) == {vacancy_a.pk, vacancy_b.pk}

    response = staff_client.post(
        f"/api/v1/employers/{employer_a.pk}/verify/", {"decision": "rejected", "note": "Sai ĐKKD"}, format="json"
    )

    assert response.status_code == 200 and response.json()["verification"] == "rejected"
    assert refreshed(booth_a).status == Participation.Status.WITHDRAWN
    assert refreshed(booth_b).status == Participation.Status.APPROVED
    assert listed_vacancies(anon_client) == {vacancy_b.pk}
    assert listed_vacancies(anon_client, session=fair.pk) == {vacancy_b.pk}
    assert anon_client.get(f"/api/v1/vacancies/{vacancy_a.pk}/").status_code == 404
    session = anon_client.get(f"/api/v1/sessions/{fair.pk}/").json()
    assert session["employers_count"] == 1
    notice = Notification.objects.get(employer=employer_a, kind="employer_verification", channel="email")
    assert "Sai ĐKKD" in notice.body_text


def test_the_employer_still_sees_its_own_vacancies_and_withdrawn_booth(
    staff_client, employer_a, employer_a_client, booth_a, vacancy_a
):
    staff_client.post(f"/api/v1/employers/{employer_a.pk}/verify/", {"decision": "rejected"}, format="json")

    assert vacancy_a.pk in listed_vacancies(employer_a_client)
    booth = employer_a_client.get(f"/api/v1/participations/{booth_a.pk}/").json()
    assert booth["status"] == "withdrawn"


# --- back to review ---------------------------------------------------------------------------------------------


def test_an_employer_renaming_itself_goes_back_to_review(employer_a, employer_a_client, booth_a, staff_client):
    response = employer_a_client.patch(
        f"/api/v1/employers/{employer_a.pk}/", {"name": "Công ty Cổ phần Tên Mới"}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["verification"] == "pending"
    assert refreshed(booth_a).status == Participation.Status.APPROVED
    queue = staff_client.get("/api/v1/employers/", {"verification": "pending"}).json()["results"]
    assert [row["id"] for row in queue] == [employer_a.pk]


def test_an_employer_changing_its_phone_stays_verified(employer_a, employer_a_client):
    response = employer_a_client.patch(f"/api/v1/employers/{employer_a.pk}/", {"phone": "0912 345 678"}, format="json")

    assert response.status_code == 200
    assert (response.json()["phone"], response.json()["verification"]) == ("+84912345678", "verified")


def test_staff_renaming_an_employer_keep_it_verified(employer_a, staff_client):
    response = staff_client.patch(f"/api/v1/employers/{employer_a.pk}/", {"name": "Tên đúng theo ĐKDN"}, format="json")

    assert response.json()["verification"] == "verified"


# --- a cancelled session ----------------------------------------------------------------------------------------


def test_a_registration_at_a_cancelled_session_says_so(seeker_a, seeker_a_client, staff_user, fair):
    registration, _created = services.registration_create(session=fair, job_seeker=seeker_a, actor=None)
    before = seeker_a_client.get(f"/api/v1/registrations/{registration.pk}/").json()
    assert (before["status"], before["session_status"], before["session_cancel_reason"]) == (
        "confirmed",
        "published",
        "",
    )

    services.session_cancel(session=fair, actor=staff_user, reason="Bão số 3 đổ bộ")

    one = seeker_a_client.get(f"/api/v1/registrations/{registration.pk}/").json()
    listed = seeker_a_client.get("/api/v1/registrations/").json()["results"]
    for body in (one, listed[0]):
        assert (body["status"], body["session_status"], body["session_cancel_reason"]) == (
            "cancelled",
            "cancelled",
            "Bão số 3 đổ bộ",
        )
        assert body["waitlist_position"] is None and body["online_rooms"] == []


def test_the_schema_documents_the_session_state_of_a_registration(anon_client):
    schema = anon_client.get("/api/schema/", {"format": "json"}).json()
    properties = schema["components"]["schemas"]["RegistrationOutput"]["properties"]

    assert properties["session_status"]["allOf"][0]["$ref"].endswith("/SessionStatusEnum")
    assert properties["status"]["allOf"][0]["$ref"].endswith("/RegistrationStatusEnum")
    assert properties["session_cancel_reason"]["type"] == "string"
