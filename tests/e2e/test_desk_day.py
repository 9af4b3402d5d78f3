"""The desk on the session's day in Chromium (issue 12 item 4): a QR code shown to the camera, a desk code typed in
lower case, a phone two family members share (one is chosen), and a walk-in; axe on each step."""

from datetime import date

import pytest

from sessions.models import Registration
from tests import factories
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_staff_console import camera_browser_for, qr_y4m, scan_until, started_half_an_hour_ago
from tests.e2e.world import STAFF_PASSWORD, make_staff, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_desk_runs_the_session_day(browser, steps, tmp_path):
    session = started_half_an_hour_ago(title="Ngày hội việc làm Cầu Giấy")
    by_qr = factories.RegistrationFactory(session=session, job_seeker__full_name="Phạm Thị Hạnh")
    by_code = factories.RegistrationFactory(session=session, job_seeker__full_name="Nguyễn Văn Bình")
    mother = factories.RegistrationFactory(
        session=session, job_seeker__full_name="Lê Thị Hoa", job_seeker__phone="+84912345678"
    )
    son = factories.RegistrationFactory(
        session=session,
        job_seeker__full_name="Lê Văn Nam",
        job_seeker__phone="+84912345678",
        job_seeker__date_of_birth=date(2004, 1, 2),
    )
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    camera_browser = camera_browser_for(browser, qr_y4m(by_qr.check_in_code, tmp_path / "qr.y4m"))
    try:
        context = camera_browser.new_context(
            viewport={"width": 1280, "height": 900}, locale="vi-VN", permissions=["camera"]
        )
        context.set_default_timeout(15_000)
        page = context.new_page()
        make_staff()
        sign_in(page, steps, "canbo@vieclam.vn", STAFF_PASSWORD)
        page.goto(steps.url(f"/staff/sessions/{session.pk}/desk/"))
        steps.check(page, "desk")

        # 1. The QR code shown to the camera.
        scan_until(page, page.locator("#check-in-result [data-result=ok]", has_text="Phạm Thị Hạnh"))
        steps.check(page, "qr-checked-in")

        # 2. The desk code read out, typed in lower case with its dash.
        typed = f"{by_code.short_code[:3]}-{by_code.short_code[3:]}".lower()
        page.fill("#id_code", typed)
        page.click("#check-in-form button[type=submit]")
        page.locator("#check-in-result [data-result=ok]", has_text="Nguyễn Văn Bình").wait_for()
        steps.check(page, "desk-code-checked-in")

        # 3. A phone two family members share: the list, then the one standing at the desk.
        page.fill("#id_code", "0912 345 678")
        page.click("#check-in-form button[type=submit]")
        choices = page.locator("#check-in-result [data-result=choose]")
        choices.wait_for()
        assert choices.locator("[data-choice]").count() == 2
        assert "2004" in choices.locator(f"[data-choice='{son.pk}']").inner_text()
        steps.check(page, "phone-two-matches")
        choices.locator(f"[data-choice='{son.pk}'] button[type=submit]").click()
        page.locator("#check-in-result [data-result=ok]", has_text="Lê Văn Nam").wait_for()
        steps.check(page, "phone-chosen-checked-in")

        # 4. A walk-in without an account.
        page.fill("#id_full_name", "Vũ Thị Lan")
        page.fill("#id_phone", "0987 654 321")
        page.check("input[name=sex][value=female]")
        page.fill("#id_date_of_birth", "1996-08-09")
        page.click("form[action$='/desk/walk-in/'] button[type=submit]")
        page.wait_for_load_state()
        page.locator(".messages", has_text="Vũ Thị Lan").wait_for()
        page.locator("[data-count=attended]", has_text="4").wait_for()  # the mother is not here yet
        steps.check(page, "walk-in")

        # Staff find a person by the name typed without accents and open the profile with its history.
        page.goto(steps.url("/staff/people/?q=le+van+nam"))
        steps.check(page, "people-search")
        page.click(f"#people-found [data-person='{son.job_seeker_id}'] a")
        page.locator("#person-registrations", has_text=session.code).wait_for()
        steps.check(page, "person-profile")
        context.close()
    finally:
        camera_browser.close()

    statuses = dict(Registration.objects.filter(session=session).values_list("job_seeker__full_name", "status"))
    assert statuses == {
        "Phạm Thị Hạnh": "attended",
        "Nguyễn Văn Bình": "attended",
        "Lê Thị Hoa": "confirmed",
        "Lê Văn Nam": "attended",
        "Vũ Thị Lan": "attended",
    }
    assert mother.pk != son.pk
    assert Registration.objects.get(job_seeker__full_name="Vũ Thị Lan").source == Registration.Source.WALK_IN
