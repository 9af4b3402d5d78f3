"""No default gives access (issue 11 item 3): with DEBUG off the web app, the Celery worker and beat refuse to
start on the built-in SECRET_KEY or on one shorter than 50 characters — anyone could sign a staff session or a
JWT with the published key. `manage.py check --deploy` reports the same as an error."""

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production"
MIN_SECRET_KEY_LENGTH = 50


def insecure_secret_key() -> str | None:
    """Why the SECRET_KEY may not serve production, or None."""
    if settings.SECRET_KEY == DEV_SECRET_KEY:
        return "SECRET_KEY is the built-in development key; set SECRET_KEY in the environment."
    if len(settings.SECRET_KEY) < MIN_SECRET_KEY_LENGTH:
        return f"SECRET_KEY is shorter than {MIN_SECRET_KEY_LENGTH} characters."
    return None


def refuse_insecure_start() -> None:
    """Called where a server process starts (wsgi, asgi, the worker, beat). With DEBUG on it lets anything pass."""
    if settings.DEBUG:
        return
    reason = insecure_secret_key()
    if reason:
        raise ImproperlyConfigured(f"Refusing to start with DEBUG off: {reason}")


@checks.register(checks.Tags.security, deploy=True)
def check_secret_key(app_configs=None, **kwargs):
    reason = insecure_secret_key()
    return [checks.Error(reason, id="jobfair.E001")] if reason else []


@checks.register(checks.Tags.security, deploy=True)
def check_staff_second_factor(app_configs=None, **kwargs):
    if settings.STAFF_2FA_REQUIRED:
        return []
    return [
        checks.Warning(
            "STAFF_2FA=off: staff and superusers sign in with a password alone.",
            hint="Unset STAFF_2FA (issue 11 item 5): staff then give a code of their authenticator app too.",
            id="jobfair.W002",
        )
    ]
