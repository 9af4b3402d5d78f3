"""Registrations and check-ins: a job seeker registers themself (staff register someone), idempotently (201 then
200); business refusals are 409 with a code; cancelling promotes the waitlist; staff check people in by code."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from accounts.models import CohortMembership
from sessions.models import Registration
from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

REGISTRATION_FIELDS = {
    "id",
    "session",
    "job_seeker",
    "status",
    "session_status",
    "session_cancel_reason",
    "source",
    "vacancies",
    "waitlist_position",
    "check_in_code",
    "short_code",
    "online_rooms",
    "created_at",
    "confirmed_at",
    "cancelled_at",
    "checked_in_at",
}


def register(client, session, body=None):
    return client.post(f"/api/v1/sessions/{session.pk}/registrations/", body or {}, format="json")


def test_a_job_seeker_registers_then_registering_again_returns_the_same(seeker_a_client, seeker_a, fair):
    first = register(seeker_a_client, fair)

    assert first.status_code == 201, first.content
    body = first.json()
    assert set(body) == REGISTRATION_FIELDS
    assert (body["status"], body["source"], body["job_seeker"], body["waitlist_position"]) == (
        "confirmed",
        "online",
        seeker_a.pk,
        None,
    )
    assert len(body["check_in_code"]) >= 16
    second = register(seeker_a_client, fair)
    assert second.status_code == 200
    assert second.json()["id"] == body["id"] and second.json()["check_in_code"] == body["check_in_code"]
    assert Registration.objects.filter(session=fair, job_seeker=seeker_a).count() == 1


def test_a_full_session_waitlists_in_order(fair):
    fair.job_seeker_capacity = 1
    fair.save(update_fields=["job_seeker_capacity"])
    people = [factories.JobSeekerFactory() for _ in range(3)]

    bodies = [register(client_for(person.user), fair).json() for person in people]

    assert [(b["status"], b["waitlist_position"]) for b in bodies] == [
        ("confirmed", None),
        ("waitlisted", 1),
        ("waitlisted", 2),
    ]


def test_a_job_seeker_registers_only_themself(seeker_a_client, seeker_a, seeker_b, fair):
    response = register(seeker_a_client, fair, {"job_seeker": seeker_b.pk})

    assert response.status_code == 201
    assert response.json()["job_seeker"] == seeker_a.pk
    assert not Registration.objects.filter(job_seeker=seeker_b).exists()


def test_staff_register_the_job_seeker_they_name(staff_client, staff_user, seeker_b, fair):
    response = register(staff_client, fair, {"job_seeker": seeker_b.pk})

    assert response.status_code == 201, response.content
    assert (response.json()["job_seeker"], response.json()["source"]) == (seeker_b.pk, "staff")
    assert Registration.objects.get(pk=response.json()["id"]).registered_by == staff_user
    assert register(staff_client, fair, {"job_seeker": seeker_b.pk}).status_code == 200


def test_staff_must_name_the_job_seeker(staff_client, fair):
    response = register(staff_client, fair)

    assert response.status_code == 400
    assert "job_seeker" in response.json()


def test_staff_cannot_register_an_unknown_or_erased_job_seeker(staff_client, fair):
    erased = factories.JobSeekerFactory(anonymised_at=timezone.now())

    assert "job_seeker" in register(staff_client, fair, {"job_seeker": 987654321}).json()
    assert "job_seeker" in register(staff_client, fair, {"job_seeker": erased.pk}).json()


def test_employers_cannot_register_and_the_public_must_sign_in(employer_a_client, anon_client, fair):
    assert register(employer_a_client, fair).status_code == 403
    assert register(anon_client, fair).status_code == 401
    assert not Registration.objects.exists()


def test_vacancies_of_interest_must_be_offered_at_the_session(seeker_a_client, fair, booth_a, vacancy_a, vacancy_b):
    refused = register(seeker_a_client, fair, {"vacancies": [vacancy_b.pk]})
    assert refused.status_code == 400 and "vacancies" in refused.json()

    response = register(seeker_a_client, fair, {"vacancies": [vacancy_a.pk]})

    assert response.status_code == 201
    assert response.json()["vacancies"] == [vacancy_a.pk]


def test_a_vacancy_chosen_twice_counts_once(seeker_a_client, fair, booth_a, vacancy_a):
    response = register(seeker_a_client, fair, {"vacancies": [vacancy_a.pk, vacancy_a.pk]})  # a double tap

    assert response.status_code == 201
    assert response.json()["vacancies"] == [vacancy_a.pk]


def test_a_closed_vacancy_is_no_longer_offered(seeker_a_client, fair, booth_a, vacancy_a):
    vacancy_a.status = "closed"
    vacancy_a.save(update_fields=["status"])

    refused = register(seeker_a_client, fair, {"vacancies": [vacancy_a.pk]})

    assert refused.status_code == 400 and "vacancies" in refused.json()
    assert not Registration.objects.exists()


def test_registration_window_closed_or_not_yet_open(seeker_a_client):
    now = timezone.now()
    closed = factories.JobSessionFactory(registration_opens_at=now - timedelta(days=5))
    closed.registration_closes_at = now - timedelta(hours=1)
    closed.save(update_fields=["registration_closes_at"])
    later = factories.JobSessionFactory(registration_opens_at=now + timedelta(days=1))

    for session in (closed, later):
        response = register(seeker_a_client, session)
        assert response.status_code == 409
        assert response.json()["code"] == "registration_closed"
        assert response.json()["detail"]


def test_a_draft_is_not_open_for_staff_and_not_found_for_others(staff_client, seeker_a_client, seeker_b):
    draft = factories.JobSessionFactory(status="draft")

    by_staff = register(staff_client, draft, {"job_seeker": seeker_b.pk})
    by_seeker = register(seeker_a_client, draft)

    assert by_staff.status_code == 409 and by_staff.json()["code"] == "session_not_open"
    assert by_seeker.status_code == 404


def test_a_cohort_only_session_refuses_others(seeker_a_client, seeker_b, fair):
    fair.cohort_only = True
    fair.save(update_fields=["cohort_only"])
    fair.target_cohorts.set([factories.cohort("disabled")])
    CohortMembership.objects.create(job_seeker=seeker_b, cohort=factories.cohort("disabled"))

    refused = register(seeker_a_client, fair)
    accepted = register(client_for(seeker_b.user), fair)

    assert refused.status_code == 409 and refused.json()["code"] == "not_eligible"
    assert "Person with disability" in refused.json()["detail"]  # names the groups, in the request's language (en)
    assert accepted.status_code == 201


def test_a_cancelled_session_refuses_everyone_even_the_registered(seeker_a_client, seeker_a, fair, staff_client):
    assert register(seeker_a_client, fair).status_code == 201
    assert staff_client.post(f"/api/v1/sessions/{fair.pk}/cancel/", {"reason": "Bão"}, format="json").status_code == 200

    again = register(seeker_a_client, fair)
    other = register(client_for(factories.JobSeekerFactory().user), fair)

    assert (again.status_code, again.json()["code"]) == (409, "session_cancelled")
    assert (other.status_code, other.json()["code"]) == (409, "session_cancelled")


def test_a_completed_session_refuses_registrations(seeker_a_client):
    session = factories.JobSessionFactory(status="completed")

    response = register(seeker_a_client, session)

    assert response.status_code == 409
    assert response.json()["code"] == "session_completed"


def test_registering_for_a_missing_session_is_404(seeker_a_client):
    assert seeker_a_client.post("/api/v1/sessions/987654321/registrations/", {}, format="json").status_code == 404


# --- list, detail, cancel -------------------------------------------------------------------------------------


@pytest.fixture
def registrations(fair, seeker_a, seeker_b):
    other = factories.JobSessionFactory()
    return {
        "a": factories.RegistrationFactory(session=fair, job_seeker=seeker_a),
        "a_other": factories.RegistrationFactory(session=other, job_seeker=seeker_a, status="cancelled"),
        "b": factories.RegistrationFactory(session=fair, job_seeker=seeker_b, status="waitlisted"),
    }


def test_a_job_seeker_lists_only_their_own(seeker_a_client, registrations):
    response = seeker_a_client.get("/api/v1/registrations/")

    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {registrations["a"].pk, registrations["a_other"].pk}
    assert set(response.json()["results"][0]) == REGISTRATION_FIELDS


def test_staff_list_all_with_filters(staff_client, registrations, fair):
    every = staff_client.get("/api/v1/registrations/").json()
    at_fair = staff_client.get("/api/v1/registrations/", {"session": fair.pk}).json()
    waiting = staff_client.get("/api/v1/registrations/", {"status": "waitlisted"}).json()

    assert every["count"] == 3
    assert {row["id"] for row in at_fair["results"]} == {registrations["a"].pk, registrations["b"].pk}
    assert [(row["id"], row["waitlist_position"]) for row in waiting["results"]] == [(registrations["b"].pk, 1)]


def test_employers_see_no_registrations_and_the_public_must_sign_in(employer_a_client, anon_client, registrations):
    assert employer_a_client.get("/api/v1/registrations/").json()["count"] == 0
    assert employer_a_client.get(f"/api/v1/registrations/{registrations['a'].pk}/").status_code == 404
    assert anon_client.get("/api/v1/registrations/").status_code == 401


def test_detail_own_or_staff_else_404(seeker_a_client, seeker_b_client, staff_client, registrations):
    url = f"/api/v1/registrations/{registrations['a'].pk}/"

    assert seeker_a_client.get(url).json()["check_in_code"] == registrations["a"].check_in_code
    assert staff_client.get(url).status_code == 200
    assert seeker_b_client.get(url).status_code == 404


def test_cancelling_promotes_the_first_waitlisted(seeker_a_client, registrations):
    response = seeker_a_client.post(f"/api/v1/registrations/{registrations['a'].pk}/cancel/")

    assert response.status_code == 200
    assert response.json()["status"] == "cancelled" and response.json()["cancelled_at"]
    promoted = Registration.objects.get(pk=registrations["b"].pk)
    assert promoted.status == "confirmed" and promoted.promoted_at is not None


def test_once_the_session_has_ended_a_registration_is_not_cancelled_nor_a_seat_given(seeker_a_client, registrations):
    session = registrations["a"].session
    with time_machine.travel(session.ends_at + timedelta(minutes=2), tick=False):  # before the 5-minute close
        response = seeker_a_client.post(f"/api/v1/registrations/{registrations['a'].pk}/cancel/")

    assert response.status_code == 409 and response.json()["code"] == "session_completed"
    assert Registration.objects.get(pk=registrations["b"].pk).status == "waitlisted"  # no "you have a seat" SMS


def test_cancelling_twice_is_refused(seeker_a_client, registrations):
    url = f"/api/v1/registrations/{registrations['a'].pk}/cancel/"
    assert seeker_a_client.post(url).status_code == 200

    again = seeker_a_client.post(url)

    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"


def test_only_the_owner_or_staff_cancel(seeker_b_client, employer_a_client, staff_client, registrations):
    url = f"/api/v1/registrations/{registrations['a'].pk}/cancel/"

    assert seeker_b_client.post(url).status_code == 404
    assert employer_a_client.post(url).status_code == 404
    assert Registration.objects.get(pk=registrations["a"].pk).status == "confirmed"
    assert staff_client.post(url).status_code == 200


def test_after_cancelling_one_may_register_again(seeker_a_client, fair):
    first = register(seeker_a_client, fair).json()
    seeker_a_client.post(f"/api/v1/registrations/{first['id']}/cancel/")

    again = register(seeker_a_client, fair)

    assert again.status_code == 201
    assert again.json()["id"] != first["id"]


# --- check-ins ------------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("on_the_fairs_day")
def test_staff_check_in_by_code(staff_client, staff_user, registrations):
    code = registrations["a"].check_in_code

    response = staff_client.post("/api/v1/check-ins/", {"code": f"  {code} "}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "attended" and response.json()["checked_in_at"]
    assert Registration.objects.get(pk=registrations["a"].pk).checked_in_by == staff_user
    again = staff_client.post("/api/v1/check-ins/", {"code": code}, format="json")
    assert (again.status_code, again.json()["status"]) == (200, "attended")


def test_an_unknown_code_is_refused_with_a_code(staff_client, registrations):
    response = staff_client.post("/api/v1/check-ins/", {"code": "KHONG-CO-MA-NAY"}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_check_in_code"


@pytest.mark.usefixtures("on_the_fairs_day")
def test_a_waitlisted_person_cannot_be_checked_in(staff_client, registrations):
    response = staff_client.post("/api/v1/check-ins/", {"code": registrations["b"].check_in_code}, format="json")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_check_in_needs_a_code(staff_client):
    response = staff_client.post("/api/v1/check-ins/", {}, format="json")

    assert response.status_code == 400
    assert "code" in response.json()


def test_only_staff_check_in(seeker_a_client, employer_a_client, anon_client, registrations):
    body = {"code": registrations["a"].check_in_code}

    assert seeker_a_client.post("/api/v1/check-ins/", body, format="json").status_code == 403
    assert employer_a_client.post("/api/v1/check-ins/", body, format="json").status_code == 403
    assert anon_client.post("/api/v1/check-ins/", body, format="json").status_code == 401
    assert Registration.objects.get(pk=registrations["a"].pk).status == "confirmed"


def test_the_status_filter_reads_the_status_the_answer_shows(seeker_a_client, seeker_a):
    cancelled_session = factories.JobSessionFactory(status="cancelled", cancel_reason="Mất điện")
    void = factories.RegistrationFactory(session=cancelled_session, job_seeker=seeker_a, status="confirmed")
    held = factories.RegistrationFactory(job_seeker=seeker_a, status="confirmed")

    confirmed = seeker_a_client.get("/api/v1/registrations/", {"status": "confirmed"}).json()["results"]
    cancelled = seeker_a_client.get("/api/v1/registrations/", {"status": "cancelled"}).json()["results"]

    assert [row["id"] for row in confirmed] == [held.pk]
    assert [(row["id"], row["status"]) for row in cancelled] == [(void.pk, "cancelled")]
