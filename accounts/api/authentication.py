"""The API's bearer-token authentication: simplejwt's, reading the user with their job seeker record."""

from django.contrib.auth import get_user_model
from drf_spectacular.contrib.rest_framework_simplejwt import SimpleJWTScheme
from rest_framework_simplejwt import authentication


class _UsersWithJobSeeker:
    """What simplejwt's get_user asks of `user_model`: `objects.get(...)` and `DoesNotExist`, here with the job
    seeker record joined (a job seeker's request nearly always reads it: registering, their registrations)."""

    def __init__(self):
        self.model = get_user_model()
        self.DoesNotExist = self.model.DoesNotExist

    @property
    def objects(self):
        return self.model.objects.select_related("job_seeker")


class JWTAuthentication(authentication.JWTAuthentication):
    """simplejwt's checks (the token, an active user, the password fingerprint), one query for the user and their
    job seeker record."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.user_model = _UsersWithJobSeeker()


class JWTScheme(SimpleJWTScheme):
    """The OpenAPI security scheme of simplejwt's class, for this one (drf-spectacular matches the exact class)."""

    target_class = "accounts.api.authentication.JWTAuthentication"
