"""Web pages of the employer's area: company profile, vacancies, booth requests, candidates, interviews, outcomes.

An employer user acts for its own company only: another company's vacancy, booth or interview answers 404.
Centre staff may look at a company's pages (read only: they change things in the admin).
Candidates are shown with the redaction of DESIGN §4 (sessions.selectors.candidate_list, as the API does): never
the citizen ID, date of birth (an age band instead), street address or accessibility needs; a group only with the
person's consent to show it to employers.
"""

from functools import wraps

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts import colleagues as account_colleagues
from accounts import services as account_services
from accounts.access import Kind, record_access, record_candidates_seen
from accounts.decorators import employer_or_staff_required
from accounts.forms import EmployerProfileForm
from accounts.models import Employer, User, Verification, age_band
from accounts.permissions import is_staff_user
from jobfair.forms import ServiceRefusal, SiteFormMixin, posted_pk
from sessions import matching, selectors, services
from sessions.models import Interview, Participation, Vacancy
from sessions.web.employer.forms import BoothRequestForm, InterviewForm, OnlineRoomForm, OutcomeForm, VacancyForm

STAFF_EMPLOYER_KEY = "staff_viewing_employer"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def employer_area(view):
    """The company the page is about: the user's own, or (staff, read only) the one chosen on the dashboard."""

    @employer_or_staff_required
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if is_staff_user(request.user) and request.user.employer_id is None:
            if request.method not in SAFE_METHODS:
                raise PermissionDenied
            employer_id = request.session.get(STAFF_EMPLOYER_KEY)
            employer = Employer.objects.filter(pk=employer_id).first() if employer_id else None
            if employer is None:
                return redirect("employer:dashboard")
            request.staff_view = True
        else:
            employer = request.user.employer
            request.staff_view = False
        request.employer = employer
        return view(request, *args, **kwargs)

    return wrapped


@employer_or_staff_required
@require_GET
def dashboard(request):
    if is_staff_user(request.user) and request.user.employer_id is None:
        chosen = posted_pk(request.GET.get("employer"))
        if chosen is not None and Employer.objects.filter(pk=chosen).exists():
            request.session[STAFF_EMPLOYER_KEY] = chosen
        employer_id = request.session.get(STAFF_EMPLOYER_KEY)
        employer = Employer.objects.filter(pk=employer_id).first() if employer_id else None
        if employer is None or "choose" in request.GET:
            employers = Employer.objects.order_by("verification", "name")[:200]
            return render(request, "sessions/employer/choose.html", {"employers": employers})
        request.staff_view = True
    else:
        employer = request.user.employer
        request.staff_view = False
    booths = selectors.employer_participations(employer)
    booked = {booth.session_id for booth in booths}
    open_sessions = [s for s in selectors.sessions_taking_booths()[:20] if s.pk not in booked]
    context = {
        "employer": employer,
        "booths": booths,
        "open_sessions": open_sessions,
        "vacancy_count": Vacancy.objects.filter(employer=employer, status=Vacancy.Status.OPEN).count(),
        "is_pending": employer.verification == Verification.PENDING,
        "is_rejected": employer.verification == Verification.REJECTED,
        "now": timezone.now(),  # a booth at a session that has ended is not offered for withdrawal
    }
    return render(request, "sessions/employer/dashboard.html", context)


@employer_area
@require_http_methods(["GET", "POST"])
def company(request):
    employer = request.employer
    form = EmployerProfileForm(request.POST if request.method == "POST" else None, employer=employer)
    if request.method == "POST" and form.is_valid():
        with ServiceRefusal(form):
            was_verified = employer.is_verified
            account_services.employer_update(employer=employer, actor=request.user, **form.changes())
            messages.success(request, _("The company profile has been saved."))
            if was_verified and not employer.is_verified:
                messages.warning(
                    request,
                    _(
                        "Your company's name, ownership or address changed, so the centre reviews it again. Your "
                        "booths stay; your vacancies are shown again once the centre has verified the change."
                    ),
                )
            return redirect("employer:company")
    users = User.objects.filter(employer=employer).order_by("date_joined", "id")
    return render(request, "sessions/employer/company.html", {"employer": employer, "form": form, "users": users})


@employer_area
@require_GET
def vacancies(request):
    rows = selectors.employer_vacancies(request.employer)
    return render(request, "sessions/employer/vacancies.html", {"employer": request.employer, "vacancies": rows})


@employer_area
@require_http_methods(["GET", "POST"])
def vacancy_create(request):
    form = VacancyForm(request.POST if request.method == "POST" else None, employer=request.employer)
    if request.method == "POST" and form.is_valid():
        with ServiceRefusal(form):
            vacancy = services.vacancy_create(actor=request.user, employer=request.employer, **form.service_fields())
            messages.success(request, _("The vacancy “%(title)s” has been posted.") % {"title": vacancy.title})
            return redirect("employer:vacancies")
    return render(request, "sessions/employer/vacancy_form.html", {"form": form, "vacancy": None})


def _own_vacancy(request, pk) -> Vacancy:
    return get_object_or_404(Vacancy.objects.select_related("ward"), pk=pk, employer=request.employer)


@employer_area
@require_http_methods(["GET", "POST"])
def vacancy_edit(request, pk):
    vacancy = _own_vacancy(request, pk)
    form = VacancyForm(request.POST if request.method == "POST" else None, vacancy=vacancy)
    if request.method == "POST" and form.is_valid():
        with ServiceRefusal(form):
            services.vacancy_update(vacancy=vacancy, actor=request.user, **form.service_fields())
            messages.success(request, _("The vacancy has been saved."))
            return redirect("employer:vacancies")
    # Suggested candidates (issue 15): only people who registered interest or consented to be suggested (DESIGN §4).
    suggested = [(p, matching.reasons(p)) for p in matching.candidates_for(vacancy, for_employer=True)[:20]]
    record_access(request, Kind.CONTACT, job_seeker_ids=[p.pk for p, _reasons in suggested])
    return render(
        request, "sessions/employer/vacancy_form.html", {"form": form, "vacancy": vacancy, "suggested": suggested}
    )


@employer_area
@require_POST
def vacancy_status(request, pk):
    vacancy = _own_vacancy(request, pk)
    status = request.POST.get("status")
    if status not in Vacancy.Status.values:
        messages.error(request, _("Unknown status."))
        return redirect("employer:vacancies")
    services.vacancy_update(vacancy=vacancy, actor=request.user, status=status)
    if status == Vacancy.Status.CLOSED:
        messages.success(request, _("The vacancy “%(title)s” is closed.") % {"title": vacancy.title})
    else:
        messages.success(request, _("The vacancy “%(title)s” is open again.") % {"title": vacancy.title})
    return redirect("employer:vacancies")


@employer_area
@require_http_methods(["GET", "POST"])
def booth_request(request, session_pk):
    session = get_object_or_404(selectors.session_list(), pk=session_pk)
    existing = Participation.objects.filter(session=session, employer=request.employer).first()
    active = existing is not None and existing.status in services.ACTIVE_BOOTH
    open_vacancies = Vacancy.objects.filter(employer=request.employer, status=Vacancy.Status.OPEN).order_by("title")
    form = BoothRequestForm(
        request.POST if request.method == "POST" else None,
        vacancies=open_vacancies,
        session=session,
        initial=BoothRequestForm.initial_for(existing) if active else None,
    )
    refusal = ServiceRefusal(form)
    if request.method == "POST" and form.is_valid() and active:
        with refusal:  # a request sent already: what it brings is changed, its place and booth number kept
            services.participation_change(
                participation=existing,
                actor=request.user,
                vacancies=form.cleaned_data["vacancies"],
                recruiter_count=form.cleaned_data["recruiter_count"],
                needs=form.cleaned_data["needs"],
            )
            messages.success(request, _("Your booth request was changed."))
            return redirect("employer:dashboard")
    elif request.method == "POST" and form.is_valid():
        with refusal:
            participation, created = services.participation_apply(
                session=session,
                employer=request.employer,
                vacancies=form.cleaned_data["vacancies"],
                actor=request.user,
                recruiter_count=form.cleaned_data["recruiter_count"],
                needs=form.cleaned_data["needs"],
            )
            if created or participation.status == Participation.Status.APPLIED:
                messages.success(request, _("Your booth request has been sent. The centre will decide on it."))
            else:
                messages.info(request, _("You have already asked for a booth at this session."))
            return redirect("employer:dashboard")
    context = {
        "session": session,
        "form": form,
        "existing": existing,
        "active": active,
        "refusal": refusal.text,
        "employer": request.employer,
        "is_verified": request.employer.is_verified,
    }
    return render(request, "sessions/employer/booth_request.html", context, status=refusal.status)


@employer_area
@require_http_methods(["GET", "POST"])
def booth_withdraw(request, pk):
    """Asked first (GET: what is given up, an approved booth's number above all; a tap on a phone is easy), then
    done (POST)."""
    participation = get_object_or_404(
        Participation.objects.select_related("session__venue"), pk=pk, employer=request.employer
    )
    if request.method == "GET":
        return render(request, "sessions/employer/booth_withdraw.html", {"booth": participation})
    with ServiceRefusal() as refusal:
        services.participation_withdraw(participation=participation, actor=request.user)
        messages.success(request, _("Your booth request has been withdrawn."))
    if refusal.text:
        messages.error(request, refusal.text)
    return redirect("employer:dashboard")


@employer_area
@require_POST
def booth_room(request, pk):
    """The employer sets the online interview room of its approved booth at an online or hybrid session (staff can
    set it on the session's page too); the people registered for its vacancies see it."""
    participation = get_object_or_404(Participation.objects.select_related("session"), pk=pk, employer=request.employer)
    form = OnlineRoomForm(request.POST)
    with ServiceRefusal() as refusal:
        if not form.is_valid():
            raise ValidationError(form.errors.get("online_room_url", [_("Check the link.")]))
        services.participation_set_online_room(
            participation=participation, actor=request.user, online_room_url=form.cleaned_data["online_room_url"]
        )
        messages.success(request, _("The online interview room has been saved."))
    if refusal.text:
        messages.error(request, refusal.text)
    return redirect(f"{reverse('employer:dashboard')}#booth-{participation.pk}")


def _approved_booth(request, session_pk) -> Participation:
    booth = (
        Participation.objects.filter(
            session_id=session_pk, employer=request.employer, status=Participation.Status.APPROVED
        )
        .select_related("session")
        .first()
    )
    if booth is None:
        get_object_or_404(selectors.session_list(), pk=session_pk)  # a session that does not exist: 404
        raise PermissionDenied(_("You see the candidates of a session once the centre has approved your booth."))
    return booth


def _candidate_rows(request, booth: Participation, bound_form: tuple[int, InterviewForm] | None = None):
    session = booth.session
    day = timezone.localtime(session.starts_at).date()
    booth_vacancies = booth.vacancies.order_by("title")
    rows = []
    for registration in selectors.candidate_list(session=session, employer=request.employer):
        form = InterviewForm(vacancies=booth_vacancies, prefix=f"c{registration.pk}")
        if bound_form is not None and bound_form[0] == registration.pk:
            form = bound_form[1]
        rows.append(
            {
                "registration": registration,
                "person": registration.job_seeker,
                "age_band": age_band(registration.job_seeker.date_of_birth, day),
                "vacancies": registration.listed_vacancies,
                "interviews": registration.listed_interviews,
                "cohorts": [m.cohort for m in registration.job_seeker.listed_memberships],
                "form": form,
            }
        )
    return rows


@employer_area
@require_GET
def candidates(request, session_pk):
    booth = _approved_booth(request, session_pk)
    rows = _candidate_rows(request, booth)
    record_candidates_seen(request, [row["registration"] for row in rows])  # issue 11 item 7
    context = {"booth": booth, "session": booth.session, "rows": rows}
    return render(request, "sessions/employer/candidates.html", context)


@employer_area
@require_POST
def interview_record(request, session_pk, registration_pk):
    booth = _approved_booth(request, session_pk)
    registration = get_object_or_404(
        selectors.candidate_list(session=booth.session, employer=request.employer), pk=registration_pk
    )
    form = InterviewForm(request.POST, vacancies=booth.vacancies.all(), prefix=f"c{registration.pk}")
    refusal = ServiceRefusal(form, on_form=True)
    if form.is_valid():
        with refusal:
            services.interview_record(
                registration=registration,
                vacancy=form.cleaned_data["vacancy"],
                actor=request.user,
                result=form.cleaned_data["result"],
                notes=form.cleaned_data["notes"],
            )
            messages.success(
                request,
                _("The interview of %(name)s has been recorded.") % {"name": registration.job_seeker.full_name},
            )
            return redirect(reverse("employer:candidates", args=[booth.session_id]) + f"#candidate-{registration.pk}")
    context = {
        "booth": booth,
        "session": booth.session,
        "rows": _candidate_rows(request, booth, bound_form=(registration.pk, form)),
    }
    return render(request, "sessions/employer/candidates.html", context, status=refusal.status)


def _own_interviews(request):
    return (
        Interview.objects.filter(vacancy__employer=request.employer)
        .select_related("registration__session", "registration__job_seeker", "vacancy", "outcome")
        .order_by("-registration__session__starts_at", "-id")
    )


@employer_area
@require_GET
def interviews(request):
    return render(request, "sessions/employer/interviews.html", {"interviews": _own_interviews(request)})


@employer_area
@require_http_methods(["GET", "POST"])
def outcome(request, pk):
    interview = get_object_or_404(_own_interviews(request), pk=pk)
    current = getattr(interview, "outcome", None)
    initial = {"seen": interview.version()}
    if current is not None:
        initial |= {
            "status": current.status,
            "start_date": current.start_date,
            "monthly_salary": current.monthly_salary,
        }
    form = OutcomeForm(request.POST if request.method == "POST" else None, initial=initial)
    refusal = ServiceRefusal(form)
    if request.method == "POST" and form.is_valid():
        with refusal:
            services.hiring_outcome_record(
                interview=interview,
                actor=request.user,
                status=form.cleaned_data["status"],
                start_date=form.cleaned_data["start_date"],
                monthly_salary=form.cleaned_data["monthly_salary"],
                seen_version=form.cleaned_data["seen"] or None,
            )
            messages.success(
                request,
                _("The outcome for %(name)s has been recorded.")
                % {"name": interview.registration.job_seeker.full_name},
            )
            return redirect("employer:interviews")
        if refusal.text:  # refused (saved meanwhile by someone else, say): the entries stay, and saving them again
            # after a look is taken, as the page now carries the version of what is saved
            form.data = form.data.copy()
            form.data["seen"] = Interview.objects.select_related("outcome").get(pk=interview.pk).version()
    context = {"interview": interview, "form": form, "refusal": refusal.text}
    return render(request, "sessions/employer/outcome.html", context, status=refusal.status)


class InviteForm(SiteFormMixin, forms.Form):
    email = forms.EmailField(label=_("Your colleague's e-mail"), max_length=254)


@employer_area
@require_http_methods(["GET", "POST"])
def colleagues(request):
    """ "Đồng nghiệp": the people who act for the company; invite one by e-mail, remove one."""
    employer = request.employer
    form = InviteForm(request.POST if request.method == "POST" and not request.staff_view else None)
    if form.is_bound and form.is_valid():
        with ServiceRefusal(form, on_form=True):
            account_colleagues.employer_invitation_create(actor=request.user, email=form.cleaned_data["email"])
            messages.success(request, _("The invitation has been sent to %(email)s.") % form.cleaned_data)
            return redirect("employer:colleagues")
    users = User.objects.filter(employer=employer, is_active=True).order_by("date_joined", "id")
    pending = employer.invitations.filter(used_at__isnull=True, expires_at__gt=timezone.now())
    context = {"employer": employer, "form": form, "users": users, "pending": pending}
    return render(request, "sessions/employer/colleagues.html", context)


@employer_area
@require_POST
def colleague_remove(request, pk):
    colleague = get_object_or_404(User, pk=pk, employer=request.employer, is_active=True)
    with ServiceRefusal() as refusal:
        account_colleagues.employer_user_remove(actor=request.user, user=colleague)
        messages.success(request, _("%(who)s can no longer act for the company.") % {"who": colleague.email})
    if refusal.text:
        messages.error(request, refusal.text)
    return redirect("employer:colleagues")
