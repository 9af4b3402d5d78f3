"""Interviews and hiring outcomes entered for a session in one table, and the follow-up after it."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.decorators import staff_required
from jobfair.forms import ServiceRefusal
from jobfair.paging import paginate
from sessions import selectors, services
from sessions.models import HiringOutcome, Interview
from sessions.web.staff.common import session_or_404
from sessions.web.staff.forms import FollowUpForm, InterviewRowForm, NewInterviewForm

FOLLOW_UP_PAGE_SIZE = 50


INTERVIEWS_PAGE_SIZE = 100


@staff_required
def interviews(request, pk):
    """The session's interviews in one table, result and outcome entered row by row; a job day's are filtered by
    employer and paged."""
    session = session_or_404(pk)
    booths = list(selectors.session_booths(session))
    employer_id = request.GET.get("employer")
    employer = next((b.employer for b in booths if str(b.employer_id) == employer_id), None)
    vacancies = selectors.session_vacancies(session)
    rows = (
        Interview.objects.filter(registration__session=session)
        .select_related("registration__job_seeker", "vacancy__employer", "outcome")
        .order_by("registration__job_seeker__full_name", "vacancy__title", "pk")
    )
    if employer is not None:
        vacancies = vacancies.filter(employer=employer)
        rows = rows.filter(vacancy__employer=employer)
    row_post = request.method == "POST" and bool(request.POST.get("interview"))
    new_form = NewInterviewForm(
        request.POST if request.method == "POST" and not row_post else None, session=session, vacancies=vacancies
    )
    refusal = None
    if request.method == "POST":
        if row_post:
            if not request.POST["interview"].isdigit():
                return render(request, "400.html", {"message": _("Choose a row of the table.")}, status=400)
            interview = get_object_or_404(Interview, pk=request.POST["interview"], registration__session=session)
            row = InterviewRowForm(request.POST)
            if row.is_valid():
                data = row.cleaned_data
                with ServiceRefusal() as refused:
                    services.interview_result_and_outcome_record(
                        interview=interview,
                        actor=request.user,
                        result=data["result"],
                        outcome_status=data["outcome"],
                        start_date=data["start_date"],
                        monthly_salary=data["monthly_salary"],
                    )
                    messages.success(request, _("Saved."))
                    return redirect(request.get_full_path())
                refusal = refused.text
            else:
                refusal = _("Check the row: %(errors)s") % {"errors": " ".join(row.errors.get("__all__", [])) or ""}
        elif new_form.is_valid():
            with ServiceRefusal() as refused:
                services.interview_record(
                    registration=new_form.cleaned_data["person"],
                    vacancy=new_form.cleaned_data["vacancy"],
                    actor=request.user,
                    result=new_form.cleaned_data["result"],
                )
                messages.success(request, _("The interview was recorded."))
                return redirect(request.get_full_path())
            refusal = refused.text
    return render(
        request,
        "sessions/staff/interviews.html",
        {
            "session": session,
            "booths": booths,
            "employer": employer,
            **paginate(request, rows, per_page=INTERVIEWS_PAGE_SIZE),
            "new_form": new_form,
            "refusal": refusal,
            "results": Interview.Result.choices,
            "outcomes": HiringOutcome.Status.choices,
        },
        status=409 if refusal else (400 if new_form.errors else 200),
    )


@staff_required
def follow_up(request):
    now = timezone.now()
    refusal = None
    if request.method == "POST":
        outcome = get_object_or_404(HiringOutcome, pk=request.POST.get("outcome"))
        form = FollowUpForm(request.POST)
        if form.is_valid():
            with ServiceRefusal() as refused:
                services.hiring_outcome_follow_up(outcome=outcome, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The check was recorded."))
                return redirect(request.get_full_path())  # back to the same pages of the lists
            refusal = refused.text
        else:
            refusal = _("Choose the answer.")
    without_outcome = (
        selectors.interviews_awaiting_outcome()
        .filter(registration__session__ends_at__lt=now)
        .select_related("registration__job_seeker", "registration__session", "vacancy__employer")
        .order_by("registration__session__starts_at", "pk")
    )
    started = HiringOutcome.objects.filter(status=HiringOutcome.Status.STARTED).select_related(
        "interview__registration__job_seeker", "interview__vacancy__employer"
    )
    today = timezone.localdate()
    due_30 = started.filter(checked_30_days_at__isnull=True, start_date__lte=today - timedelta(days=30))
    due_90 = started.filter(checked_90_days_at__isnull=True, start_date__lte=today - timedelta(days=90))
    return render(
        request,
        "sessions/staff/follow_up.html",
        {
            # three lists, each paged on its own
            "without_outcome": paginate(request, without_outcome, per_page=FOLLOW_UP_PAGE_SIZE, param="page_outcomes"),
            "due_30": paginate(
                request, due_30.order_by("start_date", "pk"), per_page=FOLLOW_UP_PAGE_SIZE, param="page_30"
            ),
            "due_90": paginate(
                request, due_90.order_by("start_date", "pk"), per_page=FOLLOW_UP_PAGE_SIZE, param="page_90"
            ),
            "refusal": refusal,
        },
        status=409 if refusal else 200,
    )
