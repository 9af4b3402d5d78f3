"""The reports as files for the centre's paperwork: an Excel workbook and a CSV that Excel opens, for the period
summary and for a session's result sheet.

Both are in Vietnamese (the language of the centre's reports to the city): `summary_file` and `sheet_file` build
the report with Vietnamese active, whatever the request's language. The summary workbook has one sheet for the
totals against the plan, one sheet per breakdown and one for the satisfaction survey; the result sheet's workbook
one sheet for the session's figures, one for its booths, one for the survey's figures and one for its comments.
Numbers are stored as numbers with a thousands-separator format. The CSV is UTF-8
with a byte-order mark (Excel otherwise reads it as ANSI and garbles the diacritics) and holds the same tables one
after the other, separated by a blank line; its numbers are plain (no separators) so that it stays
machine-readable.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.http import HttpResponse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sessions.models import JobSession
from sessions.reports import figures
from sessions.reports.figures import dimension_label, metric_label

TITLE = "Báo cáo tổng hợp kết quả phiên giao dịch việc làm"
TOTALS_SHEET = "Tổng hợp"
TOTALS_HEADERS = ("Chỉ tiêu", "Thực hiện", "Kế hoạch", "Tỷ lệ đạt (%)")
REFERRALS_SHEET = "Giới thiệu bước tiếp theo"
REFERRALS_HEADERS = ("Loại giới thiệu", "Đã giới thiệu", "Đã tham gia", "Hoàn thành", "Bỏ dở", "Tổng")
CODE_HEADER = "Mã"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
SHEET_TITLE = "Kết quả phiên giao dịch việc làm"
SHEET_METRICS = "Kết quả phiên"
SHEET_METRIC_HEADERS = ("Chỉ tiêu", "Thực hiện")
SHEET_BOOTHS = "Doanh nghiệp tham gia"
BOOTH_METRICS = ("vacancies_total", "interviewed", "passed_at_session", "started_work")
SURVEY_SHEET = "Khảo sát hài lòng"
SURVEY_TITLE = "Khảo sát mức độ hài lòng sau phiên (1 = rất không hài lòng, 5 = rất hài lòng)"
SURVEY_HEADERS = ("Người trả lời", "Được mời", "Số trả lời", "Điểm trung bình", *(f"Chấm {n}" for n in range(1, 6)))
COMMENTS_SHEET = "Góp ý sau phiên"
COMMENT_HEADERS = ("Người trả lời", "Doanh nghiệp", "Điểm", "Ngày trả lời", "Góp ý")
INTEGER_FORMAT = "#,##0"
PERCENT_FORMAT = "#,##0.0"


def period_text(report: dict) -> str:
    return f"Từ ngày {report['date_from']:%d/%m/%Y} đến ngày {report['date_to']:%d/%m/%Y}"


def filename(report: dict, extension: str) -> str:
    return f"bao-cao-tong-hop_{report['date_from']:%Y-%m-%d}_{report['date_to']:%Y-%m-%d}.{extension}"


def totals_rows(report: dict) -> list[list]:
    return [
        [item["label"], item["value"], item["target"], item["achieved_percent"]] for item in report["metrics"].values()
    ]


def breakdown_headers(report: dict, dimension: str) -> list[str]:
    metric_labels = [report["metrics"][metric]["label"] for metric in report["breakdown_metrics"][dimension]]
    return [CODE_HEADER, dimension_label(dimension), *metric_labels]


def breakdown_rows(report: dict, dimension: str) -> list[list]:
    metrics = report["breakdown_metrics"][dimension]
    return [
        [row["key"], row["label"], *(row["metrics"][m] for m in metrics)] for row in report["breakdowns"][dimension]
    ]


def sheet_name(name: str) -> str:
    """Excel refuses []:*?/\\ in sheet names and cuts them at 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "-", name)[:31]


@dataclass(frozen=True)
class Table:
    """One table of a report file: a sheet of the workbook, a section of the CSV."""

    name: str  # the sheet's name, the CSV section's heading
    title: str  # the first row of the sheet
    headers: Sequence[str]
    rows: list[list]
    number_formats: dict[int, str]  # column (from 1) -> Excel number format
    widths: Sequence[int]


HEADER_ROW = 4  # row 1: title, row 2: period or session, row 3: a note or blank


# A text a spreadsheet would read as a formula (OWASP "CSV injection"): an employer named "=HYPERLINK(…)" must
# stay a name in the staff's file, never become a live formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text_cell(cell, value) -> None:
    """Put a value in an .xlsx cell; a text is always written as text (openpyxl would store "=…" as a formula),
    without the control characters the file format cannot hold (a BEL typed into a company name or a survey comment
    would make openpyxl refuse the whole sheet)."""
    if isinstance(value, str):
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell.data_type = "s"
    else:
        cell.value = value


def _csv_value(value):
    """A CSV field that opens as the text it is: None is empty, and a text that looks like a formula is quoted
    with a leading apostrophe, as spreadsheets do when a person types it."""
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _workbook(subtitle: str, tables: list[Table], note: str = "") -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in tables:
        sheet = workbook.create_sheet(sheet_name(table.name))
        _text_cell(sheet["A1"], table.title)
        sheet["A1"].font = Font(bold=True, size=14)
        _text_cell(sheet["A2"], subtitle)
        if note and len(workbook.worksheets) == 1:
            _text_cell(sheet["A3"], note)
        for column, header in enumerate(table.headers, start=1):
            cell = sheet.cell(row=HEADER_ROW, column=column)
            _text_cell(cell, header)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        for offset, values in enumerate(table.rows, start=1):
            for column, value in enumerate(values, start=1):
                cell = sheet.cell(row=HEADER_ROW + offset, column=column)
                _text_cell(cell, value)
                if column in table.number_formats:
                    cell.number_format = table.number_formats[column]
        sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
        for column, width in enumerate(table.widths, start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv(title: str, subtitle: str, tables: list[Table], note: str = "") -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_value(title)])
    writer.writerow([_csv_value(subtitle)])
    if note:
        writer.writerow([_csv_value(note)])
    for table in tables:
        writer.writerow([])
        writer.writerow([_csv_value(table.name)])
        writer.writerow([_csv_value(header) for header in table.headers])
        writer.writerows([[_csv_value(value) for value in row] for row in table.rows])
    return buffer.getvalue().encode("utf-8-sig")


def _integer_columns(first: int, headers: Sequence[str]) -> dict[int, str]:
    return {column: INTEGER_FORMAT for column in range(first, len(headers) + 1)}


def survey_table(survey_figures: dict) -> Table:
    """The question after the session: per respondent the invitations, answers, average and distribution."""
    return Table(
        name=SURVEY_SHEET,
        title=SURVEY_TITLE,
        headers=SURVEY_HEADERS,
        rows=[
            [item["label"], item["invited"], item["answers"], item["average"], *item["distribution"].values()]
            for item in survey_figures.values()
        ],
        number_formats={2: INTEGER_FORMAT, 3: INTEGER_FORMAT, 4: PERCENT_FORMAT, **_integer_columns(5, SURVEY_HEADERS)},
        widths=(24, 12, 12, 16, *([10] * 5)),
    )


# --- the period summary ---------------------------------------------------------------------------------------


def summary_tables(report: dict) -> list[Table]:
    """The totals against the plan, one table per breakdown, then the referrals by kind and status."""
    tables = [
        Table(
            name=TOTALS_SHEET,
            title=TITLE,
            headers=TOTALS_HEADERS,
            rows=totals_rows(report),
            number_formats={2: INTEGER_FORMAT, 3: INTEGER_FORMAT, 4: PERCENT_FORMAT},
            widths=(45, 14, 14, 14),
        )
    ]
    for dimension in report["group_by"]:
        headers = breakdown_headers(report, dimension)
        tables.append(
            Table(
                name=dimension_label(dimension),
                title=f"{TITLE} – {dimension_label(dimension)}",
                headers=headers,
                rows=breakdown_rows(report, dimension),
                number_formats=_integer_columns(3, headers),
                widths=(14, 40, *([18] * (len(headers) - 2))),
            )
        )
    tables.append(
        Table(
            name=REFERRALS_SHEET,
            title=f"{TITLE} – {REFERRALS_SHEET}",
            headers=REFERRALS_HEADERS,
            rows=[
                [row["label"], *(row[status] for status in figures.REFERRAL_STATUSES), row["total"]]
                for row in report["referrals"]
            ],
            number_formats=_integer_columns(2, REFERRALS_HEADERS),
            widths=(45, *([14] * (len(REFERRALS_HEADERS) - 1))),
        )
    )
    tables.append(survey_table(report["survey"]))
    return tables


def to_xlsx(report: dict) -> bytes:
    return _workbook(period_text(report), summary_tables(report))


def to_csv(report: dict) -> bytes:
    return _csv(TITLE, period_text(report), summary_tables(report))


# --- a session's result sheet ---------------------------------------------------------------------------------

CANCELLED_NOTE = "Phiên đã bị hủy: không tính vào báo cáo."


def sheet_heading(sheet: dict) -> str:
    session = sheet["session"]
    return f"{session['code']} – {session['title']} – {timezone.localtime(session['starts_at']):%d/%m/%Y %H:%M}"


def sheet_filename(sheet: dict, extension: str) -> str:
    return f"ket-qua-phien_{sheet['session']['code']}.{extension}"


def sheet_tables(sheet: dict) -> list[Table]:
    """The session's figures, its booths, then the survey's figures and its comments."""
    booth_headers = ["Gian", "Doanh nghiệp", "Ngành kinh tế (VSIC)", *(metric_label(m) for m in BOOTH_METRICS)]
    return [
        Table(
            name=SHEET_METRICS,
            title=SHEET_TITLE,
            headers=SHEET_METRIC_HEADERS,
            rows=[[item["label"], item["value"]] for item in sheet["metrics"].values()],
            number_formats={2: INTEGER_FORMAT},
            widths=(45, 14),
        ),
        Table(
            name=SHEET_BOOTHS,
            title=SHEET_TITLE,
            headers=booth_headers,
            rows=[
                [row["booth_label"], row["name"], row["vsic_section"], *(row[m] for m in BOOTH_METRICS)]
                for row in sheet["employers"]
            ],
            number_formats=_integer_columns(4, booth_headers),
            widths=(8, 45, 12, *([18] * len(BOOTH_METRICS))),
        ),
        survey_table(sheet["survey"]["figures"]),
        Table(
            name=COMMENTS_SHEET,
            title=SHEET_TITLE,
            headers=COMMENT_HEADERS,
            rows=[
                [
                    c["respondent_label"],
                    c["employer"],
                    c["rating"],
                    f"{timezone.localtime(c['answered_at']):%d/%m/%Y}",
                    c["comment"],
                ]
                for c in sheet["survey"]["comments"]
            ],
            number_formats={3: INTEGER_FORMAT},
            widths=(16, 40, 8, 14, 80),
        ),
    ]


def _sheet_note(sheet: dict) -> str:
    return "" if sheet["counted"] else CANCELLED_NOTE


def sheet_to_xlsx(sheet: dict) -> bytes:
    return _workbook(sheet_heading(sheet), sheet_tables(sheet), note=_sheet_note(sheet))


def sheet_to_csv(sheet: dict) -> bytes:
    return _csv(SHEET_TITLE, sheet_heading(sheet), sheet_tables(sheet), note=_sheet_note(sheet))


# --- the files as responses (the staff pages and the API answer the same bytes) --------------------------------


def _attachment(body: bytes, file_format: str, name: str) -> HttpResponse:
    content_type = XLSX_CONTENT_TYPE if file_format == "xlsx" else CSV_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def summary_file(date_from, date_to, group_by, file_format: str) -> HttpResponse:
    """The period summary as an .xlsx or .csv download, in Vietnamese."""
    with translation.override("vi"):
        report = figures.summary(date_from, date_to, group_by)
        body = to_xlsx(report) if file_format == "xlsx" else to_csv(report)
    return _attachment(body, file_format, filename(report, file_format))


def sheet_file(session: JobSession, file_format: str) -> HttpResponse:
    """A session's result sheet as an .xlsx or .csv download, in Vietnamese."""
    with translation.override("vi"):
        sheet = figures.session_result_sheet(session)
        body = sheet_to_xlsx(sheet) if file_format == "xlsx" else sheet_to_csv(sheet)
    return _attachment(body, file_format, sheet_filename(sheet, file_format))
