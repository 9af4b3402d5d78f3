"""Web pages for accounts: sign up, sign in and out, password reset, the job seeker's profile.

Thin: the forms check the shape of the input, accounts.services make every change. A refusal by a service comes
back next to the field it names, in the page's language, with the input kept.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from accounts import services, verification
from accounts.decorators import job_seeker_required
from accounts.forms import (
    CohortDeclareForm,
    EmployerSignupForm,
    JobSeekerProfileForm,
    JobSeekerSignupForm,
    LoginForm,
    SitePasswordResetForm,
    SiteSetPasswordForm,
)
from accounts.models import AdministrativeUnit, CitizenIdClaim, Cohort, CohortMembership
from accounts.permissions import landing_url, safe_next
from accounts.validators import contact_key
from jobfair.forms import ServiceRefusal
from jobfair.limits import over_limit

BACKEND = "accounts.backends.EmailOrPhoneBackend"


def _language() -> str:
    return "en" if (get_language() or "vi").startswith("en") else "vi"


@require_GET
def signup_choice(request):
    return render(request, "accounts/signup_choice.html", {"next": safe_next(request)})


def _signup_limited(request, form) -> bool:
    """Sign-ups are limited per client address and per phone number or e-mail (issue 11 item 2); the form keeps
    what was typed and says how long to wait."""
    limited = over_limit(request, "signup", target=contact_key(request.POST.get("phone") or request.POST.get("email")))
    if limited:
        form.add_error(None, limited.message)
    return bool(limited)


def signup_job_seeker(request):
    if request.user.is_authenticated:
        return redirect(landing_url(request.user))
    form = JobSeekerSignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _signup_limited(request, form):
        context = {"form": form, "next": safe_next(request)}
        return render(request, "accounts/signup_job_seeker.html", context, status=429)
    if request.method == "POST" and form.is_valid():
        with ServiceRefusal(form, field_map={"password": "password1"}, on_form=True):
            kwargs = form.service_kwargs()
            job_seeker = services.job_seeker_signup(**kwargs, language=_language())
            return verification.signup_pending(
                request, user=job_seeker.user if job_seeker else None, phone=kwargs["phone"], email=kwargs["email"]
            )
    return render(request, "accounts/signup_job_seeker.html", {"form": form, "next": safe_next(request)})


def signup_employer(request):
    if request.user.is_authenticated:
        return redirect(landing_url(request.user))
    form = EmployerSignupForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and _signup_limited(request, form):
        return render(request, "accounts/signup_employer.html", {"form": form}, status=429)
    if request.method == "POST" and form.is_valid():
        with ServiceRefusal(form, field_map={"password": "password1"}, on_form=True):
            kwargs = form.service_kwargs()
            employer = services.employer_signup(**kwargs, language=_language())
            # Employers sign in with their e-mail: the link proves it.
            return verification.signup_pending(
                request, user=employer.users.get() if employer else None, phone="", email=kwargs["email"]
            )
    return render(request, "accounts/signup_employer.html", {"form": form})


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self):
        return landing_url(self.request.user)


def locked_out(request, original_response, credentials):
    """django-axes' answer to a sign-in while the account or the address is locked out (AXES_LOCKOUT_CALLABLE)."""
    minutes = round(settings.AXES_COOLOFF_TIME.total_seconds() / 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


class LogoutView(auth_views.LogoutView):
    next_page = reverse_lazy("web:home")


class PasswordResetView(auth_views.PasswordResetView):
    form_class = SitePasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_email.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    @property
    def extra_email_context(self):
        return {"centre": {"name": settings.JOBFAIR_CENTRE_NAME}}

    def form_valid(self, form):
        """Limited per client address (the form says so) and per e-mail (the answer is the usual one, and nothing
        more is sent: a victim's inbox is not flooded, and the answer tells nothing about the account)."""
        limited = over_limit(self.request, "password_reset", target=contact_key(form.cleaned_data["email"]))
        if limited and not limited.by_target:
            form.add_error(None, limited.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        if limited:
            return redirect(self.get_success_url())
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = SiteSetPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@job_seeker_required
def profile(request):
    job_seeker = request.user.job_seeker
    form = JobSeekerProfileForm(request.POST if request.method == "POST" else None, job_seeker=job_seeker)
    if request.method == "POST" and form.is_valid():
        with ServiceRefusal(form, on_form=True):
            services.job_seeker_update(job_seeker=job_seeker, actor=request.user, **form.changes())
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", _profile_context(request, form=form))


def _chosen_cohort(request) -> dict:
    code = request.GET.get("cohort")
    cohort = Cohort.objects.filter(code=code).first() if code else None
    return {"cohort": cohort} if cohort else {}


def _profile_context(request, **extra) -> dict:
    job_seeker = request.user.job_seeker
    memberships = CohortMembership.objects.filter(job_seeker=job_seeker).select_related("cohort").order_by("id")
    return {
        "job_seeker": job_seeker,
        "memberships": memberships,
        # a session for certain groups links here with ?cohort=<code>: that group comes chosen
        "cohort_form": CohortDeclareForm(initial=_chosen_cohort(request)),
        "open_citizen_id_claim": job_seeker.citizen_id_claims.filter(status=CitizenIdClaim.Status.OPEN).first(),
        **extra,
    }


@job_seeker_required
@require_POST
def cohort_declare(request):
    job_seeker = request.user.job_seeker
    cohort_form = CohortDeclareForm(request.POST)
    if cohort_form.is_valid():
        services.cohort_membership_declare(
            job_seeker=job_seeker,
            cohort=cohort_form.cleaned_data["cohort"],
            share_with_employers=cohort_form.cleaned_data["share_with_employers"],
            actor=request.user,
        )
        messages.success(request, _("Your group has been saved."))
        return redirect(reverse("accounts:profile") + "#groups")
    form = JobSeekerProfileForm(job_seeker=job_seeker)
    return render(request, "accounts/profile.html", _profile_context(request, form=form, cohort_form=cohort_form))


@job_seeker_required
@require_POST
def cohort_share_withdraw(request, pk):
    membership = get_object_or_404(CohortMembership, pk=pk, job_seeker=request.user.job_seeker)
    with ServiceRefusal() as refusal:
        services.cohort_share_withdraw(membership=membership, actor=request.user)
        messages.success(request, _("Employers no longer see this group."))
    if refusal.text:
        messages.error(request, refusal.text)
    return redirect(reverse("accounts:profile") + "#groups")


@require_GET
def ward_options(request):
    """The <option>s of the wards of a province (HTMX swaps them into the ward list)."""
    code = (request.GET.get("province") or "").strip()[:5]
    if code and not code.isdigit():
        return HttpResponseBadRequest(_("Choose a province or city from the list."))
    wards = AdministrativeUnit.objects.filter(level=AdministrativeUnit.Level.WARD, province_id=code).order_by("name")
    html = render_to_string("accounts/_ward_options.html", {"wards": wards})
    return HttpResponse(html)
