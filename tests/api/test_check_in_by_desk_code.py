"""Issue 12 item 4: the API checks a person in by the desk code they read out (any case, dashes ignored), within
the session named; the registration shows its desk code."""

import pytest

from sessions.models import Registration
from tests import factories
from tests.helpers import on_session_day, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def session():
    return factories.JobSessionFactory()


def test_registration_output_has_the_desk_code(staff_client, session):
    registration = register(session)
    body = staff_client.get(f"/api/v1/registrations/{registration.pk}/").json()
    assert body["short_code"] == registration.short_code


def test_check_in_by_the_desk_code_in_lower_case(staff_client, session):
    registration = register(session)
    typed = f"{registration.short_code[:3]}-{registration.short_code[3:]}".lower()
    with on_session_day(session):
        response = staff_client.post("/api/v1/check-ins/", {"session": session.pk, "short_code": typed}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "attended" and response.json()["id"] == registration.pk
    assert Registration.objects.get(pk=registration.pk).status == "attended"


def test_a_desk_code_of_another_session_is_refused(staff_client, session):
    elsewhere = register(factories.JobSessionFactory())
    with on_session_day(session):
        response = staff_client.post(
            "/api/v1/check-ins/", {"session": session.pk, "short_code": elsewhere.short_code}, format="json"
        )
    assert response.status_code == 409 and response.json()["code"] == "invalid_check_in_code"


def test_a_desk_code_needs_its_session(staff_client, session):
    registration = register(session)
    response = staff_client.post("/api/v1/check-ins/", {"short_code": registration.short_code}, format="json")
    assert response.status_code == 400 and "session" in response.json()
