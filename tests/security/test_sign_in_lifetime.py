"""ASVS 3.3.2 (level 2): staff and employers, who read other people's personal data, are signed out after 30 minutes
without a request and 12 hours after signing in however busy; job seekers keep Django's session."""

from datetime import datetime, timedelta

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.clock import HANOI

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-2026"
START = datetime(2031, 4, 8, 8, 0, tzinfo=HANOI)


@pytest.fixture(autouse=True)
def _limits_as_shipped(settings):
    settings.SIGN_IN_IDLE_MINUTES = 30
    settings.SIGN_IN_MAX_HOURS = 12


def signed_in(user, time_machine) -> Client:
    time_machine.move_to(START, tick=False)
    client = Client()
    assert client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD}).status_code == 302
    return client


def at(time_machine, **after):
    time_machine.move_to(START + timedelta(**after), tick=False)


def test_staff_are_signed_out_after_thirty_minutes_without_a_request(time_machine):
    client = signed_in(factories.StaffFactory(), time_machine)

    at(time_machine, minutes=29)
    busy = client.get(reverse("staff:dashboard"))
    at(time_machine, minutes=29 + 31)
    idle = client.get(reverse("staff:dashboard"))

    assert busy.status_code == 200
    assert idle.status_code == 302 and idle["Location"].startswith(reverse("accounts:login"))
    assert "next=/staff/" in idle["Location"]
    again = client.get(idle["Location"])
    assert "Bạn đã được đăng xuất sau 30 phút không hoạt động" in again.content.decode()
    assert client.get(reverse("staff:dashboard")).status_code == 302  # signed out for good, not only redirected


def test_staff_are_signed_out_twelve_hours_after_signing_in_however_busy(time_machine):
    client = signed_in(factories.StaffFactory(), time_machine)

    answers = []
    for quarter in range(1, 12 * 4 + 2):  # a request every 15 minutes
        at(time_machine, minutes=15 * quarter)
        answers.append(client.get(reverse("staff:dashboard")).status_code)

    assert set(answers[: 12 * 4]) == {200}
    assert answers[-1] == 302


def test_an_employer_is_signed_out_when_idle_and_an_api_call_answers_401(time_machine):
    employer_user = factories.EmployerUserFactory()
    client = signed_in(employer_user, time_machine)

    at(time_machine, minutes=31)
    response = client.get("/api/v1/vacancies/")

    assert response.status_code == 401
    assert "30" in response.json()["detail"]


def test_a_job_seeker_stays_signed_in_through_an_idle_morning(time_machine):
    seeker = factories.JobSeekerFactory()
    client = signed_in(seeker.user, time_machine)

    at(time_machine, hours=13)

    assert client.get(reverse("web:my_registrations")).status_code == 200
