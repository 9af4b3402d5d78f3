"""The pages outside the main flows, each checked with axe as the person who uses it: the job seeker's profile,
results, data and deletion pages, the public vacancy pages, sign-in and password reset, the 404 page, and the
employer's company and interviews pages."""

import pytest
from playwright.sync_api import expect

from sessions import services
from tests import factories
from tests.e2e.world import PASSWORD, make_job_seeker, make_world, sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_other_pages_pass_axe(live_server, steps, new_page):
    world = make_world(seats=5)
    seeker = make_job_seeker("lan@example.vn", "Nguyễn Thị Lan")
    registration, _ = services.registration_create(
        session=world.session, job_seeker=seeker, actor=None, vacancies=[world.vacancy]
    )
    interview, _ = services.interview_record(
        registration=registration, vacancy=world.vacancy, actor=None, result="passed"
    )
    services.hiring_outcome_record(interview=interview, actor=None, status="offered")

    page = new_page()
    for step, path in [
        ("vacancy-search", "/vacancies/?q=ky+thuat"),
        ("vacancy-detail", f"/vacancies/{world.vacancy.pk}/"),
        ("privacy", "/privacy/"),
        ("not-found", "/khong-co-trang-nay/"),
        ("password-reset", "/accounts/password-reset/"),
        ("password-reset-bad-link", "/accounts/reset/xx/yy/"),
    ]:
        page.goto(steps.url(path))
        steps.check(page, step)
    page.goto(steps.url("/accounts/login/"))
    page.fill("#id_username", "lan@example.vn")
    page.fill("#id_password", "wrong")
    page.click("main form button[type=submit]")
    expect(page.locator("#error-summary")).to_be_visible()
    steps.check(page, "sign-in-error")

    sign_in(page, steps, "lan@example.vn", PASSWORD)
    for step, path in [
        ("profile", "/accounts/profile/"),
        ("my-results", "/my/results/"),
        ("my-data", "/my/data/"),
        ("delete-account", "/my/data/delete/"),
    ]:
        page.goto(steps.url(path))
        steps.check(page, step)
    page.goto(steps.url("/accounts/profile/"))
    page.fill("#id_wanted_occupation", "abc")
    page.click("main form[action='/accounts/profile/'] button[type=submit]")
    expect(page.locator("#id_wanted_occupation_error")).to_be_visible()
    steps.check(page, "profile-error")
    # The wanted occupation by its name, with the keyboard alone: the picker's list, the arrow, Enter.
    page.fill("#id_wanted_occupation", "ke toan vien")
    page.press("#id_wanted_occupation", "ArrowDown")
    expect(page.locator("#id_wanted_occupation_listbox [aria-selected=true]")).to_have_text("2411 – Kế toán viên")
    page.press("#id_wanted_occupation", "Enter")
    expect(page.locator("#id_wanted_occupation")).to_have_value("2411 – Kế toán viên")
    page.click("main form[action='/accounts/profile/'] button[type=submit]")
    expect(page.locator("#messages")).to_be_visible()
    seeker.refresh_from_db()
    assert seeker.wanted_occupation == "2411"

    employer_page = new_page()
    employer_user = factories.EmployerUserFactory(employer=world.employer)
    sign_in(employer_page, steps, employer_user.email, PASSWORD)
    for step, path in [
        ("employer-company", "/employer/company/"),
        ("employer-interviews", "/employer/interviews/"),
        ("employer-outcome", f"/employer/interviews/{interview.pk}/outcome/"),
        ("employer-candidates", f"/employer/sessions/{world.session.pk}/candidates/"),
        ("employer-vacancy-edit", f"/employer/vacancies/{world.vacancy.pk}/edit/"),
    ]:
        employer_page.goto(steps.url(path))
        steps.check(employer_page, step)
