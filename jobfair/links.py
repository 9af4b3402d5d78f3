"""Links a message carries to the site: its absolute address, and signed values a page reads back without anyone
signing in (the rebook link, the invitations' unsubscribe link)."""

from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse


class InvalidLink(Exception):
    """A signed link tampered with, cut short, or older than it may be."""


def absolute_url(path: str) -> str:
    """The site's address before a path of its own, as a message carries it."""
    return settings.SITE_URL.rstrip("/") + path


def page_url(viewname: str, *args) -> str:
    return absolute_url(reverse(viewname, args=args))


def sign(value, *, salt: str) -> str:
    return signing.dumps(value, salt=salt)


def unsign(token: str, *, salt: str, valid: Callable[[object], bool], max_age: timedelta | None = None):
    """The value signed into the token, or InvalidLink: a bad signature, an expired token, or a value of the wrong
    shape (`valid` says which shape is right)."""
    try:
        value = signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError) as bad:
        raise InvalidLink from bad
    if not valid(value):
        raise InvalidLink
    return value
