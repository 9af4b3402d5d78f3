"""Pure time rules of the notices: no database, no rendering. Times are local (Asia/Ho_Chi_Minh)."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone


def _parse_hhmm(value: str) -> time:
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def local_moment(day, at: time) -> datetime:
    return datetime.combine(day, at, tzinfo=timezone.get_default_timezone())


def day_before_moment(starts_at: datetime) -> datetime:
    """08:00 (NOTIFY_DAY_BEFORE_AT) local time on the day before the session."""
    day = timezone.localtime(starts_at).date() - timedelta(days=1)
    return local_moment(day, _parse_hhmm(settings.NOTIFY_DAY_BEFORE_AT))


def hours_before_moment(starts_at: datetime) -> datetime:
    return starts_at - timedelta(hours=settings.NOTIFY_HOURS_BEFORE)


def sms_allowed_moment(moment: datetime) -> datetime:
    """SMS are never sent in the quiet hours (21:00-07:00 local): such a moment moves to their end."""
    quiet_from, quiet_until = (_parse_hhmm(value) for value in settings.SMS_QUIET_HOURS)
    local = timezone.localtime(moment)
    if quiet_from > quiet_until:  # the quiet hours cross midnight (the default)
        if local.time() >= quiet_from:
            return local_moment(local.date() + timedelta(days=1), quiet_until)
        if local.time() < quiet_until:
            return local_moment(local.date(), quiet_until)
    elif quiet_from <= local.time() < quiet_until:
        return local_moment(local.date(), quiet_until)
    return moment


def outcome_request_moments(ends_at: datetime) -> list[datetime]:
    """3 days after the session (09:00 local), then weekly, at most NOTIFY_OUTCOME_REQUEST_MAX times."""
    first_day = timezone.localtime(ends_at).date() + timedelta(days=settings.NOTIFY_OUTCOME_REQUEST_AFTER_DAYS)
    return [
        local_moment(first_day + timedelta(days=settings.NOTIFY_OUTCOME_REQUEST_REPEAT_DAYS * n), time(9, 0))
        for n in range(settings.NOTIFY_OUTCOME_REQUEST_MAX)
    ]
