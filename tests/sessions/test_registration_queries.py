"""Queries per registration (issue 14 item 7): a confirmed registration costs at most 7 round trips through the
service and 10 through the API (BEGIN and COMMIT counted), and under the session lock only the lock, one read,
the registration, its audit event and its notices. The tests run without the test case's wrapping transaction
(`transaction=True`), so the count is what a production request sends (no savepoints of the test's own)."""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from sessions import services
from sessions.models import Notification, Registration
from sessions.notifications import delivery
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _notices_wait_for_the_worker(monkeypatch):
    """What is counted is the registration's transaction. The notices are written in it, as always; their delivery,
    which the embedded mode runs inline after the commit (a Celery task with a worker), is left to the sweep as in
    tests/sessions/test_concurrency.py: it happens after the lock and the commit, and has tests of its own."""
    monkeypatch.setattr(delivery, "enqueue_due", lambda keys: None)


def test_a_confirmed_registration_through_the_service_takes_at_most_8_queries(django_assert_max_num_queries):
    session = factories.JobSessionFactory(job_seeker_capacity=10)
    person = factories.JobSeekerFactory()
    with django_assert_max_num_queries(8) as captured:
        registration, created = services.registration_create(session=session, job_seeker=person, actor=None)
    assert created and registration.status == Registration.Status.CONFIRMED
    assert Notification.objects.filter(registration=registration, kind="registration_confirmed").exists()
    assert Notification.objects.filter(registration=registration, kind__startswith="reminder_").exists()
    # BEGIN, the lock (with the venue), seats + person + desk codes, registration, audit event, notices, COMMIT
    assert len(captured) <= 7


def test_a_confirmed_registration_through_the_api_takes_at_most_10_queries(django_assert_max_num_queries):
    # the service's 7 (BEGIN and COMMIT included), and before them the token's user, whether the session is
    # visible to them, and their job seeker record
    session = factories.JobSessionFactory(job_seeker_capacity=10)
    person = factories.JobSeekerFactory()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(person.user).access_token}")
    with django_assert_max_num_queries(10):
        response = client.post(f"/api/v1/sessions/{session.pk}/registrations/", {}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["vacancies"] == [] and body["waitlist_position"] is None and body["online_rooms"] == []
