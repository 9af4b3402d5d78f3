"""Staff's second factor (issue 11 item 5), on django-otp: an authenticator app (TOTP) and ten recovery codes.

Staff and superusers who signed in with their password reach nothing but these pages (and sign-out) until they give
a code: the middleware below sends web pages here and answers API calls made with the session 403. The token
endpoint asks for the code itself (accounts/api/tokens.py). Required whenever settings.STAFF_2FA_REQUIRED.

Enrolment is open only to an account that has no confirmed authenticator yet; a lost phone is handled by a
superuser, who deletes the person's devices in the admin (*TOTP devices*), after which they enrol again."""

import base64

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.permissions import is_staff_user, safe_next
from jobfair.forms import SiteFormMixin

# Pages an unverified staff member may still open: these, signing out, the language switch, static files, and the
# token endpoints (which ask for the code themselves).
OPEN_PATH_PREFIXES = ("/accounts/two-factor/", "/accounts/logout/", "/admin/logout/", "/i18n/", "/static/")
OPEN_API_PREFIX = "/api/v1/auth/"


def needs_second_factor(user) -> bool:
    return bool(settings.STAFF_2FA_REQUIRED and user.is_authenticated and (user.is_staff or is_staff_user(user)))


def verify_code(user, code: str):
    """The device that accepts the code (the authenticator app's, else a recovery code, used up), or None.
    django-otp slows down repeated wrong codes per device."""
    code = "".join((code or "").split())
    if not code:
        return None
    with transaction.atomic():
        for device in devices_for_user(user, for_verify=True):
            if device.verify_token(code):
                return device
    return None


class StaffSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and needs_second_factor(user) and not user.is_verified() and not self._open(request):
            if request.path.startswith("/api/"):
                detail = _("Give the code of your authenticator app first (sign in again on the web).")
                return JsonResponse({"code": "second_factor_required", "detail": str(detail)}, status=403)
            return redirect_to_login(request.get_full_path(), reverse("accounts:two_factor"))
        return self.get_response(request)

    @staticmethod
    def _open(request) -> bool:
        return request.path.startswith(OPEN_PATH_PREFIXES) or request.path.startswith(OPEN_API_PREFIX)


WRONG_CODE = _("This code is not right or has expired. Wait for the next one and try again.")


class CodeForm(SiteFormMixin, forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6 digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "text", "autofocus": True}),
    )

    def __init__(self, *args, user, enrolling=None, **kwargs):
        """`enrolling`: the authenticator being set up, which alone is checked (it is not confirmed yet)."""
        super().__init__(*args, **kwargs)
        self.user = user
        self.enrolling = enrolling
        self.device = None

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if self.enrolling is not None:
            self.device = self.enrolling if self.enrolling.verify_token(code) else None
        else:
            self.device = verify_code(self.user, code)
        if self.device is None:
            raise forms.ValidationError(
                _("This code is not right or has expired. Wait for the next one and try again.")
            )
        return code


def _next(request) -> str:
    default = reverse("staff:dashboard") if is_staff_user(request.user) else reverse("admin:index")
    return safe_next(request) or default


def _signed_in_staff(view):
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not (request.user.is_staff or is_staff_user(request.user)):
            return redirect("web:home")
        return view(request, *args, **kwargs)

    return wrapped


def new_recovery_codes(user) -> list[str]:
    """Ten new recovery codes; the old ones stop working. Shown once, stored as django-otp static tokens."""
    with transaction.atomic():
        device, _created = StaticDevice.objects.get_or_create(user=user, name="recovery", defaults={"confirmed": True})
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(settings.STAFF_RECOVERY_CODES)]
        StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@_signed_in_staff
@require_http_methods(["GET", "POST"])
def verify(request):
    """After the password: the code of the authenticator app (or a recovery code)."""
    if not user_has_device(request.user):
        return redirect_to_login(_next(request), reverse("accounts:two_factor_setup"))
    form = CodeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        otp_login(request, form.device)
        if isinstance(form.device, StaticDevice):
            left = form.device.token_set.count()
            messages.warning(request, _("You used a recovery code; %(left)s are left.") % {"left": left})
        return redirect(_next(request))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": _next(request)})


@_signed_in_staff
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrolment: scan the QR code (or type the key) into an authenticator app, give one code, get recovery codes."""
    if user_has_device(request.user):
        messages.info(request, _("Your authenticator app is already set up."))
        return redirect(_next(request))
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first() or TOTPDevice.objects.create(
        user=request.user, name=str(_("Authenticator app")), confirmed=False
    )
    form = CodeForm(request.POST or None, user=request.user, enrolling=device)
    if request.method == "POST" and form.is_valid():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        otp_login(request, device)
        codes = new_recovery_codes(request.user)
        return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": _next(request)})
    secret = base64.b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": _next(request),
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "accounts/two_factor_setup.html", context)


@_signed_in_staff
@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """New recovery codes (the old ones stop working), for a staff member who has given their second factor."""
    if not request.user.is_verified():
        return redirect_to_login(request.get_full_path(), reverse("accounts:two_factor"))
    if request.method == "POST":
        codes = new_recovery_codes(request.user)
        return render(request, "accounts/two_factor_codes.html", {"codes": codes, "next": _next(request)})
    return render(request, "accounts/two_factor_recovery.html", {"next": _next(request)})
