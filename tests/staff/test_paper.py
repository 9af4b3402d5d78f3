"""Paper for the day (issue 12 item 8): the attendance list, the booth signs and the result sheet, as pages that
print and as PDF files with their Vietnamese text; staff only."""

import re
from datetime import date, datetime, time

import pytest
import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import PersonalDataAccess
from jobfair import pdf
from jobfair.names import vietnamese_name_key
from sessions.models import Participation, Registration, Vacancy
from tests import factories
from tests.staff.pdf_text import _objects, pdf_text

pytestmark = pytest.mark.django_db

Status = Registration.Status


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _person(name, **fields):
    return factories.JobSeekerFactory(full_name=name, **fields)


def _rows(response) -> list[str]:
    """The attendance list's rows, each as its text."""
    html = response.content.decode()
    return [re.sub(r"<[^>]+>", " ", row) for row in re.findall(r"<tr data-registration=.*?</tr>", html, re.S)]


def _paper_urls(session, booth):
    return [
        reverse("staff:attendance_list", args=[session.pk]),
        reverse("staff:attendance_list", args=[session.pk]) + "?format=pdf",
        reverse("staff:booth_signs", args=[session.pk]),
        reverse("staff:booth_signs", args=[session.pk]) + "?format=pdf",
        reverse("staff:booth_sign", args=[session.pk, booth.pk]),
        reverse("staff:result_sheet", args=[session.pk]) + "?format=pdf",
    ]


# --- the attendance list -------------------------------------------------------------------------------------------


def test_attendance_list_lists_everyone_holding_a_seat_with_walk_ins(staff_client):
    session = factories.JobSessionFactory()
    checked_in = timezone.make_aware(datetime.combine(session.starts_at.date(), time(8, 12)))
    hang = factories.RegistrationFactory(
        session=session,
        job_seeker=_person("Nguyễn Thị Hằng", date_of_birth=date(1995, 3, 2), phone="+84912345678"),
        status=Status.ATTENDED,
        checked_in_at=checked_in,
    )
    confirmed = factories.RegistrationFactory(session=session, job_seeker=_person("Trần Văn Bình"))
    walk_in = factories.RegistrationFactory(
        session=session,
        job_seeker=_person("Lê Thị Cúc", user=None),
        status=Status.ATTENDED,
        source=Registration.Source.WALK_IN,
        checked_in_at=checked_in,
    )
    factories.RegistrationFactory(session=session, job_seeker=_person("Phạm Chờ Đợi"), status=Status.WAITLISTED)
    factories.RegistrationFactory(session=session, job_seeker=_person("Vũ Đã Hủy"), status=Status.CANCELLED)
    factories.RegistrationFactory(job_seeker=_person("Đỗ Phiên Khác"))  # another session

    response = staff_client.get(reverse("staff:attendance_list", args=[session.pk]))

    assert response.status_code == 200
    rows = _rows(response)
    assert len(rows) == 3
    text = " ".join(rows)
    for name in ("Nguyễn Thị Hằng", "Trần Văn Bình", "Lê Thị Cúc"):
        assert name in text
    for absent in ("Phạm Chờ Đợi", "Vũ Đã Hủy", "Đỗ Phiên Khác"):
        assert absent not in response.content.decode()
    hang_row = next(row for row in rows if "Hằng" in row)
    assert "1995" in hang_row and "0912 345 678" in hang_row and hang.short_code in hang_row and "08:12" in hang_row
    assert confirmed.short_code in next(row for row in rows if "Bình" in row)
    assert walk_in.short_code in next(row for row in rows if "Cúc" in row)
    assert 'class="signature"' in response.content.decode()


def test_attendance_list_sorts_by_given_name_the_vietnamese_way(staff_client):
    session = factories.JobSessionFactory()
    for name in ("Nguyễn Thị Hằng", "Phạm Đức", "Trần Văn An", "Hoàng Dũng", "Lê Ánh", "Vũ Anh", "Nguyễn Văn An"):
        factories.RegistrationFactory(session=session, job_seeker=_person(name))

    html = staff_client.get(reverse("staff:attendance_list", args=[session.pk])).content.decode()

    order = [name.strip() for name in re.findall(r'<th scope="row" class="name" lang="vi">([^<]+)', html)]
    assert order == ["Nguyễn Văn An", "Trần Văn An", "Vũ Anh", "Lê Ánh", "Hoàng Dũng", "Phạm Đức", "Nguyễn Thị Hằng"]


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Trần An", "Nguyễn Bình"),
        ("Vũ Anh", "Lê Ánh"),
        ("Hoàng Dũng", "Phạm Đức"),
        ("Ngô Hà", "Đỗ Hạ"),
        ("Lê Hà", "Lê Hằng"),
    ],
)
def test_names_sort_by_given_name_then_letters_then_tones(before, after):
    assert vietnamese_name_key(before) < vietnamese_name_key(after)


def test_attendance_list_records_the_read_of_personal_data(staff_client, staff):
    session = factories.JobSessionFactory()
    people = [factories.RegistrationFactory(session=session).job_seeker for _n in range(3)]

    staff_client.get(reverse("staff:attendance_list", args=[session.pk]))

    reads = PersonalDataAccess.objects.filter(kind=PersonalDataAccess.Kind.CONTACT, actor=staff)
    assert sorted(reads.values_list("job_seeker_id", flat=True)) == sorted(p.pk for p in people)
    assert all(read.detail["session"] == session.pk for read in reads)


def test_attendance_list_of_many_people_takes_a_few_queries(staff_client, django_assert_max_num_queries):
    session = factories.JobSessionFactory(job_seeker_capacity=200)
    for _n in range(60):
        factories.RegistrationFactory(session=session)
    with django_assert_max_num_queries(6):  # session, registrations with people, the access record, sign-in
        response = staff_client.get(reverse("staff:attendance_list", args=[session.pk]))
    assert len(_rows(response)) == 60


def test_attendance_list_pdf_carries_the_vietnamese_names(staff_client):
    session = factories.JobSessionFactory()
    registration = factories.RegistrationFactory(session=session, job_seeker=_person("Nguyễn Thị Hằng"))

    response = staff_client.get(reverse("staff:attendance_list", args=[session.pk]) + "?format=pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = " ".join(pdf_text(response.content).split())  # lines joined: a long name may wrap in its cell
    assert "Nguyễn Thị Hằng" in text
    assert registration.short_code in text
    assert session.code in text


# --- the booth signs -----------------------------------------------------------------------------------------------


def _booth(session, name="Công ty Cổ phần May Đức Giang", label="A07"):
    booth = factories.ParticipationFactory(
        session=session, employer=factories.EmployerFactory(name=name), booth_label=label
    )
    return booth


def test_booth_sign_shows_the_employer_booth_number_and_open_vacancies(staff_client):
    session = factories.JobSessionFactory()
    booth = _booth(session)
    sewing = factories.VacancyFactory(
        employer=booth.employer, title="Công nhân may", quantity=25, salary_min=7_000_000, salary_max=9_500_000
    )
    closed = factories.VacancyFactory(employer=booth.employer, title="Thủ kho", status=Vacancy.Status.CLOSED)
    booth.vacancies.add(sewing, closed)

    response = staff_client.get(reverse("staff:booth_sign", args=[session.pk, booth.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert "Công ty Cổ phần May Đức Giang" in html
    assert "A07" in html
    assert "Công nhân may" in html and "25" in html
    assert "7.000.000 đ – 9.500.000 đ" in html
    assert "Thủ kho" not in html


def test_booth_sign_qr_leads_to_the_employer_vacancies_on_the_public_site(client, staff_client):
    session = factories.JobSessionFactory()
    booth = _booth(session)
    booth.vacancies.add(factories.VacancyFactory(employer=booth.employer, title="Công nhân may"))
    expected = f"{settings.SITE_URL.rstrip('/')}/sessions/{session.pk}/#booth-{booth.pk}"

    html = staff_client.get(reverse("staff:booth_sign", args=[session.pk, booth.pk])).content.decode()

    src = re.search(r'<img src="([^"]+)"[^>]*data-url="([^"]+)"', html)
    assert src.group(2) == expected
    # segno draws the same symbol for the same text: the image is the QR code of exactly this address.
    assert src.group(1) == segno.make(expected, error="m").svg_data_uri(scale=6, border=2)
    assert expected in html  # printed under the code too
    public = client.get(f"/sessions/{session.pk}/").content.decode()
    assert f'id="booth-{booth.pk}"' in public and "Công nhân may" in public


def test_all_booth_signs_of_a_session_are_approved_booths_only(staff_client):
    session = factories.JobSessionFactory()
    first = _booth(session, name="Công ty TNHH Hằng Nga", label="01")
    second = _booth(session, name="Công ty Cổ phần Đồng Tâm", label="02")
    applied = factories.ParticipationFactory(
        session=session, status=Participation.Status.APPLIED, employer=factories.EmployerFactory(name="Chờ Duyệt")
    )

    response = staff_client.get(reverse("staff:booth_signs", args=[session.pk]))

    html = response.content.decode()
    assert re.findall(r'data-booth="(\d+)"', html) == [str(first.pk), str(second.pk)]
    assert "Chờ Duyệt" not in html
    assert staff_client.get(reverse("staff:booth_sign", args=[session.pk, applied.pk])).status_code == 404
    other = _booth(factories.JobSessionFactory())
    assert staff_client.get(reverse("staff:booth_sign", args=[session.pk, other.pk])).status_code == 404


def test_booth_signs_pdf_has_one_page_per_booth_in_vietnamese(staff_client):
    session = factories.JobSessionFactory()
    for name, label in (("Công ty TNHH Hằng Nga", "01"), ("Công ty Cổ phần Đồng Tâm", "02")):
        booth = _booth(session, name=name, label=label)
        booth.vacancies.add(factories.VacancyFactory(employer=booth.employer, title="Nhân viên bán hàng"))

    response = staff_client.get(reverse("staff:booth_signs", args=[session.pk]) + "?format=pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())  # lines joined: a long name may wrap in its cell
    assert "Công ty TNHH Hằng Nga" in text and "Công ty Cổ phần Đồng Tâm" in text and "Nhân viên bán hàng" in text
    dicts, _streams = _objects(response.content)
    pages = [d for d in dicts.values() if re.search(rb"/Type /Page(?![s\w])", d)]
    assert len(pages) == 2


# --- the result sheet ----------------------------------------------------------------------------------------------


def test_result_sheet_pdf_carries_the_session_and_its_employers(staff_client):
    session = factories.JobSessionFactory(title="Phiên giao dịch việc làm Quận Đống Đa")
    _booth(session, name="Công ty TNHH Nguyễn Thị Hằng")

    page = staff_client.get(reverse("staff:result_sheet", args=[session.pk]))
    response = staff_client.get(reverse("staff:result_sheet", args=[session.pk]) + "?format=pdf")

    assert 'href="?format=pdf"' in page.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(pdf_text(response.content).split())  # lines joined: a long name may wrap in its cell
    assert "Phiên giao dịch việc làm Quận Đống Đa" in text
    assert "Công ty TNHH Nguyễn Thị Hằng" in text


# --- staff only, links, a machine without the PDF libraries ----------------------------------------------------------


def test_paper_is_refused_to_anonymous_visitors(client):
    session = factories.JobSessionFactory()
    for url in _paper_urls(session, _booth(session)):
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("factory", [factories.UserFactory, factories.EmployerUserFactory])
def test_paper_is_refused_to_job_seekers_and_employers(client, factory):
    session = factories.JobSessionFactory()
    factories.RegistrationFactory(session=session)
    client.force_login(factory())
    for url in _paper_urls(session, _booth(session)):
        assert client.get(url).status_code == 403, url
    assert not PersonalDataAccess.objects.exists()


def test_session_page_and_desk_link_to_the_paper(staff_client):
    session = factories.JobSessionFactory()
    attendance = reverse("staff:attendance_list", args=[session.pk])
    signs = reverse("staff:booth_signs", args=[session.pk])
    for page in (reverse("staff:session", args=[session.pk]), reverse("staff:desk", args=[session.pk])):
        html = staff_client.get(page).content.decode()
        assert f'href="{attendance}"' in html and f'href="{signs}"' in html, page


def test_without_the_pdf_libraries_the_pdf_link_says_so(staff_client, monkeypatch):
    def missing():
        raise pdf.PdfUnavailable("cannot load library 'libpango-1.0-0'")

    monkeypatch.setattr(pdf, "_weasyprint", missing)
    session = factories.JobSessionFactory()
    factories.RegistrationFactory(session=session)

    response = staff_client.get(reverse("staff:attendance_list", args=[session.pk]) + "?format=pdf")

    assert response.status_code == 503
    assert 'id="pdf-unavailable"' in response.content.decode()
    assert response["Content-Type"].startswith("text/html")
