"""Sessions set up from the console (issue 12 item 6): the staff session form takes everything the API takes and
refuses what the API refuses (the same services decide); staff set each booth's online interview room; the series
preview counts what a series creates after its clashes and the create button stays disabled while one remains."""

import re
from datetime import datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AdministrativeUnit, AuditEvent
from sessions.models import JobSession, Notification, Participation
from tests import factories
from tests.api.conftest import client_for

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("daytime")]


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def api(staff):
    return client_for(staff)


def _day(days=10):
    return timezone.localdate() + timedelta(days=days)


def _local(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=timezone.get_current_timezone())


# One session described once, sent both ways: to `POST /api/v1/sessions/` and to the staff form.
def _spec(venue=None, **changes):
    day = _day()
    spec = {
        "title": "Phiên việc làm trực tuyến liên tỉnh",
        "kind": "periodic",
        "format": "in_person",
        "venue": venue.pk if venue else None,
        "online_url": "",
        "day": day,
        "start": (8, 0),
        "end": (11, 30),
        "end_day": None,  # the day it ends when not the day it starts
        "opens": None,
        "closes": None,
        "employer_capacity": None,
        "job_seeker_capacity": None,
        "target_cohorts": [],
        "cohort_only": False,
        "linked_provinces": [],
        "theme": "",
        "co_organisers": "",
        "description": "",
        "ward": None,
    }
    spec.update(changes)
    return spec


def _api_body(spec):
    body = {
        "title": spec["title"],
        "kind": spec["kind"],
        "format": spec["format"],
        "venue": spec["venue"],
        "online_url": spec["online_url"],
        "starts_at": _local(spec["day"], *spec["start"]).isoformat(),
        "ends_at": _local(spec["end_day"] or spec["day"], *spec["end"]).isoformat(),
        "target_cohorts": spec["target_cohorts"],
        "cohort_only": spec["cohort_only"],
        "linked_provinces": spec["linked_provinces"],
        "theme": spec["theme"],
        "co_organisers": spec["co_organisers"],
        "description": spec["description"],
    }
    if spec["ward"]:
        body["ward"] = spec["ward"].code
    for name in ("employer_capacity", "job_seeker_capacity"):
        if spec[name] is not None:
            body[name] = spec[name]
    if spec["opens"]:
        body["registration_opens_at"] = spec["opens"].isoformat()
    if spec["closes"]:
        body["registration_closes_at"] = spec["closes"].isoformat()
    return body


def _form_data(spec):
    data = {
        "title": spec["title"],
        "kind": spec["kind"],
        "format": spec["format"],
        "venue": spec["venue"] or "",
        "online_url": spec["online_url"],
        "day": spec["day"].isoformat(),  # what a native date input sends
        "start_time": "{:02d}:{:02d}".format(*spec["start"]),
        "end_time": "{:02d}:{:02d}".format(*spec["end"]),
        "employer_capacity": "" if spec["employer_capacity"] is None else spec["employer_capacity"],
        "job_seeker_capacity": "" if spec["job_seeker_capacity"] is None else spec["job_seeker_capacity"],
        "target_cohorts": spec["target_cohorts"],
        "linked_provinces": spec["linked_provinces"],
        "theme": spec["theme"],
        "co_organisers": spec["co_organisers"],
        "description": spec["description"],
    }
    if spec["end_day"]:
        data["end_day"] = spec["end_day"].isoformat()
    if spec["ward"]:
        data["province"], data["ward"] = spec["ward"].province_id, spec["ward"].code
    if spec["cohort_only"]:
        data["cohort_only"] = "on"
    for name, moment in (("registration_opens_at", spec["opens"]), ("registration_closes_at", spec["closes"])):
        if moment:
            local = timezone.localtime(moment)
            data[f"{name}_0"], data[f"{name}_1"] = local.date().isoformat(), local.strftime("%H:%M")
    return data


def _form_errors(response):
    form = response.context["form"]
    return {name: [str(m) for m in messages] for name, messages in form.errors.items()}


def _fields(session):
    return {
        "title": session.title,
        "kind": session.kind,
        "format": session.format,
        "venue": session.venue_id,
        "online_url": session.online_url,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "registration_opens_at": session.registration_opens_at,
        "registration_closes_at": session.registration_closes_at,
        "employer_capacity": session.employer_capacity,
        "job_seeker_capacity": session.job_seeker_capacity,
        "target_cohorts": sorted(session.target_cohorts.values_list("code", flat=True)),
        "cohort_only": session.cohort_only,
        "linked_provinces": sorted(session.linked_provinces.values_list("code", flat=True)),
        "theme": session.theme,
        "co_organisers": session.co_organisers,
    }


def test_the_form_creates_what_the_api_creates_cohorts_window_provinces_and_link_included(staff_client, api):
    factories.cohort("youth", sensitive=False, name_vi="Thanh niên", name_en="Young people")
    day = _day()
    spec = _spec(
        kind="online",
        format="online",
        online_url="https://meet.example.vn/lien-tinh",
        opens=_local(day - timedelta(days=5), 8),
        closes=_local(day, 10),
        employer_capacity=40,
        target_cohorts=["youth"],
        cohort_only=True,
        linked_provinces=["01", "48"],
        theme="Việc làm cho thanh niên",
        co_organisers="Trung tâm DVVL Đà Nẵng",
    )

    by_api = api.post("/api/v1/sessions/", _api_body(spec), format="json")
    by_form = staff_client.post(reverse("staff:session_new"), _form_data(spec))

    assert by_api.status_code == 201, by_api.content
    assert by_form.status_code == 302, _form_errors(by_form)
    from_api = JobSession.objects.get(pk=by_api.json()["id"])
    from_form = JobSession.objects.exclude(pk=from_api.pk).get()
    assert _fields(from_form) == _fields(from_api)
    assert _fields(from_form)["linked_provinces"] == ["01", "48"] and from_form.cohort_only
    assert timezone.localtime(from_form.registration_opens_at) == _local(day - timedelta(days=5), 8)


def test_an_empty_window_and_capacities_take_the_same_defaults_as_the_api(staff_client, api):
    venue = factories.VenueFactory(booth_count=12, seat_capacity=250)
    by_api = api.post("/api/v1/sessions/", _api_body(_spec(venue)), format="json")
    JobSession.objects.filter(pk=by_api.json()["id"]).update(status="cancelled")  # frees the venue's slot
    by_form = staff_client.post(reverse("staff:session_new"), _form_data(_spec(venue)))

    assert by_form.status_code == 302, _form_errors(by_form)
    from_api = JobSession.objects.get(pk=by_api.json()["id"])
    from_form = JobSession.objects.exclude(pk=from_api.pk).get()
    assert (from_form.employer_capacity, from_form.job_seeker_capacity) == (12, 250)
    assert from_form.registration_closes_at == from_form.ends_at == from_api.ends_at


def _refusals():
    day = _day()
    return [
        pytest.param({"format": "hybrid"}, "online_url", "online_url", id="hybrid-without-link"),
        pytest.param({"end": (7, 0)}, "ends_at", "end_time", id="ends-before-it-starts"),
        pytest.param({"end_day": day - timedelta(days=1)}, "ends_at", "end_time", id="ends-the-day-before"),
        pytest.param({"end_day": day + timedelta(days=8)}, "ends_at", "end_time", id="lasts-more-than-a-week"),
        pytest.param({"venue": None}, "venue", "venue", id="in-person-without-venue"),
        pytest.param({"kind": "online", "format": "in_person"}, "format", "format", id="online-kind-in-person-format"),
        pytest.param(
            {"opens": _local(day - timedelta(days=2), 8), "closes": _local(day - timedelta(days=3), 8)},
            "registration_closes_at",
            "registration_closes_at",
            id="window-closes-before-it-opens",
        ),
        pytest.param(
            {"opens": _local(day + timedelta(days=1), 8)},
            "registration_opens_at",
            "registration_opens_at",
            id="window-opens-after-the-start",
        ),
        pytest.param({"employer_capacity": 21}, "employer_capacity", "employer_capacity", id="more-booths-than-venue"),
        pytest.param(
            {"job_seeker_capacity": 301}, "job_seeker_capacity", "job_seeker_capacity", id="more-seats-than-venue"
        ),
        pytest.param(
            {"opens": _local(day.replace(year=2101), 8)},
            "registration_opens_at",
            "registration_opens_at",
            id="a-date-beyond-2100",
        ),
    ]


@pytest.mark.parametrize(("change", "api_field", "form_field"), _refusals())
def test_the_form_refuses_what_the_api_refuses_with_the_same_message(
    staff_client, api, settings, change, api_field, form_field
):
    venue = factories.VenueFactory()  # 20 booths, 300 seats
    spec = {**_spec(venue), **change}

    by_api = api.post("/api/v1/sessions/", _api_body(spec), format="json", HTTP_ACCEPT_LANGUAGE="vi")
    by_form = staff_client.post(reverse("staff:session_new"), _form_data(spec))

    assert by_api.status_code == 400, by_api.content
    assert by_form.status_code == 200
    errors = _form_errors(by_form)
    assert form_field in errors, errors
    assert errors[form_field] == by_api.json()[api_field]
    assert not JobSession.objects.exists()


def test_hours_past_midnight_without_the_end_day_point_at_it(staff_client, api):
    spec = _spec(kind="online", format="online", online_url="https://meet.example.vn/dem", start=(20, 0), end=(1, 30))

    by_api = api.post("/api/v1/sessions/", _api_body(spec), format="json", HTTP_ACCEPT_LANGUAGE="vi")
    by_form = staff_client.post(reverse("staff:session_new"), _form_data(spec))

    errors = _form_errors(by_form)
    assert errors["end_time"] == by_api.json()["ends_at"]  # the service's refusal, as the API gives it
    assert errors["end_day"] == ["Phiên kết thúc sau nửa đêm? Hãy chọn ngày kết thúc ở đây."]
    assert not JobSession.objects.exists()


def test_hours_merely_the_wrong_way_round_get_no_midnight_hint(staff_client):
    by_form = staff_client.post(reverse("staff:session_new"), _form_data(_spec(factories.VenueFactory(), end=(8, 0))))

    errors = _form_errors(by_form)
    assert "end_time" in errors and "end_day" not in errors  # 08:00 to 08:00: not a night's session


def test_a_session_past_midnight_is_created_by_the_form_as_by_the_api(staff_client, api):
    day = _day()
    spec = _spec(
        kind="online",
        format="online",
        online_url="https://meet.example.vn/dem",
        start=(20, 0),
        end=(1, 30),
        opens=_local(day - timedelta(days=5), 8),  # the default opens at the moment of each request
    )
    spec["end_day"] = day + timedelta(days=1)

    by_api = api.post("/api/v1/sessions/", _api_body(spec), format="json")
    by_form = staff_client.post(reverse("staff:session_new"), _form_data(spec))

    assert by_api.status_code == 201, by_api.content
    assert by_form.status_code == 302, _form_errors(by_form)
    from_form = JobSession.objects.exclude(pk=by_api.json()["id"]).get()
    assert _fields(from_form) == _fields(JobSession.objects.get(pk=by_api.json()["id"]))
    assert (from_form.starts_at, from_form.ends_at) == (_local(day, 20), _local(day + timedelta(days=1), 1, 30))


def _posted_back(form) -> dict:
    """The edit form sent back as the browser sends it, unchanged."""
    data = {}
    for field in form:
        value = field.value()
        if isinstance(value, list):
            data[field.html_name] = [str(v) for v in value]
        elif hasattr(field.field, "widget") and hasattr(field.field.widget, "widgets"):
            for index, part in enumerate(field.field.widget.decompress(value)):
                data[f"{field.html_name}_{index}"] = part.strftime("%Y-%m-%d" if index == 0 else "%H:%M")
        elif value is True:
            data[field.html_name] = "on"
        elif value not in (None, False):
            data[field.html_name] = value.strftime("%H:%M") if hasattr(value, "minute") else str(value)
    return data


def test_a_two_day_session_is_changed_from_the_console_and_keeps_its_days(staff_client):
    day = _day()
    session = factories.JobSessionFactory(
        status="draft",
        starts_at=_local(day, 8),
        ends_at=_local(day + timedelta(days=1), 17),
        registration_closes_at=_local(day, 8),
    )
    url = reverse("staff:session_edit", args=[session.pk])
    form = staff_client.get(url).context["form"]
    assert form["end_day"].value() == day + timedelta(days=1)
    data = {**_posted_back(form), "title": "Ngày hội việc làm hai ngày"}

    response = staff_client.post(url, data)

    assert response.status_code == 302, _form_errors(response)
    session.refresh_from_db()
    assert session.title == "Ngày hội việc làm hai ngày"
    assert (session.starts_at, session.ends_at) == (_local(day, 8), _local(day + timedelta(days=1), 17))


def _move(staff_client, session, day, start, end, *, end_day):
    """The session page's move form, sent."""
    return staff_client.post(
        reverse("staff:session", args=[session.pk]),
        {
            "action": "move",
            "venue": session.venue_id,
            "day": day.isoformat(),
            "start_time": start,
            "end_time": end,
            "end_day": end_day.isoformat(),
        },
    )


def test_a_session_of_one_day_shows_no_end_day_and_the_move_form_moves_a_two_day_one(staff_client):
    day = _day()
    one_day = factories.JobSessionFactory(status="draft")
    assert staff_client.get(reverse("staff:session_edit", args=[one_day.pk])).context["form"]["end_day"].value() is None
    two_days = factories.JobSessionFactory(
        status="draft",
        starts_at=_local(day, 8),
        ends_at=_local(day + timedelta(days=1), 17),
        registration_closes_at=_local(day, 8),
    )
    page = staff_client.get(reverse("staff:session", args=[two_days.pk]))
    assert page.context["move_form"]["end_day"].value() == day + timedelta(days=1)
    later = day + timedelta(days=7)

    response = _move(staff_client, two_days, later, "08:00", "17:00", end_day=later + timedelta(days=1))

    assert response.status_code == 302
    two_days.refresh_from_db()
    assert (two_days.starts_at, two_days.ends_at) == (_local(later, 8), _local(later + timedelta(days=1), 17))
    shown = staff_client.get(reverse("staff:session", args=[two_days.pk])).content.decode()
    assert (later + timedelta(days=1)).strftime("%d/%m/%Y") in shown


def test_the_notice_of_a_moved_two_day_session_says_the_day_it_ends(staff_client):
    day = _day()
    session = factories.JobSessionFactory(
        starts_at=_local(day, 8), ends_at=_local(day, 17), registration_closes_at=_local(day, 8)
    )
    person = factories.JobSeekerFactory(language="vi", email="an.tran@example.vn")
    factories.RegistrationFactory(session=session, job_seeker=person)

    response = _move(staff_client, session, day, "08:00", "11:30", end_day=day + timedelta(days=1))

    assert response.status_code == 302
    notice = Notification.objects.get(session=session, kind="session_changed", channel="email")
    assert f"08:00, {day:%d/%m/%Y} – 11:30, {day + timedelta(days=1):%d/%m/%Y}." in notice.body_text


def test_a_clash_at_the_venue_is_refused_by_the_form_as_by_the_api(staff_client, api):
    venue = factories.VenueFactory()
    spec = _spec(venue)
    assert api.post("/api/v1/sessions/", _api_body(spec), format="json").status_code == 201

    again = api.post("/api/v1/sessions/", _api_body(spec), format="json")
    by_form = staff_client.post(reverse("staff:session_new"), _form_data(spec))

    assert again.status_code == 409 and again.json()["code"] == "venue_clash"
    assert by_form.status_code == 200 and _form_errors(by_form)["__all__"]
    assert JobSession.objects.count() == 1


def test_staff_change_a_session_cohorts_window_and_link_from_the_console(staff_client, staff):
    factories.cohort("youth", sensitive=False, name_vi="Thanh niên", name_en="Young people")
    session = factories.JobSessionFactory(status="draft")
    url = reverse("staff:session_edit", args=[session.pk])
    page = staff_client.get(url)
    assert page.status_code == 200
    data = {
        key: value
        for key, value in page.context["form"].initial.items()
        if key not in ("day", "start_time", "end_time", "registration_opens_at", "registration_closes_at")
    }
    local = timezone.localtime(session.starts_at)
    closes = timezone.localtime(session.starts_at - timedelta(hours=1))
    data.update(
        format="hybrid",
        online_url="https://meet.example.vn/phien-lai",
        target_cohorts=["youth"],
        cohort_only="on",
        linked_provinces=["48"],
        day=local.date().isoformat(),
        start_time=local.strftime("%H:%M"),
        end_time=timezone.localtime(session.ends_at).strftime("%H:%M"),
        registration_closes_at_0=closes.date().isoformat(),
        registration_closes_at_1=closes.strftime("%H:%M"),
        employer_capacity=session.employer_capacity,
        job_seeker_capacity=session.job_seeker_capacity,
        venue=session.venue_id,
    )
    data = {key: ("" if value is None else value) for key, value in data.items() if key != "cohort_only" or value}

    response = staff_client.post(url, data)

    assert response.status_code == 302, _form_errors(response)
    session.refresh_from_db()
    assert session.format == "hybrid" and session.online_url == "https://meet.example.vn/phien-lai"
    assert session.cohort_only and list(session.target_cohorts.values_list("code", flat=True)) == ["youth"]
    assert list(session.linked_provinces.values_list("code", flat=True)) == ["48"]
    assert session.registration_closes_at == session.starts_at - timedelta(hours=1)
    assert AuditEvent.objects.filter(action="session.update", object_id=str(session.pk), actor=staff).exists()
    shown = staff_client.get(reverse("staff:session", args=[session.pk])).content.decode()
    assert "https://meet.example.vn/phien-lai" in shown and 'id="session-cohorts"' in shown


def test_a_change_the_api_would_refuse_is_refused_next_to_the_field(staff_client):
    session = factories.JobSessionFactory(status="draft")
    url = reverse("staff:session_edit", args=[session.pk])
    local = timezone.localtime(session.starts_at)
    data = {
        "title": session.title,
        "kind": session.kind,
        "format": "online",
        "online_url": "",
        "day": local.date().isoformat(),
        "start_time": local.strftime("%H:%M"),
        "end_time": timezone.localtime(session.ends_at).strftime("%H:%M"),
    }

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert "online_url" in _form_errors(response)
    session.refresh_from_db()
    assert session.format == "in_person"


# --- online interview rooms on the session page -----------------------------------------------------------------


def _online_session(**fields):
    return factories.JobSessionFactory(
        kind="online", format="online", venue=None, ward=None, online_url="https://meet.example.vn/pgd", **fields
    )


def test_staff_set_the_online_room_of_each_approved_booth(staff_client, staff):
    session = _online_session()
    booth = factories.ParticipationFactory(session=session)
    waiting = factories.ParticipationFactory(session=session, status=Participation.Status.APPLIED)
    url = reverse("staff:session", args=[session.pk])

    page = staff_client.get(url).content.decode()
    assert f'id="room-{booth.pk}"' in page and f'id="room-{waiting.pk}"' not in page

    response = staff_client.post(
        url, {"action": "room", "booth": booth.pk, f"room{booth.pk}-online_room_url": "https://meet.example.vn/gian-1"}
    )

    assert response.status_code == 302
    booth.refresh_from_db()
    assert booth.online_room_url == "https://meet.example.vn/gian-1"
    assert AuditEvent.objects.filter(action="participation.online_room", object_id=str(booth.pk), actor=staff).exists()


def test_a_bad_room_link_or_a_room_at_an_in_person_session_is_refused(staff_client):
    session = _online_session()
    booth = factories.ParticipationFactory(session=session)
    url = reverse("staff:session", args=[session.pk])
    bad = staff_client.post(url, {"action": "room", "booth": booth.pk, f"room{booth.pk}-online_room_url": "không"})
    assert bad.status_code == 409 and 'id="refusal"' in bad.content.decode()

    in_person = factories.ParticipationFactory()
    response = staff_client.post(
        reverse("staff:session", args=[in_person.session_id]),
        {"action": "room", "booth": in_person.pk, f"room{in_person.pk}-online_room_url": "https://meet.example.vn/x"},
    )
    assert response.status_code == 409
    assert staff_client.post(url, {"action": "room", "booth": "x"}).status_code == 404
    booth.refresh_from_db()
    in_person.refresh_from_db()
    assert booth.online_room_url == "" and in_person.online_room_url == ""


# --- the series preview -----------------------------------------------------------------------------------------


def _series_with_clashes():
    venue = factories.VenueFactory()
    tz = timezone.get_current_timezone()
    for day in (7, 14):  # two Thursdays of May 2026 already booked
        factories.JobSessionFactory(
            venue=venue,
            starts_at=datetime(2026, 5, day, 9, 0, tzinfo=tz),
            ends_at=datetime(2026, 5, day, 10, 0, tzinfo=tz),
            registration_opens_at=datetime(2026, 4, 1, tzinfo=tz),
        )
    # Tuesdays and Thursdays 05/05/2026–11/06/2026: 12 dates, no holiday among them
    series = {
        "title": "Phiên định kỳ",
        "venue": venue.pk,
        "weekdays": ["1", "3"],
        "start_time": "08:00",
        "end_time": "11:30",
        "date_from": "2026-05-05",
        "date_to": "2026-06-11",
    }
    return venue, series


def _create_button(html):
    return re.search(r'<button[^>]*id="series-create"[^>]*>', html).group(0)


def test_series_preview_counts_what_is_created_after_the_clashes_and_disables_the_button(staff_client):
    _venue, series = _series_with_clashes()

    body = staff_client.post(reverse("staff:series_preview"), series).content.decode()

    assert 'data-dates="12" data-clashing="2" data-creates="10"' in body
    assert "disabled" in _create_button(body)
    staff_client.cookies["django_language"] = "en"
    english = staff_client.post(reverse("staff:series_preview"), series).content.decode()
    assert "12 dates, 2 clash with other sessions at this venue: 10 will be created." in english

    free = staff_client.post(reverse("staff:series_preview"), {**series, "start_time": "13:00", "end_time": "16:00"})
    assert 'data-clashing="0" data-creates="12"' in free.content.decode()
    assert "disabled" not in _create_button(free.content.decode())


def test_a_series_with_a_clash_is_refused_by_the_server_too_with_the_button_disabled(staff_client):
    venue, series = _series_with_clashes()

    response = staff_client.post(reverse("staff:series_new"), series)

    assert response.status_code == 200
    html = response.content.decode()
    assert "07/05/2026" in html and "14/05/2026" in html
    assert "disabled" in _create_button(html)
    assert JobSession.objects.filter(venue=venue).count() == 2  # nothing created


# --- the ward of a session without a venue, as the API takes it ----------------------------------------------------


def _da_nang_ward():
    province = AdministrativeUnit.objects.get_or_create(
        code="48", defaults={"name": "Thành phố Đà Nẵng", "level": "province", "unit_type": "thành phố trung ương"}
    )[0]
    return AdministrativeUnit.objects.get_or_create(
        code="20194", defaults={"name": "Phường Hải Châu", "level": "ward", "unit_type": "phường", "province": province}
    )[0]


def _online(**changes):
    return _spec(kind="online", format="online", online_url="https://meet.example.vn/p", **changes)


def test_the_form_sets_the_ward_of_an_online_session_as_the_api_does(staff_client, api):
    ward = _da_nang_ward()
    spec = _online(ward=ward)

    by_api = api.post("/api/v1/sessions/", _api_body(spec), format="json")
    by_form = staff_client.post(reverse("staff:session_new"), _form_data(spec))

    assert by_api.status_code == 201, by_api.content
    assert by_form.status_code == 302, _form_errors(by_form)
    assert JobSession.objects.get(pk=by_api.json()["id"]).ward == ward
    assert JobSession.objects.exclude(pk=by_api.json()["id"]).get().ward == ward


def test_a_ward_of_another_province_is_refused_in_vietnamese_and_nothing_is_lost(staff_client):
    data = {**_form_data(_online(title="Phiên Đà Nẵng")), "province": "01", "ward": _da_nang_ward().code}

    response = staff_client.post(reverse("staff:session_new"), data)

    assert response.status_code == 200 and not JobSession.objects.exists()
    assert _form_errors(response)["ward"]
    assert "Phiên Đà Nẵng" in response.content.decode()  # what was typed stays


def test_without_javascript_a_chosen_province_comes_back_with_its_wards(staff_client):
    ward = _da_nang_ward()
    data = {**_form_data(_online()), "province": "48"}  # the province changed, the ward list not yet

    response = staff_client.post(reverse("staff:session_new"), data)

    assert response.status_code == 200 and not JobSession.objects.exists()
    assert _form_errors(response)["ward"] == ["Hãy chọn phường/xã thuộc tỉnh/thành phố đã chọn."]
    wards = response.context["form"].fields["ward"].queryset
    assert ward in wards and {unit.province_id for unit in wards} == {"48"}


def test_the_province_offers_its_wards_by_htmx(staff_client):
    page = staff_client.get(reverse("staff:session_new")).content.decode()
    assert f'hx-get="{reverse("accounts:ward_options")}"' in page and 'hx-target="#id_ward"' in page


def test_the_edit_form_shows_the_sessions_ward_and_a_venue_keeps_its_own(staff_client, staff):
    ward = _da_nang_ward()
    session = factories.JobSessionFactory(
        format="online", venue=None, online_url="https://meet.example.vn/p", ward=ward
    )
    form = staff_client.get(reverse("staff:session_edit", args=[session.pk])).context["form"]
    assert form["province"].value() == "48" and form["ward"].value() == ward.code

    venue = factories.VenueFactory()
    in_person = {**_form_data(_spec(venue=venue)), "province": "48", "ward": ward.code}
    assert staff_client.post(reverse("staff:session_new"), in_person).status_code == 302
    assert JobSession.objects.get(venue=venue).ward_id == venue.ward_id
