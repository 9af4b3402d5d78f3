"""Small helpers the test modules share, and the pinned clock of the tests about "now"."""

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from sessions import services
from sessions.models import Notification
from tests import factories

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")

# A test about "today" says which today: a Wednesday morning in term, far from Tết, month and year ends, with
# the dates the older tests name (April to June 2026) still ahead.
PINNED_NOW = datetime(2026, 3, 11, 10, 0, tzinfo=HANOI)


def refreshed(obj):
    obj.refresh_from_db()
    return obj


def register(session, job_seeker=None, **kwargs):
    """A registration made through the service, for a new job seeker unless one is given."""
    kwargs.setdefault("actor", None)
    registration, _created = services.registration_create(
        session=session, job_seeker=job_seeker or factories.JobSeekerFactory(), **kwargs
    )
    return registration


def sms_code_sent_to(phone: str) -> str:
    """The code of the last SMS the outbox holds for this phone (the person reads it on their phone)."""
    body = Notification.objects.filter(kind="one_time_code", address=phone).latest("id").body_text
    return re.search(r"\b(\d{6})\b", body).group(1)


def link_sent_to(email: str) -> str:
    body = Notification.objects.filter(kind="account_notice", address=email).latest("id").body_text
    return re.search(r"https?://[^/\s]+(/\S+)", body).group(1)


def on_session_day(session, minutes: int = 30):
    """The clock `minutes` after the session starts, still ticking (negative: before it). The desk checks people in
    and booths record interviews only from an hour before the start to the end."""
    from datetime import timedelta

    import time_machine

    return time_machine.travel(session.starts_at + timedelta(minutes=minutes), tick=True)


def session_day(session, days: int = 0):
    """The session's local date, `days` later: a start date a hiring outcome may carry."""
    from datetime import timedelta

    from django.utils import timezone

    return timezone.localdate(session.starts_at) + timedelta(days=days)


def editable_admin_fields(page) -> set[str]:
    """The names of the fields an admin change page lets its viewer edit."""
    return {
        field.field.name
        for fieldset in page.context["adminform"]
        for line in fieldset
        for field in line
        if not field.is_readonly
    }
