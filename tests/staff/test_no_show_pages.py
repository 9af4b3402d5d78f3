"""Issue 15 item 3 in the staff console and the API: a session's no-shows with their phone and whether the follow-up
message went out, a person's no-show history with the "call them" flag, the people to call in the follow-up list,
all with a bounded number of queries; `GET sessions/{id}/no-shows/` for staff. Nobody is blocked from registering."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from sessions import services
from sessions.models import Notification, Registration, SessionStatus
from sessions.notifications import outbox
from tests import factories
from tests.api.conftest import count_queries
from tests.helpers import PINNED_NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("daytime")]

NO_SHOW = Registration.Status.NO_SHOW


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def held(days_ago: float = 0.1, **fields):
    """A completed session that ended `days_ago` days ago."""
    ends_at = PINNED_NOW - timedelta(days=days_ago)
    return factories.JobSessionFactory(
        status=SessionStatus.COMPLETED,
        starts_at=ends_at - timedelta(hours=4),
        ends_at=ends_at,
        registration_opens_at=ends_at - timedelta(days=10),
        registration_closes_at=ends_at - timedelta(hours=4),
        **fields,
    )


def no_show(session, person=None):
    return factories.RegistrationFactory(
        session=session, job_seeker=person or factories.JobSeekerFactory(email="an@example.vn"), status=NO_SHOW
    )


def queries(client, url, params=None) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params or {}).status_code == 200
    return len(captured)


def test_a_sessions_no_shows_show_phone_and_whether_the_message_went_out(staff_client):
    session = held()
    sent = no_show(session, factories.JobSeekerFactory(full_name="Nguyễn Thị Lan", phone="+84912345678"))
    unreachable = no_show(session, factories.JobSeekerFactory(full_name="Trần Văn An", notify_by_sms=False))
    waiting = no_show(session, factories.JobSeekerFactory(full_name="Lê Văn Bình"))
    factories.RegistrationFactory(session=session, status=Registration.Status.ATTENDED)
    outbox.follow_up_no_shows()
    Notification.objects.filter(registration=sent).update(status=Notification.Status.SENT)
    Registration.objects.filter(pk=waiting.pk).update(no_show_followed_up_at=None)
    Notification.objects.filter(registration=waiting).delete()

    page = staff_client.get(reverse("staff:session_no_shows", args=[session.pk]))

    assert page.status_code == 200
    rows = {r.pk: r for r in page.context["page"].object_list}
    assert set(rows) == {sent.pk, unreachable.pk, waiting.pk}
    assert rows[sent.pk].message_state == "sent"
    assert rows[unreachable.pk].message_state == "no_channel"
    assert rows[waiting.pk].message_state == "not_written"
    html = page.content.decode()
    assert "0912 345 678" in html or "0912345678" in html
    assert "Not sent: no phone or e-mail to send to" in html


def test_the_session_page_links_to_its_no_shows_once_held(staff_client):
    session = held()

    html = staff_client.get(reverse("staff:session", args=[session.pk])).content.decode()

    assert reverse("staff:session_no_shows", args=[session.pk]) in html


def test_repeated_no_shows_are_flagged_call_them_on_the_sessions_list(staff_client):
    session = held()
    twice = factories.JobSeekerFactory()
    no_show(held(days_ago=30), twice)
    no_show(session, twice)
    no_show(session)

    page = staff_client.get(reverse("staff:session_no_shows", args=[session.pk]))

    flagged = {r.job_seeker_id: r.call_them for r in page.context["page"].object_list}
    assert flagged[twice.pk] is True and list(flagged.values()).count(True) == 1


def test_the_no_show_list_costs_the_same_queries_for_1_and_30_people(staff_client):
    session = held()
    no_show(session)
    outbox.follow_up_no_shows()
    url = reverse("staff:session_no_shows", args=[session.pk])
    one = queries(staff_client, url)
    for _n in range(29):
        no_show(session, factories.JobSeekerFactory(email=f"p{_n}@example.vn"))
    outbox.follow_up_no_shows()

    assert queries(staff_client, url) == one


def test_the_person_page_shows_the_no_show_history_and_the_call_flag(staff_client):
    person = factories.JobSeekerFactory()
    older, newer = no_show(held(days_ago=100), person), no_show(held(days_ago=2), person)

    page = staff_client.get(reverse("staff:person", args=[person.pk]))

    assert [r.pk for r in page.context["no_shows"]] == [newer.pk, older.pk]
    assert page.context["call_them"] is True
    assert 'id="call-them"' in page.content.decode()


def test_one_no_show_is_listed_but_not_flagged(staff_client):
    person = factories.JobSeekerFactory()
    no_show(held(), person)

    page = staff_client.get(reverse("staff:person", args=[person.pk]))

    assert len(page.context["no_shows"]) == 1
    assert 'id="call-them"' not in page.content.decode()


def test_the_follow_up_list_shows_the_people_to_call(staff_client):
    twice = factories.JobSeekerFactory(full_name="Phạm Thị Hoa", phone="+84912000111")
    no_show(held(days_ago=2), twice)
    no_show(held(days_ago=60), twice)
    no_show(held(days_ago=2))  # once: not listed

    page = staff_client.get(reverse("staff:follow_up"))

    assert [p.pk for p in page.context["to_call"]["page"].object_list] == [twice.pk]
    html = page.content.decode()
    assert 'id="to-call"' in html and "Phạm Thị Hoa" in html


def test_the_people_to_call_cost_the_same_queries_for_1_and_20_people(staff_client):
    def flagged():
        person = factories.JobSeekerFactory()
        no_show(held(days_ago=2), person)
        no_show(held(days_ago=50), person)

    flagged()
    one = queries(staff_client, reverse("staff:follow_up"))
    for _n in range(19):
        flagged()

    assert queries(staff_client, reverse("staff:follow_up")) == one


def test_a_flagged_person_is_still_booked_by_staff(staff_client):
    person = factories.JobSeekerFactory()
    no_show(held(days_ago=2), person)
    no_show(held(days_ago=50), person)
    coming = factories.JobSessionFactory()

    answer = staff_client.post(reverse("staff:person", args=[person.pk]), {"session": coming.pk})

    assert answer.status_code == 302
    assert Registration.objects.get(session=coming, job_seeker=person).status == Registration.Status.CONFIRMED


def test_the_no_show_pages_are_for_staff_only(client):
    session = held()
    client.force_login(factories.EmployerUserFactory())

    assert client.get(reverse("staff:session_no_shows", args=[session.pk])).status_code == 403


# --- the API ----------------------------------------------------------------------------------------------------


def test_the_api_lists_a_sessions_no_shows_for_staff(staff):
    session = held()
    twice = factories.JobSeekerFactory(full_name="Nguyễn Thị Lan", phone="+84912345678", email="lan@example.vn")
    no_show(held(days_ago=40), twice)
    registration = no_show(session, twice)
    outbox.follow_up_no_shows()

    _n, response = count_queries(staff, f"/api/v1/sessions/{session.pk}/no-shows/")

    [row] = response.json()["results"]
    assert row["registration"] == registration.pk
    assert row["job_seeker"] == twice.pk
    assert row["full_name"] == "Nguyễn Thị Lan"
    assert row["phone"] == "+84912345678"
    assert row["recent_no_shows"] == 2 and row["call_suggested"] is True
    assert row["message"] == "pending"
    assert row["followed_up_at"] is not None


def test_the_api_no_show_list_costs_the_same_queries_for_1_and_30_people(staff):
    session = held()
    no_show(session)
    url = f"/api/v1/sessions/{session.pk}/no-shows/"
    one, _response = count_queries(staff, url)
    for _n in range(29):
        no_show(session, factories.JobSeekerFactory())

    many, response = count_queries(staff, url)
    assert response.json()["count"] == 30
    assert many == one


def test_the_api_answers_404_for_an_unknown_session(staff):
    from tests.api.conftest import client_for

    assert client_for(staff).get("/api/v1/sessions/999999/no-shows/").status_code == 404


def test_completing_through_the_service_leads_to_the_list(staff):
    session = factories.JobSessionFactory(
        starts_at=PINNED_NOW - timedelta(hours=5),
        ends_at=PINNED_NOW - timedelta(hours=1),
        registration_opens_at=PINNED_NOW - timedelta(days=10),
        registration_closes_at=PINNED_NOW - timedelta(hours=5),
    )
    registration = factories.RegistrationFactory(session=session)
    services.session_complete(session=session, actor=staff)

    _n, response = count_queries(staff, f"/api/v1/sessions/{session.pk}/no-shows/")

    assert [row["registration"] for row in response.json()["results"]] == [registration.pk]
