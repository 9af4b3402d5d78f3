"""The staff console: access control, every page for staff, the actions through the services."""

from datetime import date, datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, Verification
from accounts.validators import build_citizen_id
from sessions.models import HiringOutcome, Interview, JobSession, Notification, PlanTarget, Registration
from sessions.web.staff import outcomes
from tests import factories
from tests.helpers import session_day

# The console is about today's sessions (the desk, the dashboard, walk-ins): every test here runs at PINNED_NOW,
# a weekday morning, with the April-June 2026 dates it names still ahead.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("daytime")]


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _session_today(**fields):
    start = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0)
    return factories.JobSessionFactory(starts_at=start, ends_at=start + timedelta(hours=4), **fields)


def _pages(session):
    return [
        reverse("staff:dashboard"),
        reverse("staff:planner"),
        reverse("staff:session_new"),
        reverse("staff:series_new"),
        reverse("staff:session", args=[session.pk]),
        reverse("staff:desk", args=[session.pk]),
        reverse("staff:desk_counts", args=[session.pk]),
        reverse("staff:interviews", args=[session.pk]),
        reverse("staff:result_sheet", args=[session.pk]),
        reverse("staff:follow_up"),
        reverse("staff:employers"),
        reverse("staff:plan"),
        reverse("staff:summary"),
    ]


def test_anonymous_visitor_is_sent_to_sign_in(client):
    session = factories.JobSessionFactory()
    for url in _pages(session):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("factory", [factories.UserFactory, factories.EmployerUserFactory])
def test_other_roles_are_refused(client, factory):
    session = factories.JobSessionFactory()
    client.force_login(factory())
    for url in _pages(session):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("staff:desk_check_in", args=[session.pk]), {"code": "x"}).status_code == 403


def test_every_page_opens_for_staff(staff_client):
    session = _session_today()
    factories.EmployerFactory(verification=Verification.PENDING)
    for url in _pages(session):
        response = staff_client.get(url)
        assert response.status_code == 200, url


def _world(size: int):
    for _n in range(size):
        session = _session_today()
        factories.RegistrationFactory(session=session)
        factories.EmployerFactory(verification=Verification.PENDING)
        factories.ParticipationFactory(session=session, status="applied")
        registration = factories.RegistrationFactory(session=session)
        Notification.objects.create(
            channel="email",
            address="a@b.vn",
            kind=Notification.Kind.values[0],
            body_text="x",
            dedup_key=f"k-{registration.pk}",
            send_after=timezone.now(),
            status=Notification.Status.FAILED,
        )


def _dashboard_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("staff:dashboard")).status_code == 200
    return len(queries)


def test_dashboard_query_count_does_not_grow_with_data(staff_client):
    _world(1)
    one = _dashboard_queries(staff_client)
    _world(20)
    assert _dashboard_queries(staff_client) == one


def test_dashboard_lists_todays_sessions_and_the_waiting_work(staff_client):
    session = _session_today()
    employer = factories.EmployerFactory(verification=Verification.PENDING)
    booth = factories.ParticipationFactory(session=session, status="applied")
    body = staff_client.get(reverse("staff:dashboard")).content.decode()
    assert session.code in body
    assert employer.name in body
    assert booth.employer.name in body


def test_series_skips_the_holiday(staff_client, staff):
    venue = factories.VenueFactory()
    # 2026-04-27 is Monday, 2026-04-30 (Reunification Day) a Thursday, 2026-05-01 (Labour Day) a Friday.
    response = staff_client.post(
        reverse("staff:series_new"),
        {
            "title": "Phiên định kỳ",
            "venue": venue.pk,
            "weekdays": ["3", "4"],
            "start_time": "08:00",
            "end_time": "11:30",
            "date_from": "2026-04-20",
            "date_to": "2026-05-10",
        },
    )
    assert response.status_code == 302
    days = sorted(timezone.localtime(s.starts_at).date() for s in JobSession.objects.filter(venue=venue))
    assert date(2026, 4, 30) not in days and date(2026, 5, 1) not in days
    assert days == [date(2026, 4, 23), date(2026, 4, 24), date(2026, 5, 7), date(2026, 5, 8)]


def test_series_clash_is_refused_next_to_the_form(staff_client):
    venue = factories.VenueFactory()
    tz = timezone.get_current_timezone()
    from datetime import datetime

    start = datetime(2026, 6, 4, 9, 0, tzinfo=tz)
    factories.JobSessionFactory(
        venue=venue,
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        registration_opens_at=start - timedelta(days=9),
    )
    response = staff_client.post(
        reverse("staff:series_new"),
        {
            "title": "Phiên định kỳ",
            "venue": venue.pk,
            "weekdays": ["3"],
            "start_time": "08:00",
            "end_time": "11:30",
            "date_from": "2026-06-01",
            "date_to": "2026-06-30",
        },
    )
    assert response.status_code == 200
    assert "04/06/2026" in response.content.decode()
    assert JobSession.objects.filter(venue=venue).count() == 1


def test_series_preview_shows_the_sessions_the_holidays_and_the_clashes_before_saving(staff_client):
    venue = factories.VenueFactory()
    tz = timezone.get_current_timezone()
    booked = factories.JobSessionFactory(
        venue=venue,
        starts_at=datetime(2026, 5, 7, 9, 0, tzinfo=tz),
        ends_at=datetime(2026, 5, 7, 10, 0, tzinfo=tz),
        registration_opens_at=datetime(2026, 4, 1, tzinfo=tz),
    )
    series = {
        "venue": venue.pk,
        "weekdays": ["3", "4"],
        "start_time": "08:00",
        "end_time": "11:30",
        "date_from": "2026-04-20",
        "date_to": "2026-05-10",
    }
    body = staff_client.post(reverse("staff:series_preview"), series).content.decode()
    assert 'data-dates="4" data-clashing="1" data-creates="3"' in body  # 4 dates, 1 clash: 3 once it is resolved
    assert "23/04, 24/04, 07/05, 08/05" in body
    assert "30/04/2026" in body and "01/05/2026" in body  # the holidays skipped, named
    assert 'data-preview="clashes"' in body and booked.code in body
    assert JobSession.objects.filter(venue=venue).count() == 1  # nothing saved

    incomplete = staff_client.post(reverse("staff:series_preview"), {**series, "weekdays": []}).content.decode()
    assert "Sẽ tạo" not in incomplete and "Chọn địa điểm" in incomplete
    backwards = staff_client.post(reverse("staff:series_preview"), {**series, "end_time": "07:00"})
    assert backwards.status_code == 200 and 'role="alert"' in backwards.content.decode()


def test_clash_check_shows_the_clash_before_saving(staff_client):
    session = _session_today()
    local = timezone.localtime(session.starts_at)
    data = {
        "title": "x",
        "kind": "periodic",
        "format": "in_person",
        "venue": session.venue_id,
        "day": local.date().isoformat(),
        "start_time": "09:00",
        "end_time": "10:00",
    }
    response = staff_client.post(reverse("staff:clash_check"), data)
    assert session.code in response.content.decode()
    data["start_time"], data["end_time"] = "13:00", "14:00"
    response = staff_client.post(reverse("staff:clash_check"), data)
    assert session.code not in response.content.decode()


def test_create_publish_move_and_cancel(staff_client):
    venue = factories.VenueFactory()
    day = timezone.localdate() + timedelta(days=10)
    response = staff_client.post(
        reverse("staff:session_new"),
        {
            "title": "Phiên việc làm thanh niên",
            "kind": "thematic",
            "format": "in_person",
            "venue": venue.pk,
            "day": day.isoformat(),
            "start_time": "08:00",
            "end_time": "11:30",
        },
    )
    assert response.status_code == 302
    session = JobSession.objects.get(venue=venue)
    url = reverse("staff:session", args=[session.pk])
    staff_client.post(url, {"action": "publish"})
    session.refresh_from_db()
    assert session.status == "published"
    new_day = day + timedelta(days=1)
    staff_client.post(
        url,
        {"action": "move", "venue": venue.pk, "day": new_day.isoformat(), "start_time": "13:00", "end_time": "16:00"},
    )
    session.refresh_from_db()
    assert timezone.localtime(session.starts_at).date() == new_day
    assert timezone.localtime(session.starts_at).time() == time(13, 0)
    response = staff_client.post(url, {"action": "cancel", "reason": ""})
    assert response.status_code == 409
    staff_client.post(url, {"action": "cancel", "reason": "Bão số 3"})
    session.refresh_from_db()
    assert session.status == "cancelled" and session.cancel_reason == "Bão số 3"
    response = staff_client.post(url, {"action": "publish"})
    assert response.status_code == 409  # refused next to the action, never a 500


def test_desk_checks_in_by_code_and_refuses_a_wrong_code(staff_client):
    session = _session_today()
    registration = factories.RegistrationFactory(session=session)
    url = reverse("staff:desk_check_in", args=[session.pk])
    response = staff_client.post(url, {"code": registration.check_in_code}, HTTP_HX_REQUEST="true")
    assert 'data-result="ok"' in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.ATTENDED
    response = staff_client.post(url, {"code": "nope"}, HTTP_HX_REQUEST="true")
    assert 'data-result="refused"' in response.content.decode()
    counts = staff_client.get(reverse("staff:desk_counts", args=[session.pk])).content.decode()
    assert 'data-count="attended">1<' in counts


def test_walk_in_is_registered_and_checked_in(staff_client):
    session = _session_today()
    response = staff_client.post(
        reverse("staff:desk_walk_in", args=[session.pk]),
        {"full_name": "Lê Thị Mai", "phone": "0912345678", "sex": "female", "date_of_birth": "1995-03-02"},
    )
    assert response.status_code == 302
    registration = Registration.objects.get(session=session)
    assert registration.status == Registration.Status.ATTENDED
    assert registration.source == Registration.Source.WALK_IN
    assert registration.job_seeker.user is None


def test_interview_and_outcome_in_the_table(staff_client):
    session = _session_today()
    booth = factories.ParticipationFactory(session=session)
    vacancy = factories.VacancyFactory(employer=booth.employer)
    booth.vacancies.add(vacancy)
    registration = factories.RegistrationFactory(session=session)
    url = reverse("staff:interviews", args=[session.pk])
    response = staff_client.post(url, {"person": registration.check_in_code, "vacancy": vacancy.pk, "result": "passed"})
    assert response.status_code == 302
    interview = Interview.objects.get(registration=registration)
    response = staff_client.post(
        url, {"interview": interview.pk, "result": "passed", "outcome": "started", "start_date": ""}
    )
    assert response.status_code == 409  # a start date is required: shown next to the table
    response = staff_client.post(
        url,
        {"interview": interview.pk, "result": "passed", "outcome": "started", "start_date": str(session_day(session))},
    )
    assert response.status_code == 302
    assert interview.outcome.status == HiringOutcome.Status.STARTED


def test_interview_is_recorded_for_the_person_named_by_mobile_number(staff_client):
    session = _session_today()
    booth = factories.ParticipationFactory(session=session)
    vacancy = booth.vacancies.get()
    registration = factories.RegistrationFactory(session=session, job_seeker__phone="+84912000111")
    url = reverse("staff:interviews", args=[session.pk])
    response = staff_client.post(url, {"person": "0912 000 111", "vacancy": vacancy.pk, "result": "failed"})
    assert response.status_code == 302
    assert Interview.objects.get(registration=registration).result == "failed"


def test_a_person_marked_absent_whom_an_employer_interviewed_is_recorded_after_the_session(staff_client):
    start = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0) - timedelta(days=1)
    held = factories.JobSessionFactory(
        status="completed",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        registration_opens_at=start - timedelta(days=7),
        registration_closes_at=start,
    )
    vacancy = factories.ParticipationFactory(session=held).vacancies.get()
    forgotten = factories.RegistrationFactory(session=held, status="no_show")
    kind_message = Notification.objects.create(  # "we missed you", written and not yet sent
        registration=forgotten,
        session=held,
        kind="no_show_follow_up",
        channel="sms",
        address="+84912345678",
        body_text="Hen gap ban o phien toi",
        dedup_key=f"no_show_follow_up:reg{forgotten.pk}",
        send_after=timezone.now() + timedelta(hours=1),
    )

    response = staff_client.post(
        reverse("staff:interviews", args=[held.pk]),
        {"person": forgotten.short_code, "vacancy": vacancy.pk, "result": "passed"},
    )

    assert response.status_code == 302
    forgotten.refresh_from_db()
    kind_message.refresh_from_db()
    assert forgotten.status == "attended" and Interview.objects.get(registration=forgotten).result == "passed"
    assert kind_message.status == "cancelled"  # not told "we missed you"
    assert AuditEvent.objects.filter(action="registration.no_show_corrected", object_id=str(forgotten.pk)).exists()


def test_a_mobile_number_two_people_share_is_not_guessed(staff_client):
    session = _session_today()
    vacancy = factories.ParticipationFactory(session=session).vacancies.get()
    for name in ("Lê Văn Mới", "Lê Thị Vợ"):  # one family phone
        factories.RegistrationFactory(session=session, job_seeker__phone="+84912345678", job_seeker__full_name=name)

    response = staff_client.post(
        reverse("staff:interviews", args=[session.pk]),
        {"person": "0912 345 678", "vacancy": vacancy.pk, "result": "passed"},
    )

    assert response.status_code == 400
    assert response.context["new_form"].errors["person"] == [
        "Có nhiều người đăng ký phiên này dùng chung số điện thoại này (Lê Thị Vợ, Lê Văn Mới): "
        "hãy nhập mã tại quầy hoặc quét mã QR."
    ]
    assert not Interview.objects.exists()


@pytest.mark.parametrize("person", ["", "no-such-code", "0999 999 999"])
def test_interview_for_nobody_registered_is_refused_next_to_the_field(staff_client, person):
    session = _session_today()
    vacancy = factories.ParticipationFactory(session=session).vacancies.get()
    other = factories.RegistrationFactory()  # registered for another session
    url = reverse("staff:interviews", args=[session.pk])
    for value in (person, other.check_in_code):
        response = staff_client.post(url, {"person": value, "vacancy": vacancy.pk, "result": "passed"})
        assert response.status_code == 400
        assert response.context["new_form"].errors["person"]
    assert not Interview.objects.exists()


def test_interviews_are_filtered_by_employer_and_paged(staff_client, monkeypatch):
    monkeypatch.setattr(outcomes, "INTERVIEWS_PAGE_SIZE", 2)
    session = _session_today()
    booths = [factories.ParticipationFactory(session=session) for _ in range(2)]
    for booth in booths:
        for _ in range(3):
            factories.InterviewFactory(registration__session=session, vacancy=booth.vacancies.get())
    url = reverse("staff:interviews", args=[session.pk])
    everything = staff_client.get(url)
    assert everything.context["page"].paginator.count == 6
    mine = staff_client.get(url, {"employer": booths[0].employer_id})
    assert mine.context["page"].paginator.count == 3
    assert {row.vacancy.employer_id for row in mine.context["page"]} == {booths[0].employer_id}
    assert list(mine.context["new_form"].fields["vacancy"].queryset) == [booths[0].vacancies.get()]
    assert staff_client.get(url, {"employer": "not-a-number"}).context["page"].paginator.count == 6
    assert mine.context["page"].paginator.num_pages == 2
    assert f"employer={booths[0].employer_id}&amp;page=2" in mine.content.decode()  # paging keeps the filter
    second = staff_client.get(url, {"employer": booths[0].employer_id, "page": 2})
    assert len(second.context["page"].object_list) == 1


def test_interviews_page_query_count_does_not_grow_with_data(staff_client):
    session = _session_today()
    booth = factories.ParticipationFactory(session=session)
    url = reverse("staff:interviews", args=[session.pk])

    def add_interviews(count: int):
        for _ in range(count):
            interview = factories.InterviewFactory(registration__session=session, vacancy=booth.vacancies.get())
            HiringOutcome.objects.create(
                interview=interview, status="offered", reported_at=timezone.now(), start_date=timezone.localdate()
            )

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(url).status_code == 200
        return len(captured)

    add_interviews(1)
    one = queries()
    add_interviews(30)
    factories.ParticipationFactory(session=session)
    assert queries() == one


def test_follow_up_lists_and_records_checks(staff_client):
    interview = factories.InterviewFactory(
        registration__session__starts_at=timezone.now() - timedelta(days=100),
        registration__session__ends_at=timezone.now() - timedelta(days=100) + timedelta(hours=3),
        registration__session__registration_opens_at=timezone.now() - timedelta(days=120),
    )
    pending = factories.InterviewFactory(registration__session=interview.registration.session)
    outcome = HiringOutcome.objects.create(
        interview=interview,
        status="started",
        start_date=timezone.localdate() - timedelta(days=95),
        reported_at=timezone.now(),
    )
    body = staff_client.get(reverse("staff:follow_up")).content.decode()
    assert pending.registration.job_seeker.full_name in body
    assert body.count(interview.registration.job_seeker.full_name) >= 2  # due for both checks
    staff_client.post(reverse("staff:follow_up"), {"outcome": outcome.pk, "days": "30", "still_employed": "1"})
    outcome.refresh_from_db()
    assert outcome.employed_at_30_days is True


def _past_session():
    start = timezone.now() - timedelta(days=10)
    return factories.JobSessionFactory(
        starts_at=start, ends_at=start + timedelta(hours=3), registration_opens_at=start - timedelta(days=20)
    )


def _follow_up_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("staff:follow_up")).status_code == 200
    return len(queries)


def test_follow_up_lists_are_counted_and_paged_each_on_its_own(staff_client):
    session = _past_session()
    interviews = [factories.InterviewFactory(registration__session=session) for _ in range(52)]
    outcome = HiringOutcome.objects.create(
        interview=interviews[0],
        status="started",
        start_date=timezone.localdate() - timedelta(days=40),
        reported_at=timezone.now(),
    )
    first = staff_client.get(reverse("staff:follow_up"))
    assert first.context["without_outcome"]["page"].paginator.count == 51
    assert len(first.context["without_outcome"]["page"].object_list) == 50
    assert first.context["due_30"]["page"].paginator.count == 1
    body = first.content.decode()
    assert "page_outcomes=2" in body and "page_30=" not in body
    second = staff_client.get(reverse("staff:follow_up"), {"page_outcomes": "2"})
    assert len(second.context["without_outcome"]["page"].object_list) == 1
    # a check recorded from the second page comes back to it
    response = staff_client.post(
        f"{reverse('staff:follow_up')}?page_outcomes=2", {"outcome": outcome.pk, "days": "30", "still_employed": "1"}
    )
    assert response.status_code == 302 and response.url.endswith("?page_outcomes=2")


def test_follow_up_query_count_does_not_grow_with_data(staff_client):
    session = _past_session()

    def add_rows(count: int):  # each time a row in each list: without outcome, 30-day and 90-day checks due
        for _ in range(count):
            factories.InterviewFactory(registration__session=session)
            HiringOutcome.objects.create(
                interview=factories.InterviewFactory(registration__session=session),
                status="started",
                start_date=timezone.localdate() - timedelta(days=100),
                reported_at=timezone.now(),
            )

    add_rows(1)
    one = _follow_up_queries(staff_client)
    add_rows(30)
    assert _follow_up_queries(staff_client) == one


def test_employer_verification(staff_client):
    employer = factories.EmployerFactory(verification=Verification.PENDING)
    staff_client.post(reverse("staff:employers"), {"employer": employer.pk, "decision": "verified"})
    employer.refresh_from_db()
    assert employer.verification == Verification.VERIFIED
    response = staff_client.post(reverse("staff:employers"), {"employer": employer.pk, "decision": "verified"})
    assert response.status_code == 409


def test_employer_awaiting_verification_is_shown_with_what_staff_check(staff_client):
    employer = factories.EmployerFactory(verification=Verification.PENDING, vsic_section="C", address="Số 5 Láng Hạ")
    body = staff_client.get(reverse("staff:employers")).content.decode()
    assert employer.tax_code in body and "Số 5 Láng Hạ" in body
    assert employer.get_vsic_section_display() in body  # "C – Công nghiệp chế biến, chế tạo", once
    assert f"đăng ký ngày {timezone.localtime(employer.created_at):%d/%m/%Y}" in body


def test_plan_targets_are_edited_for_the_year_and_quarters(staff_client):
    response = staff_client.post(
        reverse("staff:plan"), {"year": "2026", "sessions_held-year": "200", "interviewed-2": "1.500"}
    )
    assert response.status_code == 302
    assert PlanTarget.objects.get(year=2026, quarter=None, metric="sessions_held").target == 200
    assert PlanTarget.objects.get(year=2026, quarter=2, metric="interviewed").target == 1500
    response = staff_client.post(reverse("staff:plan"), {"year": "2026", "started_work-1": "0"})
    assert response.status_code == 400


def test_one_refused_plan_cell_saves_no_cell_names_itself_and_keeps_what_was_typed(staff_client):
    typed = {"year": "2031", "sessions_held-year": "120", "vacancies_total-year": "12abc", "interviewed-1": "1,5"}

    response = staff_client.post(reverse("staff:plan"), typed)

    assert response.status_code == 400
    assert not PlanTarget.objects.exists()
    assert response.context["errors"] == [
        "Số vị trí tuyển dụng, Năm: 12abc không phải là số nguyên.",
        "Số người được phỏng vấn, Quý 1: 1,5 không phải là số nguyên.",
    ]
    cells = {cell["name"]: cell["value"] for row in response.context["rows"] for cell in row["cells"]}
    assert (cells["sessions_held-year"], cells["vacancies_total-year"]) == ("120", "12abc")


def test_summary_page_and_files_have_the_api_numbers(staff_client):
    session = _session_today()
    factories.RegistrationFactory(session=session, status="attended")
    year = timezone.localdate().year
    PlanTarget.objects.create(year=year, quarter=None, metric="job_seekers_attended", target=4)
    query = {"period": "year", "year": str(year), "group_by": ["sex", "kind"]}
    page = staff_client.get(reverse("staff:summary"), query)
    assert page.status_code == 200
    api = staff_client.get(
        "/api/v1/reports/summary/",
        {"date_from": f"{year}-01-01", "date_to": f"{year}-12-31", "group_by": "sex,kind"},
    ).json()
    assert page.context["report"]["metrics"]["job_seekers_attended"]["value"] == 1
    for metric, item in api["metrics"].items():
        assert page.context["report"]["metrics"][metric]["value"] == item["value"]
    assert "25,0%" in page.content.decode()  # Vietnamese number format
    xlsx = staff_client.get(reverse("staff:summary"), {**query, "format": "xlsx"})
    api_xlsx = staff_client.get(
        "/api/v1/reports/summary/",
        {"date_from": f"{year}-01-01", "date_to": f"{year}-12-31", "group_by": "sex,kind", "format": "xlsx"},
    )
    assert xlsx["Content-Type"] == api_xlsx["Content-Type"]
    csv = staff_client.get(reverse("staff:summary"), {**query, "format": "csv"})
    assert csv.content.startswith(b"\xef\xbb\xbf")


def test_result_sheet_page(staff_client):
    session = _session_today()
    booth = factories.ParticipationFactory(session=session)
    response = staff_client.get(reverse("staff:result_sheet", args=[session.pk]))
    assert booth.employer.name in response.content.decode()


def test_result_sheet_files_are_the_api_files(staff_client):
    session = _session_today()
    factories.ParticipationFactory(session=session)
    factories.RegistrationFactory(session=session, status="attended")
    page = reverse("staff:result_sheet", args=[session.pk])
    assert 'href="?format=xlsx"' in staff_client.get(page).content.decode()
    for file_format in ("xlsx", "csv"):
        from_page = staff_client.get(page, {"format": file_format})
        from_api = staff_client.get(f"/api/v1/reports/sessions/{session.pk}/", {"format": file_format})
        assert from_page.status_code == from_api.status_code == 200
        assert from_page["Content-Disposition"] == from_api["Content-Disposition"]
        if file_format == "csv":  # the workbook's bytes carry its creation time; the CSV's do not
            assert from_page.content == from_api.content


def test_failed_notification_is_sent_again(staff_client):
    notice = Notification.objects.create(
        channel="email",
        address="a@b.vn",
        kind=Notification.Kind.values[0],
        body_text="x",
        dedup_key="retry-1",
        send_after=timezone.now(),
        status=Notification.Status.FAILED,
    )
    staff_client.post(reverse("staff:notification_retry", args=[notice.pk]))
    notice.refresh_from_db()
    assert notice.status != Notification.Status.FAILED


@pytest.mark.parametrize(
    ("query", "start", "end"),
    [
        ({"period": "month", "year": "2026", "month": "12"}, date(2026, 12, 1), date(2026, 12, 31)),
        ({"period": "month", "year": "2028", "month": "2"}, date(2028, 2, 1), date(2028, 2, 29)),
        ({"period": "quarter", "year": "2026", "quarter": "4"}, date(2026, 10, 1), date(2026, 12, 31)),
        ({"period": "quarter", "year": "2026", "quarter": "1"}, date(2026, 1, 1), date(2026, 3, 31)),
        ({"period": "year", "year": "2025"}, date(2025, 1, 1), date(2025, 12, 31)),
        ({"period": "range", "date_from": "2026-02-03", "date_to": "2026-05-04"}, date(2026, 2, 3), date(2026, 5, 4)),
    ],
)
def test_summary_periods(staff_client, query, start, end):
    response = staff_client.get(reverse("staff:summary"), query)
    assert response.status_code == 200
    assert (response.context["report"]["date_from"], response.context["report"]["date_to"]) == (start, end)


def test_summary_refuses_a_range_without_dates(staff_client):
    response = staff_client.get(reverse("staff:summary"), {"period": "range", "date_from": "2026-02-03"})
    assert response.status_code == 400
    assert response.context["report"] is None


def test_walk_in_with_a_bad_citizen_id_is_refused_next_to_the_form(staff_client):
    session = _session_today()
    response = staff_client.post(
        reverse("staff:desk_walk_in", args=[session.pk]),
        {"full_name": "Lê Thị Mai", "citizen_id": "123", "sex": "female", "date_of_birth": "1995-03-02"},
    )
    assert response.status_code == 400
    assert response.context["walk_in_form"].errors
    assert not Registration.objects.filter(session=session).exists()


def test_check_in_without_javascript_redirects_back_to_the_desk(staff_client):
    session = _session_today()
    registration = factories.RegistrationFactory(session=session)
    response = staff_client.post(
        reverse("staff:desk_check_in", args=[session.pk]), {"code": registration.check_in_code}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("staff:desk", args=[session.pk])
    assert registration.job_seeker.full_name in response.content.decode()


def test_a_second_check_in_without_javascript_says_it_was_done_already(staff_client):
    session = _session_today()
    registration = factories.RegistrationFactory(session=session)
    url = reverse("staff:desk_check_in", args=[session.pk])
    staff_client.post(url, {"code": registration.check_in_code})

    again = staff_client.post(url, {"code": registration.check_in_code}, follow=True, HTTP_ACCEPT_LANGUAGE="vi")

    assert f"{registration.job_seeker.full_name} đã check-in trước đó." in again.content.decode()


def test_a_walk_ins_citizen_id_typed_in_groups_is_kept_as_its_digits(staff_client):
    session = _session_today()
    citizen_id = build_citizen_id(province_code="001", sex="female", birth_year=1995, serial=123457)
    typed = f"{citizen_id[:3]} {citizen_id[3:6]} {citizen_id[6:9]}-{citizen_id[9:]}"

    response = staff_client.post(
        reverse("staff:desk_walk_in", args=[session.pk]),
        {"full_name": "Lê Thị Mai", "citizen_id": typed, "sex": "female", "date_of_birth": "1995-03-02"},
    )

    assert response.status_code == 302
    assert Registration.objects.get(session=session).job_seeker.citizen_id == citizen_id


def test_code_of_another_session_is_refused_at_the_desk(staff_client):
    session = _session_today()
    other = factories.RegistrationFactory()
    response = staff_client.post(
        reverse("staff:desk_check_in", args=[session.pk]), {"code": other.check_in_code}, HTTP_HX_REQUEST="true"
    )
    assert 'data-result="refused"' in response.content.decode()
    other.refresh_from_db()
    assert other.status == Registration.Status.CONFIRMED


def test_planner_shows_the_week_by_venue(staff_client):
    session = _session_today()
    response = staff_client.get(reverse("staff:planner"), {"week": timezone.localdate().isoformat()})
    body = response.content.decode()
    assert session.venue.name in body and session.code in body


def _fair_from_yesterday_to_tomorrow():
    """A session under way that started on another day: day 2 of a three-day fair."""
    now = timezone.localtime()
    start = datetime.combine(now.date() - timedelta(days=1), time(8), tzinfo=now.tzinfo)
    return factories.JobSessionFactory(
        starts_at=start,
        ends_at=start + timedelta(days=2, hours=9),
        registration_opens_at=start - timedelta(days=7),
        registration_closes_at=start,
    )


def test_todays_sessions_include_a_fair_that_began_yesterday(staff_client):
    fair = _fair_from_yesterday_to_tomorrow()

    today = staff_client.get(reverse("staff:dashboard")).context["todays"]

    assert fair in today


def test_the_planner_shows_a_fair_on_each_of_its_days(staff_client):
    fair = _fair_from_yesterday_to_tomorrow()
    # the week of tomorrow: the fair's last day may be in the next week, and must show there too
    week = staff_client.get(reverse("staff:planner"), {"week": (timezone.localdate() + timedelta(days=1)).isoformat()})

    cells = [cell for row in week.context["rows"] for cell in row["cells"] if fair in cell]
    days_in_week = {timezone.localdate() + timedelta(days=n) for n in (-1, 0, 1)} & {
        d["day"] for d in week.context["days"]
    }
    assert len(cells) == len(days_in_week) >= 1


def test_dashboard_in_english(staff_client):
    staff_client.cookies["django_language"] = "en"
    response = staff_client.get(reverse("staff:dashboard"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200


def test_report_figures_are_written_with_the_thousands_separator_of_the_language(staff_client):
    session = _session_today()
    employer = factories.EmployerFactory()
    factories.ParticipationFactory(
        session=session, employer=employer, vacancies=[factories.VacancyFactory(employer=employer, quantity=12_345)]
    )
    year = timezone.localdate().year
    PlanTarget.objects.create(year=year, quarter=None, metric="vacancies_total", target=100_000)
    query = {"period": "year", "year": str(year)}

    vietnamese = staff_client.get(reverse("staff:summary"), query).content.decode()
    sheet = staff_client.get(reverse("staff:result_sheet", args=[session.pk])).content.decode()
    staff_client.cookies["django_language"] = "en"
    english = staff_client.get(reverse("staff:summary"), query).content.decode()

    assert "12.345" in vietnamese and "100.000" in vietnamese and "12,3%" in vietnamese
    assert "12.345" in sheet
    assert "12,345" in english and "100,000" in english and "12.3%" in english


def test_the_employers_industry_is_named_once(staff_client):
    """Issue 12 item 9: "B – Khai khoáng", not "B – B – Khai khoáng"."""
    factories.EmployerFactory(verification=Verification.PENDING, vsic_section="B")

    html = staff_client.get(reverse("staff:employers"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    assert "B – Khai khoáng" in html
    assert "B – B" not in html


def test_the_result_sheet_names_each_employers_industry(staff_client):
    """Issue 13 item 4: the sector is shown by its name ("B – Khai khoáng"), never the bare code nor twice."""
    session = _session_today()
    employer = factories.EmployerFactory(vsic_section="B")
    factories.ParticipationFactory(session=session, employer=employer)

    html = staff_client.get(reverse("staff:result_sheet", args=[session.pk])).content.decode()

    assert "<td>B – Khai khoáng</td>" in html
    assert "<td>B</td>" not in html
    assert "B – B" not in html
