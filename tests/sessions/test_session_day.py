"""The session's day is guarded (issue 12 item 1): the desk checks people in from a configured time before the start
until the end, and booths record interviews from the same opening; before, nobody counts as attended."""

from datetime import timedelta

import pytest
import time_machine
from django.test import override_settings
from django.urls import reverse

from jobfair import errors
from sessions import services
from sessions.models import Interview, Registration
from sessions.reports import figures
from tests import factories
from tests.api.conftest import client_for
from tests.helpers import on_session_day, refreshed, register

pytestmark = pytest.mark.django_db

RegStatus = Registration.Status


@pytest.fixture
def registration(open_session):
    return register(open_session)


def check_in(registration, staff):
    return services.registration_check_in(code=registration.check_in_code, actor=staff)


def test_check_in_weeks_early_is_refused_and_nobody_counts_as_attended(open_session, registration, staff):
    with time_machine.travel(open_session.starts_at - timedelta(days=14)), pytest.raises(errors.NotSessionDay) as no:
        check_in(registration, staff)

    assert no.value.code == "not_session_day"
    assert "mở lúc" in no.value.detail
    assert refreshed(registration).status == RegStatus.CONFIRMED
    assert figures.session_result_sheet(open_session)["metrics"]["job_seekers_attended"]["value"] == 0


def test_check_in_opens_an_hour_before_the_start(open_session, registration, staff):
    with on_session_day(open_session, minutes=-61), pytest.raises(errors.NotSessionDay):
        check_in(registration, staff)

    with on_session_day(open_session, minutes=-60):
        checked_in, newly = check_in(registration, staff)

    assert newly is True
    assert checked_in.status == RegStatus.ATTENDED


@override_settings(CHECK_IN_OPENS_MINUTES_BEFORE=15)
def test_the_centre_sets_how_early_the_desk_opens(open_session, registration, staff):
    with on_session_day(open_session, minutes=-30), pytest.raises(errors.NotSessionDay):
        check_in(registration, staff)

    with on_session_day(open_session, minutes=-15):
        assert check_in(registration, staff)[1] is True


def test_check_in_closes_at_the_end(open_session, registration, staff):
    with time_machine.travel(open_session.ends_at), pytest.raises(errors.NotSessionDay) as closed:
        check_in(registration, staff)

    assert "quầy đón tiếp đã đóng" in closed.value.detail
    assert refreshed(registration).status == RegStatus.CONFIRMED


def test_someone_checked_in_scanned_again_after_the_end_is_still_checked_in(open_session, registration, staff):
    with on_session_day(open_session):
        check_in(registration, staff)

    with time_machine.travel(open_session.ends_at + timedelta(minutes=5)):
        again, newly = check_in(registration, staff)

    assert (again.status, newly) == (RegStatus.ATTENDED, False)


def test_a_walk_in_before_the_desk_opens_is_refused_and_leaves_nobody_behind(open_session, staff):
    people = Registration.objects.count()

    with on_session_day(open_session, minutes=-90), pytest.raises(errors.NotSessionDay):
        services.registration_walk_in(
            session=open_session, actor=staff, full_name="Đỗ Văn Hùng", phone="0912345678", ward=factories.ward()
        )

    assert Registration.objects.count() == people


def test_an_interview_before_the_desk_opens_is_refused_and_marks_nobody_attended(open_session, registration, staff):
    vacancy = factories.ParticipationFactory(session=open_session).vacancies.get()

    with on_session_day(open_session, minutes=-120), pytest.raises(errors.NotSessionDay):
        services.interview_record(registration=registration, vacancy=vacancy, actor=staff, result="passed")

    assert not Interview.objects.exists()
    assert refreshed(registration).status == RegStatus.CONFIRMED


def test_interviews_are_recorded_from_the_desk_opening_and_results_after_the_end(open_session, registration, staff):
    vacancy = factories.ParticipationFactory(session=open_session).vacancies.get()

    with on_session_day(open_session, minutes=-60):
        interview, _created = services.interview_record(registration=registration, vacancy=vacancy, actor=staff)
    with time_machine.travel(open_session.ends_at + timedelta(days=2)):
        interview, _created = services.interview_record(
            registration=registration, vacancy=vacancy, actor=staff, result="passed"
        )

    assert interview.result == "passed"
    assert refreshed(registration).status == RegStatus.ATTENDED


def test_the_api_answers_409_not_session_day_in_the_requests_language(open_session, registration, staff):
    client = client_for(staff)

    response = client.post(
        "/api/v1/check-ins/", {"code": registration.check_in_code}, format="json", HTTP_ACCEPT_LANGUAGE="vi"
    )

    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "not_session_day"
    assert "mở lúc" in body["detail"]


def test_the_desk_says_when_check_in_opens(client, open_session, registration, staff):
    client.force_login(staff)

    response = client.post(
        reverse("staff:desk_check_in", args=[open_session.pk]),
        {"code": registration.check_in_code},
        HTTP_HX_REQUEST="true",
    )

    page = response.content.decode()
    assert 'data-result="refused"' in page
    assert "Quầy đón tiếp của phiên này mở lúc" in page
    assert refreshed(registration).status == RegStatus.CONFIRMED
