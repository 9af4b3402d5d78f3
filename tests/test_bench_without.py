"""The HTTP bench switches parts of the registration off to measure them (bench/http/without.py): switched on again,
the project's own are back, and a part it does not know is refused."""

import contextlib

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from bench.http.without import PARTS, switch_off
from jobfair.limits import RegistrationRateThrottle
from sessions import selectors
from sessions.api import views
from sessions.models import JobSession
from sessions.notifications import outbox
from tests import factories


def the_parts():
    return (
        outbox.registration_notices,
        RegistrationRateThrottle.allow_request,
        views.RegistrationOutputSerializer,
        views.get_object_or_404,
    )


@contextlib.contextmanager
def switched_off(parts):
    switch_on = switch_off(parts)
    try:
        yield
    finally:
        switch_on()


def test_switching_every_part_off_and_on_again_gives_the_project_its_own_back():
    own = the_parts()
    with switched_off(PARTS):
        assert all(now is not before for now, before in zip(the_parts(), own, strict=True))
    assert the_parts() == own


def test_an_unknown_part_is_refused_and_nothing_is_switched_off():
    own = the_parts()
    with pytest.raises(ValueError, match="no such part: rendering"):
        switch_off(["throttle", "rendering"])
    assert the_parts() == own


def _register(session, job_seeker):
    client = APIClient()
    client.force_authenticate(job_seeker.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/api/v1/sessions/{session.pk}/registrations/", {}, format="json")
    assert response.status_code == 201, response.content
    return response.json(), [query["sql"] for query in queries]


def test_without_the_read_the_session_is_read_once_and_the_lock_still_sees_a_change(open_session):
    first_seeker, second_seeker, third_seeker = (factories.JobSeekerFactory() for _ in range(3))
    session_reads = 'FROM "jobsessions_jobsession" LEFT OUTER JOIN'  # the API's read and the lock's (FOR UPDATE)

    def reads(queries, *, locked):
        return [sql for sql in queries if session_reads in sql and ("FOR UPDATE" in sql) == locked]

    with switched_off(["read"]):
        _first, first_queries = _register(open_session, first_seeker)
        second, second_queries = _register(open_session, second_seeker)
        JobSession.objects.filter(pk=open_session.pk).update(job_seeker_capacity=2, updated_at=timezone.now())
        third, third_queries = _register(open_session, third_seeker)
    assert len(reads(first_queries, locked=False)) == 1
    assert reads(second_queries, locked=False) == []
    assert second["status"] == "confirmed"
    assert len(reads(second_queries, locked=True)) == 1  # the copy is unchanged: the lock's light read alone
    # the copy says 10 seats; the lock finds the row changed, reads it again under the lock and gives the waitlist
    assert reads(third_queries, locked=False) == []
    assert len(reads(third_queries, locked=True)) == 2
    assert third["status"] == "waitlisted"


def test_without_the_read_a_staff_members_read_of_a_draft_is_not_given_to_a_job_seeker(db, staff):
    draft = factories.JobSessionFactory(status="draft")
    with switched_off(["read"]):
        assert views.get_object_or_404(selectors.sessions_visible_to(staff), pk=draft.pk) == draft
        with pytest.raises(Http404):
            views.get_object_or_404(selectors.sessions_visible_to(factories.JobSeekerFactory().user), pk=draft.pk)
