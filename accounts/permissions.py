"""Who may do what in the API: the three roles of DESIGN §1, plus anonymous readers."""

from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.models import Role


def is_staff_user(user) -> bool:
    return bool(user and user.is_authenticated and (user.is_superuser or user.role == Role.STAFF))


def is_employer_user(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.EMPLOYER and user.employer_id)


def is_job_seeker_user(user) -> bool:
    return bool(user and user.is_authenticated and user.role == Role.JOB_SEEKER and hasattr(user, "job_seeker"))


class IsStaff(BasePermission):
    def has_permission(self, request, view):
        return is_staff_user(request.user)


class IsEmployer(BasePermission):
    def has_permission(self, request, view):
        return is_employer_user(request.user)


class IsJobSeeker(BasePermission):
    def has_permission(self, request, view):
        return is_job_seeker_user(request.user)


class IsStaffOrReadOnly(BasePermission):
    def has_permission(self, request, view):
        return request.method in SAFE_METHODS or is_staff_user(request.user)


def landing_url(user) -> str:
    """Where a person lands after signing in: their own area."""
    if is_employer_user(user):
        return reverse("employer:dashboard")
    if is_job_seeker_user(user):
        return reverse("web:my_registrations")
    if is_staff_user(user):
        return reverse("staff:dashboard")  # the console of the session day; the admin is one link away
    return reverse("web:home")


def safe_next(request, target: str | None = None) -> str | None:
    """Where to go next (the `next` of the request, or `target`) when it stays on this site; else None."""
    target = target if target is not None else request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return None
