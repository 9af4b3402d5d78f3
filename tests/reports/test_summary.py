"""The summary and the session result sheet count exactly what DESIGN §5 defines: checked against figures computed
independently, in plain Python, from the objects the test created; in a fixed number of queries."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from sessions import services
from sessions.models import JobSession, PlanTarget
from sessions.reports import figures
from tests import factories
from tests.reports import world as w

pytestmark = pytest.mark.django_db

PERIODS = [
    (date(2024, 1, 1), date(2026, 12, 31)),  # everything, the session to come included
    (date(2025, 1, 1), date(2025, 12, 31)),  # a year: the July 1st 06:00 session is in, the Jan 1st 05:00 one out
    (date(2025, 7, 1), date(2025, 9, 30)),  # Q3: starts with the session held on 30 June in UTC
    (date(2025, 2, 28), date(2025, 3, 10)),  # two single days at the edges
    (date(2023, 1, 1), date(2023, 12, 31)),  # nothing at all
]


@pytest.fixture
def world():
    return w.build_world()


def as_table(rows) -> dict:
    return {row["key"]: row["metrics"] for row in rows}


def assert_breakdown_matches(world, report, dimension, date_from, date_to):
    rows = report["breakdowns"][dimension]
    table = as_table(rows)
    assert len(table) == len(rows), "a bucket appears twice"
    expected = w.expected(world, date_from, date_to, dimension)
    metrics = w.DIMENSION_METRICS[dimension]
    assert report["breakdown_metrics"][dimension] == list(metrics)
    for key, values in expected.items():
        assert table.get(key) == values, (dimension, key)
    # Buckets without data are shown with zeros, never with figures from nowhere.
    for key, values in table.items():
        if key not in expected:
            assert values == dict.fromkeys(metrics, 0), (dimension, key)
    assert all(row["label"] for row in rows)


@pytest.mark.parametrize(("date_from", "date_to"), PERIODS)
def test_summary_totals_and_every_breakdown_match_independent_figures(world, date_from, date_to):
    report = figures.summary(date_from, date_to, group_by=",".join(figures.DIMENSIONS))

    expected_total = w.expected(world, date_from, date_to).get("total", dict.fromkeys(w.METRICS, 0))
    assert {name: item["value"] for name, item in report["metrics"].items()} == expected_total
    assert list(report["metrics"]) == list(w.METRICS)
    for dimension in figures.DIMENSIONS:
        assert_breakdown_matches(world, report, dimension, date_from, date_to)


def test_hand_checked_totals_for_2025(world):
    """The figures of 2025 counted by hand from the world's description, as a check on the checker."""
    report = figures.summary(date(2025, 1, 1), date(2025, 12, 31))
    values = {name: item["value"] for name, item in report["metrics"].items()}
    assert values == {
        "sessions_held": 5,  # s0 s1 s2 (published, ended) s3 s4; not the draft s6, not the cancelled s5
        "employer_participations": 8,  # s0:e1, s1:e1 e2, s2:e3, s3:e1, s4:e2 e3, s6 (draft):e1
        "vacancies_total": 5 + (15 + 3) + 27 + 0 + (3 + 7) + 5,
        "job_seekers_registered": 2 + 5 + 5 + 3 + 3 + 1,  # s0 s1 s2 s3 s4 s6: confirmed, attended, no_show
        "job_seekers_attended": 1 + 3 + 4 + 3 + 3,
        # One per person and session: js1 (two vacancies) and js4 (two registrations) once each at s1.
        "interviewed": 1 + 4 + 3 + 3 + 3,
        "passed_at_session": 1 + 2 + 1 + 2 + 2,  # js2 passed twice at s4
        "started_work": 1 + 1 + 1 + 1 + 1,
    }


def test_cohort_breakdown_counts_a_person_in_each_of_their_cohorts(world):
    report = figures.summary(date(2025, 1, 1), date(2025, 12, 31), group_by="cohort")
    table = as_table(report["breakdowns"]["cohort"])
    assert [row["key"] for row in report["breakdowns"]["cohort"]] == [*w.all_cohort_codes(), "none"]
    # js2 (student_graduate and disabled) attended s1, s3, s4: she is in both rows.
    assert table["student_graduate"]["job_seekers_attended"] == 3
    assert table["disabled"]["job_seekers_attended"] == 3 + 2  # js2, and js1 at s1 and s2
    total_attended = report["metrics"]["job_seekers_attended"]["value"]
    assert sum(row["job_seekers_attended"] for row in table.values()) > total_attended


def test_interviewed_counts_a_person_once_per_session(world):
    """js1 interviewed for two vacancies at s1 counts once there; interviewed again at s2 counts again."""
    report = figures.summary(date(2025, 3, 10), date(2025, 5, 31))
    assert report["metrics"]["interviewed"]["value"] == 4 + 3
    assert report["metrics"]["passed_at_session"]["value"] == 2 + 1


def test_cancelled_session_counts_for_nothing(world):
    cancelled = next(s for s in world.sessions if s.status == "cancelled")
    day = w.local_date(cancelled.starts_at)
    report = figures.summary(day, day, group_by="kind,vsic")
    assert all(item["value"] == 0 for item in report["metrics"].values())
    assert report["breakdowns"]["vsic"] == []
    assert all(value == 0 for row in report["breakdowns"]["kind"] for value in row["metrics"].values())


def test_published_session_to_come_is_not_held_but_its_registrations_count(world):
    to_come = next(s for s in world.sessions if s.status == "published" and s.ends_at > timezone.now())
    day = w.local_date(to_come.starts_at)
    report = figures.summary(day, day)
    assert report["metrics"]["sessions_held"]["value"] == 0
    assert report["metrics"]["job_seekers_registered"]["value"] == 1
    assert report["metrics"]["employer_participations"]["value"] == 1


def test_age_band_is_the_age_on_the_session_date(world):
    # js8 was born on 29 February 1980: 44 on 28 February 2025 (s0), 45 on 10 March 2025 (s1).
    on_the_28th = figures.summary(date(2025, 2, 28), date(2025, 2, 28), group_by="age_band")
    assert as_table(on_the_28th["breakdowns"]["age_band"])["35-44"]["job_seekers_attended"] == 1
    in_march = figures.summary(date(2025, 3, 10), date(2025, 3, 10), group_by="age_band")
    assert as_table(in_march["breakdowns"]["age_band"])["45-54"]["job_seekers_attended"] == 1
    # js2, born 1 July 2000, turns 25 on the day of s4 — 06:00 on 1 July in Hà Nội, still 30 June in UTC —
    # and js9 (1 January 2000) is 25 too; js5 is 60.
    on_july_1st = as_table(
        figures.summary(date(2025, 7, 1), date(2025, 7, 1), group_by="age_band")["breakdowns"]["age_band"]
    )
    assert on_july_1st["25-34"]["job_seekers_attended"] == 2
    assert on_july_1st["15-24"]["job_seekers_attended"] == 0
    assert on_july_1st["55+"]["job_seekers_attended"] == 1
    # js6 turns 15 on the day of s2 (of working age); js10 is 14 (unknown: not of working age).
    on_may_5th = as_table(
        figures.summary(date(2025, 5, 5), date(2025, 5, 5), group_by="age_band")["breakdowns"]["age_band"]
    )
    assert on_may_5th["15-24"]["job_seekers_attended"] == 1
    assert on_may_5th["unknown"]["job_seekers_attended"] == 1
    assert [row["key"] for row in in_march["breakdowns"]["age_band"]] == [
        "15-24",
        "25-34",
        "35-44",
        "45-54",
        "55+",
        "unknown",
    ]


def test_month_breakdown_lists_every_month_of_the_period_in_local_time(world):
    report = figures.summary(date(2025, 6, 1), date(2025, 8, 31), group_by="month")
    rows = report["breakdowns"]["month"]
    assert [row["key"] for row in rows] == ["2025-06", "2025-07", "2025-08"]
    assert rows[1]["metrics"]["sessions_held"] == 1  # s4: 06:00 on 1 July in Hà Nội, 30 June in UTC
    assert rows[0]["metrics"]["sessions_held"] == 1  # s3


def test_session_dimensions_add_up_to_the_totals(world):
    report = figures.summary(date(2024, 1, 1), date(2026, 12, 31), group_by="kind,month")
    for dimension in ("kind", "month"):
        for metric in w.METRICS:
            column = sum(row["metrics"][metric] for row in report["breakdowns"][dimension])
            assert column == report["metrics"][metric]["value"], (dimension, metric)


def test_labels_follow_the_language(world):
    with translation.override("en"):
        english = figures.summary(date(2025, 1, 1), date(2025, 12, 31), group_by="sex")
    with translation.override("vi"):
        vietnamese = figures.summary(date(2025, 1, 1), date(2025, 12, 31), group_by="sex")
    assert english["metrics"]["sessions_held"]["label"] == "Sessions held"
    assert vietnamese["metrics"]["sessions_held"]["label"] == "Số phiên giao dịch việc làm đã tổ chức"
    assert [row["label"] for row in english["breakdowns"]["sex"]] == ["Male", "Female", "Unknown"]
    assert [row["label"] for row in vietnamese["breakdowns"]["sex"]] == ["Nam", "Nữ", "Không rõ"]


# --- the session result sheet ----------------------------------------------------------------------------------


def test_session_sheet_matches_independent_figures_for_every_session(world):
    for session in world.sessions:
        sheet = figures.session_result_sheet(session)
        expected = w.expected_sheet(world, session)
        assert {name: item["value"] for name, item in sheet["metrics"].items()} == expected["metrics"], session.code
        booths = {
            row["employer"]: {
                k: row[k] for k in ("vacancies_total", "interviewed", "passed_at_session", "started_work")
            }
            for row in sheet["employers"]
        }
        assert booths == expected["employers"], session.code
        assert sheet["counted"] is (session.status != "cancelled")


def test_session_sheet_of_a_cancelled_session_is_not_held(world):
    cancelled = next(s for s in world.sessions if s.status == "cancelled")
    sheet = figures.session_result_sheet(cancelled)
    assert sheet["metrics"]["sessions_held"]["value"] == 0
    assert sheet["metrics"]["employer_participations"]["value"] == 2  # what happened is still shown
    assert sheet["counted"] is False


def test_session_sheet_takes_eight_queries(world, django_assert_num_queries):
    session = JobSession.objects.get(pk=world.sessions[1].pk)
    with django_assert_num_queries(8):  # the metrics 4, the booths 1, their interviews 1, the survey 2
        figures.session_result_sheet(session)


# --- plan targets and the share achieved ----------------------------------------------------------------------


def _approved_booth_with_places(day: date, quantity: int):
    session = factories.JobSessionFactory(
        status="completed",
        starts_at=w.local(day.year, day.month, day.day),
        ends_at=w.local(day.year, day.month, day.day, 12),
        registration_opens_at=w.local(day.year, day.month, 1, 0),
        registration_closes_at=w.local(day.year, day.month, day.day, 12),
    )
    return factories.ParticipationFactory(session=session, vacancies=[factories.VacancyFactory(quantity=quantity)])


def test_share_achieved_against_the_yearly_target(staff):
    _approved_booth_with_places(date(2024, 3, 5), 1000)
    _approved_booth_with_places(date(2024, 11, 20), 269)
    services.plan_target_set(year=2024, metric="vacancies_total", target=1000, actor=staff)
    services.plan_target_set(year=2024, quarter=1, metric="vacancies_total", target=400, actor=staff)

    report = figures.summary(date(2024, 1, 1), date(2024, 12, 31))
    vacancies = report["metrics"]["vacancies_total"]
    assert (vacancies["value"], vacancies["target"]) == (1269, 1000)
    assert vacancies["achieved_percent"] == Decimal("126.9")  # "đạt 126,9% kế hoạch"
    assert report["plan_period"] == {"year": 2024, "quarter": None}
    assert report["metrics"]["sessions_held"]["target"] is None
    assert report["metrics"]["sessions_held"]["achieved_percent"] is None

    first_quarter = figures.summary(date(2024, 1, 1), date(2024, 3, 31))["metrics"]["vacancies_total"]
    assert (first_quarter["value"], first_quarter["target"], first_quarter["achieved_percent"]) == (
        1000,
        400,
        Decimal("250.0"),
    )
    # Q2 has no target; a period that is not exactly a year or a quarter gets none (nothing is pro-rated).
    assert figures.summary(date(2024, 4, 1), date(2024, 6, 30))["metrics"]["vacancies_total"]["target"] is None
    for date_from, date_to in [
        (date(2024, 1, 1), date(2024, 12, 30)),
        (date(2024, 1, 2), date(2024, 3, 31)),
        (date(2024, 1, 1), date(2024, 1, 31)),
        (date(2023, 1, 1), date(2024, 12, 31)),
    ]:
        summary = figures.summary(date_from, date_to)
        assert summary["plan_period"] is None
        assert summary["metrics"]["vacancies_total"]["target"] is None


@pytest.mark.parametrize(
    ("value", "target", "share"),
    [(1269, 1000, "126.9"), (2, 3, "66.7"), (1, 8, "12.5"), (1, 16, "6.3"), (0, 5, "0.0"), (5, 5, "100.0")],
)
def test_share_is_rounded_half_up_to_one_decimal(value, target, share):
    assert figures.achieved_percent(value, target) == Decimal(share)
    assert str(figures.achieved_percent(value, target)) == share


def test_plan_period_recognises_years_and_quarters_only():
    assert figures.plan_period(date(2024, 1, 1), date(2024, 12, 31)) == (2024, None)
    assert figures.plan_period(date(2024, 10, 1), date(2024, 12, 31)) == (2024, 4)
    assert figures.plan_period(date(2024, 4, 1), date(2024, 6, 30)) == (2024, 2)
    assert figures.plan_period(date(2024, 4, 1), date(2024, 6, 29)) is None
    assert figures.plan_period(date(2024, 1, 1), date(2025, 12, 31)) is None


# --- a fixed number of queries --------------------------------------------------------------------------------


def _queries_of_summary(date_from, date_to, group_by) -> int:
    with CaptureQueriesContext(connection) as queries:
        figures.summary(date_from, date_to, group_by=group_by)
    return len(queries)


def test_summary_query_count_does_not_grow_with_the_data(staff):
    services.plan_target_set(year=2025, metric="interviewed", target=10, actor=staff)
    everything = ",".join(figures.DIMENSIONS)
    year = (date(2025, 1, 1), date(2025, 12, 31))
    world = w.build_world()
    small = _queries_of_summary(*year, everything)
    for _copy in range(3):
        world.extend(w.build_world())
    large = _queries_of_summary(*year, everything)
    assert small == large == 25  # totals and kind 4, plan 1, referrals 1, survey 1, month 4, cohort 3, sex 2,
    # age 2, qualification 2, ward 3, vsic 2
    assert _queries_of_summary(date(2025, 1, 1), date(2025, 12, 30), "") == 6  # no plan period, no breakdown
    # And the figures are still right with four copies of the world.
    report = figures.summary(*year, group_by=everything)
    assert {k: v["value"] for k, v in report["metrics"].items()} == w.expected(world, *year)["total"]
    assert report["metrics"]["interviewed"]["target"] == 10
    for dimension in figures.DIMENSIONS:
        assert_breakdown_matches(world, report, dimension, *year)


def test_plan_targets_table_is_read_once(staff, django_assert_num_queries):
    for metric in PlanTarget.Metric.values:
        services.plan_target_set(year=2025, metric=metric, target=100, actor=staff)
    with django_assert_num_queries(7):  # the totals 4, the plan 1, the referrals 1, the survey 1
        report = figures.summary(date(2025, 1, 1), date(2025, 12, 31))
    assert all(item["target"] == 100 for item in report["metrics"].values())
