"""Web pages that prove a phone number or an e-mail is the person's, and the password reset by SMS code for people
who signed up with a phone only (issue 11 item 6). The writes are in accounts/identity.py.

Codes are limited per client address and per phone (`sms_code` rates); a wrong code counts against the code's
own tries. Nothing here tells a stranger whether a phone number has an account."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import identity
from accounts.codes import code_send
from accounts.models import OneTimeCode, User
from accounts.permissions import landing_url, safe_next
from accounts.validators import contact_key, normalize_phone
from jobfair.forms import PhoneInput, SiteFormMixin
from jobfair.limits import over_limit

Purpose = OneTimeCode.Purpose
BACKEND = "accounts.backends.EmailOrPhoneBackend"
RESET_PHONE_SESSION_KEY = "password_reset_phone"
WRONG_CODE = _("This code is not right or no longer valid. Ask for a new one.")


class CodeForm(SiteFormMixin, forms.Form):
    code = forms.RegexField(
        regex=r"^\s*\d{6}\s*$",
        label=_("Code from the SMS"),
        error_messages={"invalid": _("The code has 6 digits.")},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def phone_verify(request):
    """A signed-in person proves their phone: "send me a code" (POST), then the code typed here."""
    user = request.user
    if not user.phone or user.phone_is_verified:
        messages.info(request, _("Your phone number is already verified.") if user.phone else _("No phone number."))
        return redirect("web:home")
    if request.method == "POST" and "send" in request.POST:
        limited = code_send(request, user=user, purpose=Purpose.VERIFY_PHONE, phone=user.phone)
        if limited:
            messages.error(request, limited.message)
        else:
            messages.success(request, _("We have sent a code by SMS to %(phone)s.") % {"phone": user.phone})
        return redirect("accounts:verify_phone")
    form = CodeForm(request.POST or None)
    if form.is_bound and form.is_valid():
        if identity.phone_code_check(user=user, purpose=Purpose.VERIFY_PHONE, code=form.cleaned_data["code"]):
            messages.success(request, _("Your phone number is verified."))
            return redirect(safe_next(request) or "web:home")
        form.add_error("code", WRONG_CODE)
    return render(request, "accounts/verify_phone.html", {"form": form, "phone": user.phone})


@login_required
@require_POST
def email_link_request(request):
    if request.user.email and not request.user.email_is_verified:
        limited = over_limit(request, "sms_code", target=contact_key(request.user.email))
        if limited:
            messages.error(request, limited.message)
        else:
            identity.email_link_send(user=request.user)
            messages.success(request, _("We have sent you a link; open it to confirm your e-mail."))
    return redirect(safe_next(request) or "web:home")


@require_GET
def email_verify(request, token):
    """The link of the e-mail. For an account that has never signed in (it was just made), the link signs it in:
    it proves the address the account signs in with."""
    user = identity.email_verify(token=token)
    if user is None:
        return render(request, "accounts/verify_email_failed.html", status=400)
    messages.success(request, _("Your e-mail address is confirmed."))
    if not request.user.is_authenticated and user.last_login is None:
        request.session.pop(SIGNUP_SESSION_KEY, None)
        login(request, user, backend=BACKEND)
        return redirect(landing_url(user))
    return redirect("web:home" if request.user.is_authenticated else "accounts:login")


class PhoneForm(SiteFormMixin, forms.Form):
    phone = forms.CharField(label=_("The mobile number of your account"), max_length=20, widget=PhoneInput())

    def clean_phone(self):
        try:
            return normalize_phone(self.cleaned_data["phone"])
        except forms.ValidationError as error:
            raise forms.ValidationError(error.messages) from error


@require_http_methods(["GET", "POST"])
def password_reset_phone(request):
    """Step 1: the phone number. The answer is the same whether it has an account or not."""
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        user = User.objects.filter(phone=phone, is_active=True).first()
        limited = code_send(request, user=user, purpose=Purpose.RESET_PASSWORD, phone=phone)
        if limited and not limited.by_target:  # the address's limit: say so; the phone's: answer as usual
            form.add_error(None, limited.message)
            return render(request, "accounts/password_reset_phone.html", {"form": form}, status=429)
        request.session[RESET_PHONE_SESSION_KEY] = phone
        return redirect("accounts:password_reset_phone_code")
    return render(request, "accounts/password_reset_phone.html", {"form": form})


class CodeAndPasswordForm(CodeForm, SetPasswordForm):
    field_order = ["code", "new_password1", "new_password2"]


@require_http_methods(["GET", "POST"])
def password_reset_phone_code(request):
    """Step 2: the code from the SMS and the new password."""
    phone = request.session.get(RESET_PHONE_SESSION_KEY)
    if not phone:
        return redirect("accounts:password_reset_phone")
    user = User.objects.filter(phone=phone, is_active=True).first()
    # Without an account the form still checks (and refuses) every code: the page tells nothing.
    form = CodeAndPasswordForm(user or User(phone=phone), request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        if user is not None and identity.phone_code_check(user=user, purpose=Purpose.RESET_PASSWORD, code=code):
            identity.password_set_by_code(user=user, password=form.cleaned_data["new_password1"], phone=phone)
            del request.session[RESET_PHONE_SESSION_KEY]
            login(request, user, backend=BACKEND)
            messages.success(request, _("Your new password is set and you are signed in."))
            return redirect("web:home")
        form.add_error("code", WRONG_CODE)
    return render(request, "accounts/password_reset_phone_code.html", {"form": form, "phone": phone})


# --- after signing up -----------------------------------------------------------------------------------------

SIGNUP_SESSION_KEY = "signup_pending"


def signup_pending(request, *, user: User | None, phone: str, email: str, next_url: str = ""):
    """The answer to every sign-up, new account or not (issue 11 item 2): "we have sent you a code / a link".
    A new account gets the code by SMS (or the link by e-mail); for a phone or e-mail that another account holds,
    its owner was told and no code can ever match."""
    phone = contact_key(phone) if phone else ""
    if phone:
        code_send(request, user=user, purpose=Purpose.VERIFY_PHONE, phone=phone)
    elif user is not None:
        identity.email_link_send(user=user)
    request.session[SIGNUP_SESSION_KEY] = {
        "user": user.pk if user is not None else None,
        "phone": phone,
        "email": email if not phone else "",
        "next": next_url or request.POST.get("next") or request.GET.get("next") or "",
    }
    return redirect("accounts:signup_confirm")


@require_http_methods(["GET", "POST"])
def signup_confirm(request):
    """Type the code sent by SMS (signed in once it is right), or open the link sent by e-mail."""
    pending = request.session.get(SIGNUP_SESSION_KEY)
    if not pending:
        return redirect("accounts:signup")
    user = User.objects.filter(pk=pending["user"], is_active=True).first() if pending["user"] else None
    if request.method == "POST" and "send" in request.POST:
        limited = code_send(request, user=user, purpose=Purpose.VERIFY_PHONE, phone=pending["phone"])
        if limited:
            messages.error(request, limited.message)
        else:
            messages.success(request, _("We have sent a new code."))
        return redirect("accounts:signup_confirm")
    form = CodeForm(request.POST or None)
    if form.is_bound and form.is_valid():
        code = form.cleaned_data["code"]
        if user is not None and identity.phone_code_check(user=user, purpose=Purpose.VERIFY_PHONE, code=code):
            del request.session[SIGNUP_SESSION_KEY]
            login(request, user, backend=BACKEND)
            messages.success(request, _("Welcome! Your account is ready and your phone number is verified."))
            return redirect(safe_next(request, pending["next"]) or "web:home")
        form.add_error("code", WRONG_CODE)
    context = {"form": form, "phone": pending["phone"], "email": pending["email"]}
    return render(request, "accounts/signup_confirm.html", context)


class InvitationAcceptForm(SiteFormMixin, forms.Form):
    first_name = forms.CharField(label=_("Given name"), max_length=150)
    last_name = forms.CharField(label=_("Family name"), max_length=150, required=False)
    password = forms.CharField(
        label=_("Password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )


@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    """The link of a colleague invitation: the invitee chooses a name and password and is signed in."""
    from accounts import colleagues
    from jobfair.forms import ServiceRefusal

    invitation = colleagues.employer_invitation_find(token=token)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=400)
    form = InvitationAcceptForm(request.POST or None)
    if form.is_bound and form.is_valid():
        with ServiceRefusal(form, on_form=True):
            user = colleagues.employer_invitation_accept(token=token, **form.cleaned_data)
            login(request, user, backend=BACKEND)
            messages.success(request, _("Welcome: you now act for %(company)s.") % {"company": user.employer.name})
            return redirect(landing_url(user))
    return render(request, "accounts/invitation_accept.html", {"form": form, "invitation": invitation})
