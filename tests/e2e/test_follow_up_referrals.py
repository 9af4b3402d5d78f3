"""Staff work the follow-up list in Chromium (issue 15 item 4): people interviewed and not hired are suggested for
a next step; one click opens the person's referral form following that interview, the referral is recorded and the
person leaves the suggestions; screenshot `follow-up-referrals` under SCREENSHOT_DIR."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sessions.models import HiringOutcome
from tests import factories
from tests.e2e.world import STAFF_PASSWORD, make_staff, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_staff_refer_a_person_not_hired_from_the_follow_up_list(new_page, steps):
    start = timezone.now() - timedelta(days=6)
    session = factories.JobSessionFactory(
        title="Phiên giao dịch việc làm định kỳ tháng 11",
        status="completed",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        registration_opens_at=start - timedelta(days=14),
        registration_closes_at=start,
    )
    employer = factories.EmployerFactory(name="Công ty Cổ phần May Thăng Long", phone="+84243825555")
    vacancy = factories.VacancyFactory(employer=employer, title="Thợ may công nghiệp")
    hang = factories.JobSeekerFactory(full_name="Nguyễn Thị Hằng", phone="+84912345678")
    failed = factories.InterviewFactory(
        registration__session=session, registration__job_seeker=hang, vacancy=vacancy, result="failed"
    )
    binh = factories.JobSeekerFactory(full_name="Trần Văn Bình", phone="+84987654321")
    not_hired = factories.InterviewFactory(
        registration__session=session, registration__job_seeker=binh, vacancy=vacancy, result="passed"
    )
    HiringOutcome.objects.create(interview=not_hired, status="not_hired", reported_at=timezone.now())
    make_staff()
    page = new_page()
    sign_in(page, steps, "canbo@vieclam.vn", STAFF_PASSWORD)

    page.goto(steps.url("/staff/follow-up/?due=referral"))
    page.wait_for_selector("#to-refer")
    rows = page.locator("#to-refer tbody tr")
    assert rows.count() == 2
    assert "0912 345 678" in page.locator(f'tr[data-interview="{failed.pk}"]').inner_text()
    steps.check(page, "follow-up-referrals")
    steps.report(page, "follow-up-referrals")

    page.locator(f'tr[data-interview="{failed.pk}"] a.btn').click()
    page.wait_for_selector("#referral-after")
    assert "Thợ may công nghiệp" in page.locator("#referral-after").inner_text()
    page.select_option("#id_kind", "training")
    page.fill("#id_training_provider", "Trường Cao đẳng nghề Công nghiệp Hà Nội")
    page.fill("#id_course", "May công nghiệp nâng cao")
    page.click("#referral-form button[type=submit]")
    page.wait_for_selector("#person-referrals")
    assert "May công nghiệp nâng cao" in page.locator("#person-referrals").inner_text()
    assert hang.referrals.get().interview_id == failed.pk

    page.goto(steps.url("/staff/follow-up/?due=referral"))
    page.wait_for_selector("#to-refer")
    assert page.locator("#to-refer tbody tr").count() == 1  # Bình still waits for a next step
