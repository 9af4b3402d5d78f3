"""The reports as files for the centre's paperwork: an Excel workbook and a CSV that Excel opens, for the period
summary and for a session's result sheet.

Both are in Vietnamese (the language of the centre's reports to the city): `summary_file` and `sheet_file` build
the report with Vietnamese active, whatever the request's language. The summary workbook has one sheet for the
totals against the plan and one sheet per breakdown; the result sheet's workbook one sheet for the session's
figures and one for its booths. Numbers are stored as numbers with a thousands-separator format. The CSV is UTF-8
with a byte-order mark (Excel otherwise reads it as ANSI and garbles the diacritics) and holds the same tables one
after the other, separated by a blank line; its numbers are plain (no separators) so that it stays
machine-readable.
"""

from __future__ import annotations

import csv
import io
import re

from django.http import HttpResponse
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sessions import reports
from sessions.models import JobSession
from sessions.reports import dimension_label, metric_label

TITLE = "Báo cáo tổng hợp kết quả phiên giao dịch việc làm"
TOTALS_SHEET = "Tổng hợp"
TOTALS_HEADERS = ("Chỉ tiêu", "Thực hiện", "Kế hoạch", "Tỷ lệ đạt (%)")
CODE_HEADER = "Mã"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
FORMATS = ("xlsx", "csv")
SHEET_TITLE = "Kết quả phiên giao dịch việc làm"
SHEET_METRICS = "Kết quả phiên"
SHEET_METRIC_HEADERS = ("Chỉ tiêu", "Thực hiện")
SHEET_BOOTHS = "Doanh nghiệp tham gia"
BOOTH_METRICS = ("vacancies_total", "interviewed", "passed_at_session", "started_work")
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


def sheet_title(dimension: str) -> str:
    """Excel refuses []:*?/\\ in sheet names and cuts them at 31 characters."""
    return re.sub(r"[\[\]:*?/\\]", "-", dimension_label(dimension))[:31]


def _table(sheet, first_row: int, headers, rows, number_formats: dict[int, str]) -> None:
    for column, header in enumerate(headers, start=1):
        cell = sheet.cell(row=first_row, column=column, value=header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
    for offset, values in enumerate(rows, start=1):
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=first_row + offset, column=column, value=value)
            if column in number_formats:
                cell.number_format = number_formats[column]
    sheet.freeze_panes = sheet.cell(row=first_row + 1, column=1)


def _widths(sheet, widths) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


HEADER_ROW = 4  # row 1: title, row 2: period, row 3: blank


def to_xlsx(report: dict) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = TOTALS_SHEET
    sheet["A1"] = TITLE
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = period_text(report)
    _table(
        sheet,
        HEADER_ROW,
        TOTALS_HEADERS,
        totals_rows(report),
        {2: INTEGER_FORMAT, 3: INTEGER_FORMAT, 4: PERCENT_FORMAT},
    )
    _widths(sheet, (45, 14, 14, 14))
    for dimension in report["group_by"]:
        sheet = workbook.create_sheet(sheet_title(dimension))
        sheet["A1"] = f"{TITLE} – {dimension_label(dimension)}"
        sheet["A1"].font = Font(bold=True, size=14)
        sheet["A2"] = period_text(report)
        headers = breakdown_headers(report, dimension)
        formats = {column: INTEGER_FORMAT for column in range(3, len(headers) + 1)}
        _table(sheet, HEADER_ROW, headers, breakdown_rows(report, dimension), formats)
        _widths(sheet, (14, 40, *([18] * (len(headers) - 2))))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _csv_value(value):
    return "" if value is None else value


def to_csv(report: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([TITLE])
    writer.writerow([period_text(report)])
    writer.writerow([])
    writer.writerow([TOTALS_SHEET])
    writer.writerow(TOTALS_HEADERS)
    for row in totals_rows(report):
        writer.writerow([_csv_value(value) for value in row])
    for dimension in report["group_by"]:
        writer.writerow([])
        writer.writerow([dimension_label(dimension)])
        writer.writerow(breakdown_headers(report, dimension))
        writer.writerows(breakdown_rows(report, dimension))
    return buffer.getvalue().encode("utf-8-sig")


# --- a session's result sheet ---------------------------------------------------------------------------------


def sheet_heading(sheet: dict) -> str:
    session = sheet["session"]
    return f"{session['code']} – {session['title']} – {timezone.localtime(session['starts_at']):%d/%m/%Y %H:%M}"


def sheet_filename(sheet: dict, extension: str) -> str:
    return f"ket-qua-phien_{sheet['session']['code']}.{extension}"


def sheet_metric_rows(sheet: dict) -> list[list]:
    return [[item["label"], item["value"]] for item in sheet["metrics"].values()]


def booth_headers() -> list[str]:
    return ["Gian", "Doanh nghiệp", "Ngành kinh tế (VSIC)", *(metric_label(m) for m in BOOTH_METRICS)]


def booth_rows(sheet: dict) -> list[list]:
    return [
        [row["booth_label"], row["name"], row["vsic_section"], *(row[m] for m in BOOTH_METRICS)]
        for row in sheet["employers"]
    ]


def sheet_to_xlsx(sheet: dict) -> bytes:
    workbook = Workbook()
    metrics = workbook.active
    metrics.title = SHEET_METRICS
    booths = workbook.create_sheet(SHEET_BOOTHS)
    for page in (metrics, booths):
        page["A1"] = SHEET_TITLE
        page["A1"].font = Font(bold=True, size=14)
        page["A2"] = sheet_heading(sheet)
    if not sheet["counted"]:
        metrics["A3"] = "Phiên đã bị hủy: không tính vào báo cáo."
    _table(metrics, HEADER_ROW, SHEET_METRIC_HEADERS, sheet_metric_rows(sheet), {2: INTEGER_FORMAT})
    _widths(metrics, (45, 14))
    headers = booth_headers()
    formats = {column: INTEGER_FORMAT for column in range(4, len(headers) + 1)}
    _table(booths, HEADER_ROW, headers, booth_rows(sheet), formats)
    _widths(booths, (8, 45, 12, *([18] * len(BOOTH_METRICS))))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def sheet_to_csv(sheet: dict) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([SHEET_TITLE])
    writer.writerow([sheet_heading(sheet)])
    writer.writerow([])
    writer.writerow([SHEET_METRICS])
    writer.writerow(SHEET_METRIC_HEADERS)
    writer.writerows(sheet_metric_rows(sheet))
    writer.writerow([])
    writer.writerow([SHEET_BOOTHS])
    writer.writerow(booth_headers())
    writer.writerows(booth_rows(sheet))
    return buffer.getvalue().encode("utf-8-sig")


# --- the files as responses (the staff pages and the API answer the same bytes) --------------------------------


def _attachment(body: bytes, file_format: str, name: str) -> HttpResponse:
    content_type = XLSX_CONTENT_TYPE if file_format == "xlsx" else CSV_CONTENT_TYPE
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def summary_file(date_from, date_to, group_by, file_format: str) -> HttpResponse:
    """The period summary as an .xlsx or .csv download, in Vietnamese."""
    with translation.override("vi"):
        report = reports.summary(date_from, date_to, group_by)
        body = to_xlsx(report) if file_format == "xlsx" else to_csv(report)
    return _attachment(body, file_format, filename(report, file_format))


def sheet_file(session: JobSession, file_format: str) -> HttpResponse:
    """A session's result sheet as an .xlsx or .csv download, in Vietnamese."""
    with translation.override("vi"):
        sheet = reports.session_result_sheet(session)
        body = sheet_to_xlsx(sheet) if file_format == "xlsx" else sheet_to_csv(sheet)
    return _attachment(body, file_format, sheet_filename(sheet, file_format))
