"""The job seeker's area: register for a session, the registrations with their QR code and calendar file,
cancel, results, one's data (export, erasure).

Thin: forms check the input, sessions.selectors read, sessions.services write. A refusal by a business rule
(jobfair.errors.BusinessRuleError) is shown next to the action, in the page's language; never a server error.
"""

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.core.paginator import Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.access import Kind, record_access
from accounts.decorators import job_seeker_required
from jobfair.forms import ServiceRefusal
from jobfair.links import InvalidLink
from sessions import matching, selectors, services
from sessions.data_export import job_seeker_data
from sessions.models import Registration, SessionFormat, SessionStatus
from sessions.notifications.calendar import check_in_qr_png, session_ics
from sessions.notifications.content import job_seeker_recipients
from sessions.rebook import read_rebook_token
from sessions.web.job_seeker.forms import DeleteAccountForm, NextStepForm, RegistrationForm

PAGE_SIZE = 20
RegStatus = Registration.Status


@job_seeker_required
@require_http_methods(["GET", "POST"])
def register(request, pk):
    """Register for a session, choosing the vacancies of interest; then the confirmation page."""
    session = get_object_or_404(selectors.session_list(), pk=pk)
    job_seeker = request.user.job_seeker
    existing = (
        Registration.objects.filter(session=session, job_seeker=job_seeker).exclude(status=RegStatus.CANCELLED).first()
    )
    if existing is not None:
        messages.info(request, _("You are already registered for this session."))
        return redirect("web:registration_detail", pk=existing.pk)
    form = RegistrationForm(
        request.POST if request.method == "POST" else None, vacancies=selectors.session_vacancies(session, public=True)
    )
    refusal = ServiceRefusal(form)
    if request.method == "POST" and form.is_valid():
        with refusal:
            registration, _created = services.registration_create(
                session=session, job_seeker=job_seeker, actor=request.user, vacancies=form.cleaned_data["vacancies"]
            )
            if registration.status == RegStatus.WAITLISTED:
                messages.warning(request, _("All seats are taken: you are on the waitlist."))
            else:
                messages.success(request, _("You are registered. Your seat is confirmed."))
            return redirect("web:registration_detail", pk=registration.pk)
    context = {
        "session": session,
        "form": form,
        "cohort_blocked": session.cohort_only and session.cohort_membership_of(job_seeker) is None,
        "refusal": refusal.text,
        "registration_state": session.registration_state(timezone.now()),
    }
    return render(request, "sessions/register.html", context, status=refusal.status)


@job_seeker_required
@require_POST
def registration_alert(request, pk):
    """ "Tell me when registration opens": asking twice is asking once."""
    session = get_object_or_404(selectors.session_list(), pk=pk)
    with ServiceRefusal() as refusal:
        services.registration_alert_request(session=session, job_seeker=request.user.job_seeker, actor=request.user)
        messages.success(request, _("We will tell you when registration opens."))
    if refusal.text:
        messages.error(request, refusal.text)
    return redirect("web:session_detail", pk=session.pk)


def _own_registration(request, pk) -> Registration:
    return get_object_or_404(
        selectors.job_seeker_registrations(request.user.job_seeker).select_related("session__ward"), pk=pk
    )


@job_seeker_required
@require_GET
def registration_detail(request, pk):
    registration = _own_registration(request, pk)
    session_cancelled = registration.session.status == SessionStatus.CANCELLED
    context = {
        "registration": registration,
        "session": registration.session,
        # a cancelled session voids the registration: its reason, no QR, no calendar file, nothing to cancel
        "session_cancelled": session_cancelled,
        "withdrawn_vacancy_ids": set() if session_cancelled else selectors.vacancies_no_longer_offered(registration),
        "waitlist_position": selectors.waitlist_position(registration),
        "online_rooms": selectors.registration_online_rooms(registration),
        "has_seat": registration.status in (RegStatus.CONFIRMED, RegStatus.ATTENDED) and not session_cancelled,
        "can_cancel": registration.status in (RegStatus.CONFIRMED, RegStatus.WAITLISTED)
        and registration.session.status == SessionStatus.PUBLISHED,
    }
    return render(request, "sessions/registration_detail.html", context)


@job_seeker_required
@require_GET
def registration_qr(request, pk):
    registration = _own_registration(request, pk)
    response = HttpResponse(check_in_qr_png(registration.check_in_code), content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response


@job_seeker_required
@require_GET
def registration_ics(request, pk):
    registration = _own_registration(request, pk)
    response = HttpResponse(
        session_ics(registration.session, registration), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{registration.session.code}.ics"'
    return response


@job_seeker_required
@require_http_methods(["GET", "POST"])
def registration_cancel(request, pk):
    registration = _own_registration(request, pk)
    if request.method == "POST":
        with ServiceRefusal() as refusal:
            services.registration_cancel(registration=registration, actor=request.user)
            messages.success(request, _("Your registration has been cancelled."))
            return redirect("web:registration_detail", pk=registration.pk)
        messages.error(request, refusal.text)
        return redirect("web:registration_detail", pk=registration.pk)
    if (
        registration.status not in (RegStatus.CONFIRMED, RegStatus.WAITLISTED)
        or registration.session.status == SessionStatus.CANCELLED
    ):
        messages.info(request, _("This registration cannot be cancelled any more."))
        return redirect("web:registration_detail", pk=registration.pk)
    return render(request, "sessions/registration_cancel.html", {"registration": registration})


@job_seeker_required
@require_GET
def my_registrations(request):
    registrations = list(selectors.job_seeker_registrations(request.user.job_seeker))
    positions = selectors.waitlist_positions(registrations)
    for registration in registrations:
        registration.position = positions.get(registration.pk)
    return render(request, "sessions/my_registrations.html", {"registrations": registrations})


@job_seeker_required
@require_GET
def my_results(request):
    return _results_page(request, NextStepForm())


def _results_page(request, form, status=200):
    """The interviews and what came of them, then the person's next steps: what staff referred them to, and what
    they tell the centre they did themselves."""
    job_seeker = request.user.job_seeker
    interviews = selectors.job_seeker_interviews(job_seeker)
    context = {
        "interviews": interviews,
        "not_hired": any(interview.ended_in_no_job for interview in interviews),
        "referrals": selectors.job_seeker_referrals(job_seeker),
        "next_step_form": form,
    }
    return render(request, "sessions/my_results.html", context, status=status)


@job_seeker_required
@require_POST
def next_step_add(request):
    form = NextStepForm(request.POST)
    refusal = ServiceRefusal(form, on_form=True)
    if form.is_valid():
        with refusal:
            services.referral_create(job_seeker=request.user.job_seeker, actor=request.user, **form.cleaned_data)
            messages.success(request, _("Thank you: the centre will follow it up with you."))
            return redirect(reverse("web:my_results") + "#next-steps")
    return _results_page(request, form, status=400)


@job_seeker_required
@require_GET
def my_matches(request):
    """ "Việc làm phù hợp": the vacancies fitting the person, with the reasons, upcoming sessions first."""
    page = Paginator(matching.matches_for(request.user.job_seeker), 20).get_page(request.GET.get("page"))
    return render(
        request, "sessions/my_matches.html", {"page": page, "matches": [(v, matching.reasons(v)) for v in page]}
    )


@job_seeker_required
@require_GET
def my_data(request):
    return render(request, "sessions/my_data.html", {"job_seeker": request.user.job_seeker})


@job_seeker_required
@require_GET
def my_data_export(request):
    """Everything the centre holds about the job seeker, as the JSON document of the API's `me/data-export/`."""
    now = timezone.now()
    data = job_seeker_data(request.user.job_seeker, exported_at=now)
    record_access(request, Kind.EXPORT, job_seeker_ids=[request.user.job_seeker.pk], format="json")
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="my-data-{timezone.localtime(now):%Y%m%d}.json"'
    response["Cache-Control"] = "private, no-store"
    return response


@job_seeker_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    """The request to delete one's data: done at once (active registrations cancelled, data anonymised)."""
    form = DeleteAccountForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with ServiceRefusal(form, on_form=True):
            services.job_seeker_erase(job_seeker=request.user.job_seeker, actor=request.user)
            logout(request)
            messages.success(request, _("Your personal data has been erased and your account closed."))
            return redirect("web:home")
    return render(request, "sessions/delete_account.html", {"form": form})


def _rebook_target(token: str):
    """(person, session) a rebook link names, or None when the link is wrong, too old, or names someone erased or a
    session that no longer exists."""
    try:
        missed_id, session_id = read_rebook_token(token)
    except InvalidLink:
        return None
    missed = (
        Registration.objects.filter(pk=missed_id, job_seeker__anonymised_at__isnull=True)
        .select_related("job_seeker__user")
        .first()
    )
    session = selectors.session_list().select_related("ward").filter(pk=session_id).first()
    if missed is None or session is None:
        return None
    return missed.job_seeker, session


def _is_the_person(user, person) -> bool:
    return user.is_authenticated and person.user_id is not None and user.pk == person.user_id


@require_http_methods(["GET", "POST"])
def rebook(request, token):
    """The one-click rebook of a no-show's message (issue 15 item 3), signed in or not: the page shows the session
    and one button (a GET changes nothing); the button registers the person through the registration service
    (waitlisted when full; a refusal shown plainly); then the page shows the registration with its QR code."""
    target = _rebook_target(token)
    if target is None:
        return render(request, "sessions/rebook_invalid.html", status=404)
    person, session = target
    active = Registration.objects.filter(session=session, job_seeker=person).exclude(status=RegStatus.CANCELLED).first()
    refusal = ServiceRefusal()
    if request.method == "POST" and active is None:
        with refusal:
            registration, _created = services.registration_create(
                session=session, job_seeker=person, actor=person.user, source=Registration.Source.ONLINE
            )
            if registration.status == RegStatus.WAITLISTED:
                messages.warning(request, _("All seats are taken: you are on the waitlist."))
            else:
                messages.success(request, _("You are registered. Your seat is confirmed."))
            if _is_the_person(request.user, person):
                return redirect("web:registration_detail", pk=registration.pk)
            return redirect("web:rebook", token=token)
    if active is not None and _is_the_person(request.user, person):
        return redirect("web:registration_detail", pk=active.pk)
    has_seat = active is not None and active.status == RegStatus.CONFIRMED
    show_qr = has_seat and session.format != SessionFormat.ONLINE  # an online session has no desk to scan it at
    context = {
        "session": session,
        "person": person,
        "registration": active,
        "has_seat": has_seat,
        "qr_data_uri": _qr_data_uri(active.check_in_code) if show_qr else "",
        "waitlist_position": selectors.waitlist_position(active) if active is not None else None,
        "registration_state": session.registration_state(timezone.now()),
        "reachable": bool(job_seeker_recipients(person)),
        "refusal": refusal.text,
    }
    response = render(request, "sessions/rebook.html", context, status=refusal.status)
    response["Cache-Control"] = "private, no-store"  # the page may carry a check-in code
    # the token is in the address: never sent to another site ("no-referrer" would make the form's Origin "null"
    # and fail the CSRF check)
    response["Referrer-Policy"] = "same-origin"
    return response


def _qr_data_uri(code: str) -> str:
    import base64

    return "data:image/png;base64," + base64.b64encode(check_in_qr_png(code)).decode("ascii")
