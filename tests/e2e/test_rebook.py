"""A no-show's message in Chromium at phone width (issue 15 item 3): the person, signed out, opens the rebook link
of the e-mail the outbox wrote, sees one button, presses it and gets the registration with its QR code; staff see
the session's no-shows with whether the message went out. Screenshots `rebook-*` and `staff-no-shows`."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from sessions import services
from sessions.models import Notification, Registration
from sessions.notifications import outbox
from tests import factories
from tests.e2e.world import STAFF_PASSWORD, make_job_seeker, make_staff, make_world, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_a_no_show_rebooks_with_one_click_from_the_message(new_page, steps, settings, live_server):
    settings.SITE_URL = live_server.url
    world = make_world(seats=5)
    person = make_job_seeker("hoa@example.vn", "Phạm Thị Hoa")
    person.wanted_occupation = "3114"
    person.save()
    ended = timezone.now() - timedelta(hours=1)
    missed = factories.JobSessionFactory(
        title="Phiên giao dịch việc làm định kỳ tuần trước",
        starts_at=ended - timedelta(hours=3),
        ends_at=ended,
        registration_opens_at=ended - timedelta(days=10),
        registration_closes_at=ended - timedelta(hours=3),
        venue=world.session.venue,
    )
    factories.RegistrationFactory(session=missed, job_seeker=person)
    services.session_complete(session=missed, actor=None)
    outbox.follow_up_no_shows()
    email = Notification.objects.get(kind=Notification.Kind.NO_SHOW_FOLLOW_UP, channel="email")
    link = re.search(r"(https?://\S+/rebook/\S+/)", email.body_text).group(1)

    page = new_page(viewport={"width": 375, "height": 812})
    page.goto(link)
    page.wait_for_selector("#rebook-button")
    assert "Phiên giao dịch việc làm định kỳ Cầu Giấy" in page.inner_text("main")
    steps.check(page, "rebook-confirm")
    assert not Registration.objects.filter(session=world.session, job_seeker=person).exists()
    page.click("#rebook-button")
    page.wait_for_selector("#check-in-qr")
    steps.check(page, "rebook-registered")
    assert Registration.objects.get(session=world.session, job_seeker=person).status == "confirmed"

    staff_page = new_page()
    make_staff()
    sign_in(staff_page, steps, "canbo@vieclam.vn", STAFF_PASSWORD)
    staff_page.goto(steps.url(f"/staff/sessions/{missed.pk}/no-shows/"))
    staff_page.wait_for_selector("#session-no-shows")
    assert "Phạm Thị Hoa" in staff_page.inner_text("#session-no-shows")
    steps.check(staff_page, "staff-no-shows")
