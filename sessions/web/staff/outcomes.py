"""Interviews and hiring outcomes entered for a session in one table, and the follow-up after it."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.access import Kind, record_access
from accounts.decorators import staff_required
from jobfair.forms import ServiceRefusal, form_errors_text, posted_pk
from jobfair.paging import paginate
from sessions import selectors, services
from sessions.models import FollowUpContact, HiringOutcome, Interview
from sessions.web.staff.common import session_or_404
from sessions.web.staff.forms import (
    FollowUpContactForm,
    FollowUpFilterForm,
    FollowUpForm,
    InterviewRowForm,
    NewInterviewForm,
)

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
            if (interview_pk := posted_pk(request.POST["interview"])) is None:
                return render(request, "400.html", {"message": _("Choose a row of the table.")}, status=400)
            interview = get_object_or_404(Interview, pk=interview_pk, registration__session=session)
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
                        seen_version=data["seen"] or None,
                    )
                    messages.success(request, _("Saved."))
                    return redirect(request.get_full_path())
                refusal = refused.text
            else:
                refusal = _("Check the row: %(errors)s") % {"errors": form_errors_text(row)}
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


def _prepare_rows(rows, *, days: int | None, failed: dict | None) -> None:
    """Give each outcome row its check day and the contact form that was just refused for it (typed values kept)."""
    for outcome in rows:
        if days is not None:
            outcome.due_on = outcome.start_date + timedelta(days=days)
        if failed is not None and failed["outcome"] == outcome.pk and failed["due"] == str(days):
            outcome.contact_form = failed["form"]


@staff_required
def follow_up(request):
    """After the sessions: interviews still without an outcome, the 30- and 90-day checks of people who started
    work, and people interviewed but not hired with a next step to offer, filtered by session, employer and what is
    due. Each check row carries both phones (a read of the person's
    contact details, recorded) and the calls staff made, each with its result and note; a call is noted without
    recording the check, and the check itself only once it is due."""
    now = timezone.now()
    today = timezone.localdate()
    refusal, failed, status = None, None, 200
    if request.method == "POST":
        if (outcome_pk := posted_pk(request.POST.get("outcome"))) is None:
            return render(request, "400.html", {"message": _("Choose a row of the list.")}, status=400)
        outcome = get_object_or_404(HiringOutcome, pk=outcome_pk)
        if request.POST.get("action") == "contact":
            form = FollowUpContactForm(request.POST)
            if form.is_valid():
                with ServiceRefusal(form) as refused:
                    services.follow_up_contact_record(outcome=outcome, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("The call was noted."))
                    return redirect(request.get_full_path())  # back to the same filters and pages
                refusal = refused.text
            # nothing is lost: the row shows the result and the note as typed, with what to correct
            failed = {"outcome": outcome.pk, "due": request.POST.get("due", ""), "form": form}
            status = 409 if refusal else 400
            refusal = refusal or _("The call was not noted: %(errors)s") % {"errors": form_errors_text(form)}
        else:
            form = FollowUpForm(request.POST)
            if form.is_valid():
                with ServiceRefusal() as refused:
                    services.hiring_outcome_follow_up(outcome=outcome, actor=request.user, **form.cleaned_data)
                    messages.success(request, _("The check was recorded."))
                    return redirect(request.get_full_path())  # back to the same pages of the lists
                refusal = refused.text
            else:
                refusal = _("Choose the answer.")
            status = 409

    filters_form = FollowUpFilterForm(request.GET, now=now)
    if not filters_form.is_valid():
        status = status if status != 200 else 400  # the wrong filter is shown and left out; the rest apply
    chosen = filters_form.cleaned_data
    due = chosen.get("due") or ""
    filters = {"session": chosen.get("session"), "employer_text": chosen.get("employer") or ""}

    lists = {"without_outcome": None, "due_30": None, "due_90": None, "done": None, "to_call": None, "to_refer": None}
    if due == "":
        # people who did not come to several sessions: a call to ask how the centre can help, never a block
        lists["to_call"] = paginate(
            request,
            selectors.people_with_repeated_no_shows(now=now),
            per_page=FOLLOW_UP_PAGE_SIZE,
            param="page_calls",
        )
        without_outcome = (
            selectors.follow_up_filter(
                selectors.interviews_awaiting_outcome().filter(registration__session__ends_at__lt=now),
                path="",
                **filters,
            )
            .select_related("registration__job_seeker", "registration__session", "vacancy__employer")
            .order_by("registration__session__starts_at", "pk")
        )
        lists["without_outcome"] = paginate(
            request, without_outcome, per_page=FOLLOW_UP_PAGE_SIZE, param="page_outcomes"
        )
    for days in (30, 90):
        if due in ("", str(days), "overdue"):
            checks = selectors.follow_up_checks_due(days, today=today, overdue=due == "overdue", **filters)
            lists[f"due_{days}"] = paginate(request, checks, per_page=FOLLOW_UP_PAGE_SIZE, param=f"page_{days}")
            _prepare_rows(lists[f"due_{days}"]["page"].object_list, days=days, failed=failed)
    if due == "done":
        lists["done"] = paginate(
            request, selectors.follow_up_checks_done(today=today, **filters), per_page=FOLLOW_UP_PAGE_SIZE
        )
        _prepare_rows(lists["done"]["page"].object_list, days=None, failed=None)

    if due in ("", "referral"):
        to_refer = (
            selectors.follow_up_filter(selectors.interviews_to_refer(now=now), path="", **filters)
            .select_related("registration__job_seeker", "registration__session", "vacancy__employer", "outcome")
            .order_by("-registration__session__starts_at", "pk")
        )
        lists["to_refer"] = paginate(request, to_refer, per_page=FOLLOW_UP_PAGE_SIZE, param="page_refer")

    people = [
        outcome.interview.registration.job_seeker_id
        for name in ("due_30", "due_90", "done")
        if lists[name] is not None
        for outcome in lists[name]["page"].object_list
    ]
    if lists["to_refer"] is not None:
        people += [interview.registration.job_seeker_id for interview in lists["to_refer"]["page"].object_list]
    if lists["to_call"] is not None:
        people += [person.pk for person in lists["to_call"]["page"].object_list]
    record_access(request, Kind.CONTACT, job_seeker_ids=people)  # their phones are on the rows
    return render(
        request,
        "sessions/staff/follow_up.html",
        {
            **lists,  # each list paged on its own
            "filters_form": filters_form,
            "due": due,
            "overdue_after_days": selectors.FOLLOW_UP_OVERDUE_AFTER_DAYS,
            "repeated_no_shows": selectors.REPEATED_NO_SHOWS,
            "contact_results": FollowUpContact.Result.choices,
            "refusal": refusal,
        },
        status=status,
    )
