"""Celery tasks: thin, they take ids and call the services."""

from celery import shared_task
from django.conf import settings

from sessions import delivery, notifications, services


@shared_task(acks_late=True)
def deliver_notification(notification_id: int) -> None:
    delay = delivery.notification_deliver(notification_id=notification_id)
    # A short retry goes back to the broker; a long one waits as a row for the sweep (no long countdowns).
    if delay is not None and delay <= settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] / 2:
        deliver_notification.apply_async((notification_id,), countdown=delay)


@shared_task(acks_late=True)
def sweep_notifications() -> int:
    due = delivery.notifications_sweep()
    for notification_id in due:
        deliver_notification.delay(notification_id)
    return len(due)


@shared_task(acks_late=True)
def complete_ended_sessions() -> int:
    return len(services.sessions_complete_ended())


@shared_task(acks_late=True)
def schedule_outcome_requests() -> int:
    return notifications.schedule_outcome_requests()
