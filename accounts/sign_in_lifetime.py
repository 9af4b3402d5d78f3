"""How long a sign-in of someone who reads other people's personal data lasts (ASVS 3.3.2, level 2): centre staff
and employers are signed out after SIGN_IN_IDLE_MINUTES without a request, and SIGN_IN_MAX_HOURS after they signed
in however busy they are — a desk PC or a recruiter's laptop left open shows citizen IDs and cohorts. Job seekers,
who see only their own data and show their QR code at the door, keep Django's session age.

A web page sends them to the sign-in page with a message, and back where they were once signed in again; an API
call made with the session answers 401."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

from accounts.permissions import is_employer_user, is_staff_user
from jobfair.error_pages import json_answer

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
SEEN_GRANULARITY_SECONDS = 60  # the session is written at most once a minute for this


def has_limited_sign_in(user) -> bool:
    return user.is_authenticated and (user.is_staff or is_staff_user(user) or is_employer_user(user))


def start_sign_in_clock(sender, request, user, **kwargs):
    """The receiver of user_logged_in: the sign-in's own start, whatever the session held before."""
    if request is not None and hasattr(request, "session"):
        now = int(time.time())
        request.session[SIGNED_IN_AT] = now
        request.session[LAST_SEEN_AT] = now


def _expired(session, now: int) -> str | None:
    """Why this sign-in is over (a message for the person), or None."""
    started = session.setdefault(SIGNED_IN_AT, now)
    last_seen = session.get(LAST_SEEN_AT, now)
    idle_minutes = settings.SIGN_IN_IDLE_MINUTES
    if now - last_seen > idle_minutes * 60:
        return _("You were signed out after %(minutes)d minutes without activity. Please sign in again.") % {
            "minutes": idle_minutes
        }
    if now - started > settings.SIGN_IN_MAX_HOURS * 3600:
        return _("You were signed out %(hours)d hours after signing in. Please sign in again.") % {
            "hours": settings.SIGN_IN_MAX_HOURS
        }
    return None


class SignInLifetimeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and has_limited_sign_in(user):
            now = int(time.time())
            reason = _expired(request.session, now)
            if reason:
                logout(request)
                if request.path_info.startswith("/api/"):
                    return json_answer({"detail": reason}, 401)
                messages.info(request, reason)
                return redirect_to_login(request.get_full_path())
            if now - request.session.get(LAST_SEEN_AT, 0) >= SEEN_GRANULARITY_SECONDS:
                request.session[LAST_SEEN_AT] = now
        return self.get_response(request)
