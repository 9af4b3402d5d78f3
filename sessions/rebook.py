"""The one-click rebook link of a no-show's message (issue 15 item 3): a signed token naming the missed registration
(so its person) and the session offered. It is a bearer link: whoever holds it may register that person for that
session, nothing more; opening it changes nothing (the page registers on its button). It works REBOOK_LINK_DAYS."""

from datetime import timedelta

from django.conf import settings

from jobfair.links import page_url, sign, unsign

_SALT = "jobsessions.rebook"


def rebook_token(*, missed_registration_id: int, session_id: int) -> str:
    return sign([missed_registration_id, session_id], salt=_SALT)


def _two_ids(value) -> bool:
    return isinstance(value, list) and len(value) == 2 and all(type(part) is int for part in value)


def read_rebook_token(token: str) -> tuple[int, int]:
    """(missed registration id, session id) of a token, or InvalidLink (also once older than REBOOK_LINK_DAYS)."""
    missed_id, session_id = unsign(token, salt=_SALT, valid=_two_ids, max_age=timedelta(days=settings.REBOOK_LINK_DAYS))
    return missed_id, session_id


def rebook_url(*, missed_registration_id: int, session_id: int) -> str:
    """The link as a message carries it: the site's address and the page."""
    return page_url("web:rebook", rebook_token(missed_registration_id=missed_registration_id, session_id=session_id))
