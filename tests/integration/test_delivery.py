"""End to end: a registration in the test process → Redis → a real Celery worker → a real SMTP server and a real
SMS gateway on loopback (DESIGN §4 "Reminders", "Nothing lost, nothing twice"; §6)."""

import time

import pytest
import redis
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from sessions import services
from sessions.models import Notification, Registration
from sessions.notifications import delivery
from tests import factories
from tests.integration.conftest import SMS_TOKEN, publishing_to
from tests.integration.harness import wait_until

pytestmark = pytest.mark.django_db(transaction=True)

Kind = Notification.Kind
Status = Notification.Status


def _attachments(message) -> dict[str, tuple[str, bytes]]:
    """filename → (content type, payload) of the parts of a parsed message that carry a file name."""
    return {
        part.get_filename(): (part.get_content_type(), part.get_payload(decode=True))
        for part in message.walk()
        if part.get_filename()
    }


def test_registration_confirmation_is_delivered_by_email_and_sms(worker, smtp_server, sms_gateway):
    session = factories.JobSessionFactory(job_seeker_capacity=10)
    seekers = {
        "vi": factories.JobSeekerFactory(email="tran.van.an@example.vn", phone="+84912000001", language="vi"),
        "en": factories.JobSeekerFactory(email="nguyen.thi.binh@example.vn", phone="+84912000002", language="en"),
    }
    registrations = {}
    for language, seeker in seekers.items():
        registration, created = services.registration_create(session=session, job_seeker=seeker, actor=None)
        assert created and registration.status == Registration.Status.CONFIRMED
        registrations[language] = registration

    confirmations = Notification.objects.filter(kind=Kind.REGISTRATION_CONFIRMED)
    wait_until(
        lambda: (
            confirmations.filter(status=Status.SENT).count() == 4
            and smtp_server.count() == 2
            and len(sms_gateway.posts) == 2
        ),
        timeout=30,
        what="two e-mails, two SMS and four rows sent",
    )

    subjects = {"vi": f"Xác nhận đăng ký {session.code}", "en": f"Registration confirmed {session.code}"}
    for language, seeker in seekers.items():
        registration = registrations[language]
        email_row = confirmations.get(registration=registration, channel=Notification.Channel.EMAIL)
        sms_row = confirmations.get(registration=registration, channel=Notification.Channel.SMS)
        assert (email_row.status, email_row.attempts, sms_row.status, sms_row.attempts) == ("sent", 1, "sent", 1)

        [mail] = [mail for mail in smtp_server.messages if mail.rcpt_tos == [seeker.email]]
        message = mail.message
        assert message["To"] == seeker.email
        assert message["Subject"] == subjects[language]
        assert mail.key == email_row.dedup_key
        assert registration.check_in_code in message.get_body(preferencelist=("plain",)).get_content()
        files = _attachments(message)
        [ics_name] = [name for name in files if name.endswith(".ics")]
        content_type, ics = files[ics_name]
        assert content_type == "text/calendar"
        assert b"BEGIN:VCALENDAR" in ics and session.code.encode() in ics
        assert files["ma-check-in.png"][0] == "image/png"

        [post] = [post for post in sms_gateway.posts if post.body["to"] == seeker.phone]
        assert post.status == 200
        assert post.authorization == f"Bearer {SMS_TOKEN}"
        assert post.body["reference"] == sms_row.dedup_key
        assert post.body["sender"] == settings.SMS_SENDER
        assert registration.short_code[3:] in post.body["text"]  # the desk code, read out at the desk

    # The day-before and two-hours reminders wait as rows, not as broker messages.
    reminders = Notification.objects.filter(kind__in=(Kind.REMINDER_DAY_BEFORE, Kind.REMINDER_TWO_HOURS))
    assert reminders.count() == 8
    assert set(reminders.values_list("status", flat=True)) == {Status.PENDING}

    # A sweep afterwards (beat runs one every minute) sends nothing again.
    delivery.notifications_sweep_task.delay()
    time.sleep(1.5)
    assert (smtp_server.count(), len(sms_gateway.posts)) == (2, 2)


def test_a_rolled_back_registration_enqueues_nothing(worker, smtp_server, sms_gateway, redis_client):
    session = factories.JobSessionFactory(job_seeker_capacity=10)
    seeker = factories.JobSeekerFactory(email="le.van.cuong@example.vn", phone="+84912000003")
    before = worker.settle()  # whatever an earlier test left the worker to do is done

    with pytest.raises(RuntimeError, match="rolled back"), transaction.atomic():
        services.registration_create(session=session, job_seeker=seeker, actor=None)
        assert Notification.objects.filter(kind=Kind.REGISTRATION_CONFIRMED).count() == 2  # written, uncommitted
        raise RuntimeError("rolled back")

    assert not Registration.objects.exists()
    assert not Notification.objects.exists()
    assert redis_client.llen("celery") == 0  # nothing was published
    time.sleep(3)
    assert smtp_server.count() == 0
    assert sms_gateway.posts == []
    assert worker.task_counts() == before, "the worker ran a task"

    # Control: the same registration committed does reach the worker, so the silence above means something.
    registration, _created = services.registration_create(session=session, job_seeker=seeker, actor=None)
    wait_until(lambda: smtp_server.count() == 1 and len(sms_gateway.posts) == 1, timeout=20, what="the control")
    # the commit asked for one sweep, which handed out the two due notices
    assert worker.task_counts() - before == {"notifications.sweep": 1, "notifications.deliver": 2}
    assert smtp_server.messages[0].rcpt_tos == [seeker.email]
    assert registration.short_code[3:] in sms_gateway.posts[0].body["text"]


@pytest.fixture
def broker_without_worker(redis_url):
    """Celery publishing to another database of the test Redis, where no worker listens: what reaches the broker
    stays there to be counted."""
    base, _slash, number = redis_url.rpartition("/")
    url = f"{base}/{(int(number or 0) - 1) % 16}"
    with publishing_to(url):
        client = redis.Redis.from_url(url, socket_connect_timeout=3)
        yield client
        client.delete("celery", delivery.SWEEP_ASKED_KEY)
        client.close()


def test_committed_notices_ask_for_one_sweep_at_a_time_and_the_sweep_clears_the_mark(broker_without_worker):
    """While an asked sweep waits, asking sends nothing more; the sweep clears the mark before it reads."""
    redis_client = broker_without_worker
    for _ in range(3):  # three commits that wrote a due notice, one after another
        delivery.ask_for_sweep()
    assert redis_client.llen("celery") == 1
    assert 0 < redis_client.ttl(delivery.SWEEP_ASKED_KEY) <= settings.NOTIFY_SWEEP_ASKED_SECONDS

    delivery.notifications_sweep_task.run()  # the sweep begins (here, not on a worker): the mark goes first

    assert not redis_client.exists(delivery.SWEEP_ASKED_KEY)
    delivery.ask_for_sweep()  # a notice committed after the sweep began asks for the next one
    assert redis_client.llen("celery") == 2


def test_a_sweep_that_finds_a_full_batch_asks_for_the_next_one(broker_without_worker, settings):
    redis_client = broker_without_worker
    settings.NOTIFY_SWEEP_BATCH = 2
    for number in range(3):
        Notification.objects.create(
            channel=Notification.Channel.SMS,
            address="+84912000009",
            kind=Kind.REGISTRATION_CONFIRMED,
            body_text="Ban da dang ky",
            dedup_key=f"full-batch:{number}",
            send_after=timezone.now(),
        )

    assert delivery.notifications_sweep_task.run() == 2

    # two deliveries and the next sweep, which hands out the third
    assert redis_client.llen("celery") == 3
    assert redis_client.exists(delivery.SWEEP_ASKED_KEY)
