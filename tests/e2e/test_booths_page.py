"""The staff booths page in Chromium (issue 12 item 5): staff open it from the session page, approve several booth
requests at once, renumber the booths and read the numbers; screenshot `booths` under SCREENSHOT_DIR."""

import os
from pathlib import Path

import pytest

from sessions.models import Participation
from tests import factories
from tests.e2e.world import STAFF_PASSWORD, make_staff, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

Status = Participation.Status


def test_staff_bulk_approve_and_renumber_the_booths(new_page, steps):
    session = factories.JobSessionFactory(title="Phiên giao dịch việc làm Quận Đống Đa", employer_capacity=5)
    kept = factories.ParticipationFactory(
        session=session, employer=factories.EmployerFactory(name="Công ty May Đức Giang"), booth_label="07"
    )
    requests = []
    for name, count, needs in (
        ("Công ty Cổ phần Bánh kẹo Hải Hà", 2, ["table", "power"]),
        ("Công ty TNHH Điện tử Hà Nội", 3, ["table"]),
    ):
        booth = factories.ParticipationFactory(
            session=session,
            employer=factories.EmployerFactory(name=name),
            status=Status.APPLIED,
            booth_label="",
            recruiter_count=count,
            needs=needs,
        )
        booth.vacancies.add(factories.VacancyFactory(employer=booth.employer, title="Công nhân sản xuất", quantity=20))
        requests.append(booth)
    make_staff()
    page = new_page()
    sign_in(page, steps, "canbo@vieclam.vn", STAFF_PASSWORD)
    page.goto(steps.url(f"/staff/sessions/{session.pk}/"))
    page.click("#session-booths")
    page.wait_for_selector("#booths")

    for booth in requests:
        page.check(f'tr[data-booth="{booth.pk}"] input[name="selected"]')
    page.click("#bulk-approve")
    page.wait_for_selector('tr[data-status="approved"] >> nth=2')
    assert "Công ty TNHH Điện tử Hà Nội" in page.locator(".alert").first.inner_text()

    page.click("#renumber-button")
    page.wait_for_selector(".alert-success")
    labels = {
        booth.employer.name: page.locator(f'tr[data-booth="{booth.pk}"] input.booth-label').input_value()
        for booth in [kept, *requests]
    }
    assert sorted(labels.values()) == ["01", "02", "03"]
    assert labels["Công ty Cổ phần Bánh kẹo Hải Hà"] in ("01", "02")
    steps.check(page, "booths")
    if os.environ.get("SCREENSHOT_DIR"):
        path = Path(os.environ["SCREENSHOT_DIR"]) / "booths.png"
        page.screenshot(path=str(path), full_page=True)
