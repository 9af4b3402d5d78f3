"""The one-click rebook link of a no-show's message (issue 15 item 3): a signed token naming the missed registration
(so its person) and the session offered. It is a bearer link: whoever holds it may register that person for that
session, nothing more; opening it changes nothing (the page registers on its button). It works REBOOK_LINK_DAYS."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

_SALT = "jobsessions.rebook"


class InvalidLink(Exception):
    """Tampered with, cut short, or older than REBOOK_LINK_DAYS."""


def rebook_token(*, missed_registration_id: int, session_id: int) -> str:
    return signing.dumps([missed_registration_id, session_id], salt=_SALT)


def read_rebook_token(token: str) -> tuple[int, int]:
    """(missed registration id, session id) of a token, or InvalidLink."""
    try:
        value = signing.loads(token, salt=_SALT, max_age=timedelta(days=settings.REBOOK_LINK_DAYS))
    except (signing.BadSignature, ValueError, TypeError) as bad:
        raise InvalidLink from bad
    if not (isinstance(value, list) and len(value) == 2 and all(type(part) is int for part in value)):
        raise InvalidLink
    return value[0], value[1]


def rebook_url(*, missed_registration_id: int, session_id: int) -> str:
    """The link as a message carries it: the site's address and the page."""
    token = rebook_token(missed_registration_id=missed_registration_id, session_id=session_id)
    return settings.SITE_URL.rstrip("/") + reverse("web:rebook", args=[token])
