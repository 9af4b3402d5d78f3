"""Bad input on the staff console's pages never gets a 500: a row id that is not one ('abc', '²', a NUL), a date at
the end of the calendar, a number the database cannot hold, a NUL byte in a booth's row. Each answers with a message
or as an unknown row, and nothing is written."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import services as account_services
from accounts.models import JobSeeker
from sessions.models import JobSession, Participation, PlanTarget, SessionSeries
from sessions.web.employer.views import STAFF_EMPLOYER_KEY
from tests import factories

pytestmark = pytest.mark.django_db

NOT_AN_ID = ["abc", "²", "1\x00", "", "99999999999999999999"]


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def session():
    return factories.JobSessionFactory()


def _requests(session):
    """(method, url, data) of every form that names a row by its id in a field."""
    booths, desk = reverse("staff:booths", args=[session.pk]), reverse("staff:desk_check_in", args=[session.pk])
    walk_in = {"full_name": "Lê Văn An", "sex": "male", "date_of_birth": "1990-01-01"}
    return [
        ("get", reverse("staff:planner"), lambda v: {"venue": v}),
        ("post", reverse("staff:clash_check"), lambda v: {"exclude_id": v, "day": "2027-01-04", "start_time": "08:00"}),
        ("post", reverse("staff:session", args=[session.pk]), lambda v: {"action": "room", "booth": v}),
        ("post", desk, lambda v: {"registration": v}),
        ("post", reverse("staff:desk_walk_in", args=[session.pk]), lambda v: {**walk_in, "match": v}),
        ("post", booths, lambda v: {"action": "save", "booth": v}),
        ("post", booths, lambda v: {"action": "promote", "booth": v}),
        ("post", booths, lambda v: {"action": "approve", "selected": v}),
        ("post", reverse("staff:employers"), lambda v: {"employer": v, "decision": "verified"}),
        ("post", reverse("staff:citizen_id_claims"), lambda v: {"claim": v, "decision": "move"}),
        ("get", reverse("staff:person", args=[factories.JobSeekerFactory().pk]), lambda v: {"interview": v}),
        ("post", reverse("staff:interviews", args=[session.pk]), lambda v: {"interview": v, "result": "passed"}),
        ("post", reverse("staff:follow_up"), lambda v: {"outcome": v, "action": "contact"}),
    ]


@pytest.mark.parametrize("value", NOT_AN_ID)
def test_a_row_id_that_is_not_one_is_an_unknown_row_not_a_server_error(staff_client, session, value):
    answers = {
        (method, url, str(data(value))): getattr(staff_client, method)(url, data(value)).status_code
        for method, url, data in _requests(session)
    }

    assert {key: code for key, code in answers.items() if code >= 500} == {}
    assert set(answers.values()) <= {200, 302, 400, 404, 409}


def test_a_staff_employer_choice_that_is_not_an_id_is_ignored(client, staff):
    client.force_login(staff)

    response = client.get(reverse("employer:dashboard"), {"employer": "²"})

    assert response.status_code == 200
    assert STAFF_EMPLOYER_KEY not in client.session


SERIES = {"title": "Phiên thứ Hai", "weekdays": ["0"], "start_time": "08:00", "end_time": "11:00"}


@pytest.mark.parametrize(("date_from", "date_to"), [("0001-01-01", "0001-03-01"), ("9999-10-01", "9999-12-31")])
def test_a_series_at_the_end_of_the_calendar_is_refused_next_to_its_dates(staff_client, date_from, date_to):
    venue = factories.VenueFactory()
    data = {**SERIES, "venue": venue.pk, "date_from": date_from, "date_to": date_to}

    preview = staff_client.post(reverse("staff:series_preview"), data)
    created = staff_client.post(reverse("staff:series_new"), data)

    assert preview.status_code < 500
    assert created.status_code == 200
    assert "Hãy nhập ngày trong khoảng từ năm 2000 đến năm 2100" in created.content.decode()
    assert not SessionSeries.objects.exists() and not JobSession.objects.exists()


def test_a_series_in_year_1_is_a_400_on_the_api(staff):
    api = APIClient()
    api.force_authenticate(staff)
    venue = factories.VenueFactory()

    response = api.post(
        "/api/v1/sessions/schedule/",
        {**SERIES, "weekdays": [0], "venue": venue.pk, "date_from": "0001-01-01", "date_to": "0001-03-01"},
        format="json",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"date_from", "date_to"}
    assert not JobSession.objects.exists()


@pytest.mark.parametrize(("date_from", "date_to"), [("9990-01-01", "9990-01-31"), ("0001-01-01", "0001-12-31")])
def test_a_report_period_at_the_end_of_the_calendar_is_said_on_the_form(staff_client, date_from, date_to):
    for params in ({}, {"format": "csv"}):
        response = staff_client.get(
            reverse("staff:summary"), {"period": "range", "date_from": date_from, "date_to": date_to, **params}
        )

        assert response.status_code == 400
        assert "Hãy nhập một ngày trong khoảng từ năm 1900 đến năm 2100" in response.content.decode()


@pytest.mark.parametrize("typed", ["99999999999999999999", "3000000000", "10000001"])
def test_a_plan_target_too_large_is_refused_and_nothing_is_saved(staff_client, typed):
    response = staff_client.post(reverse("staff:plan"), {"year": "2026", "sessions_held-year": typed})

    assert response.status_code == 400
    assert "Chỉ tiêu là số nguyên từ 1 đến 10.000.000" in response.content.decode()
    assert not PlanTarget.objects.exists()


def test_a_plan_target_too_large_is_a_400_naming_the_target_on_the_api(staff):
    api = APIClient()
    api.force_authenticate(staff)

    response = api.post(
        "/api/v1/plan-targets/", {"year": 2026, "metric": "sessions_held", "target": 3_000_000_000}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"target"}


@pytest.mark.parametrize("field", ["label", "notes"])
def test_a_nul_byte_in_a_booth_row_is_said_on_that_row_and_nothing_is_saved(staff_client, session, field):
    booth = factories.ParticipationFactory(session=session, booth_label="01", staff_notes="Gần cửa")
    row = {"label": "02", "notes": "Cạnh cột", field: "0\x003"}

    response = staff_client.post(
        reverse("staff:booths", args=[session.pk]),
        {"action": "save", "booth": booth.pk, f"label-{booth.pk}": row["label"], f"notes-{booth.pk}": row["notes"]},
    )

    assert response.status_code == 409  # as the page answers any refused row
    (error,) = [row["error"] for row in response.context["rows"] if row["error"]]
    assert error == "Không được có ký tự NUL (ký tự rỗng) trong nội dung."
    assert error in response.content.decode()
    booth.refresh_from_db()
    assert (booth.booth_label, booth.staff_notes) == ("01", "Gần cửa")


def test_renumbering_puts_a_label_of_unicode_digits_after_the_plain_numbers(staff_client, session):
    odd = factories.ParticipationFactory(session=session, booth_label="²")
    plain = factories.ParticipationFactory(session=session, booth_label="07")

    response = staff_client.post(reverse("staff:booths", args=[session.pk]), {"action": "renumber", "order": "number"})

    assert response.status_code == 302
    labels = dict(Participation.objects.filter(session=session).values_list("pk", "booth_label"))
    assert labels == {plain.pk: "01", odd.pk: "02"}


@pytest.mark.parametrize("born", ["2999-12-31", "1800-01-01"])
def test_a_walk_in_born_on_a_day_that_cannot_be_is_refused_next_to_the_field(client, staff, on_the_day, born):
    client.force_login(staff)
    open_session = JobSession.objects.get()

    response = client.post(
        reverse("staff:desk_walk_in", args=[open_session.pk]),
        {"full_name": "Lê Văn Tương Lai", "sex": "male", "date_of_birth": born},
    )

    assert response.status_code == 400
    assert "date_of_birth" in response.context["walk_in_form"].errors
    assert not JobSeeker.objects.exists()


def test_a_job_seeker_born_tomorrow_is_refused_by_the_service(daytime):
    with pytest.raises(ValidationError) as refused:
        account_services.job_seeker_create(
            actor=None, full_name="Lê Văn Tương Lai", date_of_birth=timezone.localdate() + timedelta(days=1)
        )

    assert set(refused.value.message_dict) == {"date_of_birth"}


@pytest.mark.parametrize("sent", [{"decision": "zzz"}, {}])
def test_a_booth_decision_that_is_neither_approve_nor_reject_decides_nothing(staff_client, session, sent):
    booth = factories.ParticipationFactory(session=session, status=Participation.Status.APPLIED, booth_label="")

    response = staff_client.post(reverse("staff:booth_decide", args=[booth.pk]), sent)

    assert response.status_code == 400
    booth.refresh_from_db()
    assert booth.status == Participation.Status.APPLIED


def test_a_summary_in_a_file_format_it_does_not_have_is_said_on_the_form(staff_client):
    response = staff_client.get(reverse("staff:summary"), {"period": "year", "year": "2026", "format": "xyz"})

    assert response.status_code == 400
    assert "Định dạng tệp không hợp lệ; hãy chọn một trong: xlsx, csv." in response.content.decode()


def test_an_hour_with_seconds_typed_by_hand_is_refused_not_stored(staff_client):
    venue = factories.VenueFactory()
    data = {**SERIES, "venue": venue.pk, "date_from": "2031-03-03", "date_to": "2031-03-10"}

    response = staff_client.post(reverse("staff:series_new"), {**data, "start_time": "08:00:00.123456"})

    assert response.status_code == 200 and "start_time" in response.context["form"].errors
    assert not JobSession.objects.exists()
