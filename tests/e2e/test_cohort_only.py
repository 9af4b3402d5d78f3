"""A session held only for some groups, seen in Chromium at phone width by a job seeker who has not declared such a
group (issue 13 item 3): who can take part, what to do instead of a register button, the profile link with the group
chosen; screenshot `cohort-only` under SCREENSHOT_DIR."""

import pytest

from tests import factories
from tests.e2e.world import PASSWORD, make_job_seeker, make_world, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_non_member_sees_who_the_session_is_for_and_what_to_do(new_page, steps):
    world = make_world(seats=5)
    themed = world.session
    themed.title, themed.cohort_only = "Phiên việc làm cho người khuyết tật", True
    themed.save()
    themed.target_cohorts.set([factories.cohort()])
    make_job_seeker("hoa@example.vn", "Trần Thị Hoa")
    page = new_page(viewport={"width": 375, "height": 812})
    sign_in(page, steps, "hoa@example.vn", PASSWORD)

    page.goto(steps.url(f"/sessions/{themed.pk}/"))
    guidance = page.locator("#cohort-guidance")
    guidance.wait_for()
    assert "Người khuyết tật" in page.locator("#session-cohorts").inner_text()
    assert "Phiên này chỉ dành cho: Người khuyết tật." in guidance.inner_text()
    assert page.get_by_role("link", name="Đăng ký tham gia phiên này").count() == 0
    assert guidance.locator("a[href^='tel:']").count() == 1
    steps.check(page, "cohort-only")
    steps.report(page, "cohort-only")

    guidance.get_by_role("link", name="Khai báo nhóm của bạn trong hồ sơ cá nhân").click()
    page.wait_for_url("**/accounts/profile/?cohort=disabled#groups")
    assert page.locator("#id_cohort option:checked").inner_text() == "Người khuyết tật"
