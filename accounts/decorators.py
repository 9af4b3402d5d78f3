"""Who may open a web page: anonymous visitors are sent to sign in, a wrong role gets 403."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from accounts.permissions import is_employer_user, is_job_seeker_user, is_staff_user


def _role_required(check):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


job_seeker_required = _role_required(lambda request: is_job_seeker_user(request.user))
"""A job seeker's own pages (their registrations, results, profile, data)."""

employer_or_staff_required = _role_required(
    lambda request: is_employer_user(request.user) or is_staff_user(request.user)
)
"""The employer area: employer users act for their company; centre staff may look (GET only)."""

staff_required = _role_required(lambda request: is_staff_user(request.user))
"""The staff console: centre staff only."""
