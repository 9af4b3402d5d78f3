"""An employer's online interview room at an online or hybrid session is shown only to the people registered for
that employer's vacancies: on their registration page, in their registration in the API, in the confirmation and
the reminders. Never on the public session page or in the public API, never to someone registered for another
employer's vacancy (issue 12 item 6). The employer sets its room in its own area; staff on the session's page."""

import json

import pytest
from django.urls import reverse

from sessions.models import Notification, Participation, Registration
from tests import factories
from tests.api.conftest import client_for as api_client_for
from tests.helpers import register
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db

ROOM_A = "https://phongvan.example.vn/gian-a"
ROOM_B = "https://phongvan.example.vn/gian-b"
SESSION_LINK = "https://truc-tuyen.example.vn/phien"


@pytest.fixture
def world():
    session = factories.JobSessionFactory(
        kind="online", format="online", venue=None, ward=None, online_url=SESSION_LINK, job_seeker_capacity=10
    )
    employer_a = factories.EmployerFactory(name="Công ty May Thăng Long")
    employer_b = factories.EmployerFactory(name="Công ty Điện tử Hà Nội")
    vacancy_a = factories.VacancyFactory(employer=employer_a, title="Thợ may")
    vacancy_b = factories.VacancyFactory(employer=employer_b, title="Kỹ thuật viên điện tử")
    booth_a = factories.ParticipationFactory(
        session=session, employer=employer_a, vacancies=[vacancy_a], online_room_url=ROOM_A
    )
    booth_b = factories.ParticipationFactory(
        session=session, employer=employer_b, vacancies=[vacancy_b], online_room_url=ROOM_B
    )
    for_a = register(session, factories.JobSeekerFactory(email="a@example.vn"), vacancies=[vacancy_a])
    for_b = register(session, factories.JobSeekerFactory(email="b@example.vn"), vacancies=[vacancy_b])
    return {
        "session": session,
        "booth_a": booth_a,
        "booth_b": booth_b,
        "vacancy_a": vacancy_a,
        "for_a": for_a,
        "for_b": for_b,
    }


def _email(registration, kind):
    return Notification.objects.get(registration=registration, kind=kind, channel="email").body_text


def test_the_public_session_page_shows_the_session_link_but_no_room(world, anon):
    url = reverse("web:session_detail", args=[world["session"].pk])
    for client in (anon, client_for(world["for_a"].job_seeker.user), client_for(factories.StaffFactory())):
        html = client.get(url).content.decode()
        assert SESSION_LINK in html  # the session's own link stays public (DESIGN §5: GET sessions/{id}/ is anyone's)
        assert ROOM_A not in html and ROOM_B not in html


def test_the_public_api_shows_no_room(world):
    anon = api_client_for()
    for url in (f"/api/v1/sessions/{world['session'].pk}/", "/api/v1/sessions/", "/api/v1/vacancies/"):
        text = anon.get(url).content.decode()
        assert ROOM_A not in text and ROOM_B not in text, url
    assert anon.get("/api/v1/participations/").status_code in (401, 403)


def test_a_person_registered_for_the_employers_vacancy_sees_its_room_and_not_another(world):
    person = world["for_a"].job_seeker.user
    page = client_for(person).get(reverse("web:registration_detail", args=[world["for_a"].pk])).content.decode()
    assert ROOM_A in page and ROOM_B not in page

    other = client_for(world["for_b"].job_seeker.user)
    page_b = other.get(reverse("web:registration_detail", args=[world["for_b"].pk])).content.decode()
    assert ROOM_B in page_b and ROOM_A not in page_b


def test_the_registration_in_the_api_carries_the_room_of_the_employers_vacancy_only(world):
    api = api_client_for(world["for_a"].job_seeker.user)
    one = api.get(f"/api/v1/registrations/{world['for_a'].pk}/").json()
    assert one["online_rooms"] == [
        {
            "employer": world["booth_a"].employer_id,
            "employer_name": "Công ty May Thăng Long",
            "booth_label": world["booth_a"].booth_label,
            "online_room_url": ROOM_A,
        }
    ]
    listed = api.get("/api/v1/registrations/").json()["results"]
    assert [r["online_rooms"][0]["online_room_url"] for r in listed] == [ROOM_A]
    assert ROOM_B not in json.dumps(listed)


def test_the_confirmation_and_the_reminders_carry_the_room(world):
    for kind in ("registration_confirmed", "reminder_day_before", "reminder_two_hours"):
        text = _email(world["for_a"], kind)
        assert ROOM_A in text and ROOM_B not in text, kind
        assert "Công ty May Thăng Long" in text
        other = _email(world["for_b"], kind)
        assert ROOM_B in other and ROOM_A not in other, kind


def test_a_room_set_later_reaches_the_pending_reminders(world):
    booth = world["booth_a"]
    client = client_for(factories.EmployerUserFactory(employer=booth.employer))

    response = client.post(reverse("employer:booth_room", args=[booth.pk]), {"online_room_url": ROOM_A + "-moi"})

    assert response.status_code == 302
    booth.refresh_from_db()
    assert booth.online_room_url == ROOM_A + "-moi"
    reminder = Notification.objects.get(
        registration=world["for_a"], kind="reminder_day_before", channel="email", status="pending"
    )
    assert ROOM_A + "-moi" in reminder.body_text
    assert (
        Notification.objects.filter(registration=world["for_a"], kind="reminder_day_before", channel="email").count()
        == 1
    )  # rewritten, not doubled
    assert ROOM_A + "-moi" not in _email(world["for_b"], "reminder_day_before")


def test_a_waitlisted_person_sees_no_room(world):
    session = world["session"]
    session.job_seeker_capacity = 2
    session.save(update_fields=["job_seeker_capacity"])
    waiting = register(session, factories.JobSeekerFactory(), vacancies=[world["vacancy_a"]])
    assert waiting.status == Registration.Status.WAITLISTED

    page = client_for(waiting.job_seeker.user).get(reverse("web:registration_detail", args=[waiting.pk]))

    assert ROOM_A not in page.content.decode()
    assert (
        api_client_for(waiting.job_seeker.user).get(f"/api/v1/registrations/{waiting.pk}/").json()["online_rooms"] == []
    )


def test_the_employer_sets_its_room_in_its_area_and_not_another_companys(world):
    booth = world["booth_a"]
    own = client_for(factories.EmployerUserFactory(employer=booth.employer))
    dashboard = own.get(reverse("employer:dashboard")).content.decode()
    assert f'id="room-{booth.pk}"' in dashboard and ROOM_A in dashboard

    stranger = client_for(factories.EmployerUserFactory(employer=world["booth_b"].employer))
    assert (
        stranger.post(reverse("employer:booth_room", args=[booth.pk]), {"online_room_url": ROOM_B}).status_code == 404
    )

    own.post(reverse("employer:booth_room", args=[booth.pk]), {"online_room_url": "not a link"})
    booth.refresh_from_db()
    assert booth.online_room_url == ROOM_A


def test_a_booth_at_an_in_person_session_gets_no_room(db):
    booth = factories.ParticipationFactory()
    client = client_for(factories.EmployerUserFactory(employer=booth.employer))

    response = client.post(reverse("employer:booth_room", args=[booth.pk]), {"online_room_url": ROOM_A}, follow=True)

    assert response.status_code == 200
    booth.refresh_from_db()
    assert booth.online_room_url == ""
    assert f'id="room-{booth.pk}"' not in response.content.decode()
    assert Participation.objects.filter(online_room_url=ROOM_A).count() == 0


def test_the_employer_sets_its_room_through_the_booth_api_and_not_another_companys(world):
    booth = world["booth_a"]
    own = api_client_for(factories.EmployerUserFactory(employer=booth.employer))
    url = f"/api/v1/participations/{booth.pk}/online-room/"

    response = own.post(url, {"online_room_url": ROOM_A + "-api"}, format="json")

    assert response.status_code == 200, response.content
    assert response.json()["online_room_url"] == ROOM_A + "-api"
    assert own.post(url, {"online_room_url": "không phải đường dẫn"}, format="json").status_code == 400
    stranger = api_client_for(factories.EmployerUserFactory(employer=world["booth_b"].employer))
    assert stranger.post(url, {"online_room_url": ROOM_B}, format="json").status_code == 404
    seeker = api_client_for(world["for_a"].job_seeker.user)
    assert seeker.post(url, {"online_room_url": ROOM_B}, format="json").status_code == 403
    booth.refresh_from_db()
    assert booth.online_room_url == ROOM_A + "-api"


def test_the_booth_api_refuses_a_room_at_an_in_person_session(db):
    booth = factories.ParticipationFactory()
    api = api_client_for(factories.StaffFactory())

    response = api.post(f"/api/v1/participations/{booth.pk}/online-room/", {"online_room_url": ROOM_A}, format="json")

    assert response.status_code == 400 and "online_room_url" in response.json()


TEAMS_LINK = "https://teams.microsoft.com/l/meetup-join/19%3ameeting_" + "N2Y4ZmQ1" * 30 + "%40thread.v2/0?context=x"


def test_a_long_meeting_link_as_teams_gives_it_is_kept_for_a_room_and_a_session(world):
    booth = world["booth_a"]
    client = client_for(factories.EmployerUserFactory(employer=booth.employer))
    assert len(TEAMS_LINK) > 300

    response = client.post(reverse("employer:booth_room", args=[booth.pk]), {"online_room_url": TEAMS_LINK})
    by_api = api_client_for(factories.StaffFactory()).patch(
        f"/api/v1/sessions/{world['session'].pk}/", {"online_url": TEAMS_LINK}, format="json"
    )

    assert response.status_code == 302
    booth.refresh_from_db()
    assert booth.online_room_url == TEAMS_LINK
    assert by_api.status_code == 200, by_api.content
    world["session"].refresh_from_db()
    assert world["session"].online_url == TEAMS_LINK
