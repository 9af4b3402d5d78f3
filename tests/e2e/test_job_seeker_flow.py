"""A job seeker signs up, registers (choosing a vacancy), sees the QR code, downloads the .ics, cancels; the first
person on the waitlist then sees 'confirmed'. Also run at phone width (375 px), which saves the screenshots
`signup-errors` and `confirmation` under SCREENSHOT_DIR."""

import re

import pytest
from playwright.sync_api import expect

from accounts.validators import normalize_phone
from sessions import services
from sessions.models import Registration
from tests.e2e.world import PASSWORD, make_job_seeker, make_world, sign_in
from tests.helpers import sms_code_sent_to

pytestmark = pytest.mark.django_db(transaction=True)


def _sign_up_and_register(page, steps, world, *, phone: str, prefix: str = "") -> Registration:
    page.goto(steps.url("/"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    steps.check(page, f"{prefix}home")

    # HTMX filters: an accent-free search finds the session without reloading the page.
    page.fill("#id_q", "dinh ky cau giay")
    page.press("#id_q", "Enter")
    expect(page).to_have_url(re.compile(r"q=dinh(\+|%20)ky"))
    expect(page.locator("#session-results")).to_contain_text(world.session.title)
    expect(page.locator("#result-count")).to_contain_text("1")
    # Choosing a kind filters at once; the search text is kept.
    page.select_option("#id_kind", "job_day")
    expect(page.locator("#session-results")).not_to_contain_text(world.session.title)
    expect(page.locator("#result-count")).to_contain_text("0")
    page.select_option("#id_kind", "periodic")
    expect(page.locator("#session-results")).to_contain_text(world.session.title)
    expect(page).to_have_url(re.compile(r"kind=periodic"))

    page.click(f"#session-results a[href='/sessions/{world.session.pk}/']")
    expect(page.locator("h1")).to_have_text(world.session.title)
    expect(page.locator("main")).to_contain_text(world.vacancy.title)
    steps.check(page, f"{prefix}session")

    page.click("a[href^='/accounts/signup/job-seeker/']")
    # Step 1/3, the account: sent with a wrong phone, no password and the terms unticked, every error at once.
    expect(page.locator("#step-progress")).to_have_text("Bước 1/3")
    expect(page.locator("#id_accept_terms")).not_to_be_checked()
    steps.check(page, f"{prefix}signup")
    page.fill("#id_phone", "0912")
    page.fill("#id_email", "thu@example")
    page.click("main form button[type=submit] >> nth=0")
    for field in ("phone", "email", "password1", "password2", "accept_terms"):
        expect(page.locator(f"#id_{field}_error")).to_be_visible()
        expect(page.locator(f"#error-summary a[href='#id_{field}']")).to_be_visible()
    expect(page.locator("#id_email")).to_have_value("thu@example")
    steps.check(page, f"{prefix}signup-errors")
    if prefix:  # the phone run's is the one the report describes
        steps.report(page, "signup-errors")

    page.fill("#id_phone", phone)
    page.fill("#id_email", "")
    page.fill("#id_password1", "Thu-tim-viec-2026")
    page.fill("#id_password2", "Thu-tim-viec-2026")
    page.check("#id_accept_terms")
    page.click("main form button[type=submit] >> nth=0")
    # Step 2/3, about you: 31/02 is refused plainly, what was typed stays.
    expect(page.locator("#step-progress")).to_have_text("Bước 2/3")
    expect(page.locator("#id_notify_by_sms")).not_to_be_checked()
    page.fill("#id_full_name", "Hoàng Thị Thu")
    page.fill("#id_date_of_birth_0", "31")
    page.fill("#id_date_of_birth_1", "2")
    page.fill("#id_date_of_birth_2", "1999")
    page.click("main form button[type=submit] >> nth=0")
    expect(page.locator("#id_date_of_birth_error")).to_contain_text("không có ngày 31")
    expect(page.locator("#id_full_name")).to_have_value("Hoàng Thị Thu")
    steps.check(page, f"{prefix}signup-about-errors")
    page.fill("#id_date_of_birth_0", "28")
    page.check("#id_notify_by_sms")
    page.click("main form button[type=submit] >> nth=0")
    # Step 3/3, the optional group with its own consent.
    expect(page.locator("#step-progress")).to_have_text("Bước 3/3")
    for box in ("#id_cohort_consent", "#id_share_with_employers"):
        expect(page.locator(box)).not_to_be_checked()
    steps.check(page, f"{prefix}signup-cohort")
    page.click("main form button[type=submit] >> nth=0")
    expect(page).to_have_url(steps.url("/accounts/signup/confirm/"))
    steps.check(page, f"{prefix}signup-confirm")
    page.fill("#id_code", sms_code_sent_to(normalize_phone(phone)))  # read on the phone, typed here
    page.click("main form button[type=submit] >> nth=0")
    expect(page).to_have_url(steps.url(f"/sessions/{world.session.pk}/register/"))
    steps.check(page, f"{prefix}register")

    page.check(f"input[name=vacancies][value='{world.vacancy.pk}']")
    page.click("main form button[type=submit]")
    expect(page.locator("#registration-status")).to_have_class("status status-confirmed")
    qr = page.locator("#check-in-qr")
    expect(qr).to_be_visible()
    page.wait_for_function("() => document.getElementById('check-in-qr').complete")  # a function: no eval under CSP
    assert page.evaluate("document.getElementById('check-in-qr').naturalWidth") > 100  # the PNG loaded
    registration = Registration.objects.get(session=world.session, job_seeker__full_name="Hoàng Thị Thu")
    expect(page.locator(".check-in-code")).to_have_text(f"{registration.short_code[:3]}-{registration.short_code[3:]}")
    steps.check(page, f"{prefix}confirmation-qr")
    return registration


def test_job_seeker_signs_up_registers_cancels_and_the_waitlist_moves(live_server, steps, new_page):
    world = make_world(seats=1)
    page = new_page()
    registration = _sign_up_and_register(page, steps, world, phone="0912 345 678")

    with page.expect_download() as download:
        page.click("a[href$='calendar.ics']")
    ics = download.value.path().read_text(encoding="utf-8")
    assert ics.startswith("BEGIN:VCALENDAR") and world.session.code in ics and registration.check_in_code in ics

    # Someone registers after the last seat went: they wait, first in line.
    waiting = make_job_seeker("minh@example.vn", "Trần Quang Minh")
    theirs, _ = services.registration_create(session=world.session, job_seeker=waiting, actor=None)
    assert theirs.status == "waitlisted"
    other = new_page()
    sign_in(other, steps, "minh@example.vn", PASSWORD)
    other.goto(steps.url(f"/my/registrations/{theirs.pk}/"))
    expect(other.locator("#registration-status")).to_have_class("status status-waitlisted")
    expect(other.locator("#waitlist-position")).to_contain_text("1")
    steps.check(other, "waitlisted-person-before")

    page.click("nav a[href='/my/registrations/']")
    expect(page.locator(f"#registration-{registration.pk}")).to_contain_text(world.session.title)
    steps.check(page, "my-registrations")
    # Cancel on the list is a real button of a POST form (issue 13), no detour through a confirmation page.
    page.click(f"#registration-{registration.pk} form[method=post] button#cancel-registration-{registration.pk}")
    # back on the registration: it says cancelled and no longer offers the QR code
    expect(page.locator("#registration-status")).to_have_class("status status-cancelled")
    expect(page.locator("#check-in-qr")).to_have_count(0)
    steps.check(page, "cancelled")
    # The calendar file offered now takes the event out of the calendar it was added to.
    with page.expect_download() as download:
        page.click("#calendar-removal a[href$='calendar.ics']")
    removal = download.value.path().read_text(encoding="utf-8").splitlines()
    assert {"METHOD:CANCEL", "STATUS:CANCELLED", f"UID:{world.session.code}@vieclam"} <= set(removal)

    other.reload()
    expect(other.locator("#registration-status")).to_have_class("status status-confirmed")
    expect(other.locator("#check-in-qr")).to_be_visible()
    steps.check(other, "waitlisted-person-now-confirmed")


def test_job_seeker_flow_at_phone_width(live_server, steps, new_page):
    world = make_world(seats=5)
    page = new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto(steps.url("/"))
    # The menu folds behind a button on a phone and opens with it.
    expect(page.locator("#main-menu")).to_be_hidden()
    page.click(".navbar-toggler")
    expect(page.locator("#main-menu a[href='/vacancies/']")).to_be_visible()
    page.click(".navbar-toggler")

    original_check = steps.check

    def check_fits(p, step):
        overflow = p.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{step}: the page is {overflow}px wider than the 375px screen"
        original_check(p, step)

    steps.check = check_fits
    registration = _sign_up_and_register(page, steps, world, phone="0987 654 321", prefix="phone-")
    steps.shot(page, "phone-confirmation-for-report")
    # The QR code and the desk code are on the first phone screen (667 px), before the session.
    page.evaluate("window.scrollTo(0, 0)")
    steps.report(page, "confirmation", full_page=False)  # that first screen, as the person sees it
    for element in ("#check-in-qr", "#desk-code"):
        box = page.locator(element).bounding_box()
        assert box["y"] < 667, f"{element} starts at {box['y']}px"
    # Cancel is a real button, a comfortable target, here and on the list of the person's registrations; afterwards
    # the page says cancelled and offers no QR.
    cancel = page.locator("#cancel-form button#cancel-registration")
    assert cancel.bounding_box()["height"] >= 44
    page.goto(steps.url("/my/registrations/"))
    listed = page.locator(f"#registration-{registration.pk} form[method=post] button[type=submit]")
    expect(listed).to_have_id(f"cancel-registration-{registration.pk}")
    box = listed.bounding_box()
    assert box["height"] >= 44, f"the list's Cancel button is {box['height']}px high"
    steps.check(page, "phone-my-registrations")
    page.goto(steps.url(f"/my/registrations/{registration.pk}/"))
    cancel.click()
    expect(page.locator("#registration-status")).to_have_class("status status-cancelled")
    expect(page.locator("#check-in-qr")).to_have_count(0)
    expect(page.locator("a[href$='calendar.ics']")).to_have_text("Xóa khỏi lịch của tôi (tệp .ics)")
    steps.shot(page, "phone-cancelled-for-report")
