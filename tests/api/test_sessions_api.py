"""Sessions: anyone finds published ones (staff also drafts) with filters and counts; staff create, change, publish,
cancel, complete and schedule weekly series that skip public holidays (Tết 2027 included)."""

import json
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from accounts.models import AdministrativeUnit, AuditEvent
from sessions import selectors
from sessions.api.serializers import SessionOutputSerializer
from sessions.models import JobSession, Notification, Registration, SessionSeries
from tests import factories

pytestmark = pytest.mark.django_db

SESSION_FIELDS = {
    "id",
    "code",
    "title",
    "kind",
    "format",
    "status",
    "venue",
    "ward",
    "online_url",
    "starts_at",
    "ends_at",
    "registration_opens_at",
    "registration_closes_at",
    "employer_capacity",
    "job_seeker_capacity",
    "target_cohorts",
    "cohort_only",
    "linked_provinces",
    "theme",
    "description",
    "co_organisers",
    "cancel_reason",
    "seats_remaining",
    "registered_count",
    "waitlist_count",
    "employers_count",
    "vacancies_total",
}


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def in_days(days, hour=8):
    return (timezone.localtime() + timedelta(days=days)).replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture
def catalogue(db):
    """Sessions of every kind: published ones, a draft and a cancelled one."""
    now = timezone.now()
    central = factories.VenueFactory(name="Sàn 215 Trung Kính")
    dong_da = factories.ward("00235", "Phường Đống Đa")
    accounting = factories.JobSessionFactory(
        title="Phiên chuyên đề Kế toán tổng hợp", kind="thematic", venue=central, starts_at=now + timedelta(days=7)
    )
    accounting.target_cohorts.set([factories.cohort("disabled")])
    online = factories.JobSessionFactory(
        title="Phiên trực tuyến kết nối Đà Nẵng",
        kind="online",
        format="online",
        venue=None,
        online_url="https://meet.example.vn/pgd",
        starts_at=now + timedelta(days=20),
    )
    mobile = factories.JobSessionFactory(
        title="Phiên lưu động phường Đống Đa", kind="mobile", ward=dong_da, starts_at=now + timedelta(days=3)
    )
    draft = factories.JobSessionFactory(title="Phiên nháp", status="draft", starts_at=now + timedelta(days=30))
    cancelled = factories.JobSessionFactory(
        title="Phiên đã hủy", status="cancelled", cancel_reason="Bão", starts_at=now + timedelta(days=10)
    )
    return {
        "central": central,
        "accounting": accounting,
        "online": online,
        "mobile": mobile,
        "draft": draft,
        "cancelled": cancelled,
    }


# --- list and filters -----------------------------------------------------------------------------------------


def test_anyone_lists_sessions_without_drafts(anon_client, catalogue):
    response = anon_client.get("/api/v1/sessions/")

    c = catalogue
    assert ids(response) == {c["accounting"].pk, c["online"].pk, c["mobile"].pk, c["cancelled"].pk}
    assert set(response.json()["results"][0]) == SESSION_FIELDS
    starts = [row["starts_at"] for row in response.json()["results"]]
    assert starts == sorted(starts)


def test_staff_also_see_drafts(staff_client, employer_a_client, seeker_a_client, catalogue):
    draft = catalogue["draft"]

    assert draft.pk in ids(staff_client.get("/api/v1/sessions/"))
    assert draft.pk in ids(staff_client.get("/api/v1/sessions/", {"status": "draft"}))
    assert draft.pk not in ids(employer_a_client.get("/api/v1/sessions/"))
    assert draft.pk not in ids(seeker_a_client.get("/api/v1/sessions/", {"status": "draft"}))
    assert staff_client.get(f"/api/v1/sessions/{draft.pk}/").status_code == 200
    assert seeker_a_client.get(f"/api/v1/sessions/{draft.pk}/").status_code == 404


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"kind": "online"}, {"online"}),
        ({"kind": "thematic"}, {"accounting"}),
        ({"format": "online"}, {"online"}),
        ({"format": "in_person", "status": "published"}, {"accounting", "mobile"}),
        ({"status": "cancelled"}, {"cancelled"}),
        ({"cohort": "disabled"}, {"accounting"}),
        ({"ward": "00235"}, {"mobile"}),
        ({"q": "ke toan"}, {"accounting"}),
        ({"q": "KẾ TOÁN"}, {"accounting"}),
        ({"q": "dong da"}, {"mobile"}),
        ({"q": "da nang"}, {"online"}),
        ({"q": "phien"}, {"accounting", "online", "mobile", "cancelled"}),
        ({"q": "nothing like this"}, set()),
    ],
)
def test_session_filters(anon_client, catalogue, params, expected):
    response = anon_client.get("/api/v1/sessions/", params)

    assert ids(response) == {catalogue[name].pk for name in expected}


def test_a_list_without_filter_parameters_builds_no_filterset(anon_client, catalogue, monkeypatch):
    from sessions.filters import SessionFilter

    built = []
    real_init = SessionFilter.__init__
    monkeypatch.setattr(SessionFilter, "__init__", lambda self, *a, **k: built.append(1) or real_init(self, *a, **k))
    plain = anon_client.get("/api/v1/sessions/", {"page_size": 50})
    assert (plain.status_code, built) == (200, [])
    assert ids(plain) == {catalogue[name].pk for name in ("accounting", "online", "mobile", "cancelled")}
    wrong = anon_client.get("/api/v1/sessions/", {"kind": "nonsense"})
    assert wrong.status_code == 400 and built == [1]


def test_venue_filter(anon_client, catalogue):
    assert ids(anon_client.get("/api/v1/sessions/", {"venue": catalogue["central"].pk})) == {catalogue["accounting"].pk}


def test_date_filters_use_the_local_day(anon_client, catalogue):
    day = timezone.localtime(catalogue["accounting"].starts_at).date()

    same_day = anon_client.get("/api/v1/sessions/", {"date_from": day.isoformat(), "date_to": day.isoformat()})
    after = anon_client.get("/api/v1/sessions/", {"date_from": (day + timedelta(days=1)).isoformat()})
    before = anon_client.get("/api/v1/sessions/", {"date_to": (day - timedelta(days=1)).isoformat()})

    assert ids(same_day) == {catalogue["accounting"].pk}
    assert ids(after) == {catalogue["online"].pk, catalogue["cancelled"].pk}
    assert ids(before) == {catalogue["mobile"].pk}


# --- detail and counts ----------------------------------------------------------------------------------------


def test_a_date_filter_takes_iso_dates_only_whatever_the_language(anon_client):
    for language in ("vi", "en"):
        response = anon_client.get("/api/v1/sessions/", {"date_from": "10/12/2026"}, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 400 and "date_from" in response.json()


def test_detail_counts_seats_waitlist_booths_and_vacancies(anon_client):
    session = factories.JobSessionFactory(job_seeker_capacity=3, employer_capacity=5)
    for status in ("confirmed", "confirmed", "attended", "waitlisted", "waitlisted", "cancelled"):
        factories.RegistrationFactory(session=session, status=status)
    factories.ParticipationFactory(
        session=session, vacancies=[factories.VacancyFactory(quantity=3), factories.VacancyFactory(quantity=5)]
    )
    factories.ParticipationFactory(session=session, vacancies=[factories.VacancyFactory(quantity=2)])
    factories.ParticipationFactory(
        session=session, status="applied", vacancies=[factories.VacancyFactory(quantity=100)]
    )

    response = anon_client.get(f"/api/v1/sessions/{session.pk}/")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == SESSION_FIELDS
    assert {key: body[key] for key in ("seats_remaining", "registered_count", "waitlist_count")} == {
        "seats_remaining": 0,
        "registered_count": 3,
        "waitlist_count": 2,
    }
    assert (body["employers_count"], body["vacancies_total"]) == (2, 10)


def test_unlimited_seats_have_no_seats_remaining(anon_client):
    session = factories.JobSessionFactory(job_seeker_capacity=None)
    factories.RegistrationFactory(session=session)

    body = anon_client.get(f"/api/v1/sessions/{session.pk}/").json()

    assert (body["seats_remaining"], body["registered_count"]) == (None, 1)


def test_an_empty_session_counts_zero(anon_client):
    session = factories.JobSessionFactory(job_seeker_capacity=40)

    body = anon_client.get(f"/api/v1/sessions/{session.pk}/").json()

    assert [body[k] for k in ("seats_remaining", "registered_count", "waitlist_count", "employers_count")] == [
        40,
        0,
        0,
        0,
    ]
    assert body["vacancies_total"] == 0


def test_datetimes_are_iso_with_offset(anon_client):
    session = factories.JobSessionFactory()

    body = anon_client.get(f"/api/v1/sessions/{session.pk}/").json()

    parsed = datetime.fromisoformat(body["starts_at"])
    assert parsed.utcoffset() is not None
    assert parsed == session.starts_at


# --- create and change ----------------------------------------------------------------------------------------


def new_session(venue, **overrides):
    return {
        "title": "Phiên giao dịch việc làm định kỳ tháng 6",
        "kind": "periodic",
        "format": "in_person",
        "venue": venue.pk,
        "starts_at": in_days(14).isoformat(),
        "ends_at": in_days(14, hour=11).isoformat(),
        **overrides,
    }


def test_staff_create_a_draft_with_a_code_and_the_venue_capacities(staff_client, staff_user):
    venue = factories.VenueFactory(booth_count=12, seat_capacity=250)

    response = staff_client.post(
        "/api/v1/sessions/",
        new_session(venue, target_cohorts=["disabled"], description="Dành cho người khuyết tật"),
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["code"].startswith(f"PGD-{in_days(14).year}-")
    assert (body["employer_capacity"], body["job_seeker_capacity"], body["seats_remaining"]) == (12, 250, 250)
    assert body["ward"] == venue.ward_id and body["target_cohorts"] == ["disabled"]
    assert datetime.fromisoformat(body["registration_closes_at"]) == datetime.fromisoformat(body["ends_at"])
    assert AuditEvent.objects.filter(action="session.create", object_id=str(body["id"]), actor=staff_user).exists()


def test_an_online_session_needs_no_venue_but_a_link(staff_client):
    response = staff_client.post(
        "/api/v1/sessions/",
        {
            "title": "Phiên trực tuyến liên tỉnh",
            "kind": "online",
            "format": "online",
            "online_url": "https://meet.example.vn/lien-tinh",
            "starts_at": in_days(9).isoformat(),
            "ends_at": in_days(9, hour=12).isoformat(),
            "linked_provinces": ["01", "48"],
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    assert sorted(response.json()["linked_provinces"]) == ["01", "48"]
    assert response.json()["venue"] is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": in_days(13).isoformat()}, "ends_at"),
        ({"venue": None}, "venue"),
        ({"format": "hybrid"}, "online_url"),
        ({"kind": "festival"}, "kind"),
        ({"venue": 987654321}, "venue"),
        ({"target_cohorts": ["astronaut"]}, "target_cohorts"),
        ({"linked_provinces": ["00070"]}, "linked_provinces"),
        ({"job_seeker_capacity": -1}, "job_seeker_capacity"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_session_input_is_a_400(staff_client, change, field):
    venue = factories.VenueFactory()

    response = staff_client.post("/api/v1/sessions/", {**new_session(venue), **change}, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()


def test_two_sessions_never_overlap_at_a_venue(staff_client):
    venue = factories.VenueFactory()
    assert staff_client.post("/api/v1/sessions/", new_session(venue), format="json").status_code == 201

    response = staff_client.post(
        "/api/v1/sessions/",
        new_session(venue, starts_at=in_days(14, hour=10).isoformat(), ends_at=in_days(14, hour=12).isoformat()),
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "venue_clash"


def test_only_staff_create_sessions(anon_client, employer_a_client, seeker_a_client):
    venue = factories.VenueFactory()

    assert anon_client.post("/api/v1/sessions/", new_session(venue), format="json").status_code == 401
    assert employer_a_client.post("/api/v1/sessions/", new_session(venue), format="json").status_code == 403
    assert seeker_a_client.post("/api/v1/sessions/", new_session(venue), format="json").status_code == 403
    assert not JobSession.objects.exists()


def test_staff_change_a_session_and_a_larger_capacity_promotes_the_waitlist(staff_client):
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    factories.RegistrationFactory(session=session)
    waiting = factories.RegistrationFactory(session=session, status="waitlisted")

    response = staff_client.patch(
        f"/api/v1/sessions/{session.pk}/",
        {"title": "Phiên định kỳ (mở rộng)", "job_seeker_capacity": 2},
        format="json",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Phiên định kỳ (mở rộng)"
    assert (body["registered_count"], body["waitlist_count"], body["seats_remaining"]) == (2, 0, 0)
    waiting.refresh_from_db()
    assert waiting.status == "confirmed" and waiting.promoted_at is not None


def test_moving_a_published_session_tells_the_people_registered(staff_client):
    session = factories.JobSessionFactory()
    factories.RegistrationFactory(session=session)

    response = staff_client.patch(
        f"/api/v1/sessions/{session.pk}/",
        {"starts_at": (session.starts_at + timedelta(hours=1)).isoformat()},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert Notification.objects.filter(session=session, kind="session_changed").exists()


def test_only_staff_change_sessions(employer_a_client, seeker_a_client, anon_client):
    session = factories.JobSessionFactory()

    for client, expected in ((anon_client, 401), (employer_a_client, 403), (seeker_a_client, 403)):
        response = client.patch(f"/api/v1/sessions/{session.pk}/", {"title": "X"}, format="json")
        assert response.status_code == expected
    assert JobSession.objects.get(pk=session.pk).title == session.title


# --- transitions ----------------------------------------------------------------------------------------------


def test_publish_a_draft_then_publishing_again_is_refused(staff_client, anon_client):
    draft = factories.JobSessionFactory(status="draft")

    response = staff_client.post(f"/api/v1/sessions/{draft.pk}/publish/")

    assert response.status_code == 200
    assert response.json()["status"] == "published"
    assert anon_client.get(f"/api/v1/sessions/{draft.pk}/").status_code == 200
    again = staff_client.post(f"/api/v1/sessions/{draft.pk}/publish/")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"


def test_cancel_with_a_reason_tells_everyone(staff_client):
    session = factories.JobSessionFactory()
    factories.RegistrationFactory(session=session)

    response = staff_client.post(f"/api/v1/sessions/{session.pk}/cancel/", {"reason": "Bão số 3 đổ bộ"}, format="json")

    assert response.status_code == 200
    assert (response.json()["status"], response.json()["cancel_reason"]) == ("cancelled", "Bão số 3 đổ bộ")
    assert Notification.objects.filter(session=session, kind="session_cancelled").exists()


def test_cancel_needs_a_reason_and_happens_once(staff_client):
    session = factories.JobSessionFactory()
    url = f"/api/v1/sessions/{session.pk}/cancel/"

    no_reason = staff_client.post(url, {"reason": "   "}, format="json")
    assert no_reason.status_code == 400 and "reason" in no_reason.json()
    assert staff_client.post(url, {"reason": "Trùng lịch"}, format="json").status_code == 200
    again = staff_client.post(url, {"reason": "Trùng lịch"}, format="json")
    assert again.status_code == 409 and again.json()["code"] == "session_cancelled"
    patch = staff_client.patch(f"/api/v1/sessions/{session.pk}/", {"title": "X"}, format="json")
    assert patch.status_code == 409 and patch.json()["code"] == "session_cancelled"


def test_complete_an_ended_session_marks_no_shows(staff_client):
    ended = timezone.now() - timedelta(hours=1)
    session = factories.JobSessionFactory(
        starts_at=ended - timedelta(hours=4), ends_at=ended, registration_opens_at=ended - timedelta(days=5)
    )
    came = factories.RegistrationFactory(session=session, status="attended")
    absent = factories.RegistrationFactory(session=session, status="confirmed")

    response = staff_client.post(f"/api/v1/sessions/{session.pk}/complete/")

    assert response.status_code == 200
    assert response.json()["status"] == "completed"
    assert Registration.objects.get(pk=absent.pk).status == "no_show"
    assert Registration.objects.get(pk=came.pk).status == "attended"


def test_a_session_still_to_come_cannot_be_completed(staff_client):
    session = factories.JobSessionFactory()

    response = staff_client.post(f"/api/v1/sessions/{session.pk}/complete/")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_transitions_are_for_staff_only(employer_a_client, seeker_a_client, anon_client):
    session = factories.JobSessionFactory(status="draft")
    published = factories.JobSessionFactory()

    for client, expected in ((anon_client, 401), (employer_a_client, 403), (seeker_a_client, 403)):
        assert client.post(f"/api/v1/sessions/{published.pk}/cancel/", {"reason": "x"}).status_code == expected
        assert client.post(f"/api/v1/sessions/{published.pk}/complete/").status_code == expected
        # a draft is not even visible to them, but the permission answers first
        assert client.post(f"/api/v1/sessions/{session.pk}/publish/").status_code == expected
    assert JobSession.objects.get(pk=session.pk).status == "draft"
    assert JobSession.objects.get(pk=published.pk).status == "published"


# --- weekly series --------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("daytime")  # the 2027 dates it names lie ahead of PINNED_NOW
def test_a_series_across_tet_2027_skips_the_holidays(staff_client):
    venue = factories.VenueFactory(booth_count=8, seat_capacity=120)

    response = staff_client.post(
        "/api/v1/sessions/schedule/",
        {
            "title": "Phiên định kỳ sàn Trung Kính",
            "venue": venue.pk,
            "weekdays": [0, 1, 2, 3, 4],
            "start_time": "08:00",
            "end_time": "11:30",
            "date_from": "2027-02-01",
            "date_to": "2027-02-12",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    days = [timezone.localtime(datetime.fromisoformat(row["starts_at"])).date() for row in response.json()]
    # 29 Tết (Thu 4 Feb) to mùng năm (Wed 10 Feb) are public holidays; Sat/Sun are not chosen.
    assert days == [date(2027, 2, 1), date(2027, 2, 2), date(2027, 2, 3), date(2027, 2, 11), date(2027, 2, 12)]
    assert {row["status"] for row in response.json()} == {"draft"}
    first = datetime.fromisoformat(response.json()[0]["starts_at"])
    assert (timezone.localtime(first).hour, timezone.localtime(first).minute) == (8, 0)
    assert len({row["code"] for row in response.json()}) == 5
    series = SessionSeries.objects.get()
    assert series.skipped_dates == ["2027-02-04", "2027-02-05", "2027-02-08", "2027-02-09", "2027-02-10"]


@pytest.mark.usefixtures("daytime")  # the 2027 dates it names lie ahead of PINNED_NOW
def test_a_series_that_clashes_creates_nothing(staff_client):
    venue = factories.VenueFactory()
    tz = timezone.get_current_timezone()
    factories.JobSessionFactory(
        venue=venue,
        starts_at=datetime(2027, 3, 3, 9, 0, tzinfo=tz),
        ends_at=datetime(2027, 3, 3, 10, 0, tzinfo=tz),
        registration_opens_at=datetime(2027, 2, 1, tzinfo=tz),
    )

    response = staff_client.post(
        "/api/v1/sessions/schedule/",
        {
            "title": "Phiên định kỳ",
            "venue": venue.pk,
            "weekdays": [2],
            "start_time": "08:00",
            "end_time": "11:30",
            "date_from": "2027-03-01",
            "date_to": "2027-03-31",
        },
        format="json",
    )

    assert response.status_code == 409
    assert response.json()["code"] == "venue_clash" and "03/03/2027" in response.json()["detail"]
    assert JobSession.objects.count() == 1


@pytest.mark.usefixtures("daytime")  # the 2027 dates it names lie ahead of PINNED_NOW
@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"weekdays": []}, "weekdays"),
        ({"weekdays": [7]}, "weekdays"),
        ({"end_time": "07:00"}, "end_time"),
        ({"date_to": "2026-12-31"}, "date_to"),
        ({"date_to": "2028-06-01"}, "date_to"),
    ],
)
def test_bad_series_input_is_a_400(staff_client, change, field):
    venue = factories.VenueFactory()
    payload = {
        "title": "Phiên định kỳ",
        "venue": venue.pk,
        "weekdays": [1],
        "start_time": "08:00",
        "end_time": "11:30",
        "date_from": "2027-01-01",
        "date_to": "2027-03-31",
        **change,
    }

    response = staff_client.post("/api/v1/sessions/schedule/", payload, format="json")

    assert response.status_code == 400, response.content
    assert field in response.json()


def test_only_staff_schedule(employer_a_client, seeker_a_client):
    venue = factories.VenueFactory()
    payload = {"title": "x", "venue": venue.pk, "weekdays": [1], "start_time": "08:00", "end_time": "09:00"}

    assert employer_a_client.post("/api/v1/sessions/schedule/", payload, format="json").status_code == 403
    assert seeker_a_client.post("/api/v1/sessions/schedule/", payload, format="json").status_code == 403


def test_the_list_answers_what_the_session_serializer_gives_for_each_session(anon_client):
    """The list is built from values() rows (issue 14 item 7): the same fields and values as SessionOutputSerializer
    over a model instance, counts, codes and nulls included."""
    province = AdministrativeUnit.objects.create(code="98", name="Tỉnh Thử", level="province", unit_type="tỉnh")
    full = factories.JobSessionFactory(job_seeker_capacity=2, cohort_only=True, theme="Cơ khí")
    full.target_cohorts.set([factories.cohort("student_graduate", False), factories.cohort("disabled")])
    full.linked_provinces.set([province])
    factories.RegistrationFactory.create_batch(2, session=full)
    factories.RegistrationFactory(session=full, status="waitlisted")
    factories.ParticipationFactory(session=full)
    factories.JobSessionFactory(kind="online", format="online", venue=None, ward=None, job_seeker_capacity=None)
    answer = anon_client.get("/api/v1/sessions/?page_size=100").json()["results"]
    sessions = selectors.session_with_counts(JobSession.objects.all())
    expected = {
        row["id"]: row for row in json.loads(JSONRenderer().render(SessionOutputSerializer(sessions, many=True).data))
    }
    assert len(answer) == len(expected) >= 2
    for row in answer:
        assert list(row) == list(expected[row["id"]]) and row == expected[row["id"]]
    mine = next(row for row in answer if row["id"] == full.pk)
    assert (mine["registered_count"], mine["waitlist_count"], mine["seats_remaining"]) == (2, 1, 0)
    assert mine["target_cohorts"] == expected[full.pk]["target_cohorts"] and len(mine["target_cohorts"]) == 2
