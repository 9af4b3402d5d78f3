"""Fixtures of the web page tests: one signed-in client per role and a published session where a verified
employer holds an approved booth with one vacancy."""

import pytest
from django.test import Client

from tests import factories

PASSWORD = "Mat-khau-2026"


def client_for(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def anon():
    return Client()


@pytest.fixture
def employer(db):
    return factories.EmployerFactory(name="Công ty TNHH May Thăng Long", verification="verified")


@pytest.fixture
def employer_user(employer):
    return factories.EmployerUserFactory(employer=employer)


@pytest.fixture
def employer_client(employer_user):
    return client_for(employer_user)


@pytest.fixture
def other_employer_client(db):
    return client_for(factories.EmployerUserFactory(employer=factories.EmployerFactory(verification="verified")))


@pytest.fixture
def seeker(db):
    return factories.JobSeekerFactory(full_name="Nguyễn Thị Lan", email="lan@example.vn")


@pytest.fixture
def seeker_client(seeker):
    return client_for(seeker.user)


@pytest.fixture
def other_seeker(db):
    return factories.JobSeekerFactory(full_name="Phạm Văn Bình")


@pytest.fixture
def staff_client(db):
    return client_for(factories.StaffFactory())


@pytest.fixture
def fair(db):
    """A published session with 2 seats, registration open."""
    return factories.JobSessionFactory(title="Phiên giao dịch việc làm định kỳ tháng 3", job_seeker_capacity=2)


@pytest.fixture
def vacancy(employer):
    return factories.VacancyFactory(employer=employer, title="Kế toán tổng hợp", occupation="2411")


@pytest.fixture
def booth(fair, employer, vacancy):
    return factories.ParticipationFactory(session=fair, employer=employer, vacancies=[vacancy], booth_label="01")


def errors_of(response, field: str) -> str:
    """The inline error shown next to a field ('' when there is none)."""
    import re

    html = response.content.decode()
    match = re.search(rf'id="id_{field}_error">(.*?)</div>', html, re.S)
    return match.group(1).strip() if match else ""
