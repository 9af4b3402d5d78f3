"""The registration's read of its session is given again for a moment (selectors.session_to_register_for): the next
registrations read no session before the lock, and the lock still sees every change that matters."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from sessions import selectors
from sessions.models import JobSession
from tests import factories

SESSION_READ = 'FROM "jobsessions_jobsession"'


def _register(session, job_seeker):
    client = APIClient()
    client.force_authenticate(job_seeker.user)
    with CaptureQueriesContext(connection) as queries:
        response = client.post(f"/api/v1/sessions/{session.pk}/registrations/", {}, format="json")
    return response, [query["sql"] for query in queries]


def _session_reads(queries, *, locked):
    return [sql for sql in queries if SESSION_READ in sql and ("FOR UPDATE" in sql) == locked]


def test_the_next_registration_reads_no_session_before_the_lock(open_session):
    first, first_queries = _register(open_session, factories.JobSeekerFactory())
    second, second_queries = _register(open_session, factories.JobSeekerFactory())
    assert (first.status_code, second.status_code) == (201, 201)
    assert len(_session_reads(first_queries, locked=False)) == 1
    assert _session_reads(second_queries, locked=False) == []
    assert len(_session_reads(second_queries, locked=True)) == 1  # the lock's light read alone
    assert second.json()["status"] == "confirmed"


def test_a_change_after_the_read_is_seen_under_the_lock(open_session):
    _register(open_session, factories.JobSeekerFactory())
    JobSession.objects.filter(pk=open_session.pk).update(job_seeker_capacity=1, updated_at=timezone.now())
    response, queries = _register(open_session, factories.JobSeekerFactory())
    # the remembered read says 10 seats; the lock finds the row changed and reads it again, with its venue
    assert _session_reads(queries, locked=False) == []
    assert len(_session_reads(queries, locked=True)) == 2
    assert response.status_code == 201
    assert response.json()["status"] == "waitlisted"


def test_a_session_made_cohort_only_after_the_read_refuses_who_is_not_in_the_cohort(open_session):
    _register(open_session, factories.JobSeekerFactory())
    open_session.cohort_only = True
    open_session.save()
    open_session.target_cohorts.set([factories.cohort()])
    response, _queries = _register(open_session, factories.JobSeekerFactory())
    assert response.status_code == 409
    assert response.json()["code"] == "not_eligible"
    assert open_session.registrations.count() == 1


def test_a_cancelled_session_refuses_although_it_was_read_open(open_session, staff):
    from sessions import services

    _register(open_session, factories.JobSeekerFactory())
    services.session_cancel(session=open_session, actor=staff, reason="Mưa bão")
    response, _queries = _register(open_session, factories.JobSeekerFactory())
    assert response.status_code == 409
    assert response.json()["code"] == "session_cancelled"


def test_a_staff_members_read_of_a_draft_is_not_given_to_a_job_seeker(db, staff):
    draft = factories.JobSessionFactory(status="draft")
    assert selectors.session_to_register_for(staff, draft.pk) == draft
    assert selectors.session_to_register_for(factories.JobSeekerFactory().user, draft.pk) is None


def test_each_caller_gets_its_own_copy(open_session, job_seeker):
    first = selectors.session_to_register_for(job_seeker.user, open_session.pk)
    first.seats_taken = 7
    second = selectors.session_to_register_for(job_seeker.user, open_session.pk)
    assert second is not first
    assert second.seats_taken == 0


def test_the_read_is_made_again_once_its_moment_has_passed(open_session, job_seeker, monkeypatch):
    selectors.session_to_register_for(job_seeker.user, open_session.pk)
    JobSession.objects.filter(pk=open_session.pk).update(title="Phiên mới")
    assert selectors.session_to_register_for(job_seeker.user, open_session.pk).title != "Phiên mới"
    monkeypatch.setattr(selectors, "RECENT_READ_SECONDS", -1)  # every read remembered is past its moment
    assert selectors.session_to_register_for(job_seeker.user, open_session.pk).title == "Phiên mới"


def test_an_unknown_or_malformed_session_is_none_and_the_api_answers_404(db, job_seeker):
    assert selectors.session_to_register_for(job_seeker.user, 10**9) is None
    assert selectors.session_to_register_for(job_seeker.user, "abc") is None
    client = APIClient()
    client.force_authenticate(job_seeker.user)
    assert client.post("/api/v1/sessions/999999999/registrations/", {}, format="json").status_code == 404
