"""Dates read dd/mm/yyyy (and dd/mm/yyyy HH:MM) on every Vietnamese page (issue 12 item 6): never yyyy-mm-dd,
m/d/yyyy, Django's "d-m-Y" or "Ngày d tháng n năm Y" in the text a person reads. A native <input type=date> holds
its value in ISO by the HTML spec (the browser shows it in the reader's locale): values of inputs are not text."""

import re
from datetime import timedelta
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from sessions.models import Participation
from tests import factories
from tests.helpers import PINNED_NOW, register
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db

ISO_DATE = re.compile(r"\b\d{4}-\d{1,2}-\d{1,2}\b")
DASHED_DATE = re.compile(r"\b\d{1,2}-\d{1,2}-\d{4}\b")
SLASHED_DATE = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
LONG_VIETNAMESE_DATE = re.compile(r"Ngày \d{1,2} tháng \d{1,2} năm \d{4}", re.IGNORECASE)


class _VisibleText(HTMLParser):
    """The text a person reads: text nodes outside <script>, <style> and <template>."""

    HIDDEN = {"script", "style", "template"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag):
        if tag in self.HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def wrong_dates(text: str) -> list[str]:
    """Dates in the text not written dd/mm/yyyy."""
    found = ISO_DATE.findall(text) + DASHED_DATE.findall(text) + LONG_VIETNAMESE_DATE.findall(text)
    found += ["/".join(m) for m in SLASHED_DATE.findall(text) if int(m[1]) > 12 or int(m[0]) > 31]
    return found


@pytest.fixture
def pinned():
    with time_machine.travel(PINNED_NOW, tick=False):
        yield


@pytest.fixture
def world(pinned):
    """A session on Wednesday 18/03/2026 (a day above 12: a month-first date would show), a booth, a person."""
    session = factories.JobSessionFactory()
    assert timezone.localtime(session.starts_at).day == 18
    employer = factories.EmployerFactory()
    vacancy = factories.VacancyFactory(employer=employer, deadline=timezone.localdate() + timedelta(days=20))
    factories.ParticipationFactory(session=session, employer=employer, vacancies=[vacancy])
    factories.ParticipationFactory(session=session, status=Participation.Status.APPLIED)
    registration = register(session, factories.JobSeekerFactory(), vacancies=[vacancy])
    return {"session": session, "employer": employer, "vacancy": vacancy, "registration": registration}


def _pages(world):
    session, registration = world["session"], world["registration"]
    staff = factories.StaffFactory()
    superuser = factories.StaffFactory(is_superuser=True)
    employer_user = factories.EmployerUserFactory(employer=world["employer"])
    day = "18/03/2026"
    return [  # (who, page, a date it shows)
        (None, reverse("web:home"), day),
        (None, reverse("web:session_detail", args=[session.pk]), day),
        (None, reverse("web:vacancy_detail", args=[world["vacancy"].pk]), day),
        (registration.job_seeker.user, reverse("web:registration_detail", args=[registration.pk]), day),
        (registration.job_seeker.user, reverse("web:my_registrations"), day),
        (staff, reverse("staff:planner") + "?week=2026-03-18", "16/03/2026"),  # the week's Monday
        (staff, reverse("staff:session", args=[session.pk]), day),
        (staff, reverse("staff:session_edit", args=[session.pk]), None),  # dates in native date inputs only
        (staff, reverse("staff:dashboard"), None),
        (employer_user, reverse("employer:dashboard"), day),
        (superuser, reverse("admin:jobsessions_jobsession_changelist"), day),
        (superuser, reverse("admin:jobsessions_jobsession_change", args=[session.pk]), None),
    ]


def test_every_main_page_in_vietnamese_writes_dates_dd_mm_yyyy(world):
    for user, url, shown in _pages(world):
        response = client_for(user).get(url, HTTP_ACCEPT_LANGUAGE="vi")
        assert response.status_code == 200, url
        assert response["Content-Language"] == "vi", url
        text = visible_text(response.content.decode())
        assert wrong_dates(text) == [], (url, wrong_dates(text))
        if shown:
            assert shown in text, url


def test_the_checker_sees_the_formats_it_forbids():
    assert wrong_dates("Ngày 2026-03-18, 03/18/2026, 18-03-2026, Ngày 18 tháng 3 năm 2026") == [
        "2026-03-18",
        "18-03-2026",
        "Ngày 18 tháng 3 năm 2026",
        "03/18/2026",
    ]
    assert wrong_dates("Thứ Tư, 18/03/2026, 08:00 – đăng ký từ 10/03/2026 10:00") == []
    assert visible_text('<p>18/03/2026<input type="date" value="2026-03-18"><script>"2026-03-18"</script></p>') == (
        "18/03/2026"
    )


def test_a_default_formatted_date_reads_dd_mm_yyyy_in_vietnamese_and_its_inputs_take_both(pinned):
    from django import forms
    from django.template import Context, Template
    from django.utils import translation

    moment = timezone.localtime()
    with translation.override("vi"):
        rendered = Template("{{ day|date }} · {{ moment|date:'SHORT_DATETIME_FORMAT' }} · {{ moment }}").render(
            Context({"day": moment.date(), "moment": moment})
        )
        assert rendered == "11/03/2026 · 11/03/2026 10:00 · 11/03/2026 10:00"
        field = forms.DateField()
        assert field.clean("18/03/2026") == field.clean("2026-03-18")
        assert forms.DateInput().format_value(moment.date()) == "11/03/2026"
