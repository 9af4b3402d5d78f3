"""A job seeker's "Việc làm phù hợp" in Chromium at phone width: each vacancy with the reasons it fits and a link
to register at its session (issue 15 item 1); screenshot `matches` under SCREENSHOT_DIR."""

import pytest

from tests import factories
from tests.e2e.world import PASSWORD, make_job_seeker, make_world, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_job_seeker_sees_matches_with_their_reasons(new_page, steps):
    world = make_world(seats=5)
    factories.VacancyFactory(
        employer=world.employer, title="Kỹ thuật viên bảo trì", occupation="3115", working_arrangement="full_time"
    )
    person = make_job_seeker("hang@example.vn", "Nguyễn Thị Hằng")
    person.wanted_occupation, person.qualification, person.working_arrangement = "3114", "college", "full_time"
    person.wanted_salary = 10_000_000
    person.save()
    page = new_page(viewport={"width": 375, "height": 812})
    sign_in(page, steps, "hang@example.vn", PASSWORD)
    page.goto(steps.url("/my/matches/"))
    page.wait_for_selector(".match")
    steps.check(page, "matches")
    steps.report(page, "matches")
    first = page.locator(".match").first
    assert "Kỹ thuật viên điện tử" in first.inner_text()
    reasons = first.locator(".reason").all_inner_texts()
    assert reasons[0] == "cùng nghề" and "gần nơi ở" in reasons and "đúng mức lương mong muốn" in reasons
    first.get_by_role("link", name="Đăng ký phiên").click()
    page.wait_for_url(f"**/sessions/{world.session.pk}/register/")
