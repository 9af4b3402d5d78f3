"""An employer signs up (a wrong tax-code check digit first), sees it awaits verification and what comes next (no
booth buttons), is verified by centre staff in the admin and told by e-mail, posts a vacancy with the occupation
picked by name (screenshot `occupation-picker` under SCREENSHOT_DIR), requests a booth (approved by staff in the
admin), sees its candidate and records an interview result and a hiring outcome."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from playwright.sync_api import expect

from accounts.models import AdministrativeUnit, Employer
from accounts.validators import build_tax_code
from sessions import services
from sessions.models import HiringOutcome, Notification, Participation
from tests.e2e.world import STAFF_PASSWORD, make_job_seeker, make_staff, make_world
from tests.helpers import link_sent_to, session_day

pytestmark = pytest.mark.django_db(transaction=True)


def _admin_action(page, steps, changelist: str, pk: int, action: str, step: str) -> None:
    page.goto(steps.url(changelist))
    page.check(f"input[name=_selected_action][value='{pk}']")
    page.select_option("select[name=action]", action)
    page.click("button[name=index]")
    expect(page.locator(".messagelist .success")).to_be_visible()
    steps.shot(page, step)


def test_employer_signs_up_is_verified_posts_a_vacancy_requests_a_booth_and_records_an_outcome(
    live_server, steps, new_page
):
    world = make_world(seats=10)
    # A second province, to see the ward list follow the chosen province (HTMX).
    # (The live server's database holds the reference data in the first test only: it is emptied after each test.)
    hcm, _ = AdministrativeUnit.objects.get_or_create(
        code="79", defaults={"name": "Thành phố Hồ Chí Minh", "level": "province", "unit_type": "thành phố"}
    )
    AdministrativeUnit.objects.get_or_create(
        code="26734", defaults={"name": "Phường Sài Gòn", "level": "ward", "unit_type": "phường", "province": hcm}
    )
    make_staff()
    good = build_tax_code("010456789")
    wrong = good[:9] + str((int(good[9]) + 1) % 10)

    page = new_page()
    page.goto(steps.url("/accounts/signup/"))
    steps.check(page, "signup-choice")
    page.click("a[href='/accounts/signup/employer/']")
    steps.check(page, "employer-signup")

    page.fill("#id_name", "Công ty Cổ phần Cơ khí Đông Anh")
    page.fill("#id_tax_code", wrong)
    page.select_option("#id_ownership", "non_state")
    page.select_option("#id_vsic_section", "C")
    page.select_option("#id_province", "79")
    expect(page.locator("#id_ward option[value='26734']")).to_have_count(1)
    page.select_option("#id_province", "01")
    expect(page.locator(f"#id_ward option[value='{world.ward.code}']")).to_have_count(1)
    page.select_option("#id_ward", world.ward.code)
    page.fill("#id_contact_name", "Phạm Thị Hằng")
    page.fill("#id_phone", "0904 111 222")
    page.fill("#id_email", "nhansu@cokhidonganh.vn")
    page.fill("#id_password1", "Xuong-co-khi-2026")
    page.fill("#id_password2", "Xuong-co-khi-2026")
    page.click("main form button[type=submit]")
    error = page.locator("#id_tax_code_error")
    expect(error).to_be_visible()
    expect(error).to_contain_text("10")  # the 10th digit: the check digit
    expect(page.locator("#id_tax_code")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_name")).to_have_value("Công ty Cổ phần Cơ khí Đông Anh")
    steps.check(page, "employer-signup-wrong-check-digit")

    page.fill("#id_tax_code", good)
    page.fill("#id_password1", "Xuong-co-khi-2026")
    page.fill("#id_password2", "Xuong-co-khi-2026")
    page.click("main form button[type=submit]")
    expect(page).to_have_url(steps.url("/accounts/signup/confirm/"))
    steps.check(page, "employer-signup-check-your-email")
    page.goto(steps.url(link_sent_to("nhansu@cokhidonganh.vn")))  # the link of the e-mail signs the new account in
    expect(page.locator("#awaiting-verification")).to_be_visible()
    expect(page.locator("#what-happens-next")).to_be_visible()  # issue 13: the state and what comes next
    expect(page.locator(f"a[href='/employer/sessions/{world.session.pk}/booth/']")).to_have_count(0)
    expect(page.locator("#booths-after-verification")).to_be_visible()
    steps.check(page, "awaiting-verification")
    employer = Employer.objects.get(tax_code=good)

    # Centre staff verify the company with the admin's "verify" action.
    staff = new_page()
    staff.goto(steps.url("/admin/login/"))
    staff.fill("#id_username", "canbo")
    staff.fill("#id_password", STAFF_PASSWORD)
    staff.click("input[type=submit]")
    _admin_action(staff, steps, "/admin/accounts/employer/", employer.pk, "verify_employers", "staff-verifies-employer")

    # The employer is told at once: the outbox hands the verified notice to the worker (eager in the tests), which
    # sends it by e-mail to the company's address.
    notice = Notification.objects.get(employer=employer, kind="employer_verification", channel="email")
    assert notice.status == Notification.Status.SENT
    [told] = [m for m in mail.outbox if m.to == ["nhansu@cokhidonganh.vn"] and m.subject == notice.subject]
    assert "Công ty Cổ phần Cơ khí Đông Anh" in told.subject
    assert "đã xác minh" in told.body

    page.reload()
    expect(page.locator("#verification-status")).to_have_class("status status-verified")
    expect(page.locator("#awaiting-verification")).to_have_count(0)
    steps.check(page, "verified")

    # Post a vacancy (first with a salary range the wrong way round).
    page.click("main a[href='/employer/vacancies/new/']")
    steps.check(page, "vacancy-form")
    page.fill("#id_title", "Thợ tiện CNC")
    # The occupation by its name: part of it, typed without diacritics, and chosen from the picker's list.
    occupation = page.locator("#id_occupation")
    occupation.fill("van hanh may")
    choice = page.locator("#id_occupation_listbox [role=option]", has_text="7223 – Thợ điều chỉnh và vận hành")
    expect(choice).to_be_visible()
    expect(page.locator("#id_occupation_listbox [role=option]", has_text="8153 – Thợ vận hành máy may")).to_be_visible()
    expect(occupation).to_have_attribute("aria-expanded", "true")
    steps.check(page, "occupation-picker")
    steps.report(page, "occupation-picker", full_page=False)
    choice.click()
    expect(occupation).to_have_value(re.compile(r"^7223 – Thợ điều chỉnh và vận hành máy công cụ"))
    expect(page.locator("#id_occupation_listbox")).to_be_hidden()
    page.fill("#id_quantity", "4")
    page.select_option("#id_ward", world.ward.code)
    page.fill("#id_salary_min", "12000000")
    page.fill("#id_salary_max", "9000000")
    page.click("main form button[type=submit]")
    expect(page.locator("#id_salary_max_error")).to_be_visible()
    expect(page.locator("#id_title")).to_have_value("Thợ tiện CNC")
    steps.check(page, "vacancy-form-errors")
    page.fill("#id_salary_max", "15000000")
    page.check("#id_disability_accessible")
    page.click("main form button[type=submit]")
    expect(page.locator("main table")).to_contain_text("Thợ tiện CNC")
    expect(page.locator("main table")).to_contain_text("7223 – Thợ điều chỉnh và vận hành máy công cụ")
    expect(page.locator("#messages")).to_be_in_viewport()  # the confirmation is where the person is
    expect(page.locator("#messages")).to_be_focused()
    steps.check(page, "vacancy-list")
    vacancy = employer.vacancies.get(title="Thợ tiện CNC")

    # Request a booth at the session with that vacancy.
    page.click("nav a[href='/employer/']")
    page.click(f"a[href='/employer/sessions/{world.session.pk}/booth/']")
    steps.check(page, "booth-request")
    page.check(f"input[name=vacancies][value='{vacancy.pk}']")
    page.click("main form button[type=submit]")
    booth = Participation.objects.get(employer=employer, session=world.session)
    expect(page.locator(f"#booth-{booth.pk} .status")).to_have_class("status status-applied")
    steps.check(page, "booth-requested")
    _admin_action(staff, steps, "/admin/jobsessions/participation/", booth.pk, "approve_booths", "staff-approves-booth")

    # A job seeker registers interest in the vacancy.
    seeker = make_job_seeker("hoa@example.vn", "Lý Thị Hoa")
    registration, _ = services.registration_create(
        session=world.session, job_seeker=seeker, actor=None, vacancies=[vacancy]
    )

    page.reload()
    expect(page.locator(f"#booth-{booth.pk} .status")).to_have_class("status status-approved")
    page.click(f"#booth-{booth.pk} a[href='/employer/sessions/{world.session.pk}/candidates/']")
    card = page.locator(f"#candidate-{registration.pk}")
    expect(card).to_contain_text("Lý Thị Hoa")
    expect(card).not_to_contain_text(seeker.citizen_id)
    steps.check(page, "candidates")
    card.locator("summary").click()
    prefix = f"c{registration.pk}"
    card.locator(f"#id_{prefix}-vacancy").select_option(str(vacancy.pk))
    card.locator(f"#id_{prefix}-result").select_option("passed")
    card.locator(f"#id_{prefix}-notes").fill("Tay nghề tốt, nhận ngay.")
    steps.check(page, "interview-form")
    card.locator("form button[type=submit]").click()
    expect(page.locator(f"#candidate-{registration.pk} .status-passed")).to_be_visible()
    steps.check(page, "interview-recorded")

    page.click(f"#candidate-{registration.pk} a[href$='/outcome/']")
    steps.check(page, "outcome-form")
    page.check("input[name=status][value=started]")
    # a start lies on or after the session, and "started work" is not still to come: the session's day, reported
    # once it has begun (the live server's clock moved there: a session starting in half an hour may start tomorrow)
    page.fill("#id_start_date", session_day(world.session).isoformat())
    page.fill("#id_monthly_salary", "13000000")
    with time_machine.travel(world.session.starts_at + timedelta(hours=1), tick=True):
        page.click("main form button[type=submit]")
        expect(page.locator("main table")).to_contain_text("Lý Thị Hoa")
        expect(page.locator("main table .status-started")).to_be_visible()
    steps.check(page, "outcome-recorded")
    outcome = HiringOutcome.objects.get(interview__registration=registration)
    assert (outcome.status, outcome.monthly_salary) == ("started", 13_000_000)
