"""The staff booths page of a session (issue 12 item 5): requests with their vacancies, recruiters, needs and
staff notes; booth numbers per row (a clash is said on that row, nothing typed lost); approve/reject many at once;
renumbering; the booth waitlist; a bounded number of queries."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from accounts.models import AuditEvent
from sessions.models import Participation
from tests import factories

pytestmark = pytest.mark.django_db

Status = Participation.Status


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def _url(session):
    return reverse("staff:booths", args=[session.pk])


def _request(session, name, status=Status.APPLIED, label="", **fields):
    booth = factories.ParticipationFactory(
        session=session, employer=factories.EmployerFactory(name=name), status=status, booth_label=label, **fields
    )
    return booth


def test_page_lists_each_request_with_vacancies_recruiters_needs_and_notes(staff_client):
    session = factories.JobSessionFactory()
    booth = _request(
        session, "Công ty May Đức Giang", recruiter_count=3, needs=["table", "power"], staff_notes="Cần ổ điện gần cửa"
    )
    booth.vacancies.add(factories.VacancyFactory(employer=booth.employer, title="Công nhân may", quantity=25))

    response = staff_client.get(_url(session))

    assert response.status_code == 200
    html = response.content.decode()
    for text in ("Công ty May Đức Giang", "Công nhân may (25)", "3 người tuyển dụng", "Cần ổ điện gần cửa"):
        assert text in html
    assert "Bàn ghế" in html or "Bàn và ghế" in html


def test_session_page_links_to_the_booths_page(staff_client):
    session = factories.JobSessionFactory()
    response = staff_client.get(reverse("staff:session", args=[session.pk]))
    assert _url(session) in response.content.decode()


def test_booth_number_clash_is_said_on_that_row_and_keeps_what_was_typed(staff_client):
    session = factories.JobSessionFactory()
    _request(session, "Công ty A", status=Status.APPROVED, label="01")
    other = _request(session, "Công ty B", status=Status.APPROVED, label="02")

    response = staff_client.post(
        _url(session),
        {"action": "save", "booth": other.pk, f"label-{other.pk}": "01", f"notes-{other.pk}": "Ghi chú mới"},
    )

    assert response.status_code == 409
    html = response.content.decode()
    row = html[html.index(f'data-booth="{other.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Công ty A" in row and "booth-error" in row
    assert 'value="01"' in row and "Ghi chú mới" in row
    other.refresh_from_db()
    assert other.booth_label == "02"


def test_row_saves_the_booth_number_and_the_staff_note(staff_client):
    session = factories.JobSessionFactory()
    booth = _request(session, "Công ty A", status=Status.APPROVED, label="01")

    response = staff_client.post(
        _url(session),
        {"action": "save", "booth": booth.pk, f"label-{booth.pk}": " a7 ", f"notes-{booth.pk}": "Gần cổng"},
    )

    assert response.status_code == 302
    booth.refresh_from_db()
    assert (booth.booth_label, booth.staff_notes) == ("A7", "Gần cổng")
    assert AuditEvent.objects.filter(action="participation.booth_number").exists()


def test_bulk_approve_summarises_per_booth_and_puts_the_overflow_on_the_waitlist(staff_client):
    session = factories.JobSessionFactory(employer_capacity=1)
    first = _request(session, "Công ty A")
    second = _request(session, "Công ty B")

    response = staff_client.post(_url(session), {"action": "approve", "selected": [first.pk, second.pk]})

    assert response.status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Status.APPROVED, Status.WAITLISTED)
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Công ty A" in text and first.booth_label in text and "Công ty B" in text


def test_bulk_reject_and_a_refused_booth_says_why(staff_client):
    session = factories.JobSessionFactory()
    pending = _request(session, "Công ty A")
    gone = _request(session, "Công ty B", status=Status.WITHDRAWN)

    response = staff_client.post(_url(session), {"action": "reject", "selected": [pending.pk, gone.pk]})

    pending.refresh_from_db()
    gone.refresh_from_db()
    assert (pending.status, gone.status) == (Status.REJECTED, Status.WITHDRAWN)
    text = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Công ty B" in text and "không thay đổi" in text


def test_bulk_without_a_selection_says_so(staff_client):
    session = factories.JobSessionFactory()
    response = staff_client.post(_url(session), {"action": "approve"}, follow=True)
    assert "Hãy chọn ít nhất một" in response.content.decode()


def test_renumber_closes_the_gaps(staff_client):
    session = factories.JobSessionFactory()
    a = _request(session, "Công ty A", status=Status.APPROVED, label="03")
    b = _request(session, "Công ty B", status=Status.APPROVED, label="07")

    staff_client.post(_url(session), {"action": "renumber", "order": "number"})

    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.booth_label, b.booth_label) == ("01", "02")


def test_waitlisted_booth_is_promoted_when_a_booth_is_free(staff_client):
    session = factories.JobSessionFactory(employer_capacity=2)
    _request(session, "Công ty A", status=Status.APPROVED, label="01")
    waiting = _request(session, "Công ty B", status=Status.WAITLISTED)

    page = staff_client.get(_url(session)).content.decode()
    assert 'id="booth-waitlist"' in page and "Công ty B" in page[page.index('id="booth-waitlist"') :]
    staff_client.post(_url(session), {"action": "promote", "booth": waiting.pk})

    waiting.refresh_from_db()
    assert waiting.status == Status.APPROVED and waiting.booth_label == "02"


@pytest.mark.parametrize("factory", [factories.UserFactory, factories.EmployerUserFactory])
def test_page_is_refused_to_job_seekers_and_employers(client, factory):
    session = factories.JobSessionFactory()
    client.force_login(factory())
    assert client.get(_url(session)).status_code == 403


def _fill(session, n):
    for i in range(n):
        booth = _request(
            session,
            f"Công ty {i:02d}",
            status=Status.APPROVED if i % 2 else Status.APPLIED,
            label=f"{i:02d}" if i % 2 else "",
        )
        booth.vacancies.add(factories.VacancyFactory(employer=booth.employer))


def test_page_costs_as_many_queries_with_30_requests_as_with_1(staff_client, django_assert_max_num_queries):
    one, many = factories.JobSessionFactory(employer_capacity=40), factories.JobSessionFactory(employer_capacity=40)
    _fill(one, 1)
    _fill(many, 30)
    staff_client.get(_url(one))  # warm the session/user caches alike
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as base:
        staff_client.get(_url(one))
    with django_assert_max_num_queries(len(base.captured_queries)):
        response = staff_client.get(_url(many))
    assert response.content.decode().count("data-booth=") == 30
