"""Identity in the API (issue 11 items 2 and 6): finishing a sign-up with the SMS code, verifying a phone or an
e-mail, and the password reset by SMS code. The answers never tell whether a phone number has an account."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import Throttled, ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView
from rest_framework_simplejwt.tokens import RefreshToken

from accounts import identity
from accounts.api.serializers import MeSerializer
from accounts.codes import code_send
from accounts.models import OneTimeCode, User
from accounts.validators import contact_key, normalize_phone
from jobfair.limits import TokenRateThrottle, over_limit

Purpose = OneTimeCode.Purpose
WRONG_CODE = _("This code is not right or no longer valid. Ask for a new one.")


class SentSerializer(serializers.Serializer):
    detail = serializers.CharField(read_only=True)
    confirm_by = serializers.ChoiceField(choices=["sms_code", "email_link"], read_only=True)


class TokenPairSerializer(serializers.Serializer):
    access = serializers.CharField(read_only=True)
    refresh = serializers.CharField(read_only=True)


class PhoneSerializer(serializers.Serializer):
    phone = serializers.CharField(max_length=20)

    def validate_phone(self, value):
        try:
            return normalize_phone(value)
        except DjangoValidationError as error:
            raise ValidationError(error.messages) from error


class PhoneCodeSerializer(PhoneSerializer):
    code = serializers.RegexField(r"^\s*\d{6}\s*$", error_messages={"invalid": _("The code has 6 digits.")})


class CodeSerializer(serializers.Serializer):
    code = serializers.RegexField(r"^\s*\d{6}\s*$", error_messages={"invalid": _("The code has 6 digits.")})


class PasswordResetByCodeSerializer(PhoneCodeSerializer):
    new_password = serializers.CharField(write_only=True, max_length=128)


def send_code_or_refuse(request, user: User | None, purpose: str, *, target: str) -> None:
    """Send the code; past the address's limit a 429 (past the phone's, the usual answer: it tells nothing)."""
    limited = code_send(request, user=user, purpose=purpose, phone=target)
    if limited and not limited.by_target:
        raise Throttled(wait=limited.wait_seconds)


def sent(confirm_by: str) -> Response:
    detail = (
        _("We have sent a 6-digit code by SMS; send it to auth/signup/confirm/ with the phone number.")
        if confirm_by == "sms_code"
        else _("We have sent a link by e-mail; open it to finish.")
    )
    return Response({"detail": detail, "confirm_by": confirm_by}, status=status.HTTP_202_ACCEPTED)


def signup_accepted(request, *, user: User | None, phone: str) -> Response:
    """The answer to every API sign-up, new account or not: a code by SMS (or a link by e-mail) is on its way."""
    if phone:
        send_code_or_refuse(request, user, Purpose.VERIFY_PHONE, target=contact_key(phone))
        return sent("sms_code")
    if user is not None:
        identity.email_link_send(user=user)
    return sent("email_link")


class SignupConfirmView(APIView):
    """`{phone, code}` → tokens: the code of the SMS proves the phone and finishes the sign-up."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [TokenRateThrottle]

    @extend_schema(request=PhoneCodeSerializer, responses={200: TokenPairSerializer})
    def post(self, request):
        data = PhoneCodeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        user = User.objects.filter(phone=data.validated_data["phone"], is_active=True).first()
        code = data.validated_data["code"]
        if user is None or not identity.phone_code_check(user=user, purpose=Purpose.VERIFY_PHONE, code=code):
            raise ValidationError({"code": [WRONG_CODE]})
        refresh = RefreshToken.for_user(user)
        return Response({"access": str(refresh.access_token), "refresh": str(refresh)})


class PhoneVerificationView(APIView):
    """`POST` → a code by SMS to the signed-in user's phone (202)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={202: SentSerializer})
    def post(self, request):
        if not request.user.phone:
            raise ValidationError({"phone": [_("Your account has no phone number.")]})
        send_code_or_refuse(request, request.user, Purpose.VERIFY_PHONE, target=request.user.phone)
        return Response(
            {"detail": _("We have sent a 6-digit code by SMS."), "confirm_by": "sms_code"},
            status=status.HTTP_202_ACCEPTED,
        )


class PhoneVerificationConfirmView(APIView):
    """`{code}` → the signed-in user's phone is verified."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=CodeSerializer, responses={200: MeSerializer})
    def post(self, request):
        data = CodeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        code = data.validated_data["code"]
        if not identity.phone_code_check(user=request.user, purpose=Purpose.VERIFY_PHONE, code=code):
            raise ValidationError({"code": [WRONG_CODE]})
        return Response(MeSerializer(request.user).data)


class EmailVerificationView(APIView):
    """`POST` → a link by e-mail to the signed-in user's address (202)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses={202: SentSerializer})
    def post(self, request):
        if not request.user.email:
            raise ValidationError({"email": [_("Your account has no e-mail address.")]})
        limited = over_limit(request, "sms_code", target=contact_key(request.user.email))
        if limited:
            raise Throttled(wait=limited.wait_seconds)
        identity.email_link_send(user=request.user)
        return sent("email_link")


class PasswordResetByPhoneView(APIView):
    """`{phone}` → 202, whether or not the phone has an account: if it has, a code goes to it by SMS."""

    permission_classes = [AllowAny]
    authentication_classes = []

    @extend_schema(request=PhoneSerializer, responses={202: SentSerializer})
    def post(self, request):
        data = PhoneSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        phone = data.validated_data["phone"]
        user = User.objects.filter(phone=phone, is_active=True).first()
        send_code_or_refuse(request, user, Purpose.RESET_PASSWORD, target=phone)
        return Response(
            {
                "detail": _("If this phone number has an account, we have sent it a code by SMS."),
                "confirm_by": "sms_code",
            },
            status=status.HTTP_202_ACCEPTED,
        )


class PasswordResetByPhoneConfirmView(APIView):
    """`{phone, code, new_password}` → the new password is set (every earlier token of the account ends)."""

    permission_classes = [AllowAny]
    authentication_classes = []
    throttle_classes = [TokenRateThrottle]

    @extend_schema(request=PasswordResetByCodeSerializer, responses={204: None})
    def post(self, request):
        data = PasswordResetByCodeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        phone, code = data.validated_data["phone"], data.validated_data["code"]
        user = User.objects.filter(phone=phone, is_active=True).first()
        password = data.validated_data["new_password"]
        try:
            validate_password(password, user or User(phone=phone))
        except DjangoValidationError as error:
            raise ValidationError({"new_password": error.messages}) from error
        if user is None or not identity.phone_code_check(user=user, purpose=Purpose.RESET_PASSWORD, code=code):
            raise ValidationError({"code": [WRONG_CODE]})
        identity.password_set_by_code(user=user, password=password, phone=phone)
        return Response(status=status.HTTP_204_NO_CONTENT)
