"""Staff find any job seeker (name without accents, phone, citizen ID), open their profile and history, and book
them into a session while on the phone with them (issue 12 item 4)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import Kind, record_access
from accounts.decorators import staff_required
from accounts.models import JobSeeker
from jobfair.dates import local_moment_text
from jobfair.forms import ServiceRefusal, SiteFormMixin, posted_pk
from sessions import matching, selectors, services
from sessions.models import Interview, JobSession, Referral, Registration, Vacancy
from sessions.notifications.content import job_seeker_recipients
from sessions.templatetags.desk import desk_code
from sessions.web.staff.no_shows import with_message_state


class PeopleSearchForm(SiteFormMixin, forms.Form):
    q = forms.CharField(
        label=gettext_lazy("Name, mobile number or citizen ID"),
        max_length=100,
        required=False,
        help_text=gettext_lazy("The name can be typed without accents, e.g. tran van an."),
    )


class BookingForm(SiteFormMixin, forms.Form):
    session = forms.ModelChoiceField(label=gettext_lazy("Session"), queryset=None, empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = selectors.sessions_open_for_registration()
        self.fields["session"].label_from_instance = JobSession.choice_label


class ReferralForm(SiteFormMixin, forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Next step"), choices=Referral.Kind.choices)
    training_provider = forms.CharField(
        label=gettext_lazy("Training provider"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("For vocational training."),
    )
    course = forms.CharField(label=gettext_lazy("Course"), max_length=200, required=False)
    session = forms.ModelChoiceField(label=gettext_lazy("Session"), queryset=None, required=False)
    vacancy = forms.ModelChoiceField(label=gettext_lazy("Vacancy"), queryset=None, required=False)
    follow_up_on = forms.DateField(
        label=gettext_lazy("Follow up on"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(
        label=gettext_lazy("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    # The interview the referral follows, when staff come from the follow-up list's suggestion.
    interview = forms.ModelChoiceField(queryset=None, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, job_seeker: JobSeeker, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interview"].queryset = Interview.objects.filter(registration__job_seeker=job_seeker)
        self.fields["session"].queryset = selectors.sessions_open_for_registration()
        self.fields["session"].label_from_instance = JobSession.choice_label
        # The vacancies that fit the person, best first: the ones staff would refer them to.
        self.fields["vacancy"].queryset = Vacancy.objects.filter(
            pk__in=matching.matches_for(job_seeker).values("pk")[:50]
        ).select_related("employer")
        self.fields["vacancy"].label_from_instance = lambda v: f"{v.title} – {v.employer.name}"


@staff_required
@require_GET
def people(request):
    form = PeopleSearchForm(request.GET or None)
    found, more, searched = [], False, False
    if form.is_valid() and form.cleaned_data["q"]:
        results = selectors.job_seeker_search(form.cleaned_data["q"])
        searched = results is not None
        if results is not None:
            found = list(results[: selectors.PEOPLE_SEARCH_LIMIT + 1])
            more = len(found) > selectors.PEOPLE_SEARCH_LIMIT
            found = found[: selectors.PEOPLE_SEARCH_LIMIT]
        record_access(request, Kind.SEARCH, job_seeker_ids=[p.pk for p in found], query=form.cleaned_data["q"])
    return render(
        request,
        "sessions/staff/people.html",
        {"form": form, "found": found, "more": more, "searched": searched},
    )


@staff_required
@require_http_methods(["GET", "POST"])
def person(request, pk):
    job_seeker = _person_or_404(pk)
    booking_form = BookingForm(request.POST or None)
    refusal = ServiceRefusal(booking_form)
    if request.method == "POST" and booking_form.is_valid():
        with refusal:
            registration, created = services.registration_create(
                session=booking_form.cleaned_data["session"],
                job_seeker=job_seeker,
                actor=request.user,
                source=Registration.Source.STAFF,
            )
            _tell_staff(request, registration, created)
            return redirect("staff:person", pk=job_seeker.pk)
    return _person_page(
        request,
        job_seeker,
        booking_form=booking_form,
        refusal=refusal.text,
        status=(409 if refusal.text else 400) if request.method == "POST" else 200,
    )


def _person_page(request, job_seeker: JobSeeker, *, status: int = 200, **extra):
    # Reading a person's profile is a read of their personal data (issue 11 item 7).
    record_access(request, Kind.CONTACT, job_seeker_ids=[job_seeker.pk])
    memberships = list(job_seeker.cohort_memberships.all())
    if any(m.cohort.sensitive for m in memberships):
        record_access(request, Kind.SENSITIVE_COHORT, job_seeker_ids=[job_seeker.pk])
    no_shows = list(selectors.no_shows_of_person(job_seeker))
    with_message_state(no_shows)
    recent_no_shows = selectors.recent_no_shows(job_seeker)
    context = {
        "person": job_seeker,
        "memberships": memberships,
        "no_shows": no_shows,
        "recent_no_shows": recent_no_shows,
        "call_them": selectors.is_flagged_for_a_call(recent_no_shows),
        "registrations": selectors.job_seeker_registrations(job_seeker),
        "interviews": selectors.job_seeker_interviews(job_seeker),
        "reachable": bool(job_seeker_recipients(job_seeker)),
        "matches": [(v, matching.reasons(v)) for v in matching.matches_for(job_seeker)[:10]],
        "referrals": selectors.job_seeker_referrals(job_seeker),
        "referral_form": ReferralForm(job_seeker=job_seeker, initial=_referral_initial(request, job_seeker)),
        "booking_form": BookingForm(),
        "refusal": "",
        **extra,
    }
    return render(request, "sessions/staff/person.html", context, status=status)


def _referral_initial(request, job_seeker: JobSeeker) -> dict:
    """From the follow-up list's "suggest a next step": the form follows that interview, and says which it is."""
    pk = posted_pk(request.GET.get("interview"))
    interview = (
        Interview.objects.filter(pk=pk, registration__job_seeker=job_seeker)
        .select_related("vacancy__employer", "registration__session")
        .first()
        if pk is not None
        else None
    )
    return {"interview": interview} if interview else {}


def _person_or_404(pk) -> JobSeeker:
    try:
        return selectors.job_seeker_profile(pk)
    except JobSeeker.DoesNotExist as missing:
        raise Http404 from missing


@staff_required
@require_POST
def referral_add(request, pk):
    """Staff refer the person to a next step (issue 15 item 4); a refused form comes back with what was typed."""
    job_seeker = _person_or_404(pk)
    form = ReferralForm(request.POST, job_seeker=job_seeker)
    if form.is_valid():
        with ServiceRefusal(form, on_form=True):
            services.referral_create(job_seeker=job_seeker, actor=request.user, **form.cleaned_data)
            messages.success(request, _("The referral was recorded."))
            return redirect(reverse("staff:person", args=[job_seeker.pk]) + "#referrals")
    return _person_page(request, job_seeker, referral_form=form, status=400)


@staff_required
@require_POST
def referral_status(request, pk):
    referral = get_object_or_404(Referral, pk=pk)
    with ServiceRefusal() as refused:
        services.referral_set_status(referral=referral, status=request.POST.get("status", ""), actor=request.user)
        messages.success(
            request, _("The referral is now “%(status)s”.") % {"status": Referral.Status(request.POST["status"]).label}
        )
    if refused.text:
        messages.error(request, refused.text)
    return redirect(reverse("staff:person", args=[referral.job_seeker_id]) + "#referrals")


def _tell_staff(request, registration: Registration, created: bool) -> None:
    """What staff say on the phone: the booking, and when the person gets no notice (no channel the outbox can
    use, the same rule: content.job_seeker_recipients), the date and the desk code to tell them now."""
    session = registration.session
    facts = {
        "name": registration.job_seeker.full_name,
        "session": session.code,
        "when": local_moment_text(session.starts_at),
        "code": desk_code(registration.short_code),
        "status": registration.get_status_display(),
    }
    if created:
        messages.success(request, _("%(name)s is booked into %(session)s (%(status)s).") % facts)
    else:
        messages.info(request, _("%(name)s was already registered for %(session)s (%(status)s).") % facts)
    if not job_seeker_recipients(registration.job_seeker):
        messages.warning(
            request,
            _(
                "This person will get no notice: tell them the date and the desk code now. "
                "%(session)s at %(when)s, desk code %(code)s."
            )
            % facts,
        )
