"""Faults against the real worker, Redis, SMTP and SMS gateway (DESIGN §4 "Nothing lost, nothing twice").

(a) the worker SIGKILLed in the middle of a backlog of 1,000; (b) Redis stopped (losing every queued message) in
the middle of a backlog; (c) an SMS gateway answering 503; (d) two sweeps at once; (f) Redis unreachable when a
registration commits: the change stands and the sweep delivers. The rolled-back transaction (e) is in test_delivery.py.
Recovery uses only what beat does: `notifications_sweep_task` (every minute in production, every few seconds here),
which hands back claims older than NOTIFY_CLAIM_TIMEOUT_SECONDS and re-enqueues pending rows.
"""

import collections
import re
import time
import warnings
from datetime import timedelta

import pytest
import redis
from django.db.models import Count
from django.utils import timezone

from sessions import services
from sessions.models import Notification, Registration
from sessions.notifications import delivery
from tests import factories
from tests.integration.conftest import CLAIM_TIMEOUT, MAX_ATTEMPTS, QUIET_FROM, QUIET_UNTIL, publishing_to
from tests.integration.harness import RedisServer, WorkerProcess, free_port, wait_until

pytestmark = pytest.mark.django_db(transaction=True)

Status = Notification.Status
# Seconds between sweeps here, where beat waits a minute: just over the claim timeout, so that a stale claim comes
# back at the second sweep (a sweep re-enqueues every due pending row, even one still waiting in the queue).
SWEEP_EVERY = CLAIM_TIMEOUT + 1
BACKLOG_A = 1000
BACKLOG_B = 300
BACKLOG_D = 200


def backlog(count: int, *, tag: str, channel: str = Notification.Channel.EMAIL) -> list[Notification]:
    """`count` due notifications written straight into the outbox (not enqueued), each with its own dedup_key."""
    now = timezone.now()
    rows = [
        Notification(
            channel=channel,
            address=f"nguoi.tim.viec.{n}@example.vn" if channel == Notification.Channel.EMAIL else f"+8491{n:07d}",
            language="vi",
            kind=Notification.Kind.REMINDER_DAY_BEFORE,
            subject="Nhắc lịch: phiên giao dịch việc làm ngày mai",
            body_text=f"Xin chào, phiên giao dịch việc làm bắt đầu lúc 08:00 ngày mai. Mã số {n}.",
            dedup_key=f"integ:{tag}:{n}:{channel}",
            send_after=now - timedelta(seconds=1),
        )
        for n in range(count)
    ]
    Notification.objects.bulk_create(rows)
    return list(Notification.objects.filter(dedup_key__startswith=f"integ:{tag}:").order_by("id"))


def statuses() -> dict[str, int]:
    return dict(Notification.objects.values_list("status").annotate(n=Count("id")).order_by())


def sweep_until_all_sent(rows, *, timeout: float) -> tuple[float, int]:
    """Run the sweep the way beat does (only faster) until every row is sent. Returns (seconds, sweeps run)."""
    started, sweeps = time.monotonic(), 0
    ids = [row.pk for row in rows]
    pending = Notification.objects.filter(pk__in=ids).exclude(status=Status.SENT)
    next_sweep = started
    while pending.exists():
        assert time.monotonic() - started < timeout, f"not drained after {timeout:.0f} s: {statuses()}"
        if time.monotonic() >= next_sweep:
            delivery.notifications_sweep_task.delay()
            sweeps += 1
            next_sweep += SWEEP_EVERY
        time.sleep(0.25)
    return time.monotonic() - started, sweeps


def tally(rows, smtp_server) -> tuple[int, int, int]:
    """(sent, duplicates, lost) as the SMTP server saw them, by X-Notification-Key (each row's dedup_key)."""
    expected = {row.dedup_key for row in rows}
    received = smtp_server.keys()
    assert set(received) <= expected, f"unexpected messages: {set(received) - expected}"
    duplicates = sum(n - 1 for n in received.values())
    lost = len(expected - set(received))
    return len(received), duplicates, lost


def test_a_worker_killed_mid_backlog_loses_nothing_and_sends_at_most_one_duplicate_per_kill(worker, smtp_server):
    rows = backlog(BACKLOG_A, tag="kill")
    started = time.monotonic()
    for row in rows:
        delivery.notification_deliver_task.delay(row.pk)

    wait_until(lambda: smtp_server.count() >= 300, timeout=60, what="300 e-mails")
    # Strike while a row is claimed, so that the kill most likely lands in the middle of a send.
    claimed = Notification.objects.filter(pk__in=[row.pk for row in rows], status=Status.SENDING)
    wait_until(claimed.exists, timeout=30, interval=0.005, what="a row being sent")
    kills = worker.kill()  # SIGKILL to the process group: the parent and its pool processes at once
    received_at_kill, at_kill = smtp_server.count(), statuses()
    worker.start()
    recovery, sweeps = sweep_until_all_sent(rows, timeout=90)
    time.sleep(1)  # anything sent twice would arrive now

    sent, duplicates, lost = tally(rows, smtp_server)
    reclaimed = Notification.objects.filter(pk__in=[row.pk for row in rows], attempts__gt=1).count()
    print(
        f"\n(a) SIGKILL after {received_at_kill} e-mails received ({kills} pool processes killed; rows at the kill: "
        f"{at_kill}); worker restarted, {sweeps} sweeps (claim timeout {CLAIM_TIMEOUT:.0f} s), {reclaimed} stale "
        f"claims sent again; drained {recovery:.1f} s after the restart, {time.monotonic() - started:.1f} s in all: "
        f"sent={sent}, duplicates={duplicates}, lost={lost}"
    )
    assert statuses() == {Status.SENT: BACKLOG_A}
    assert lost == 0
    assert duplicates <= kills


@pytest.fixture
def own_redis(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


def test_b_redis_stopped_mid_backlog_drains_after_restart_with_the_sweep_alone(
    worker_process, own_redis, smtp_server, settings, tmp_path
):
    """Redis dies (nothing persisted: the queued backlog and the unacknowledged messages are gone) and comes back;
    the worker reconnects on its own and beat's sweep is the only thing that brings the backlog back."""
    settings.SMS_QUIET_HOURS = (QUIET_FROM, QUIET_UNTIL)
    smtp_server.clear()
    worker = WorkerProcess(
        {**worker_process.settings, "REDIS_URL": own_redis.url}, log_path=tmp_path / "worker.log", name="integ-b"
    )
    with publishing_to(own_redis.url):
        worker.start()
        try:
            rows = backlog(BACKLOG_B, tag="redis")
            for row in rows:
                delivery.notification_deliver_task.delay(row.pk)
            wait_until(lambda: smtp_server.count() >= BACKLOG_B // 5, timeout=60, what="the first e-mails")

            own_redis.shutdown()  # redis-cli shutdown nosave
            stopped, received_at_stop = time.monotonic(), smtp_server.count()
            time.sleep(2)  # the worker finishes what it holds and loses its connection
            at_restart = statuses()
            own_redis.start()  # the same command line, same port
            queued_after_restart = redis.Redis.from_url(own_redis.url).llen("celery")
            restarted = time.monotonic()
            crashed = _supervise(worker)
            drained, sweeps = sweep_until_all_sent(rows, timeout=90)
            time.sleep(1)
        finally:
            worker.stop()

    sent, duplicates, lost = tally(rows, smtp_server)
    print(
        f"\n(b) Redis stopped after {received_at_stop} of {BACKLOG_B} e-mails, down {restarted - stopped:.1f} s; "
        f"rows at the restart: {at_restart}; messages queued after the restart: {queued_after_restart}; worker "
        f"{'CRASHED on the connection loss and was restarted' if crashed else 'reconnected by itself'}; "
        f"drained by {sweeps} sweeps in {drained:.1f} s after the restart: "
        f"sent={sent}, duplicates={duplicates}, lost={lost}"
    )
    assert queued_after_restart == 0
    assert at_restart.get(Status.PENDING, 0) > 0, "the backlog was gone before Redis stopped: nothing was tested"
    assert statuses() == {Status.SENT: BACKLOG_B}
    assert lost == 0
    assert duplicates <= (worker.concurrency if crashed else 0)


def _supervise(worker: WorkerProcess) -> bool:
    """Wait for the worker to answer again after the outage. Celery 5.7 / kombu 5.7 sometimes die instead
    ("Unrecoverable error: AttributeError: 'NoneType' object has no attribute 'hostname'" while restoring the
    unacknowledged messages of the lost connection): then do what the process supervisor of a deployment
    (systemd Restart=always) does, start it again, and say so. Returns whether the worker crashed."""
    wait_until(
        lambda: not worker.alive() or worker.ping(), timeout=60, what="the worker to reconnect to Redis (or die)"
    )
    if worker.alive():
        return False
    crash = re.search(r"Unrecoverable error: .*", worker.log())
    warnings.warn(
        f"the Celery worker died when Redis went away ({crash.group(0) if crash else 'no reason logged'}); "
        "it was started again as a process supervisor would",
        stacklevel=2,
    )
    worker.stop()
    worker.start()
    return True


def _wait_final(row: Notification) -> Notification:
    wait_until(
        lambda: Notification.objects.filter(pk=row.pk, status__in=(Status.SENT, Status.FAILED)).exists(),
        timeout=30,
        what=f"notification {row.pk} to end",
    )
    row.refresh_from_db()
    return row


def test_c_sms_gateway_503_three_times_then_200_sends_once(worker, sms_gateway):
    sms_gateway.reset(script=[503, 503, 503])
    [row] = backlog(1, tag="sms-flaky", channel=Notification.Channel.SMS)
    delivery.notification_deliver_task.delay(row.pk)

    row = _wait_final(row)
    delivery.notifications_sweep_task.delay()
    time.sleep(1.5)  # no late try may follow
    print(f"\n(c) 503×3 then 200: gateway posts {[post.status for post in sms_gateway.posts]}, row {row.status}")
    assert (row.status, row.attempts) == (Status.SENT, 4)
    assert [post.status for post in sms_gateway.posts] == [503, 503, 503, 200]
    assert {post.body["reference"] for post in sms_gateway.posts} == {row.dedup_key}
    assert {post.body["to"] for post in sms_gateway.posts} == {row.address}


def test_c_sms_gateway_always_503_fails_after_max_attempts(worker, sms_gateway):
    sms_gateway.reset(default_status=503)
    [row] = backlog(1, tag="sms-down", channel=Notification.Channel.SMS)
    delivery.notification_deliver_task.delay(row.pk)

    row = _wait_final(row)
    delivery.notifications_sweep_task.delay()  # a failed row is for staff now: the sweep leaves it alone
    time.sleep(1.5)
    print(f"\n(c) always 503: gateway posts {[post.status for post in sms_gateway.posts]}, row {row.status}")
    assert (row.status, row.attempts) == (Status.FAILED, MAX_ATTEMPTS)
    assert "503" in row.last_error
    assert len(sms_gateway.posts) == MAX_ATTEMPTS
    assert Notification.objects.get(pk=row.pk).status == Status.FAILED


def test_d_two_sweeps_at_once_send_each_notification_once(worker, smtp_server, redis_client):
    rows = backlog(BACKLOG_D, tag="sweeps")
    before = worker.settle()
    delivery.notifications_sweep_task.delay()
    delivery.notifications_sweep_task.delay()

    ids = [row.pk for row in rows]
    wait_until(
        lambda: not Notification.objects.filter(pk__in=ids).exclude(status=Status.SENT).exists(),
        timeout=60,
        what="the backlog to be sent",
    )
    wait_until(lambda: redis_client.llen("celery") == 0, timeout=30, what="the queue to empty")
    ran = worker.settle() - before  # the second round of deliveries finds every row taken
    sent, duplicates, lost = tally(rows, smtp_server)
    deliveries = ran["notifications.deliver"]
    print(
        f"\n(d) {ran['notifications.sweep']} sweeps at once handed out {deliveries} deliveries for "
        f"{BACKLOG_D} rows: sent={sent}, duplicates={duplicates}, lost={lost}"
    )
    assert ran["notifications.sweep"] == 2
    assert deliveries > len(rows), "the two sweeps did not overlap: nothing was tested"
    assert collections.Counter(smtp_server.keys().values()) == {1: BACKLOG_D}
    assert (sent, duplicates, lost) == (BACKLOG_D, 0, 0)


def test_f_redis_unreachable_at_commit_the_registration_stands_and_the_sweep_delivers(worker, smtp_server):
    session = factories.JobSessionFactory(job_seeker_capacity=10)
    seeker = factories.JobSeekerFactory(email="pham.thi.dung@example.vn", notify_by_sms=False)
    try:
        with publishing_to(f"redis://127.0.0.1:{free_port()}/0", empty=False):  # nothing listens there
            _registration, created = services.registration_create(session=session, job_seeker=seeker, actor=None)
    finally:
        # Whatever the service did, its transaction committed: the registration and its notice are there.
        assert Registration.objects.filter(session=session, job_seeker=seeker).exists()
        assert Notification.objects.get(kind=Notification.Kind.REGISTRATION_CONFIRMED).status == Status.PENDING
    assert created
    delivery.notifications_sweep_task.delay()  # Redis is back (the test's own): beat's sweep delivers the notice
    wait_until(lambda: smtp_server.count() == 1, timeout=20, what="the confirmation")
    assert smtp_server.messages[0].rcpt_tos == [seeker.email]
