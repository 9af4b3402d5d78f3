"""Weekly series of periodic sessions: holidays (Tết 2027) skipped, all-or-nothing on venue clashes."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from jobfair import errors
from sessions import services
from sessions.models import JobSession, SessionFormat, SessionKind, SessionSeries, SessionStatus
from tests import factories

# The series and schedules here name dates of 2026-2027: they run at PINNED_NOW, with those dates still ahead.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("daytime")]

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
MON, WED, FRI = 0, 2, 4

# Mon/Wed/Fri from Monday 25 January to Friday 26 February 2027. Tết Đinh Mùi: the holidays run from
# Thursday 4 to Wednesday 10 February 2027, so Fri 5, Mon 8 and Wed 10 February are skipped.
EXPECTED_DATES = [
    date(2027, 1, 25),
    date(2027, 1, 27),
    date(2027, 1, 29),
    date(2027, 2, 1),
    date(2027, 2, 3),
    date(2027, 2, 12),
    date(2027, 2, 15),
    date(2027, 2, 17),
    date(2027, 2, 19),
    date(2027, 2, 22),
    date(2027, 2, 24),
    date(2027, 2, 26),
]
EXPECTED_SKIPPED = [date(2027, 2, 5), date(2027, 2, 8), date(2027, 2, 10)]


@pytest.fixture
def venue(db):
    return factories.VenueFactory(booth_count=8, seat_capacity=200)


def create_series(actor=None, **overrides):
    fields = {
        "title": "Phiên giao dịch việc làm định kỳ tại sàn Trung Kính",
        "venue": overrides.pop("venue", None) or factories.VenueFactory(),
        "weekdays": [MON, WED, FRI],
        "start_time": time(8, 0),
        "end_time": time(11, 30),
        "date_from": date(2027, 1, 25),
        "date_to": date(2027, 2, 26),
    }
    fields.update(overrides)
    return services.session_series_create(actor=actor, **fields)


def at(day, hour, minute=0):
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=HCM)


def test_the_holidays_package_knows_tet_2027():
    holidays_2027 = services.vietnamese_holidays(date(2027, 1, 25), date(2027, 2, 26))

    assert sorted(holidays_2027) == [date(2027, 2, day) for day in range(4, 11)]


def test_weekly_series_across_tet_skips_the_holidays(staff, venue):
    series, sessions = create_series(actor=staff, venue=venue)

    assert [timezone.localtime(s.starts_at).date() for s in sessions] == EXPECTED_DATES
    assert sorted(timezone.localtime(s.starts_at).date() for s in JobSession.objects.filter(series=series)) == (
        EXPECTED_DATES
    )
    series.refresh_from_db()
    assert series.skipped_dates == [day.isoformat() for day in EXPECTED_SKIPPED]
    assert series.weekdays == [MON, WED, FRI]
    assert (series.date_from, series.date_to) == (date(2027, 1, 25), date(2027, 2, 26))
    assert series.created_by == staff


def test_series_sessions_are_drafts_at_the_venue_at_local_times(staff, venue):
    series, sessions = create_series(actor=staff, venue=venue)

    for session in JobSession.objects.filter(series=series):
        day = timezone.localtime(session.starts_at).date()
        assert session.status == SessionStatus.DRAFT
        assert session.kind == SessionKind.PERIODIC
        assert session.format == SessionFormat.IN_PERSON
        assert session.venue == venue
        assert session.ward_id == venue.ward_id
        assert session.starts_at == at(day, 8, 0)
        assert session.ends_at == at(day, 11, 30)
        # 08:00 in Hà Nội (UTC+7) is 01:00 UTC.
        assert session.starts_at.astimezone(ZoneInfo("UTC")).time() == time(1, 0)
        assert session.registration_opens_at == session.starts_at - timedelta(days=14)
        assert session.registration_closes_at == session.ends_at
        assert (session.employer_capacity, session.job_seeker_capacity) == (8, 200)
        assert session.code.startswith("PGD-2027-")
        assert session.created_by == staff
    assert len({s.code for s in sessions}) == len(EXPECTED_DATES)


def test_series_passes_session_fields_on(staff, venue):
    _series, sessions = create_series(
        actor=staff,
        venue=venue,
        weekdays=[WED],
        date_from=date(2027, 3, 1),
        date_to=date(2027, 3, 31),
        job_seeker_capacity=80,
        description="Ưu tiên lao động phổ thông",
        registration_opens_days_before=7,
    )

    assert [timezone.localtime(s.starts_at).date() for s in sessions] == [
        date(2027, 3, 3),
        date(2027, 3, 10),
        date(2027, 3, 17),
        date(2027, 3, 24),
        date(2027, 3, 31),
    ]
    assert {s.job_seeker_capacity for s in sessions} == {80}
    assert {s.description for s in sessions} == {"Ưu tiên lao động phổ thông"}
    assert all(s.registration_opens_at == s.starts_at - timedelta(days=7) for s in sessions)


def test_series_writes_audit_events_with_the_actor(staff, venue):
    series, sessions = create_series(actor=staff, venue=venue)

    event = AuditEvent.objects.get(action="series.create", object_id=str(series.pk))
    assert event.actor == staff
    assert event.data["sessions"] == len(EXPECTED_DATES)
    assert AuditEvent.objects.filter(action="session.create", actor=staff).count() == len(sessions)


def test_series_clashing_on_one_date_is_refused_whole(staff, venue):
    existing = factories.JobSessionFactory(
        venue=venue, starts_at=at(date(2027, 2, 17), 10, 0), ends_at=at(date(2027, 2, 17), 12, 0)
    )

    with pytest.raises(errors.VenueClash) as exc_info:
        create_series(actor=staff, venue=venue)

    assert exc_info.value.code == "venue_clash"
    assert "17/02/2027" in exc_info.value.detail
    assert not SessionSeries.objects.exists()
    assert list(JobSession.objects.all()) == [existing]


def test_series_is_not_blocked_by_a_session_on_a_skipped_holiday(staff, venue):
    factories.JobSessionFactory(venue=venue, starts_at=at(date(2027, 2, 8), 8), ends_at=at(date(2027, 2, 8), 12))

    _series, sessions = create_series(actor=staff, venue=venue)

    assert len(sessions) == len(EXPECTED_DATES)


def test_series_is_not_blocked_by_a_cancelled_session_or_an_afternoon_one(staff, venue):
    day = date(2027, 2, 17)
    factories.JobSessionFactory(
        venue=venue, starts_at=at(day, 8), ends_at=at(day, 11, 30), status=SessionStatus.CANCELLED
    )
    factories.JobSessionFactory(venue=venue, starts_at=at(day, 11, 30), ends_at=at(day, 16))

    _series, sessions = create_series(actor=staff, venue=venue)

    assert len(sessions) == len(EXPECTED_DATES)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        pytest.param({"weekdays": []}, "weekdays", id="no-weekday"),
        pytest.param({"weekdays": [7]}, "weekdays", id="weekday-7"),
        pytest.param({"weekdays": [MON, -1]}, "weekdays", id="negative-weekday"),
        pytest.param({"date_from": date(2027, 2, 26), "date_to": date(2027, 1, 25)}, "date_to", id="dates-inverted"),
        pytest.param({"date_from": date(2027, 1, 1), "date_to": date(2028, 1, 3)}, "date_to", id="over-a-year"),
        pytest.param({"end_time": time(8, 0)}, "end_time", id="ends-at-start"),
        pytest.param({"end_time": time(7, 0)}, "end_time", id="ends-before-start"),
    ],
)
def test_series_refuses_invalid_input(staff, venue, overrides, field):
    with pytest.raises(ValidationError) as exc_info:
        create_series(actor=staff, venue=venue, **overrides)

    assert field in exc_info.value.message_dict
    assert not SessionSeries.objects.exists()
    assert not JobSession.objects.exists()


def test_series_of_a_single_day(staff, venue):
    series, sessions = create_series(
        actor=staff, venue=venue, weekdays=[FRI], date_from=date(2027, 3, 5), date_to=date(2027, 3, 5)
    )

    assert [timezone.localtime(s.starts_at).date() for s in sessions] == [date(2027, 3, 5)]
    assert series.skipped_dates == []


def test_series_plan_lists_the_dates_the_holidays_skipped_and_the_clashes_in_one_query(
    venue, django_assert_num_queries
):
    booked = factories.JobSessionFactory(
        venue=venue,
        starts_at=datetime(2027, 2, 17, 10, 0, tzinfo=HCM),
        ends_at=datetime(2027, 2, 17, 12, 0, tzinfo=HCM),
        registration_opens_at=datetime(2027, 2, 1, tzinfo=HCM),
    )
    factories.JobSessionFactory(  # same day, later: no overlap with 08:00–11:30
        venue=venue,
        starts_at=datetime(2027, 2, 19, 13, 0, tzinfo=HCM),
        ends_at=datetime(2027, 2, 19, 16, 0, tzinfo=HCM),
        registration_opens_at=datetime(2027, 2, 1, tzinfo=HCM),
    )
    with django_assert_num_queries(1):
        plan = services.series_plan(
            venue=venue,
            weekdays=[FRI, MON, WED, WED],
            start_time=time(8, 0),
            end_time=time(11, 30),
            date_from=date(2027, 1, 25),
            date_to=date(2027, 2, 26),
        )
    assert [start.date() for start, _end in plan.slots] == EXPECTED_DATES
    assert sorted(plan.skipped) == EXPECTED_SKIPPED
    assert all(name for name in plan.skipped.values())
    assert plan.clashes == {date(2027, 2, 17): [booked]}


def test_series_plan_refuses_hours_the_wrong_way_round(venue):
    with pytest.raises(ValidationError) as refused:
        services.series_plan(
            venue=venue,
            weekdays=[MON],
            start_time=time(11, 0),
            end_time=time(8, 0),
            date_from=date(2027, 1, 25),
            date_to=date(2027, 2, 26),
        )
    assert "end_time" in refused.value.message_dict
