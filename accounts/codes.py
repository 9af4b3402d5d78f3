"""Sending a one-time code for a request (web pages and API alike): the limits first, then the service.

The request counts against the client address and the phone whether or not the phone has an account, so that how
soon "too many codes" comes tells nothing about who is registered."""

from accounts import identity
from accounts.models import User
from jobfair.limits import Limited, over_limit


def code_send(request, *, user: User | None, purpose: str, phone: str) -> Limited | None:
    """Send a code to `user` (None: a phone without an account, nothing is sent) unless a limit says wait."""
    limited = over_limit(request, "sms_code", target=phone)
    if not limited and user is not None:
        identity.phone_code_send(user=user, purpose=purpose)
    return limited
