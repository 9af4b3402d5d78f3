"""Delivering the outbox: claim a row, send it, mark it — each notice once (DESIGN §4 "Nothing lost, nothing
twice"). A row is claimed by a conditional update, so two workers or two sweeps never send it both; a worker
killed mid-send leaves a stale claim that the sweep hands out again (at most one duplicate per kill)."""

import logging
import random
from contextlib import contextmanager
from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from sessions.models import Notification
from sessions.notifications import channels
from sessions.notifications.channels import PermanentSendError, TransientSendError
from sessions.notifications.timing import sms_allowed_moment

logger = logging.getLogger(__name__)
Status = Notification.Status


def retry_delay(attempts: int) -> float:
    """Exponential backoff with jitter: base·2^(n-1), capped, then a random point in its upper half."""
    ceiling = min(settings.NOTIFY_RETRY_BASE_SECONDS * 2 ** (attempts - 1), settings.NOTIFY_RETRY_MAX_SECONDS)
    return random.uniform(ceiling / 2, ceiling)


def _finish(notification_id: int, **fields) -> None:
    Notification.objects.filter(pk=notification_id, status=Status.SENDING).update(updated_at=timezone.now(), **fields)


def notification_deliver(*, notification_id: int, now: datetime | None = None) -> float | None:
    """Send one due notification. Returns the delay before the next try after a transient failure, else None."""
    now = now or timezone.now()
    claimed = Notification.objects.filter(pk=notification_id, status=Status.PENDING, send_after__lte=now).update(
        status=Status.SENDING, claimed_at=now, attempts=F("attempts") + 1, updated_at=now
    )
    if not claimed:
        return None  # sent, taken by another worker, cancelled, or not yet due
    notification = Notification.objects.select_related("session__venue__ward", "registration").get(pk=notification_id)
    if notification.expires_at is not None and now >= notification.expires_at:
        _finish(notification_id, status=Status.CANCELLED, last_error="expired: its moment has passed")
        return None
    if (
        notification.channel == Notification.Channel.SMS
        and notification.keeps_quiet_hours
        and sms_allowed_moment(now) > now
    ):
        _finish(notification_id, status=Status.PENDING, send_after=sms_allowed_moment(now), attempts=F("attempts") - 1)
        return None
    try:
        channels.send(notification)
    except PermanentSendError as exc:
        logger.warning("notification %s failed for good: %s", notification_id, exc)
        _finish(notification_id, status=Status.FAILED, last_error=str(exc)[:2000])
        return None
    except (TransientSendError, Exception) as exc:  # an unexpected error is treated as passing, within the bound
        if notification.attempts >= settings.NOTIFY_MAX_ATTEMPTS:
            logger.warning("notification %s failed after %s attempts: %s", notification_id, notification.attempts, exc)
            _finish(notification_id, status=Status.FAILED, last_error=str(exc)[:2000])
            return None
        delay = retry_delay(notification.attempts)
        _finish(
            notification_id,
            status=Status.PENDING,
            send_after=timezone.now() + timedelta(seconds=delay),
            last_error=str(exc)[:2000],
        )
        return delay
    _finish(notification_id, status=Status.SENT, sent_at=timezone.now(), last_error="")
    return None


def notifications_sweep(*, now: datetime | None = None, batch: int | None = None) -> list[int]:
    """Hand stale claims back (or fail them after too many tries) and return the ids of due rows to deliver.
    Three queries, whatever the batch size."""
    now = now or timezone.now()
    stale = Notification.objects.filter(
        status=Status.SENDING, claimed_at__lt=now - timedelta(seconds=settings.NOTIFY_CLAIM_TIMEOUT_SECONDS)
    )
    # A row whose sending kept dying with its worker ends as failed instead of coming back forever.
    stale.filter(attempts__gte=settings.NOTIFY_MAX_ATTEMPTS).update(
        status=Status.FAILED, last_error="the worker stopped while sending, too many times", updated_at=now
    )
    stale.update(status=Status.PENDING, updated_at=now)
    return list(
        Notification.objects.filter(status=Status.PENDING, send_after__lte=now)
        .order_by("send_after", "id")
        .values_list("pk", flat=True)[: batch or settings.NOTIFY_SWEEP_BATCH]
    )


# Marks, in the broker's Redis, that a sweep has been asked for and not yet begun.
SWEEP_ASKED_KEY = "jobfair:notifications:sweep-asked"


def ask_for_sweep() -> None:
    """Rows were written due by a transaction that has just committed: a worker's sweep hands them to delivery.

    While an asked sweep waits in the queue, asking again sends nothing: that sweep clears the mark before it reads
    the rows, so it sees these as well. A job day's burst of registrations thus costs the web nodes a Redis command
    each and a few broker messages in all, not one message each (building one cost a registration a tenth of its
    processor time). The mark ends by itself after NOTIFY_SWEEP_ASKED_SECONDS, should its message be lost; beat's
    sweep, every minute, sends such rows meanwhile. With no broker (`make run`) the sweep runs here and now."""
    with _broker_redis() as client:
        asked = client is None or client.set(SWEEP_ASKED_KEY, 1, nx=True, ex=settings.NOTIFY_SWEEP_ASKED_SECONDS)
    if asked:
        notifications_sweep_task.delay()


def _sweep_begins() -> None:
    """Clear the mark before the sweep reads: a row committed from now on asks for the next sweep."""
    with _broker_redis() as client:
        if client is not None:
            client.delete(SWEEP_ASKED_KEY)


@contextmanager
def _broker_redis():
    """The broker's Redis client, from Celery's pool of broker connections; None with no broker (tasks run inline)."""
    app = notifications_sweep_task.app
    if app.conf.task_always_eager:
        yield None
        return
    with app.pool.acquire(block=True) as connection:
        yield connection.default_channel.client


def notification_retry(*, notification: Notification, actor=None) -> bool:
    """Staff send a failed notice again: it goes back to pending with a fresh count of attempts."""
    from accounts.services import audit_log

    with transaction.atomic():
        updated = Notification.objects.filter(pk=notification.pk, status=Status.FAILED).update(
            status=Status.PENDING, attempts=0, send_after=timezone.now(), last_error="", updated_at=timezone.now()
        )
        if updated:
            audit_log(actor=actor, action="notification.retry", obj=notification)
            transaction.on_commit(ask_for_sweep, robust=True)
    return bool(updated)


# --- Celery tasks: thin, they take ids and call the functions above ----------------------------------------------


@shared_task(name="notifications.deliver", acks_late=True)
def notification_deliver_task(notification_id: int) -> None:
    delay = notification_deliver(notification_id=notification_id)
    # A short retry goes back to the broker; a long one waits as a row for the sweep (no long countdowns).
    if delay is not None and delay <= settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] / 2:
        notification_deliver_task.apply_async((notification_id,), countdown=delay)


@shared_task(name="notifications.sweep", acks_late=True)
def notifications_sweep_task() -> int:
    _sweep_begins()
    due = notifications_sweep()
    for notification_id in due:
        notification_deliver_task.delay(notification_id)
    if len(due) == settings.NOTIFY_SWEEP_BATCH:
        ask_for_sweep()  # more are due: the next batch, once the workers have taken these from the queue
    return len(due)
