from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from accounts.validators import contact_key, normalize_phone


def login_lookup(username: str) -> dict:
    """The user lookup of a login name: a phone number in any usual spelling, an e-mail, else a username."""
    login = username.strip()
    try:
        return {"phone": normalize_phone(login)}
    except ValidationError:
        return {"email__iexact": login} if "@" in login else {"username": login}


def login_key_of_credentials(request, credentials: dict) -> str:
    """One lockout counter per account, whichever of its logins is typed and however it is spelled (django-axes'
    AXES_USERNAME_CALLABLE); a login of no account counts under its own spelling."""
    username = str((credentials or {}).get("username") or "").strip()
    if not username:
        return ""
    known = getattr(request, "_login_keys", None)
    if known is None:  # django-axes asks several times per sign-in: one query per request
        known = {}
        if request is not None:
            request._login_keys = known
    if username not in known:
        users = get_user_model()._default_manager.filter(**login_lookup(username))
        account = users.values_list("username", flat=True).first()  # what staff see in the admin's access attempts
        known[username] = account or contact_key(username)
    return known[username]


def forget_own_failures(sender, request, user, **kwargs):
    """On a sign-in (user_logged_in), the account's failed attempts from any address start again from nothing; the
    failures at other accounts from this address still count against it."""
    from axes.models import AccessAttempt

    AccessAttempt.objects.filter(username=user.get_username()).delete()


class EmailOrPhoneBackend(ModelBackend):
    """Sign in with the e-mail or the mobile number (any usual spelling: 09…, +84…) or the username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        try:
            user = user_model._default_manager.get(**login_lookup(username))
        except user_model.DoesNotExist:
            user_model().set_password(password)  # same work as a real check, so timing tells nothing
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
