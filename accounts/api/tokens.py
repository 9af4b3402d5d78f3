"""Token endpoints (issue 11 item 4): obtain, refresh (rotating; the old refresh token is blacklisted) and log out.

simplejwt checks the password fingerprint (`CHECK_REVOKE_TOKEN`) on access tokens only; a refresh token is checked
here too, so that a password change or reset ends every token of the user, and an inactive user gets none."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import AuthenticationFailed, Throttled
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework_simplejwt.exceptions import InvalidToken, TokenError
from rest_framework_simplejwt.serializers import (
    TokenBlacklistSerializer,
    TokenObtainPairSerializer,
    TokenObtainSerializer,
    TokenRefreshSerializer,
)
from rest_framework_simplejwt.settings import api_settings
from rest_framework_simplejwt.tokens import RefreshToken
from rest_framework_simplejwt.utils import get_md5_hash_password
from rest_framework_simplejwt.views import TokenObtainPairView, TokenRefreshView, TokenViewBase

from accounts.two_factor import needs_second_factor, verify_code
from jobfair.limits import TokenRateThrottle


def refresh_token_user(refresh: RefreshToken):
    """The user a refresh token still speaks for, or AuthenticationFailed: gone, inactive, or password changed."""
    user = get_user_model().objects.filter(pk=refresh.get(api_settings.USER_ID_CLAIM)).first()
    if user is None or not user.is_active:
        raise AuthenticationFailed(_("No active account found for the given token."), "no_active_account")
    if refresh.get(api_settings.REVOKE_TOKEN_CLAIM) != get_md5_hash_password(user.password):
        raise AuthenticationFailed(_("The user's password has been changed."), "password_changed")
    return user


class SecondFactorTokenSerializer(TokenObtainPairSerializer):
    """`{username, password}` → tokens; staff and superusers add `otp`, the code of their authenticator app (or a
    recovery code) when the second factor is required (issue 11 item 5)."""

    otp = serializers.CharField(required=False, allow_blank=True, write_only=True, max_length=20)

    def validate(self, attrs):
        code = attrs.pop("otp", "")
        data = TokenObtainSerializer.validate(self, attrs)  # the password (and django-axes' lockout) only
        if needs_second_factor(self.user) and verify_code(self.user, code) is None:
            detail = _("Centre staff add the code of their authenticator app (otp).")
            raise AuthenticationFailed({"detail": detail, "code": "second_factor_required"})
        refresh = self.get_token(self.user)
        return {**data, "refresh": str(refresh), "access": str(refresh.access_token)}


class RevocableRefreshSerializer(TokenRefreshSerializer):
    def validate(self, attrs):
        refresh_token_user(self.token_class(attrs["refresh"]))
        return super().validate(attrs)


class TokenView(TokenObtainPairView):
    """`{username, password}` → `{access, refresh}`; the username is the phone number or the e-mail. After too many
    failures for the account or from the address (django-axes), 429 — the right password too."""

    throttle_classes = [TokenRateThrottle]

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except AuthenticationFailed:
            if getattr(request, "axes_locked_out", False):  # set by django-axes on this (DRF) request
                minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
                raise SignInLocked(minutes) from None
            raise


class SignInLocked(Throttled):
    default_code = "locked_out"

    def __init__(self, minutes: int):
        super().__init__(
            wait=minutes * 60,
            detail=_(
                "Too many failed sign-ins for this account or from this address; try again in %(minutes)s minutes."
            )
            % {"minutes": minutes},
        )


class TokenRefresh(TokenRefreshView):
    """`{refresh}` → `{access, refresh}`: a refresh token works once; use the new one next time."""

    throttle_classes = [TokenRateThrottle]


class LogoutView(TokenViewBase):
    """`{refresh}` → 204: the refresh token is revoked; the access token ends within its short lifetime."""

    serializer_class = TokenBlacklistSerializer  # an invalid, expired or already revoked token: TokenError
    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [TokenRateThrottle]

    @extend_schema(request=TokenBlacklistSerializer, responses={204: None})
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        try:
            serializer.is_valid(raise_exception=True)
        except TokenError as error:
            raise InvalidToken(error.args[0]) from error
        return Response(status=status.HTTP_204_NO_CONTENT)
