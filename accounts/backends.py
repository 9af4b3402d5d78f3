from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import ValidationError

from accounts.validators import normalize_phone


class EmailOrPhoneBackend(ModelBackend):
    """Sign in with the e-mail or the mobile number (any usual spelling: 09…, +84…) or the username."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user_model = get_user_model()
        login = username.strip()
        try:
            lookup = {"phone": normalize_phone(login)}
        except ValidationError:
            lookup = {"email__iexact": login} if "@" in login else {"username": login}
        try:
            user = user_model._default_manager.get(**lookup)
        except user_model.DoesNotExist:
            user_model().set_password(password)  # same work as a real check, so timing tells nothing
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
