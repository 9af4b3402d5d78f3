import pytest
from django.db import connection

from tests import factories


@pytest.fixture(autouse=True)
def _require_postgresql(request):
    """The suite runs on PostgreSQL (DESIGN §6): a run on anything else fails rather than skipping."""
    if "django_db_setup" in request.fixturenames or request.node.get_closest_marker("django_db"):
        assert connection.vendor == "postgresql", "make test runs on PostgreSQL: set DATABASE_URL"


@pytest.fixture
def staff(db):
    return factories.StaffFactory()


@pytest.fixture
def job_seeker(db):
    return factories.JobSeekerFactory()


@pytest.fixture
def verified_employer(db):
    return factories.EmployerFactory(verification="verified")


@pytest.fixture
def open_session(db):
    """A published session, registration open now, 10 seats and 5 booths."""
    return factories.JobSessionFactory(job_seeker_capacity=10, employer_capacity=5)
