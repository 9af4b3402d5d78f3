"""The public site: upcoming sessions, a session's page, vacancies, the privacy notice.

Thin: forms check the input, sessions.selectors read. Nothing here writes.
"""

from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods
from django.views.decorators.vary import vary_on_headers

from accounts import services as accounts_services
from accounts.models import JobSeeker
from accounts.permissions import is_employer_user, is_job_seeker_user
from jobfair.links import InvalidLink
from jobfair.paging import paginate
from sessions import selectors
from sessions.models import Participation, Registration, SessionFormat
from sessions.notifications.invitations import read_unsubscribe_token
from sessions.web.public.forms import SessionSearchForm, VacancySearchForm

PAGE_SIZE = 20
RegStatus = Registration.Status


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true" and not request.headers.get("HX-History-Restore-Request")


@require_GET
@vary_on_headers("HX-Request")
def home(request):
    """Upcoming sessions with filters (kind, group, ward, dates, accent-insensitive search)."""
    upcoming = selectors.upcoming_sessions()
    form = SessionSearchForm(request.GET, sessions=upcoming)
    paging = paginate(request, form.filter(upcoming), per_page=PAGE_SIZE)
    context = {"form": form, **paging, "is_htmx": _is_htmx(request)}
    if context["is_htmx"]:
        return render(request, "sessions/_session_results.html", context)
    return render(request, "sessions/home.html", context)


@require_GET
def session_detail(request, pk):
    session = get_object_or_404(selectors.session_with_counts(selectors.sessions_visible_to(request.user)), pk=pk)
    now = timezone.now()
    my_registration = None
    cohort_membership = None  # the person's group that lets them into a cohort-only session
    asked_to_be_told = False  # "tell me when registration opens"
    if is_job_seeker_user(request.user):
        job_seeker = request.user.job_seeker
        my_registration = (
            Registration.objects.filter(session=session, job_seeker=job_seeker)
            .exclude(status=RegStatus.CANCELLED)
            .first()
        )
        if session.cohort_only:
            cohort_membership = session.cohort_membership_of(job_seeker)
        asked_to_be_told = session.registration_alerts.filter(job_seeker=job_seeker).exists()
    my_booth = None
    if is_employer_user(request.user):
        my_booth = Participation.objects.filter(session=session, employer_id=request.user.employer_id).first()
    context = {
        "session": session,
        "booths": selectors.session_booths(session, public=True),  # read only when the cached list is stale
        "booths_stamp": selectors.session_booths_stamp(session, public=True),
        "seats_remaining": selectors.seats_remaining(session),
        "registration_state": session.registration_state(now),
        "my_registration": my_registration,
        "cohort_membership": cohort_membership,
        "asked_to_be_told": asked_to_be_told,
        "cohort_blocked": session.cohort_only and is_job_seeker_user(request.user) and cohort_membership is None,
        "my_booth": my_booth,
        "takes_booths": session.takes_booths(now),
        "is_online": session.format != SessionFormat.IN_PERSON,
    }
    return render(request, "sessions/session_detail.html", context)


@require_GET
@vary_on_headers("HX-Request")
def vacancy_list(request):
    upcoming = selectors.upcoming_sessions()
    form = VacancySearchForm(request.GET, sessions=upcoming)
    vacancies = form.filter(selectors.vacancy_list().select_related("ward", "ward__province")).order_by(
        "-created_at", "-id"
    )
    paging = paginate(request, vacancies, per_page=PAGE_SIZE)
    context = {"form": form, **paging, "is_htmx": _is_htmx(request)}
    if context["is_htmx"]:
        return render(request, "sessions/_vacancy_results.html", context)
    return render(request, "sessions/vacancy_list.html", context)


@require_GET
def vacancy_detail(request, pk):
    vacancy = get_object_or_404(selectors.vacancy_list().select_related("ward", "ward__province"), pk=pk)
    sessions = selectors.upcoming_sessions().filter(
        participations__vacancies=vacancy, participations__status=Participation.Status.APPROVED
    )
    return render(request, "sessions/vacancy_detail.html", {"vacancy": vacancy, "sessions": sessions})


@require_GET
def privacy(request):
    return render(request, "sessions/privacy.html")


@require_http_methods(["GET", "POST"])
def invitations_stop(request, token):
    """The unsubscribe link of every invitation (issue 15 item 2), signed in or not: the page says what stops and
    asks for one button (a GET changes nothing, so a mail scanner opening the link unsubscribes nobody)."""
    try:
        person = JobSeeker.objects.filter(pk=read_unsubscribe_token(token), anonymised_at__isnull=True).first()
    except InvalidLink:
        person = None
    if person is None:
        return render(request, "sessions/rebook_invalid.html", status=404)
    stopped = False
    if request.method == "POST":
        accounts_services.job_seeker_update(
            job_seeker=person, actor=None, invite_for_groups=False, invite_for_matches=False
        )
        stopped = True
    response = render(
        request,
        "sessions/invitations_stop.html",
        {"stopped": stopped or not (person.invite_for_groups or person.invite_for_matches)},
    )
    response["Referrer-Policy"] = "same-origin"  # the token is in the address (and the form's Origin must stay)
    response["Cache-Control"] = "private, no-store"
    return response
