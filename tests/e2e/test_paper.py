"""Paper for the day in Chromium: the attendance list reached from the session page and printed (print media), the
booth signs one page each."""

import os
from datetime import date
from pathlib import Path

import pytest

from sessions.models import Registration
from tests import factories
from tests.e2e.world import STAFF_PASSWORD, make_staff, sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PEOPLE = [
    ("Nguyễn Thị Hằng", Registration.Status.ATTENDED, Registration.Source.ONLINE),
    ("Trần Văn An", Registration.Status.CONFIRMED, Registration.Source.ONLINE),
    ("Lê Thị Ánh", Registration.Status.ATTENDED, Registration.Source.WALK_IN),
    ("Phạm Minh Đức", Registration.Status.CONFIRMED, Registration.Source.STAFF),
    ("Hoàng Văn Dũng", Registration.Status.CONFIRMED, Registration.Source.ONLINE),
]


def _staff_page(new_page, steps):
    make_staff()
    page = new_page()
    sign_in(page, steps, "canbo@vieclam.vn", STAFF_PASSWORD)
    return page


def test_attendance_list_prints_without_the_menus(new_page, steps):
    session = factories.JobSessionFactory(title="Phiên giao dịch việc làm Quận Đống Đa")
    for n, (name, status, source) in enumerate(PEOPLE):
        checked_in = session.starts_at if status == Registration.Status.ATTENDED else None
        factories.RegistrationFactory(
            session=session,
            job_seeker=factories.JobSeekerFactory(full_name=name, date_of_birth=date(1990 + n, 1, 1)),
            status=status,
            source=source,
            checked_in_at=checked_in,
        )
    page = _staff_page(new_page, steps)
    page.goto(steps.url(f"/staff/sessions/{session.pk}/"))
    page.click("#paper-attendance")
    page.wait_for_selector("#attendance-list")
    steps.check(page, "attendance-list")
    assert page.locator(".staff-nav").is_visible()

    page.emulate_media(media="print")

    for hidden in (".site-header", ".staff-nav", ".site-footer", "#download-pdf"):
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator("#attendance-list").is_visible()
    header_display = page.evaluate("getComputedStyle(document.querySelector('#attendance-list thead')).display")
    assert header_display == "table-header-group"  # repeated on every printed page
    names = page.locator("#attendance-list tbody th.name").all_inner_texts()
    assert [name.split("(")[0].strip() for name in names] == [
        "Trần Văn An",
        "Lê Thị Ánh",
        "Hoàng Văn Dũng",
        "Phạm Minh Đức",
        "Nguyễn Thị Hằng",
    ]
    steps.shot(page, "attendance-list-print")
    if os.environ.get("SCREENSHOT_DIR"):
        path = Path(os.environ["SCREENSHOT_DIR"]) / "attendance-list.png"
        page.screenshot(path=str(path), full_page=True)


def test_booth_signs_print_one_page_each(new_page, steps):
    session = factories.JobSessionFactory()
    for name, label in (("Công ty Cổ phần May Đức Giang", "A07"), ("Công ty TNHH Hằng Nga", "A08")):
        booth = factories.ParticipationFactory(
            session=session, employer=factories.EmployerFactory(name=name), booth_label=label
        )
        booth.vacancies.add(factories.VacancyFactory(employer=booth.employer, title="Công nhân may", quantity=25))
    page = _staff_page(new_page, steps)
    page.goto(steps.url(f"/staff/sessions/{session.pk}/"))
    page.click("#paper-booth-signs")
    page.wait_for_selector(".booth-sign")
    steps.check(page, "booth-signs")

    page.emulate_media(media="print")

    assert not page.locator(".staff-nav").is_visible()
    breaks = page.evaluate("[...document.querySelectorAll('.booth-sign')].map(s => getComputedStyle(s).breakAfter)")
    assert breaks == ["page", "auto"]
    assert page.locator(".booth-sign-qr img").count() == 2
    steps.shot(page, "booth-signs-print")
