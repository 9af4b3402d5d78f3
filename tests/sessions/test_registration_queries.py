"""Queries per registration (issue 14 item 7): a registration costs at most 6 round trips through the service and
8 through the API (BEGIN and COMMIT counted), and under the session lock only the lock (its row carries the seat
counters), the registration, its audit event and its notices; the notices of a seat or of a place on the waitlist
are rendered before the lock, and whatever changed between that read and the lock is rendered again under it. The
tests run without the test case's wrapping transaction (`transaction=True`), so the count is what a production
request sends (no savepoints of the test's own)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import RefreshToken

from jobfair import errors
from sessions import services
from sessions.models import JobSession, Notification, Registration
from sessions.notifications import channels, delivery, outbox
from sessions.notifications.content import email_html, registration_context
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _notices_wait_for_the_worker(monkeypatch):
    """What is counted is the registration's transaction. The notices are written in it, as always; their delivery,
    which the embedded mode runs inline after the commit (a Celery task with a worker), is left to the sweep as in
    tests/sessions/test_concurrency.py: it happens after the lock and the commit, and has tests of its own."""
    monkeypatch.setattr(delivery, "ask_for_sweep", lambda: None)


def test_a_confirmed_registration_through_the_service_takes_6_queries(django_assert_num_queries):
    session = factories.JobSessionFactory(job_seeker_capacity=10)
    person = factories.JobSeekerFactory()
    # BEGIN, the lock (the seat counters, and whether the session or its venue changed since the read), registration,
    # audit event, notices, COMMIT
    with django_assert_num_queries(6):
        registration, created = services.registration_create(session=session, job_seeker=person, actor=None)
    assert created and registration.status == Registration.Status.CONFIRMED
    assert Notification.objects.filter(registration=registration, kind="registration_confirmed").exists()
    assert Notification.objects.filter(registration=registration, kind__startswith="reminder_").exists()


def client_of(person) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {RefreshToken.for_user(person.user).access_token}")
    return client


def register(client, session):
    return client.post(f"/api/v1/sessions/{session.pk}/registrations/", {}, format="json")


def locked_part(captured) -> list[str]:
    """The statements from the session lock to the end of its transaction."""
    statements = [query["sql"] for query in captured.captured_queries]
    start = next(n for n, sql in enumerate(statements) if "FOR UPDATE" in sql)
    end = next(n for n, sql in enumerate(statements) if n > start and sql.strip().upper() == "COMMIT")
    return statements[start : end + 1]


def test_a_confirmed_registration_through_the_api_takes_8_queries(django_assert_num_queries):
    # the service's 6 (BEGIN and COMMIT included), and before them the token's user with their job seeker record,
    # and the session as they may see it (with its venue and counters); the notices are rendered before the lock,
    # and their delivery is enqueued by id (no query after the commit either)
    session = factories.JobSessionFactory(job_seeker_capacity=10)
    person = factories.JobSeekerFactory()
    client = client_of(person)
    with django_assert_num_queries(8) as captured:
        response = register(client, session)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "confirmed"
    assert body["vacancies"] == [] and body["waitlist_position"] is None and body["online_rooms"] == []
    locked = locked_part(captured)
    # under the lock: the lock, the registration, its audit event, its notices (one insert), COMMIT
    assert [sql.split()[0] for sql in locked] == ["SELECT", "INSERT", "INSERT", "INSERT", "COMMIT"], "\n".join(locked)


def test_a_waitlisted_registration_through_the_api_says_its_place_without_another_query(django_assert_num_queries):
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    factories.RegistrationFactory(session=session)
    factories.RegistrationFactory(session=session, status="waitlisted")
    client = client_of(factories.JobSeekerFactory(email="chi@example.vn", notify_by_sms=True))
    with django_assert_num_queries(8) as captured:
        response = register(client, session)
    assert response.status_code == 201, response.content
    assert (response.json()["status"], response.json()["waitlist_position"]) == ("waitlisted", 2)
    assert [sql.split()[0] for sql in locked_part(captured)] == ["SELECT", "INSERT", "INSERT", "INSERT", "COMMIT"]
    notices = Notification.objects.filter(registration_id=response.json()["id"], kind="registration_waitlisted")
    assert {notice.channel for notice in notices} == {"email", "sms"}
    for notice in notices:
        text = f"{notice.subject} {notice.body_text} {email_html(notice)}"
        assert "waitlist-place" not in text
    assert "vị trí số 2 " in notices.get(channel="email").body_text
    assert "vi tri cho so 2." in notices.get(channel="sms").body_text


def test_notices_rendered_before_the_lock_say_what_the_saved_registration_is():
    session = factories.JobSessionFactory(job_seeker_capacity=10)
    person = factories.JobSeekerFactory(email="an@example.vn", notify_by_sms=True)
    response = register(client_of(person), session)
    registration = Registration.objects.get(pk=response.json()["id"])
    notices = Notification.objects.filter(registration=registration)
    written = {(n.kind, n.channel) for n in notices}  # an SMS reminder due in the quiet hours is not written
    assert {kind for kind, channel in written if channel == "email"} == {
        "registration_confirmed",
        "reminder_day_before",
        "reminder_two_hours",
    }
    assert ("registration_confirmed", "sms") in written
    for notice in notices:
        assert f":reg{registration.pk}" in notice.dedup_key and "reg?" not in notice.dedup_key
        assert notice.job_seeker_id == person.pk and notice.session_id == session.pk
    confirmation = notices.get(kind="registration_confirmed", channel="email")
    assert registration.check_in_code in confirmation.body_text
    assert registration.check_in_code in channels.build_email(confirmation).alternatives[0][0]  # the QR's alt text
    sms = notices.get(kind="registration_confirmed", channel="sms")
    assert registration.short_code[:3] in sms.body_text
    assert confirmation.body_text and "Da dang ky" not in confirmation.body_text  # each channel its own text


def test_a_seat_gone_between_the_read_and_the_lock_gets_the_waitlist_notice_not_a_confirmation():
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    read = JobSession.objects.select_related("venue__ward").get(pk=session.pk)
    assert read.seats_taken == 0
    factories.RegistrationFactory(session=session)  # the last seat, taken meanwhile
    person = factories.JobSeekerFactory()
    registration, created = services.registration_create(session=read, job_seeker=person, actor=None)
    assert created and registration.status == Registration.Status.WAITLISTED
    kinds = set(Notification.objects.filter(registration=registration).values_list("kind", flat=True))
    assert kinds == {"registration_waitlisted"}


def test_a_session_moved_between_the_read_and_the_lock_is_told_at_its_new_time():
    session = factories.JobSessionFactory(job_seeker_capacity=10)
    read = JobSession.objects.select_related("venue__ward").get(pk=session.pk)
    moved = read.starts_at + timedelta(days=1, hours=2)
    staff = factories.StaffFactory()
    person = factories.JobSeekerFactory(email="binh@example.vn")
    services.session_update(session=session, actor=staff, starts_at=moved, ends_at=moved + timedelta(hours=4))
    registration, _created = services.registration_create(session=read, job_seeker=person, actor=None)
    confirmation = Notification.objects.get(registration=registration, kind="registration_confirmed", channel="email")
    local = timezone.localtime(moved)
    assert local.strftime("%d/%m/%Y") in confirmation.body_text and local.strftime("%H:%M") in confirmation.body_text
    reminder = Notification.objects.get(registration=registration, kind="reminder_two_hours", channel="email")
    assert reminder.send_after == moved - timedelta(hours=2)


def test_a_seat_freed_between_the_read_and_the_lock_gets_the_confirmation_not_the_waitlist_notice():
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    holder = factories.RegistrationFactory(session=session)
    read = JobSession.objects.select_related("venue__ward").get(pk=session.pk)
    assert read.seats_taken == 1  # the read promises a place on the waitlist
    services.registration_cancel(registration=holder, actor=None)
    registration, _created = services.registration_create(
        session=read, job_seeker=factories.JobSeekerFactory(), actor=None
    )
    assert registration.status == Registration.Status.CONFIRMED
    kinds = set(Notification.objects.filter(registration=registration).values_list("kind", flat=True))
    assert "registration_confirmed" in kinds and "registration_waitlisted" not in kinds


def test_the_lock_reads_only_the_counters_and_what_says_whether_the_session_changed():
    session = factories.JobSessionFactory(job_seeker_capacity=10)
    read = JobSession.objects.select_related("venue__ward").get(pk=session.pk)
    with CaptureQueriesContext(connection) as captured:
        services.registration_create(session=read, job_seeker=factories.JobSeekerFactory(), actor=None)
    lock = next(query["sql"] for query in captured.captured_queries if "FOR UPDATE" in query["sql"])
    selected = lock.split(" FROM ")[0]
    assert '"seats_taken"' in selected and '"waitlisted_count"' in selected and '"updated_at"' in selected
    assert '"title"' not in selected and '"name"' not in selected  # not the session's nor its venue's whole row
    assert sum("FOR UPDATE" in query["sql"] for query in captured.captured_queries) == 1


def test_a_session_cancelled_between_the_read_and_the_lock_refuses_the_registration():
    session = factories.JobSessionFactory(job_seeker_capacity=10)
    read = JobSession.objects.select_related("venue__ward").get(pk=session.pk)
    services.session_cancel(session=session, actor=factories.StaffFactory(), reason="Hội trường sửa chữa")
    with pytest.raises(errors.SessionCancelled):
        services.registration_create(session=read, job_seeker=factories.JobSeekerFactory(), actor=None)
    assert not Registration.objects.filter(session=session).exists()


def test_seats_added_between_the_read_and_the_lock_give_a_seat():
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    factories.RegistrationFactory(session=session)
    read = JobSession.objects.select_related("venue__ward").get(pk=session.pk)
    assert not read.has_free_seat  # the read promises a place on the waitlist
    services.session_update(session=session, actor=factories.StaffFactory(), job_seeker_capacity=2)
    registration, _created = services.registration_create(
        session=read, job_seeker=factories.JobSeekerFactory(), actor=None
    )
    assert registration.status == Registration.Status.CONFIRMED
    kinds = set(Notification.objects.filter(registration=registration).values_list("kind", flat=True))
    assert "registration_confirmed" in kinds and "registration_waitlisted" not in kinds


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_waitlist_notice_rendered_before_the_lock_says_what_one_rendered_under_it_says(language):
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    factories.RegistrationFactory(session=session)
    for _n in range(11):
        factories.RegistrationFactory(session=session, status="waitlisted")
    person = factories.JobSeekerFactory(email="dung@example.vn", notify_by_sms=True, language=language)
    read = JobSession.objects.select_related("venue__ward").get(pk=session.pk)
    registration, _created = services.registration_create(session=read, job_seeker=person, actor=None)
    assert registration.waitlist_place == 12
    written = {n.channel: n for n in Notification.objects.filter(registration=registration)}
    registration.refresh_from_db()
    rendered_here = outbox.registration_notices(
        registration,
        Notification.Kind.REGISTRATION_WAITLISTED,
        context=registration_context(registration, waitlist_place=12, online_rooms=[]),
    )
    assert {row.channel for row in rendered_here} == set(written) == {"email", "sms"}
    for row in rendered_here:
        notice = written[row.channel]
        assert (notice.subject, notice.body_text) == (row.subject, row.body_text)
        assert "12" in notice.body_text


def test_registering_again_returns_the_registration_without_a_second_one():
    session = factories.JobSessionFactory(job_seeker_capacity=10)
    person = factories.JobSeekerFactory()
    first, created = services.registration_create(session=session, job_seeker=person, actor=None)
    again, created_again = services.registration_create(session=session, job_seeker=person, actor=None)
    assert (created, created_again, again.pk) == (True, False, first.pk)
    session.refresh_from_db()
    assert session.seats_taken == 1 and Registration.objects.filter(session=session).count() == 1


def test_a_desk_code_taken_already_at_the_session_is_drawn_again(monkeypatch):
    session = factories.JobSessionFactory(job_seeker_capacity=10)
    factories.RegistrationFactory(session=session, short_code="AAAAAA")
    short_code = Registration._meta.get_field("short_code")
    monkeypatch.setattr(short_code, "default", lambda: "AAAAAA")
    person = factories.JobSeekerFactory(email="em@example.vn")
    registration, created = services.registration_create(session=session, job_seeker=person, actor=None)
    assert created and registration.short_code != "AAAAAA"
    for notice in Notification.objects.filter(registration=registration, kind="registration_confirmed"):
        assert registration.short_code[:3] in notice.body_text and "AAA-AAA" not in notice.body_text
