"""The one-click rebook link of a no-show's message (issue 15 item 3): opening it changes nothing; its one button
registers the person through the registration service (waitlisted when full, refusals shown plainly), signed in or
not, then shows the registration with its QR code. A wrong or old link is a plain page, never a server error."""

from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from sessions.models import JobSession, Registration, SessionStatus
from sessions.rebook import rebook_token
from tests import factories
from tests.helpers import PINNED_NOW
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db

RegStatus = Registration.Status


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(PINNED_NOW, tick=True) as traveller:
        yield traveller


@pytest.fixture
def lan(db):
    return factories.JobSeekerFactory(full_name="Nguyễn Thị Lan", email="lan@example.vn")


@pytest.fixture
def missed(lan):
    session = factories.JobSessionFactory(
        status=SessionStatus.COMPLETED,
        starts_at=PINNED_NOW - timedelta(days=2),
        ends_at=PINNED_NOW - timedelta(days=2) + timedelta(hours=4),
        registration_opens_at=PINNED_NOW - timedelta(days=12),
        registration_closes_at=PINNED_NOW - timedelta(days=2),
    )
    return factories.RegistrationFactory(session=session, job_seeker=lan, status=RegStatus.NO_SHOW)


@pytest.fixture
def coming(db):
    return factories.JobSessionFactory(title="Phiên giao dịch việc làm định kỳ tháng 3", job_seeker_capacity=10)


def link(missed, session) -> str:
    return reverse("web:rebook", args=[rebook_token(missed_registration_id=missed.pk, session_id=session.pk)])


def active(person, session):
    return Registration.objects.filter(job_seeker=person, session=session).exclude(status=RegStatus.CANCELLED)


def test_opening_the_link_signed_out_shows_one_button_and_registers_nobody(anon, missed, coming, lan):
    page = anon.get(link(missed, coming))

    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="rebook-button"' in html and 'method="post"' in html
    assert "Nguyễn Thị Lan" in html and coming.title in html
    assert "Đăng ký phiên tiếp theo" in html  # Vietnamese first
    assert not active(lan, coming).exists()  # a GET never changes anything
    assert page["Cache-Control"] == "private, no-store"
    assert page["Referrer-Policy"] == "same-origin"  # the token never leaves for another site


def test_the_button_registers_the_person_signed_out_and_shows_the_qr(anon, missed, coming, lan):
    url = link(missed, coming)

    answer = anon.post(url)

    assert answer.status_code == 302 and answer["Location"] == url
    registration = active(lan, coming).get()
    assert registration.status == RegStatus.CONFIRMED
    assert registration.source == Registration.Source.ONLINE
    page = anon.get(url)
    html = page.content.decode()
    assert 'id="check-in-qr" src="data:image/png;base64,' in html
    assert f"{registration.short_code[:3]}-{registration.short_code[3:]}" in html  # the desk code
    assert 'id="rebook-button"' not in html  # nothing left to press


def test_signed_in_the_button_leads_to_my_registration(missed, coming, lan):
    client = client_for(lan.user)

    assert client.get(link(missed, coming)).status_code == 200
    answer = client.post(link(missed, coming))

    registration = active(lan, coming).get()
    assert answer.status_code == 302
    assert answer["Location"] == reverse("web:registration_detail", args=[registration.pk])
    assert client.get(answer["Location"]).status_code == 200


def test_opening_the_link_again_when_registered_signed_in_shows_the_registration(missed, coming, lan):
    registration = factories.RegistrationFactory(session=coming, job_seeker=lan)

    answer = client_for(lan.user).get(link(missed, coming))

    assert answer.status_code == 302
    assert answer["Location"] == reverse("web:registration_detail", args=[registration.pk])


def test_pressing_twice_registers_once(anon, missed, coming, lan):
    anon.post(link(missed, coming))
    anon.post(link(missed, coming))

    assert active(lan, coming).count() == 1


def test_a_full_session_puts_the_person_on_the_waitlist(anon, missed, coming, lan):
    JobSession.objects.filter(pk=coming.pk).update(job_seeker_capacity=1)
    factories.RegistrationFactory(session=coming)

    anon.post(link(missed, coming))

    assert active(lan, coming).get().status == RegStatus.WAITLISTED
    html = anon.get(link(missed, coming)).content.decode()
    assert 'id="waitlist-position"' in html and "check-in-qr" not in html


def test_a_refusal_is_shown_plainly(anon, missed, coming, lan):
    coming.cohort_only = True
    coming.save()
    coming.target_cohorts.set([factories.cohort("youth", sensitive=False, name_vi="Thanh niên")])

    answer = anon.post(link(missed, coming))

    assert answer.status_code == 409
    assert "Thanh niên" in answer.content.decode()  # the service's own refusal, in the page's language
    assert not active(lan, coming).exists()


def test_a_session_no_longer_taking_registrations_says_so(anon, missed, coming):
    JobSession.objects.filter(pk=coming.pk).update(registration_closes_at=PINNED_NOW - timedelta(minutes=5))

    page = anon.get(link(missed, coming))

    assert page.status_code == 200
    assert 'id="rebook-closed"' in page.content.decode()
    assert 'id="rebook-button"' not in page.content.decode()


def test_a_tampered_link_is_a_plain_not_found_page(anon, missed, coming):
    url = link(missed, coming)
    tampered = url[:-3] + ("A" if url[-3] != "A" else "B") + url[-2:]

    for bad in (tampered, reverse("web:rebook", args=["nonsense"])):
        page = anon.get(bad)
        assert page.status_code == 404
        assert 'id="rebook-invalid"' in page.content.decode()
        assert anon.post(bad).status_code == 404


def test_an_old_link_no_longer_works(anon, missed, coming, clock, settings):
    url = link(missed, coming)
    clock.shift(timedelta(days=settings.REBOOK_LINK_DAYS, minutes=1))

    assert anon.get(url).status_code == 404


def test_the_link_of_an_erased_person_no_longer_works(anon, missed, coming, lan):
    from sessions import services

    services.job_seeker_erase(job_seeker=lan, actor=None)

    assert anon.post(link(missed, coming)).status_code == 404


def test_a_person_flagged_for_repeated_no_shows_still_registers_by_the_link(anon, missed, coming, lan):
    from sessions import selectors

    earlier = PINNED_NOW - timedelta(days=40)
    factories.RegistrationFactory(
        session=factories.JobSessionFactory(
            status=SessionStatus.COMPLETED,
            starts_at=earlier,
            ends_at=earlier + timedelta(hours=3),
            registration_opens_at=earlier - timedelta(days=10),
            registration_closes_at=earlier,
        ),
        job_seeker=lan,
        status=RegStatus.NO_SHOW,
    )
    assert selectors.people_with_repeated_no_shows().filter(pk=lan.pk).exists()

    anon.post(link(missed, coming))

    assert active(lan, coming).get().status == RegStatus.CONFIRMED


def test_my_missed_registration_has_kind_words_and_the_way_back(missed, lan):
    page = client_for(lan.user).get(reverse("web:registration_detail", args=[missed.pk]))

    html = page.content.decode()
    assert 'id="missed-session"' in html and "Không sao cả" in html


@pytest.mark.parametrize("token", ["%00", "a:b:c", "WzEsMl0:1abc:" + "x" * 43, "x" * 3000, "%F0%9F%98%80"])
def test_nonsense_in_the_link_is_never_a_server_error(anon, token):
    assert anon.get(f"/rebook/{token}/").status_code == 404
    assert anon.post(f"/rebook/{token}/").status_code == 404
