"""Moving a session (time, venue) is one rule, whoever moves it: the API's PATCH and the staff planner carry the
registration window and the ward along in the same way (sessions.services.session_update)."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from sessions import services
from sessions.models import Notification, SessionFormat, SessionKind, SessionStatus
from tests import factories

pytestmark = pytest.mark.django_db

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
# The moment these tests run at: an ordinary Tuesday morning, well before the sessions they plan.
NOW = datetime(2030, 3, 5, 9, 0, tzinfo=HCM)


@pytest.fixture(autouse=True)
def _pinned_clock():
    with time_machine.travel(NOW, tick=False):
        yield


def local(day, hour, minute=0):
    return datetime(2030, 3, day, hour, minute, tzinfo=HCM)


def planned(venue=None, **fields):
    """A published session on 20 March at a venue, its registration window left to the defaults."""
    session = services.session_create(
        actor=None,
        title="Phiên giao dịch việc làm định kỳ",
        kind=SessionKind.PERIODIC,
        format=SessionFormat.IN_PERSON,
        venue=venue or factories.VenueFactory(),
        starts_at=local(20, 8),
        ends_at=local(20, 11, 30),
        **fields,
    )
    return services.session_publish(session=session, actor=None)


def api_move(session, **body):
    client = APIClient()
    client.force_authenticate(factories.StaffFactory())
    response = client.patch(f"/api/v1/sessions/{session.pk}/", body, format="json")
    assert response.status_code == 200, response.content
    session.refresh_from_db()
    return session


def planner_move(client, session, *, venue, day, start, end):
    client.force_login(factories.StaffFactory())
    response = client.post(
        reverse("staff:session", args=[session.pk]),
        {"action": "move", "venue": venue.pk, "day": day, "start_time": start, "end_time": end},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session.refresh_from_db()
    return session


def test_api_move_later_keeps_registration_open_until_the_new_end():
    session = planned()

    api_move(session, starts_at=local(27, 8).isoformat(), ends_at=local(27, 11, 30).isoformat())

    assert session.registration_closes_at == local(27, 11, 30)


def test_api_move_earlier_than_the_opening_opens_registration_by_the_default_rule():
    session = planned(registration_opens_at=local(15, 8))

    api_move(session, starts_at=local(12, 8).isoformat(), ends_at=local(12, 11).isoformat())

    # "registration opens now, at the latest a day before": now (5 March) is earlier than 11 March
    assert session.registration_opens_at == NOW
    assert session.registration_closes_at == local(12, 11)


def test_a_window_given_with_the_move_is_kept():
    session = planned()

    api_move(
        session,
        starts_at=local(27, 8).isoformat(),
        ends_at=local(27, 11, 30).isoformat(),
        registration_closes_at=local(26, 17).isoformat(),
    )

    assert session.registration_closes_at == local(26, 17)


def test_planner_and_api_move_the_window_alike(client):
    by_api, by_planner = planned(), planned()

    api_move(by_api, starts_at=local(27, 13).isoformat(), ends_at=local(27, 16).isoformat())
    planner_move(client, by_planner, venue=by_planner.venue, day="2030-03-27", start="13:00", end="16:00")

    assert by_planner.registration_closes_at == by_api.registration_closes_at == local(27, 16)
    assert by_planner.registration_opens_at == by_api.registration_opens_at


def test_moving_to_another_venue_moves_the_session_to_that_venues_ward(client):
    old_venue = factories.VenueFactory(ward=factories.ward("00175", "Phường Yên Hòa"))
    new_venue = factories.VenueFactory(ward=factories.ward("00070", "Phường Hoàn Kiếm"))
    by_api, by_planner = planned(venue=old_venue), planned(venue=factories.VenueFactory(ward=old_venue.ward))

    api_move(by_api, venue=new_venue.pk)
    other_venue = factories.VenueFactory(ward=new_venue.ward)
    planner_move(client, by_planner, venue=other_venue, day="2030-03-20", start="08:00", end="11:30")

    assert by_api.ward_id == by_planner.ward_id == "00070"
    listed = APIClient().get("/api/v1/sessions/", {"ward": "00070"}).json()["results"]
    assert {row["id"] for row in listed} >= {by_api.pk, by_planner.pk}
    assert not [row for row in APIClient().get("/api/v1/sessions/", {"ward": "00175"}).json()["results"]]


def test_a_session_at_a_venue_is_in_the_venues_ward_even_when_another_is_given():
    venue = factories.VenueFactory(ward=factories.ward("00175", "Phường Yên Hòa"))

    session = planned(venue=venue, ward=factories.ward("00070", "Phường Hoàn Kiếm"))

    assert session.ward_id == "00175"


def test_a_venue_that_moves_ward_takes_its_planned_sessions_along_but_not_its_history():
    venue = factories.VenueFactory(ward=factories.ward("00175", "Phường Yên Hòa"))
    upcoming = planned(venue=venue)
    month_ago = timezone.now() - timedelta(days=30)
    held = factories.JobSessionFactory(
        venue=venue,
        ward=venue.ward,
        status=SessionStatus.COMPLETED,
        starts_at=month_ago,
        registration_opens_at=month_ago - timedelta(days=7),
    )

    services.venue_update(venue=venue, actor=None, ward=factories.ward("00070", "Phường Hoàn Kiếm"))

    upcoming.refresh_from_db()
    held.refresh_from_db()
    assert (upcoming.ward_id, held.ward_id) == ("00070", "00175")


def test_the_venue_clash_message_is_the_same_in_the_service_and_the_admin_form():
    venue = factories.VenueFactory()
    booked = planned(venue=venue)
    other = factories.JobSessionFactory.build(
        venue=venue, starts_at=local(20, 9), ends_at=local(20, 10), status=SessionStatus.DRAFT
    )

    refusal = services.venue_clash_refusal(other)

    assert refusal is not None and booked.code in str(refusal.detail)


# --- a session under way: day 2 of a fair, an evening past midnight ------------------------------------------


def _two_day_fair_with_one_person_checked_in():
    """20 March 08:00 to 21 March 17:00: one person came on day 1, one holds a seat for day 2."""
    session = services.session_update(session=planned(), actor=None, ends_at=local(21, 17))
    factories.RegistrationFactory(
        session=session, status="attended", job_seeker=factories.JobSeekerFactory(email="den@example.vn")
    )
    factories.RegistrationFactory(session=session, job_seeker=factories.JobSeekerFactory(email="cho@example.vn"))
    return session


def test_once_people_checked_in_the_session_is_not_moved_but_its_end_may_change():
    session = _two_day_fair_with_one_person_checked_in()

    with time_machine.travel(local(21, 9), tick=False), pytest.raises(ValidationError) as refused:
        services.session_update(session=session, actor=None, starts_at=local(23, 8), ends_at=local(23, 17))
    assert refused.value.message_dict["starts_at"] == [
        "Đã có người check-in: không thể dời phiên. Chỉ có thể đổi giờ kết thúc, hoặc hủy phiên."
    ]
    with time_machine.travel(local(21, 9), tick=False):
        services.session_update(session=session, actor=None, ends_at=local(21, 19))
    session.refresh_from_db()
    assert (session.starts_at, session.ends_at) == (local(20, 8), local(21, 19))


def test_cancelling_day_two_tells_the_people_who_came_on_day_one_too():
    session = _two_day_fair_with_one_person_checked_in()

    with time_machine.travel(local(21, 9), tick=False):
        services.session_cancel(session=session, actor=None, reason="Mất điện tại hội trường")

    told = set(Notification.objects.filter(session=session, kind="session_cancelled").values_list("address", flat=True))
    assert {"den@example.vn", "cho@example.vn"} <= told
