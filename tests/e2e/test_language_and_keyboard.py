"""The language switch (remembered), and a registration made with the keyboard only (Tab, Enter, Space)."""

import pytest
from playwright.sync_api import expect

from sessions.models import Registration
from tests.e2e.world import PASSWORD, make_job_seeker, make_world

pytestmark = pytest.mark.django_db(transaction=True)


def test_language_switch_is_remembered(live_server, steps, new_page):
    world = make_world()
    page = new_page(locale="en-US")  # a browser set to English still gets Vietnamese first
    page.goto(steps.url("/"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("h1")).to_have_text("Các phiên giao dịch việc làm sắp tới")
    steps.check(page, "vietnamese-by-default")

    page.click("button[name=language][value=en]")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_text("Upcoming job-exchange sessions")
    steps.check(page, "english")

    page.goto(steps.url(f"/sessions/{world.session.pk}/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1")).to_have_attribute("lang", "vi")  # the session's own title stays Vietnamese
    steps.check(page, "english-session")
    second = page.context.new_page()  # a new tab of the same browser remembers it too
    second.goto(steps.url("/vacancies/"))
    expect(second.locator("html")).to_have_attribute("lang", "en")
    steps.check(second, "english-remembered-in-a-new-tab")

    second.click("button[name=language][value=vi]")
    expect(second.locator("html")).to_have_attribute("lang", "vi")
    expect(second).to_have_url(steps.url("/vacancies/"))
    steps.check(second, "back-to-vietnamese")


def _tab_to(page, js_condition: str, *, limit: int = 60) -> None:
    """Press Tab until the focused element satisfies the condition (`el` is document.activeElement)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(f"(() => {{ const el = document.activeElement; return !!(el && ({js_condition})); }})()"):
            return
    raise AssertionError(f"Tab never reached an element where {js_condition}")


def _focus_is_visible(page) -> bool:
    return page.evaluate(
        """(() => {
            const s = getComputedStyle(document.activeElement);
            return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
        })()"""
    )


def test_registration_with_the_keyboard_only(live_server, steps, new_page):
    world = make_world(seats=3)
    make_job_seeker("an@example.vn", "Đặng Văn An")
    page = new_page()
    page.goto(steps.url("/"))

    # The first Tab reaches the skip link, shown with a visible focus; Enter moves to the main content.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.classList.contains('skip-link')")
    assert _focus_is_visible(page)
    steps.shot(page, "skip-link-focused")
    page.keyboard.press("Enter")
    expect(page).to_have_url(steps.url("/#main"))

    _tab_to(page, f"el.getAttribute('href') === '/sessions/{world.session.pk}/'")
    assert _focus_is_visible(page)
    steps.shot(page, "session-link-focused")
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_have_text(world.session.title)

    _tab_to(page, "(el.getAttribute('href') || '').startsWith('/accounts/login/?next=')")
    steps.shot(page, "sign-in-to-register-focused")
    page.keyboard.press("Enter")
    expect(page.locator("#id_username")).to_be_visible()

    _tab_to(page, "el.id === 'id_username'")
    page.keyboard.type("an@example.vn")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_password"
    page.keyboard.type(PASSWORD)
    steps.check(page, "sign-in-typed")
    page.keyboard.press("Enter")
    expect(page).to_have_url(steps.url(f"/sessions/{world.session.pk}/register/"))

    _tab_to(page, f"el.name === 'vacancies' && el.value === '{world.vacancy.pk}'")
    assert _focus_is_visible(page)
    page.keyboard.press("Space")
    expect(page.locator(f"input[name=vacancies][value='{world.vacancy.pk}']")).to_be_checked()
    steps.check(page, "vacancy-ticked-with-space")
    _tab_to(page, "el.type === 'submit' && el.closest('main')")
    assert _focus_is_visible(page)
    steps.shot(page, "register-button-focused")
    page.keyboard.press("Enter")

    expect(page.locator("#registration-status")).to_have_class("status status-confirmed")
    expect(page.locator("#check-in-qr")).to_be_visible()
    steps.check(page, "confirmation")
    registration = Registration.objects.get(session=world.session, job_seeker__user__email="an@example.vn")
    assert list(registration.vacancies.all()) == [world.vacancy]
