"""Reports API: the session sheet, the summary as JSON, .xlsx and .csv (the same figures in all three), the plan
targets, bad input answered 400 and reports kept to centre staff."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook
from rest_framework.test import APIClient

from accounts.models import AuditEvent
from sessions import services
from sessions.models import PlanTarget
from sessions.reports import exports, figures
from tests import factories
from tests.reports import world as w

pytestmark = pytest.mark.django_db

SUMMARY = "/api/v1/reports/summary/"
PLAN_TARGETS = "/api/v1/plan-targets/"
YEAR_2025 = {"date_from": "2025-01-01", "date_to": "2025-12-31"}
EVERYTHING = ",".join(figures.DIMENSIONS)


@pytest.fixture
def api(staff):
    client = APIClient()
    client.force_authenticate(staff)
    return client


@pytest.fixture
def world():
    return w.build_world()


@pytest.fixture
def plan(staff):
    services.plan_target_set(year=2025, metric="sessions_held", target=4, actor=staff)
    services.plan_target_set(year=2025, metric="interviewed", target=11, actor=staff)


def get_json(api, **params):
    response = api.get(SUMMARY, params)
    assert response.status_code == 200, response.content
    return response.json()


# --- JSON ------------------------------------------------------------------------------------------------------


def test_summary_json_has_values_targets_and_shares(api, world, plan):
    body = get_json(api, **YEAR_2025, group_by="sex,vsic")
    assert body["date_from"] == "2025-01-01" and body["date_to"] == "2025-12-31"
    assert body["plan_period"] == {"year": 2025, "quarter": None}
    assert body["metrics"]["sessions_held"] == {
        "label": "Số phiên giao dịch việc làm đã tổ chức",
        "value": 5,
        "target": 4,
        "achieved_percent": "125.0",
    }
    assert body["metrics"]["interviewed"]["achieved_percent"] == "127.3"  # 14 of 11
    assert body["metrics"]["vacancies_total"]["target"] is None
    assert body["metrics"]["vacancies_total"]["achieved_percent"] is None
    assert body["group_by"] == ["sex", "vsic"]
    assert body["breakdown_metrics"]["vsic"] == list(w.EMPLOYER_METRICS)
    expected = w.expected(world, date(2025, 1, 1), date(2025, 12, 31), "vsic")
    assert {row["key"]: row["metrics"] for row in body["breakdowns"]["vsic"]} == expected
    assert [row["key"] for row in body["breakdowns"]["sex"]] == ["male", "female", "unknown"]


def test_group_by_may_be_repeated(api, world):
    body = get_json(api, **YEAR_2025, group_by=["kind", "month,kind"])
    assert body["group_by"] == ["kind", "month"]
    assert set(body["breakdowns"]) == {"kind", "month"}


def test_summary_in_english(api, world):
    response = api.get(SUMMARY, {**YEAR_2025, "group_by": "qualification"}, HTTP_ACCEPT_LANGUAGE="en")
    body = response.json()
    assert body["metrics"]["started_work"]["label"] == "Started work"
    assert body["breakdowns"]["qualification"][-2]["label"] == "University and above"


def test_summary_api_query_count_does_not_grow_with_the_data(api, plan):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert api.get(SUMMARY, {**YEAR_2025, "group_by": EVERYTHING}).status_code == 200
        return len(queries)

    w.build_world()
    small = count()
    w.build_world()
    w.build_world()
    assert count() == small == 25  # the summary test lists them


# --- the session sheet -----------------------------------------------------------------------------------------


def test_session_sheet(api, world):
    session = world.sessions[1]  # s1
    response = api.get(f"/api/v1/reports/sessions/{session.pk}/")
    assert response.status_code == 200
    body = response.json()
    expected = w.expected_sheet(world, session)
    assert body["session"]["code"] == session.code
    assert body["counted"] is True
    assert {name: item["value"] for name, item in body["metrics"].items()} == expected["metrics"]
    assert body["metrics"]["interviewed"]["value"] == 4
    assert {row["employer"] for row in body["employers"]} == set(expected["employers"])


def test_session_sheet_of_a_missing_session_is_404(api):
    assert api.get("/api/v1/reports/sessions/999999/").status_code == 404


def test_session_sheet_xlsx_has_the_json_figures_in_vietnamese(api, world):
    session = world.sessions[1]
    url = f"/api/v1/reports/sessions/{session.pk}/"
    body = api.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    with_vietnamese_labels = api.get(url).json()
    response = api.get(url, {"format": "xlsx"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == f'attachment; filename="ket-qua-phien_{session.code}.xlsx"'

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Kết quả phiên", "Doanh nghiệp tham gia", "Khảo sát hài lòng", "Góp ý sau phiên"]
    header = exports.HEADER_ROW
    metrics = book["Kết quả phiên"]
    assert session.code in metrics["A2"].value
    assert [cell.value for cell in metrics[header]] == ["Chỉ tiêu", "Thực hiện"]
    assert list(metrics.iter_rows(min_row=header + 1, values_only=True)) == [
        (item["label"], item["value"]) for item in with_vietnamese_labels["metrics"].values()
    ]
    assert [item["value"] for item in with_vietnamese_labels["metrics"].values()] == [
        item["value"] for item in body["metrics"].values()
    ]
    assert metrics.cell(header + 1, 2).number_format == "#,##0"
    booths = book["Doanh nghiệp tham gia"]
    assert [cell.value for cell in booths[header]][:3] == ["Gian", "Doanh nghiệp", "Ngành kinh tế (VSIC)"]
    assert list(booths.iter_rows(min_row=header + 1, values_only=True)) == [
        (
            row["booth_label"],
            row["name"],
            row["vsic_section"],
            row["vacancies_total"],
            row["interviewed"],
            row["passed_at_session"],
            row["started_work"],
        )
        for row in body["employers"]
    ]
    assert len(body["employers"]) >= 1


def test_session_sheet_csv_has_a_bom_and_every_table(api, world):
    session = world.sessions[1]
    body = api.get(f"/api/v1/reports/sessions/{session.pk}/").json()
    response = api.get(f"/api/v1/reports/sessions/{session.pk}/", {"format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    metrics_at = rows.index(["Kết quả phiên"])
    assert rows[metrics_at + 1] == ["Chỉ tiêu", "Thực hiện"]
    assert rows[metrics_at + 2 : metrics_at + 2 + len(body["metrics"])] == [
        [item["label"], str(item["value"])] for item in body["metrics"].values()
    ]
    booths_at = rows.index(["Doanh nghiệp tham gia"])
    survey_at = rows.index(["Khảo sát hài lòng"])
    assert survey_at - booths_at - 3 == len(body["employers"])  # the header row, the rows, a blank line
    assert rows[survey_at + 1][0] == "Người trả lời" and len(rows[survey_at + 2 : survey_at + 4]) == 2
    assert rows[-2:] == [["Góp ý sau phiên"], list(exports.COMMENT_HEADERS)]  # no comment in this world


def test_session_sheet_files_of_a_cancelled_session_say_it_counts_for_nothing(api, world):
    cancelled = next(s for s in world.sessions if s.status == "cancelled")
    url = f"/api/v1/reports/sessions/{cancelled.pk}/"
    book = load_workbook(io.BytesIO(api.get(url, {"format": "xlsx"}).content))
    assert book["Kết quả phiên"]["A3"].value == exports.CANCELLED_NOTE
    assert book["Doanh nghiệp tham gia"]["A3"].value is None
    rows = list(csv.reader(io.StringIO(api.get(url, {"format": "csv"}).content.decode("utf-8-sig"))))
    assert rows[2] == [exports.CANCELLED_NOTE]
    live = api.get(f"/api/v1/reports/sessions/{world.sessions[1].pk}/", {"format": "csv"})
    assert exports.CANCELLED_NOTE not in live.content.decode("utf-8-sig")


def test_session_sheet_in_an_unknown_format_is_a_400(api, world):
    response = api.get(f"/api/v1/reports/sessions/{world.sessions[1].pk}/", {"format": "pdf"})
    assert response.status_code == 400
    assert "format" in response.json()


# --- the Excel workbook ----------------------------------------------------------------------------------------


def test_xlsx_has_the_totals_and_one_sheet_per_breakdown_with_the_json_figures(api, world, plan):
    params = {**YEAR_2025, "group_by": "cohort,ward,month"}
    body = get_json(api, **params)
    response = api.get(SUMMARY, {**params, "format": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == exports.XLSX_CONTENT_TYPE
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tong-hop_2025-01-01_2025-12-31.xlsx"'

    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Tổng hợp",
        "Đối tượng ưu tiên",
        "Phường-xã",
        "Tháng",
        "Giới thiệu bước tiếp theo",
        "Khảo sát hài lòng",
    ]
    totals = book["Tổng hợp"]
    header = exports.HEADER_ROW
    assert [cell.value for cell in totals[header]] == ["Chỉ tiêu", "Thực hiện", "Kế hoạch", "Tỷ lệ đạt (%)"]
    rows = list(totals.iter_rows(min_row=header + 1, values_only=True))
    assert len(rows) == len(body["metrics"])
    for row, item in zip(rows, body["metrics"].values(), strict=True):
        percent = None if item["achieved_percent"] is None else float(item["achieved_percent"])
        assert row == (item["label"], item["value"], item["target"], percent)
    assert totals.cell(header + 1, 2).number_format == "#,##0"
    assert totals.cell(header + 1, 4).number_format == "#,##0.0"

    for dimension, title in [("cohort", "Đối tượng ưu tiên"), ("ward", "Phường-xã"), ("month", "Tháng")]:
        sheet = book[title]
        metrics = body["breakdown_metrics"][dimension]
        labels = [body["metrics"][m]["label"] for m in metrics]
        assert [cell.value for cell in sheet[header]] == ["Mã", figures.dimension_label(dimension), *labels]
        values = list(sheet.iter_rows(min_row=header + 1, values_only=True))
        assert values == [
            (row["key"], row["label"], *(row["metrics"][m] for m in metrics)) for row in body["breakdowns"][dimension]
        ]
        assert sheet.cell(header + 1, 3).number_format == "#,##0"


def test_xlsx_numbers_show_thousands_separators(api, staff):
    session = factories.JobSessionFactory(
        status="completed",
        starts_at=w.local(2024, 3, 5),
        ends_at=w.local(2024, 3, 5, 12),
        registration_opens_at=w.local(2024, 3, 1),
        registration_closes_at=w.local(2024, 3, 5, 12),
    )
    factories.ParticipationFactory(session=session, vacancies=[factories.VacancyFactory(quantity=1269)])
    services.plan_target_set(year=2024, metric="vacancies_total", target=1000, actor=staff)
    response = api.get(SUMMARY, {"date_from": "2024-01-01", "date_to": "2024-12-31", "format": "xlsx"})
    totals = load_workbook(io.BytesIO(response.content))["Tổng hợp"]
    row = next(r for r in totals.iter_rows(min_row=exports.HEADER_ROW + 1) if r[0].value.startswith("Số chỉ"))
    assert [cell.value for cell in row] == ["Số chỉ tiêu tuyển dụng", 1269, 1000, 126.9]
    assert row[1].number_format == "#,##0"  # shown 1.269 / 1,269 as the reader's Excel is set up


def test_xlsx_is_vietnamese_whatever_the_request_language(api, world):
    response = api.get(SUMMARY, {**YEAR_2025, "format": "xlsx", "group_by": "sex"}, HTTP_ACCEPT_LANGUAGE="en")
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["Tổng hợp", "Giới tính", "Giới thiệu bước tiếp theo", "Khảo sát hài lòng"]
    assert [row[1] for row in book["Giới tính"].iter_rows(min_row=exports.HEADER_ROW + 1, values_only=True)] == [
        "Nam",
        "Nữ",
        "Không rõ",
    ]


# --- CSV ------------------------------------------------------------------------------------------------------


def test_csv_has_a_bom_and_the_json_figures_section_by_section(api, world, plan):
    params = {**YEAR_2025, "group_by": "vsic,kind"}
    body = get_json(api, **params)
    response = api.get(SUMMARY, {**params, "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-tong-hop_2025-01-01_2025-12-31.csv"'
    assert response.content.startswith(b"\xef\xbb\xbf")

    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    sections, current = {}, None
    for line in lines[3:]:
        if not line:
            current = None
        elif current is None:
            current = line[0]
            sections[current] = []
        else:
            sections[current].append(line)
    assert list(sections) == [
        "Tổng hợp",
        "Ngành kinh tế (VSIC)",
        "Loại phiên",
        "Giới thiệu bước tiếp theo",
        "Khảo sát hài lòng",
    ]
    totals = sections["Tổng hợp"]
    assert totals[0] == ["Chỉ tiêu", "Thực hiện", "Kế hoạch", "Tỷ lệ đạt (%)"]
    assert totals[1:] == [
        [
            item["label"],
            str(item["value"]),
            "" if item["target"] is None else str(item["target"]),
            item["achieved_percent"] or "",
        ]
        for item in body["metrics"].values()
    ]
    for dimension, title in [("vsic", "Ngành kinh tế (VSIC)"), ("kind", "Loại phiên")]:
        metrics = body["breakdown_metrics"][dimension]
        assert sections[title][0] == ["Mã", title, *(body["metrics"][m]["label"] for m in metrics)]
        assert sections[title][1:] == [
            [row["key"], row["label"], *(str(row["metrics"][m]) for m in metrics)]
            for row in body["breakdowns"][dimension]
        ]


# --- bad input, and who may read --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"date_from": "2025-12-31", "date_to": "2025-01-01"}, "date_to"),
        ({**YEAR_2025, "group_by": "cohort,planet"}, "group_by"),
        ({"date_from": "2025-13-01", "date_to": "2025-12-31"}, "date_from"),
        ({"date_from": "hôm qua", "date_to": "2025-12-31"}, "date_from"),
        ({"date_to": "2025-12-31"}, "date_from"),
        ({"date_from": "2025-01-01"}, "date_to"),
        ({"date_from": "2010-01-01", "date_to": "2020-01-01"}, "date_to"),
        ({"date_from": "9999-12-31", "date_to": "9999-12-31"}, "date_from"),
        ({**YEAR_2025, "format": "pdf"}, "format"),
        ({"date_from": "2025-12-31", "date_to": "2025-01-01", "format": "xlsx"}, "date_to"),
    ],
)
def test_bad_input_is_a_400_with_the_field(api, params, field):
    response = api.get(SUMMARY, params)
    assert response.status_code == 400, response.content
    assert response["Content-Type"] == "application/json"
    assert field in response.json()


def test_ten_years_is_the_longest_period(api):
    assert api.get(SUMMARY, {"date_from": "2016-01-01", "date_to": "2025-12-31"}).status_code == 200
    assert api.get(SUMMARY, {"date_from": "2016-01-01", "date_to": "2026-01-01"}).status_code == 400


def _client_for(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.mark.parametrize(
    "url",
    [
        f"{SUMMARY}?date_from=2025-01-01&date_to=2025-12-31",
        f"{SUMMARY}?date_from=2025-01-01&date_to=2025-12-31&format=xlsx",
        PLAN_TARGETS,
        "/api/v1/reports/sessions/{session}/",
    ],
)
def test_reports_are_for_centre_staff_only(url):
    session = factories.JobSessionFactory()
    url = url.format(session=session.pk)
    assert APIClient().get(url).status_code == 401
    assert _client_for(factories.JobSeekerFactory().user).get(url).status_code == 403
    assert _client_for(factories.EmployerUserFactory()).get(url).status_code == 403
    post = _client_for(factories.EmployerUserFactory()).post(
        PLAN_TARGETS, {"year": 2025, "metric": "interviewed", "target": 5}, format="json"
    )
    assert post.status_code == 403
    assert not PlanTarget.objects.exists()


# --- plan targets ---------------------------------------------------------------------------------------------


def test_plan_target_post_creates_then_updates_with_an_audit_trail(api, staff):
    created = api.post(
        PLAN_TARGETS,
        {"year": 2026, "metric": "vacancies_total", "target": 120000, "note": "Kế hoạch năm"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["quarter"] is None
    quarterly = api.post(
        PLAN_TARGETS, {"year": 2026, "quarter": 1, "metric": "vacancies_total", "target": 30000}, format="json"
    )
    assert quarterly.status_code == 201
    updated = api.post(PLAN_TARGETS, {"year": 2026, "metric": "vacancies_total", "target": 125000}, format="json")
    assert updated.status_code == 200
    assert updated.json()["id"] == created.json()["id"]
    assert PlanTarget.objects.count() == 2
    yearly = PlanTarget.objects.get(quarter__isnull=True)
    assert (yearly.target, yearly.note, yearly.created_by) == (125000, "", staff)
    events = AuditEvent.objects.filter(action="plan_target.set", object_id=str(yearly.pk)).order_by("id")
    assert [(e.data["target"], e.data["previous"]) for e in events] == [(120000, None), (125000, 120000)]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"year": 2026, "quarter": 5, "metric": "interviewed", "target": 5}, "quarter"),
        ({"year": 2026, "metric": "interviewed", "target": 0}, "target"),
        ({"year": 2026, "metric": "interviewed", "target": -3}, "target"),
        ({"year": 2026, "metric": "hired", "target": 5}, "metric"),
        ({"year": 1999, "metric": "interviewed", "target": 5}, "year"),
        ({"metric": "interviewed", "target": 5}, "year"),
    ],
)
def test_plan_target_bad_input_is_a_400(api, payload, field):
    response = api.post(PLAN_TARGETS, payload, format="json")
    assert response.status_code == 400
    assert field in response.json()
    assert not PlanTarget.objects.exists()


def test_plan_targets_list_filters_by_year_in_constant_queries(api, staff):
    services.plan_target_set(year=2025, metric="interviewed", target=5, actor=staff)
    with CaptureQueriesContext(connection) as one:
        assert api.get(PLAN_TARGETS, {"year": 2025}).json()["count"] == 1
    for year in range(2026, 2033):
        for metric in PlanTarget.Metric.values:
            services.plan_target_set(year=year, metric=metric, target=7, actor=staff)
    with CaptureQueriesContext(connection) as many:
        body = api.get(PLAN_TARGETS, {"page_size": 100}).json()
    assert body["count"] == 1 + 7 * 8 and len(body["results"]) == 57
    assert len(one) == len(many)
    body = api.get(PLAN_TARGETS, {"year": 2030}).json()
    assert body["count"] == 8
    assert {row["year"] for row in body["results"]} == {2030}
    services.plan_target_set(year=2030, quarter=3, metric="interviewed", target=2, actor=staff)
    yearly = api.get(PLAN_TARGETS, {"year": 2030, "quarter__isnull": "true"}).json()
    assert yearly["count"] == 8 and {row["quarter"] for row in yearly["results"]} == {None}
    third_quarter = api.get(PLAN_TARGETS, {"year": 2030, "quarter": 3}).json()["results"]
    assert [(row["metric"], row["target"]) for row in third_quarter] == [("interviewed", 2)]


def test_summary_uses_a_target_set_through_the_api(api, world):
    api.post(PLAN_TARGETS, {"year": 2025, "quarter": 3, "metric": "job_seekers_attended", "target": 2}, format="json")
    body = get_json(api, date_from="2025-07-01", date_to="2025-09-30")
    attended = body["metrics"]["job_seekers_attended"]
    assert (attended["value"], attended["target"], attended["achieved_percent"]) == (3, 2, "150.0")
    assert Decimal(attended["achieved_percent"]) == Decimal("150.0")
