"""Staff find any job seeker (name without accents, phone, citizen ID), open their profile and history, and book
them into a session while on the phone with them (issue 12 item 4)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from accounts.access import Kind, record_access
from accounts.decorators import staff_required
from accounts.models import JobSeeker
from jobfair.forms import ServiceRefusal, SiteFormMixin
from sessions import matching, selectors, services
from sessions.models import Registration
from sessions.notifications.content import job_seeker_recipients
from sessions.templatetags.desk import desk_code


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
        self.fields["session"].label_from_instance = lambda s: (
            f"{s.code} – {s.title} – {timezone.localtime(s.starts_at):%d/%m/%Y %H:%M}"
        )


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
    try:
        job_seeker = selectors.job_seeker_profile(pk)
    except JobSeeker.DoesNotExist as missing:
        raise Http404 from missing
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
    # Reading a person's profile is a read of their personal data (issue 11 item 7).
    record_access(request, Kind.CONTACT, job_seeker_ids=[job_seeker.pk])
    memberships = list(job_seeker.cohort_memberships.all())
    if any(m.cohort.sensitive for m in memberships):
        record_access(request, Kind.SENSITIVE_COHORT, job_seeker_ids=[job_seeker.pk])
    return render(
        request,
        "sessions/staff/person.html",
        {
            "person": job_seeker,
            "memberships": memberships,
            "registrations": selectors.job_seeker_registrations(job_seeker),
            "interviews": selectors.job_seeker_interviews(job_seeker),
            "reachable": bool(job_seeker_recipients(job_seeker)),
            "matches": [(v, matching.reasons(v)) for v in matching.matches_for(job_seeker)[:10]],
            "booking_form": booking_form,
            "refusal": refusal.text,
        },
        status=(409 if refusal.text else 400) if request.method == "POST" else 200,
    )


def _tell_staff(request, registration: Registration, created: bool) -> None:
    """What staff say on the phone: the booking, and when the person gets no notice (no channel the outbox can
    use, the same rule: content.job_seeker_recipients), the date and the desk code to tell them now."""
    session = registration.session
    facts = {
        "name": registration.job_seeker.full_name,
        "session": session.code,
        "when": f"{timezone.localtime(session.starts_at):%H:%M %d/%m/%Y}",
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
