"""The survey page of a personal link (issue 15 item 5), in a browser at phone width: no sign-in, the question in
Vietnamese with five labelled radio buttons, a GOV.UK-style error summary when no rating is chosen, the thank-you
after the answer, and the page an unknown link gets — each step checked with axe and fitting the 375 px screen."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from sessions.models import SurveyInvitation, new_survey_token, survey_token_hash
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_survey_page_on_a_phone(live_server, steps, new_page):
    now = timezone.now()
    session = factories.JobSessionFactory(
        title="Phiên giao dịch việc làm định kỳ",
        status="completed",
        starts_at=now - timedelta(hours=5),
        ends_at=now - timedelta(hours=1),
        registration_opens_at=now - timedelta(days=7),
        completed_at=now - timedelta(hours=1),
    )
    token = new_survey_token()
    SurveyInvitation.objects.create(
        session=session,
        respondent="job_seeker",
        registration=factories.RegistrationFactory(session=session, status="attended"),
        token_hash=survey_token_hash(token),
        closes_at=now + timedelta(days=30),
    )
    page = new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True, device_scale_factor=2)

    def check(step):
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{step}: the page is {overflow}px wider than the 375px screen"
        steps.check(page, step)

    page.goto(steps.url(f"/survey/{token}/"))
    expect(page.locator("legend")).to_have_text("Bạn hài lòng với phiên ở mức nào?")
    expect(page.locator("input[name=rating]")).to_have_count(5)
    check("survey-question")

    page.fill("#id_comment", "Đông người quá")
    page.click("#survey-form button[type=submit]")
    expect(page.locator("#error-summary")).to_be_visible()
    expect(page.locator("#id_rating_error")).to_have_text("Hãy chọn mức độ hài lòng, từ 1 đến 5.")
    check("survey-no-rating")
    page.click("#error-summary a")  # the summary leads to the first choice
    expect(page.locator("#id_rating_0")).to_be_focused()

    page.get_by_label("4 – Hài lòng").check()
    page.click("#survey-form button[type=submit]")
    expect(page.locator("#survey-thanks")).to_be_visible()
    check("survey-thanks")
    assert SurveyInvitation.objects.get(session=session).rating == 4

    page.goto(steps.url("/survey/khong-co-ma-nay/"))
    expect(page.locator("#survey-invalid")).to_be_visible()
    check("survey-invalid-link")
