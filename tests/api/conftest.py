"""Fixtures of the API tests: one client per role, and a published session where two verified employers hold
approved booths, each bringing one vacancy."""

import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from accounts.models import User
from tests import factories
from tests.helpers import on_session_day


@pytest.fixture(autouse=True)
def _english(settings):
    settings.LANGUAGE_CODE = "en"


@pytest.fixture(autouse=True)
def _fresh_throttle_counters():
    """Throttle counters live in the cache, which outlives a test: each test gets an empty in-memory cache of its
    own (a Redis named by REDIS_URL is left alone; the throttling tests bring their own)."""
    locmem = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"api-tests-{uuid.uuid4()}"}
    with override_settings(CACHES={"default": locmem}):
        yield
        cache.clear()


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def count_queries(user, url: str, **params) -> tuple[int, object]:
    """Queries of one GET, with the user loaded afresh (as token authentication does on each request)."""
    client = client_for(User.objects.get(pk=user.pk) if user is not None else None)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200, response.content
    return len(queries), response


@pytest.fixture
def anon_client():
    return client_for(None)


@pytest.fixture
def staff_user(db):
    return factories.StaffFactory()


@pytest.fixture
def staff_client(staff_user):
    return client_for(staff_user)


@pytest.fixture
def employer_a(db):
    return factories.EmployerFactory(verification="verified")


@pytest.fixture
def employer_b(db):
    return factories.EmployerFactory(verification="verified")


@pytest.fixture
def employer_a_user(employer_a):
    return factories.EmployerUserFactory(employer=employer_a)


@pytest.fixture
def employer_b_user(employer_b):
    return factories.EmployerUserFactory(employer=employer_b)


@pytest.fixture
def employer_a_client(employer_a_user):
    return client_for(employer_a_user)


@pytest.fixture
def employer_b_client(employer_b_user):
    return client_for(employer_b_user)


@pytest.fixture
def seeker_a(db):
    return factories.JobSeekerFactory(email="an.tran@example.vn")


@pytest.fixture
def seeker_b(db):
    return factories.JobSeekerFactory()


@pytest.fixture
def seeker_a_client(seeker_a):
    return client_for(seeker_a.user)


@pytest.fixture
def seeker_b_client(seeker_b):
    return client_for(seeker_b.user)


@pytest.fixture
def fair(db):
    """A published session (10 seats, 5 booths) where employers A and B hold approved booths."""
    return factories.JobSessionFactory(job_seeker_capacity=10, employer_capacity=5)


@pytest.fixture
def on_the_fairs_day(fair):
    """Half an hour into the fair: the desk checks people in and booths record interviews only on the day."""
    with on_session_day(fair) as traveller:
        yield traveller


@pytest.fixture
def vacancy_a(employer_a):
    return factories.VacancyFactory(employer=employer_a, title="Kế toán tổng hợp", occupation="2411")


@pytest.fixture
def vacancy_b(employer_b):
    return factories.VacancyFactory(employer=employer_b, title="Thợ hàn", occupation="7212")


@pytest.fixture
def booth_a(fair, employer_a, vacancy_a):
    return factories.ParticipationFactory(session=fair, employer=employer_a, vacancies=[vacancy_a], booth_label="01")


@pytest.fixture
def booth_b(fair, employer_b, vacancy_b):
    return factories.ParticipationFactory(session=fair, employer=employer_b, vacancies=[vacancy_b], booth_label="02")
