"""Small helpers the test modules share, and the pinned clock of the tests about "now"."""

import re
from datetime import datetime

from sessions import services
from sessions.models import Notification
from tests import factories
from tests.clock import HANOI

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


# A job seeker's web sign-up in its three steps (accounts.views.signup_job_seeker): account, about you, group.
SIGNUP_ACCOUNT = {
    "phone": "0912 345 678",
    "email": "",
    "password1": "Viec-lam-2026!",
    "password2": "Viec-lam-2026!",
    "accept_terms": "on",
}
SIGNUP_ABOUT = {"full_name": "Lê Thị Mai", "province": "01", "ward": ""}


def signup_step_url(step: int) -> str:
    from django.urls import reverse

    return (
        reverse("accounts:signup_job_seeker") if step == 1 else reverse("accounts:signup_job_seeker_step", args=[step])
    )


def sign_up_in_steps(client, *, account=None, about=None, cohort=None, next_url=None, **request):
    """Sends the three steps (each must be accepted but the last) and returns the answer to the last one."""
    account = {**SIGNUP_ACCOUNT, **(account or {})}
    first = signup_step_url(1) + (f"?next={next_url}" if next_url else "")
    answer = client.post(first, {**account, **({"next": next_url} if next_url else {})}, **request)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    answer = client.post(signup_step_url(2), {**SIGNUP_ABOUT, **(about or {})}, **request)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    return client.post(signup_step_url(3), cohort or {}, **request)
