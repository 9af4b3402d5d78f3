""" "Tell me when registration opens" (issue 13 item 2): the request is recorded once; at opening the person is told
once, by their channels, through the outbox; a second run of the scheduler tells nobody again; a cancelled session
tells nobody. On a frozen clock in Hà Nội time."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from jobfair import errors
from sessions import services
from sessions.models import Notification, RegistrationAlert
from sessions.notifications import delivery, outbox
from tests import factories
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = date(2026, 3, 18)  # the day of the session (a Wednesday)
OPENS = datetime.combine(D - timedelta(days=7), time(8), tzinfo=VN)
Kind = Notification.Kind


@pytest.fixture
def clock():
    """Frozen the day before registration opens."""
    with time_machine.travel(OPENS - timedelta(days=1), tick=False) as traveller:
        yield traveller


@pytest.fixture
def later(clock):
    start = datetime.combine(D, time(9), tzinfo=VN)
    return factories.JobSessionFactory(
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        registration_opens_at=OPENS,
        registration_closes_at=start - timedelta(hours=12),
    )


@pytest.fixture
def person(db):
    return factories.JobSeekerFactory(email="lan@example.vn", language="vi")


def opening_notices():
    return list(Notification.objects.filter(kind=Kind.REGISTRATION_OPENS).order_by("channel"))


def test_asking_twice_is_recorded_once(later, person):
    first, created = services.registration_alert_request(session=later, job_seeker=person, actor=person.user)
    again, created_again = services.registration_alert_request(session=later, job_seeker=person, actor=person.user)
    assert created and not created_again and first.pk == again.pk
    assert RegistrationAlert.objects.filter(session=later, job_seeker=person).count() == 1
    assert opening_notices() == []  # nothing is written before opening


def test_clicking_the_button_twice_on_the_page_is_one_request(later, person):
    client = client_for(person.user)
    page = client.get(reverse("web:session_detail", args=[later.pk])).content.decode()
    assert 'id="tell-me"' in page and "Nhắn cho tôi khi mở đăng ký" in page
    for _ in range(2):
        response = client.post(reverse("web:registration_alert", args=[later.pk]))
        assert response.status_code == 302
    assert RegistrationAlert.objects.filter(session=later, job_seeker=person).count() == 1
    page = client.get(reverse("web:session_detail", args=[later.pk])).content.decode()
    assert 'id="told-when-open"' in page and 'id="tell-me"' not in page


def test_at_opening_the_person_is_told_once_by_their_channels_even_if_the_scheduler_runs_twice(
    clock, later, person, settings
):
    services.registration_alert_request(session=later, job_seeker=person, actor=person.user)
    clock.move_to(OPENS - timedelta(minutes=1))
    assert outbox.announce_registration_openings() == 0

    clock.move_to(OPENS + timedelta(minutes=1))
    assert outbox.announce_registration_openings() == 2  # e-mail and SMS: the channels the person chose
    assert outbox.announce_registration_openings() == 0  # the scheduler again: nothing more
    notices = opening_notices()
    assert [(n.channel, n.address) for n in notices] == [("email", "lan@example.vn"), ("sms", person.phone)]
    email = notices[0]
    assert email.subject == f"Đã mở đăng ký: {later.code}" and f"/sessions/{later.pk}/" in email.body_text
    assert email.expires_at == later.registration_closes_at
    assert RegistrationAlert.objects.get(job_seeker=person).notified_at is not None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    delivery.notification_deliver(notification_id=email.pk)
    delivery.notifications_sweep()
    assert [m.subject for m in mail.outbox] == [f"Đã mở đăng ký: {later.code}"]


def test_only_the_channels_the_person_chose(clock, later):
    by_email_only = factories.JobSeekerFactory(email="binh@example.vn", notify_by_sms=False)
    services.registration_alert_request(session=later, job_seeker=by_email_only, actor=by_email_only.user)
    clock.move_to(OPENS + timedelta(minutes=1))
    outbox.announce_registration_openings()
    assert [n.channel for n in opening_notices()] == ["email"]


def test_nobody_is_told_for_a_cancelled_session(clock, later, person):
    services.registration_alert_request(session=later, job_seeker=person, actor=person.user)
    services.session_cancel(session=later, actor=factories.StaffFactory(), reason="Mưa bão")
    clock.move_to(OPENS + timedelta(minutes=1))
    assert outbox.announce_registration_openings() == 0
    assert opening_notices() == []


def test_asking_is_refused_once_registration_has_opened_or_the_session_is_cancelled(clock, later, person):
    clock.move_to(OPENS + timedelta(minutes=1))
    with pytest.raises(errors.InvalidTransition):
        services.registration_alert_request(session=later, job_seeker=person, actor=person.user)
    later.status = "cancelled"
    later.save(update_fields=["status"])
    with pytest.raises(errors.SessionCancelled):
        services.registration_alert_request(session=later, job_seeker=person, actor=person.user)
    response = client_for(person.user).post(reverse("web:registration_alert", args=[later.pk]))
    assert response.status_code == 302 and RegistrationAlert.objects.count() == 0
