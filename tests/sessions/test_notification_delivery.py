"""Delivering the outbox (DESIGN §4 "Nothing lost, nothing twice"): a row is claimed, sent and marked once; transient
failures retry with growing backoff and end as failed; a rolled-back change leaves nothing to send; stale claims
come back; and the HTTP SMS gateway is spoken to over a real loopback socket."""

import itertools
import json
import smtplib
import socket
import threading
import time
from collections import Counter
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from accounts.models import AuditEvent
from sessions import services
from sessions.models import Notification, Participation, Registration
from sessions.notifications import channels, delivery, outbox
from sessions.notifications.channels import HttpSmsBackend, PermanentSendError, TransientSendError
from tests import factories, helpers

VN = ZoneInfo("Asia/Ho_Chi_Minh")
DAY = date(2026, 3, 10)
NOON_BEFORE = datetime.combine(DAY, clock_time(10, 0), tzinfo=VN)  # a weekday morning: SMS allowed

Kind = Notification.Kind
Status = Notification.Status
EMAIL, SMS = Notification.Channel.EMAIL, Notification.Channel.SMS
_serial = itertools.count(1)


class FakeSms:
    """An SMS backend for the tests: `failures` are raised one per call first, then `always` (if set) on every
    call, else the message is recorded in `sent`. `pause` widens the window of a race."""

    sent: ClassVar[list[dict]] = []
    calls: ClassVar[int] = 0
    failures: ClassVar[list[Exception]] = []
    always: ClassVar[Exception | None] = None
    pause: ClassVar[float] = 0.0
    lock = threading.Lock()

    def send(self, *, to: str, text: str, reference: str) -> None:
        with FakeSms.lock:
            FakeSms.calls += 1
            failure = FakeSms.failures.pop(0) if FakeSms.failures else FakeSms.always
        if FakeSms.pause:
            time.sleep(FakeSms.pause)
        if failure is not None:
            raise failure
        with FakeSms.lock:
            FakeSms.sent.append({"to": to, "text": text, "reference": reference})


class SmtpFailingBackend(BaseEmailBackend):
    """An e-mail backend whose server answers with `error`."""

    error: ClassVar[Exception] = smtplib.SMTPServerDisconnected("gone")

    def send_messages(self, email_messages):
        raise SmtpFailingBackend.error


@pytest.fixture(autouse=True)
def sms(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = f"{__name__}.FakeSms"
    FakeSms.sent, FakeSms.calls, FakeSms.failures, FakeSms.always, FakeSms.pause = [], 0, [], None, 0.0
    return FakeSms


@pytest.fixture
def clock():
    with time_machine.travel(NOON_BEFORE, tick=False) as traveller:
        yield traveller


def make_row(channel=SMS, **fields) -> Notification:
    n = next(_serial)
    fields.setdefault("address", "+84912345678" if channel == SMS else f"nguoi{n}@example.vn")
    fields.setdefault("send_after", timezone.now())
    return Notification.objects.create(
        channel=channel,
        kind=fields.pop("kind", Kind.REGISTRATION_CONFIRMED),
        subject="Xác nhận đăng ký",
        body_text="Trung tam Dich vu viec lam: Da dang ky.",
        dedup_key=fields.pop("dedup_key", f"test:{n}:{channel}"),
        **fields,
    )


def deliver(row: Notification, **kwargs):
    result = delivery.notification_deliver(notification_id=row.pk, **kwargs)
    row.refresh_from_db()
    return result


def seeker(**fields):
    fields.setdefault("email", f"nguoi{next(_serial)}@example.vn")
    return factories.JobSeekerFactory(**fields)


def register(session=None, job_seeker=None) -> Registration:
    return helpers.register(session or factories.JobSessionFactory(), job_seeker or seeker())


# --- once -----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_due_row_is_sent_once_however_often_it_is_delivered(clock):
    registration = register()
    row = Notification.objects.get(registration=registration, kind=Kind.REGISTRATION_CONFIRMED, channel=EMAIL)

    assert deliver(row) is None
    assert deliver(row) is None

    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [row.address]
    assert mail.outbox[0].extra_headers["X-Notification-Key"] == row.dedup_key
    assert (row.status, row.attempts, row.sent_at, row.last_error) == (Status.SENT, 1, NOON_BEFORE, "")


@pytest.mark.django_db
def test_a_row_not_yet_due_is_not_claimed(clock):
    row = make_row(send_after=NOON_BEFORE + timedelta(minutes=1))

    assert deliver(row) is None

    assert (row.status, row.attempts, row.claimed_at) == (Status.PENDING, 0, None)
    assert FakeSms.calls == 0


@pytest.mark.django_db
def test_a_cancelled_row_is_never_sent(clock):
    row = make_row(status=Status.CANCELLED)

    deliver(row)

    assert row.status == Status.CANCELLED
    assert FakeSms.calls == 0


# --- transient and permanent failures -------------------------------------------------------------------------


def _retry_until_sent_or_failed(row: Notification, clock) -> list[float]:
    """Deliver, then move the clock to each retry's moment and deliver again; returns the delays."""
    delays = []
    while True:
        now = timezone.now()
        delay = deliver(row)
        if delay is None:
            return delays
        assert row.status == Status.PENDING
        assert (row.send_after - now).total_seconds() == pytest.approx(delay, abs=1e-3)
        clock.move_to(row.send_after - timedelta(seconds=1))
        assert deliver(row) is None  # not due a second early
        assert row.status == Status.PENDING
        clock.move_to(row.send_after + timedelta(milliseconds=1))
        delays.append(delay)


@pytest.mark.django_db
def test_transient_failures_retry_with_growing_backoff_then_send_exactly_once(clock, settings):
    FakeSms.failures = [TransientSendError("SMS gateway answered 503")] * 3
    row = make_row()

    delays = _retry_until_sent_or_failed(row, clock)

    base = settings.NOTIFY_RETRY_BASE_SECONDS
    assert len(delays) == 3
    for n, delay in enumerate(delays, start=1):
        ceiling = base * 2 ** (n - 1)
        assert ceiling / 2 <= delay <= ceiling, (n, delay)
    assert delays == sorted(delays)
    assert FakeSms.calls == 4
    assert [message["reference"] for message in FakeSms.sent] == [row.dedup_key]
    assert (row.status, row.attempts, row.last_error) == (Status.SENT, 4, "")


@pytest.mark.django_db
def test_each_attempt_keeps_the_last_error_while_retrying(clock):
    FakeSms.failures = [TransientSendError("SMS gateway answered 429")]
    row = make_row()

    delay = deliver(row)

    assert delay is not None
    assert (row.status, row.attempts, row.last_error) == (Status.PENDING, 1, "SMS gateway answered 429")
    assert row.sent_at is None


@pytest.mark.django_db
def test_backoff_is_capped(settings):
    settings.NOTIFY_RETRY_BASE_SECONDS = 30.0
    settings.NOTIFY_RETRY_MAX_SECONDS = 1800.0

    delays = [delivery.retry_delay(20) for _ in range(50)]

    assert all(900.0 <= delay <= 1800.0 for delay in delays)


@pytest.mark.django_db
def test_always_failing_ends_as_failed_after_the_maximum_attempts_with_the_last_error(clock, settings):
    FakeSms.always = TransientSendError("SMS gateway unreachable: timed out")
    row = make_row()

    delays = _retry_until_sent_or_failed(row, clock)

    assert len(delays) == settings.NOTIFY_MAX_ATTEMPTS - 1
    assert (row.status, row.attempts) == (Status.FAILED, settings.NOTIFY_MAX_ATTEMPTS)
    assert row.last_error == "SMS gateway unreachable: timed out"
    assert row.sent_at is None
    assert FakeSms.calls == settings.NOTIFY_MAX_ATTEMPTS
    clock.move_to(timezone.now() + timedelta(days=1))
    assert delivery.notifications_sweep() == []
    assert deliver(row) is None
    assert FakeSms.calls == settings.NOTIFY_MAX_ATTEMPTS


@pytest.mark.django_db
def test_a_smaller_maximum_of_attempts_is_respected(clock, settings):
    settings.NOTIFY_MAX_ATTEMPTS = 2
    FakeSms.always = TransientSendError("busy")
    row = make_row()

    _retry_until_sent_or_failed(row, clock)

    assert (row.status, row.attempts, FakeSms.calls) == (Status.FAILED, 2, 2)


@pytest.mark.django_db
def test_a_permanent_error_fails_at_once(clock):
    FakeSms.failures = [PermanentSendError("SMS gateway refused the message: 400")]
    row = make_row()

    assert deliver(row) is None

    assert (row.status, row.attempts, row.last_error) == (Status.FAILED, 1, "SMS gateway refused the message: 400")
    assert FakeSms.calls == 1


@pytest.mark.django_db
def test_an_unexpected_error_is_retried_like_a_transient_one(clock):
    FakeSms.failures = [RuntimeError("backend bug")]
    row = make_row()

    assert deliver(row) is not None

    assert (row.status, row.attempts, row.last_error) == (Status.PENDING, 1, "backend bug")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("error", "status"),
    [
        pytest.param(smtplib.SMTPServerDisconnected("gone"), Status.PENDING, id="disconnected-transient"),
        pytest.param(smtplib.SMTPResponseException(451, b"try later"), Status.PENDING, id="smtp-451-transient"),
        pytest.param(smtplib.SMTPResponseException(554, b"rejected"), Status.FAILED, id="smtp-554-permanent"),
        pytest.param(
            smtplib.SMTPRecipientsRefused({"a@example.vn": (450, b"mailbox busy")}),
            Status.PENDING,
            id="recipient-450-transient",
        ),
        pytest.param(
            smtplib.SMTPRecipientsRefused({"a@example.vn": (550, b"no such user")}),
            Status.FAILED,
            id="recipient-550-permanent",
        ),
        pytest.param(ConnectionRefusedError(111, "refused"), Status.PENDING, id="connection-refused-transient"),
    ],
)
def test_smtp_errors_are_sorted_into_transient_and_permanent(clock, settings, error, status):
    settings.EMAIL_BACKEND = f"{__name__}.SmtpFailingBackend"
    SmtpFailingBackend.error = error
    row = make_row(EMAIL)

    deliver(row)

    assert (row.status, row.attempts) == (status, 1)
    assert row.last_error


# --- two sweeps, two workers ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_two_sweeps_at_once_hand_out_the_same_ids_yet_each_notice_is_sent_once(clock):
    register(job_seeker=seeker())
    register(job_seeker=seeker())
    extra = make_row()
    later = make_row(send_after=NOON_BEFORE + timedelta(hours=1))
    due = set(Notification.objects.filter(send_after__lte=NOON_BEFORE).values_list("pk", flat=True))
    assert len(due) == 5  # two confirmations by e-mail and SMS, and one more SMS

    first, second = delivery.notifications_sweep(), delivery.notifications_sweep()

    assert set(first) == set(second) == due
    assert later.pk not in first
    for notification_id in itertools.chain.from_iterable(zip(first, second, strict=True)):
        delivery.notification_deliver(notification_id=notification_id)
    sent_keys = Counter(message.extra_headers["X-Notification-Key"] for message in mail.outbox)
    sent_keys.update(message["reference"] for message in FakeSms.sent)
    assert set(sent_keys.values()) == {1}
    assert set(sent_keys) == set(Notification.objects.filter(pk__in=due).values_list("dedup_key", flat=True))
    assert extra.dedup_key in sent_keys
    assert set(Notification.objects.filter(pk__in=due).values_list("status", "attempts")) == {(Status.SENT, 1)}


@pytest.mark.django_db
def test_sweep_returns_due_rows_oldest_first_within_the_batch(clock):
    rows = [make_row(send_after=NOON_BEFORE - timedelta(minutes=m)) for m in (1, 30, 5)]

    assert delivery.notifications_sweep(batch=2) == [rows[1].pk, rows[2].pk]


@pytest.mark.django_db(transaction=True)
def test_workers_racing_on_one_row_send_it_once(clock):
    threads_count = 8
    FakeSms.pause = 0.05
    row = make_row()
    start = threading.Barrier(threads_count, timeout=30)
    errors, results = [], []

    def worker():
        try:
            connection.ensure_connection()
            start.wait()
            results.append(delivery.notification_deliver(notification_id=row.pk))
        except BaseException as exc:
            start.abort()
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(threads_count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(results) == threads_count
    assert FakeSms.calls == 1
    assert [message["reference"] for message in FakeSms.sent] == [row.dedup_key]
    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)


# --- the transaction decides ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_rolled_back_change_leaves_no_row_and_enqueues_nothing(clock, django_capture_on_commit_callbacks):
    session = factories.JobSessionFactory()
    job_seeker = seeker()

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        services.registration_create(session=session, job_seeker=job_seeker, actor=None)
        assert Notification.objects.count() == 6  # written inside the transaction of the change
        raise RuntimeError("something later in the same transaction failed")

    assert callbacks == []
    assert not Notification.objects.exists()
    assert not Registration.objects.exists()
    assert mail.outbox == []
    assert FakeSms.calls == 0


@pytest.mark.django_db
def test_a_committed_change_enqueues_the_due_rows_on_commit_and_they_are_sent(
    clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration = register()
    assert len(callbacks) == 2  # the enqueue of the due rows, and the registration counter of /metrics
    assert mail.outbox == []  # nothing goes out before the commit

    for callback in callbacks:
        callback()  # the commit: Celery is eager in the tests, so delivery runs inline

    sent = Notification.objects.filter(registration=registration, status=Status.SENT)
    assert set(sent.values_list("kind", "channel")) == {
        (Kind.REGISTRATION_CONFIRMED, EMAIL),
        (Kind.REGISTRATION_CONFIRMED, SMS),
    }
    assert len(mail.outbox) == 1
    assert len(FakeSms.sent) == 1
    # the reminders wait as rows, not as broker messages
    assert Notification.objects.filter(registration=registration, status=Status.PENDING).count() == 4


# --- stale claims ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_stale_claim_is_handed_back_by_the_sweep_and_then_sent(clock, settings):
    timeout = settings.NOTIFY_CLAIM_TIMEOUT_SECONDS
    stale = make_row(status=Status.SENDING, attempts=1, claimed_at=NOON_BEFORE - timedelta(seconds=timeout + 1))
    fresh = make_row(status=Status.SENDING, attempts=1, claimed_at=NOON_BEFORE - timedelta(seconds=timeout - 10))

    assert delivery.notifications_sweep() == [stale.pk]

    stale.refresh_from_db()
    assert stale.status == Status.PENDING
    deliver(stale)
    assert (stale.status, stale.attempts) == (Status.SENT, 2)
    deliver(fresh)
    assert (fresh.status, fresh.attempts) == (Status.SENDING, 1)
    assert [message["reference"] for message in FakeSms.sent] == [stale.dedup_key]


# --- dedup ----------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_notifying_twice_about_the_same_registration_writes_one_row_per_channel_and_kind(clock):
    registration = factories.RegistrationFactory(job_seeker=seeker())

    outbox.notify_registration(registration, Kind.REGISTRATION_CONFIRMED)
    outbox.notify_registration(registration, Kind.REGISTRATION_CONFIRMED)

    counted = Counter(Notification.objects.filter(registration=registration).values_list("kind", "channel"))
    assert counted == Counter(
        {
            (kind, channel): 1
            for kind in (Kind.REGISTRATION_CONFIRMED, *outbox.REGISTRATION_REMINDERS)
            for channel in (EMAIL, SMS)
        }
    )


@pytest.mark.django_db
def test_the_database_refuses_a_second_row_with_the_same_dedup_key(clock):
    make_row(dedup_key="registration_confirmed:reg1:sms")

    with pytest.raises(IntegrityError), transaction.atomic():
        make_row(dedup_key="registration_confirmed:reg1:sms")


# --- staff retry ----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_retrying_a_failed_row_puts_it_back_with_no_attempts_and_it_is_then_sent(
    clock, staff, monkeypatch, django_capture_on_commit_callbacks
):
    FakeSms.always = TransientSendError("gateway down")
    row = make_row()
    for _ in range(10):
        if deliver(row) is None:
            break
        clock.move_to(row.send_after + timedelta(milliseconds=1))
    assert row.status == Status.FAILED
    FakeSms.always = None
    enqueued = []
    monkeypatch.setattr("sessions.notifications.delivery.notification_deliver_task.delay", enqueued.append)

    with django_capture_on_commit_callbacks(execute=True):  # the sweep, asked for on commit, hands it out
        assert delivery.notification_retry(notification=row, actor=staff) is True

    row.refresh_from_db()
    assert (row.status, row.attempts, row.last_error, row.send_after) == (Status.PENDING, 0, "", timezone.now())
    assert enqueued == [row.pk]
    assert AuditEvent.objects.filter(action="notification.retry", object_id=str(row.pk), actor=staff).exists()
    deliver(row)
    assert (row.status, row.attempts) == (Status.SENT, 1)
    assert [message["reference"] for message in FakeSms.sent] == [row.dedup_key]


@pytest.mark.django_db
def test_retrying_with_an_eager_celery_sends_at_once(clock, staff, django_capture_on_commit_callbacks):
    FakeSms.failures = [PermanentSendError("bad number")]
    row = make_row()
    deliver(row)
    assert row.status == Status.FAILED

    with django_capture_on_commit_callbacks(execute=True):
        delivery.notification_retry(notification=row, actor=staff)

    row.refresh_from_db()
    assert (row.status, row.attempts) == (Status.SENT, 1)


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Status.PENDING, Status.SENT, Status.CANCELLED])
def test_only_a_failed_row_can_be_retried(clock, staff, status):
    row = make_row(status=status, attempts=1)

    assert delivery.notification_retry(notification=row, actor=staff) is False

    row.refresh_from_db()
    assert (row.status, row.attempts) == (status, 1)
    assert not AuditEvent.objects.filter(action="notification.retry").exists()


# --- channels chosen per person -------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "channels_expected"),
    [
        pytest.param({"email": "an@example.vn"}, {EMAIL, SMS}, id="both"),
        pytest.param({"email": "an@example.vn", "notify_by_sms": False}, {EMAIL}, id="no-sms-wanted"),
        pytest.param({"email": "an@example.vn", "phone": ""}, {EMAIL}, id="no-phone"),
        pytest.param({"email": ""}, {SMS}, id="no-email-address"),
        pytest.param({"email": "an@example.vn", "notify_by_email": False}, {SMS}, id="no-email-wanted"),
        pytest.param({"email": "", "notify_by_sms": False}, set(), id="unreachable"),
    ],
)
def test_each_person_is_reached_on_the_channels_they_chose_and_have(clock, fields, channels_expected):
    registration = register(job_seeker=factories.JobSeekerFactory(**fields))

    assert set(Notification.objects.filter(registration=registration).values_list("channel", flat=True)) == (
        channels_expected
    )


@pytest.mark.django_db
def test_an_anonymised_person_gets_nothing(clock):
    registration = register(job_seeker=seeker(anonymised_at=NOON_BEFORE))

    assert not Notification.objects.filter(registration=registration).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("fields", "channels_expected"),
    [
        pytest.param({}, {EMAIL}, id="default-email-only"),
        pytest.param({"notify_by_sms": True, "phone": "+84243825555"}, {EMAIL, SMS}, id="sms-too"),
        pytest.param({"email": "", "notify_by_sms": True, "phone": "+84243825555"}, {SMS}, id="sms-only"),
    ],
)
def test_employers_are_reached_on_the_channels_they_chose(clock, fields, channels_expected):
    booth = factories.ParticipationFactory(
        employer=factories.EmployerFactory(**fields), status=Participation.Status.APPLIED
    )

    services.participation_approve(participation=booth, actor=None)

    assert set(
        Notification.objects.filter(participation=booth, kind=Kind.BOOTH_DECISION).values_list("channel", flat=True)
    ) == (channels_expected)


# --- the HTTP SMS gateway -------------------------------------------------------------------------------------


class _Gateway(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.requests.append({"path": self.path, "headers": dict(self.headers.items()), "body": body})
        status, payload = self.server.answer
        if self.server.pause:
            time.sleep(self.server.pause)
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture
def gateway(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    server.requests, server.answer, server.pause = [], (200, b'{"status": "ok", "id": "abc"}'), 0.0
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_URL = f"http://127.0.0.1:{server.server_address[1]}/api/sms"
    settings.SMS_TOKEN = "bi-mat-123"
    settings.SMS_SENDER = "VIECLAM"
    settings.SMS_TIMEOUT_SECONDS = 5.0
    yield server
    server.shutdown()
    server.server_close()
    thread.join(timeout=10)


def send_via_http(text="Da dang ky PGD-2026-0142", reference="registration_confirmed:reg7:sms"):
    HttpSmsBackend().send(to="+84912345678", text=text, reference=reference)


def test_http_sms_posts_json_with_a_bearer_token(gateway):
    send_via_http()

    [request] = gateway.requests
    assert request["path"] == "/api/sms"
    assert request["headers"]["Authorization"] == "Bearer bi-mat-123"
    assert request["headers"]["Content-Type"] == "application/json"
    assert json.loads(request["body"]) == {
        "to": "+84912345678",
        "text": "Da dang ky PGD-2026-0142",
        "sender": "VIECLAM",
        "reference": "registration_confirmed:reg7:sms",
    }


@pytest.mark.parametrize(
    ("status", "payload", "error"),
    [
        pytest.param(503, b'{"status": "error"}', TransientSendError, id="503-transient"),
        pytest.param(500, b"", TransientSendError, id="500-transient"),
        pytest.param(429, b'{"status": "error", "detail": "slow down"}', TransientSendError, id="429-transient"),
        pytest.param(400, b'{"status": "error", "detail": "bad number"}', PermanentSendError, id="400-permanent"),
        pytest.param(401, b"", PermanentSendError, id="401-permanent"),
        pytest.param(200, b'{"status": "error", "detail": "blocked"}', PermanentSendError, id="200-status-error"),
        pytest.param(200, b"<html>OK</html>", PermanentSendError, id="200-not-json"),
        pytest.param(200, b'["ok"]', PermanentSendError, id="200-not-an-object"),
    ],
)
def test_http_sms_sorts_the_gateway_answers_into_transient_and_permanent(gateway, status, payload, error):
    gateway.answer = (status, payload)

    with pytest.raises(error):
        send_via_http()

    assert len(gateway.requests) == 1


def test_http_sms_with_nothing_listening_is_transient(settings):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.SMS_URL = f"http://127.0.0.1:{port}/api/sms"  # closed: the connection is refused

    with pytest.raises(TransientSendError):
        send_via_http()


def test_http_sms_that_times_out_is_transient(gateway, settings):
    settings.SMS_TIMEOUT_SECONDS = 0.2
    gateway.pause = 1.0

    with pytest.raises(TransientSendError):
        send_via_http()


def test_http_sms_without_a_url_is_permanent(settings):
    settings.SMS_URL = ""

    with pytest.raises(PermanentSendError):
        send_via_http()


@pytest.mark.django_db
def test_delivering_through_the_http_gateway_marks_the_row_sent(clock, gateway, settings):
    settings.SMS_BACKEND = "http"
    row = make_row()

    deliver(row)

    assert (row.status, row.attempts) == (Status.SENT, 1)
    [request] = gateway.requests
    assert json.loads(request["body"])["reference"] == row.dedup_key
    assert json.loads(request["body"])["text"] == row.body_text


@pytest.mark.django_db
def test_a_gateway_503_leaves_the_row_pending_for_a_retry(clock, gateway, settings):
    settings.SMS_BACKEND = "http"
    gateway.answer = (503, b"")
    row = make_row()

    assert deliver(row) is not None

    assert (row.status, row.attempts) == (Status.PENDING, 1)
    assert "503" in row.last_error


def test_the_backend_registry_takes_names_and_dotted_paths(settings):
    settings.SMS_BACKEND = "http"
    assert isinstance(channels.get_sms_backend(), HttpSmsBackend)
    settings.SMS_BACKEND = "console"
    assert isinstance(channels.get_sms_backend(), channels.ConsoleSmsBackend)
    settings.SMS_BACKEND = f"{__name__}.FakeSms"
    assert isinstance(channels.get_sms_backend(), FakeSms)
