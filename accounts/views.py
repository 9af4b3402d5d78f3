"""Web pages for accounts: sign up, sign in and out, password reset, the job seeker's profile.

Thin: the forms check the shape of the input, accounts.services make every change. A refusal by a service comes
back next to the field it names, in the page's language, with the input kept.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST

from accounts import identity, services, verification
from accounts.decorators import job_seeker_required
from accounts.forms import (
    JOB_SEEKER_SIGNUP_STEPS,
    CohortDeclareForm,
    EmployerSignupForm,
    JobSeekerProfileForm,
    LoginForm,
    SitePasswordChangeForm,
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


SIGNUP_DRAFT_KEY = "job_seeker_signup_draft"
SIGNUP_STEP_TEMPLATE = "accounts/signup_job_seeker.html"
# What a step keeps of the request: never the password (kept hashed once accepted), nor the form's own keys.
_NOT_KEPT = {"csrfmiddlewaretoken", "password1", "password2", "back", "next"}
_MAX_KEPT = 2000  # characters of one typed value kept in the draft: longer is refused by the field anyway


def _typed(form_class, post) -> dict:
    """What the person typed on a step, to keep in the draft (a JSON-friendly dict of lists): only the step's own
    fields (a date's boxes included), each value cut to a sane length."""
    names = set()
    for name, field in form_class().fields.items():
        names.add(name)
        names.update(f"{name}{suffix}" for suffix in getattr(field.widget, "widgets_names", ()))
    return {
        key: [value[:_MAX_KEPT] for value in post.getlist(key)[:50]]
        for key in post
        if key in names and key not in _NOT_KEPT
    }


def _draft_form(form_class, typed: dict, **kwargs):
    from django.utils.datastructures import MultiValueDict

    return form_class(MultiValueDict(typed), **kwargs)


def _shown_again(form):
    """A step shown again from the draft: what was typed, without errors (they were shown when it was sent)."""
    from django.forms.utils import ErrorDict

    form._errors = ErrorDict()
    return form


def signup_job_seeker(request, step: int = 1):
    """A job seeker signs up in three short steps (issue 13 item 1): account → about you → optional priority group.
    Each step shows all its errors at once; the draft (what was typed, and the accepted password, hashed) is kept in
    the session between the steps and on going back; the last step creates the account through the service."""
    if request.user.is_authenticated:
        return redirect(landing_url(request.user))
    steps = JOB_SEEKER_SIGNUP_STEPS
    if not 1 <= step <= len(steps):
        return redirect("accounts:signup_job_seeker")
    draft = request.session.get(SIGNUP_DRAFT_KEY) or {"typed": {}, "done": 0, "password": None, "next": ""}
    if step == 1 and (target := safe_next(request)):
        draft["next"] = target
    if step > draft["done"] + 1:  # a step is reached only through the ones before it
        return redirect(_step_url(draft["done"] + 1))
    form_class = steps[step - 1]
    kwargs = {"kept_password": draft["password"]} if step == 1 else {}
    typed = draft["typed"].get(str(step))
    if request.method != "POST":
        form = _shown_again(_draft_form(form_class, typed, **kwargs)) if typed else form_class(**kwargs)
        return _render_step(request, form, step, draft)
    draft["typed"][str(step)] = _typed(form_class, request.POST)
    if "back" in request.POST:  # nothing typed is lost on going back, right or not yet
        request.session[SIGNUP_DRAFT_KEY] = draft
        return redirect(_step_url(max(step - 1, 1)))
    form = form_class(request.POST, **kwargs)
    if step == 1 and _signup_limited(request, form):
        request.session[SIGNUP_DRAFT_KEY] = draft
        return _render_step(request, form, step, draft, status=429)
    if not form.is_valid():
        draft["done"] = min(draft["done"], step - 1)
        request.session[SIGNUP_DRAFT_KEY] = draft
        return _render_step(request, form, step, draft)
    if step == 1:
        draft["password"] = {"hash": form.password_hash, "contact": form.contact()}
    draft["done"] = max(draft["done"], step)
    request.session[SIGNUP_DRAFT_KEY] = draft
    if step < len(steps):
        return redirect(_step_url(step + 1))
    # The last step: the earlier steps again from the draft, then the service.
    kwargs = form.service_kwargs()
    for number, earlier_class in enumerate(steps[:-1], start=1):
        extra = {"kept_password": draft["password"]} if number == 1 else {}
        earlier = _draft_form(earlier_class, draft["typed"].get(str(number), {}), **extra)
        if not earlier.is_valid():  # cannot happen unless the draft is stale (a ward removed, say): show that step
            draft["done"] = number - 1
            request.session[SIGNUP_DRAFT_KEY] = draft
            return _render_step(request, earlier, number, draft)
        kwargs |= earlier.service_kwargs()
    with ServiceRefusal(form, on_form=True) as refusal:
        job_seeker = services.job_seeker_signup(**kwargs, language=_language())
        del request.session[SIGNUP_DRAFT_KEY]
        return verification.signup_pending(
            request,
            user=job_seeker.user if job_seeker else None,
            phone=kwargs["phone"],
            email=kwargs["email"],
            next_url=draft.get("next") or "",
        )
    return _render_step(request, form, step, draft, status=refusal.status)


def _step_url(step: int) -> str:
    if step == 1:
        return reverse("accounts:signup_job_seeker")
    return reverse("accounts:signup_job_seeker_step", args=[step])


STEP_TITLES = (_("Your account"), _("About you"), _("Priority group (optional)"))


def _render_step(request, form, step: int, draft: dict, *, status: int = 200):
    context = {
        "form": form,
        "step": step,
        "steps": len(JOB_SEEKER_SIGNUP_STEPS),
        "step_title": STEP_TITLES[step - 1],
        "next": draft.get("next") or "",
        "password_kept": step == 1 and bool(draft.get("password")),
    }
    return render(request, SIGNUP_STEP_TEMPLATE, context, status=status)


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


class PasswordChangeView(auth_views.PasswordChangeView):
    """A signed-in person changes their password: the current one, then the new one twice. Tries are limited per
    client address and per account; the person stays signed in here, and every other sign-in and token ends."""

    form_class = SitePasswordChangeForm
    template_name = "accounts/password_change.html"

    def post(self, request, *args, **kwargs):
        limited = over_limit(request, "password_change", target=f"user:{request.user.pk}")
        if limited:
            form = self.get_form()
            form.add_error(None, limited.message)
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):
        identity.password_change(user=form.user, password=form.cleaned_data["new_password1"])
        update_session_auth_hash(self.request, form.user)
        messages.success(self.request, _("Your password has been changed."))
        return redirect(landing_url(self.request.user))


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
