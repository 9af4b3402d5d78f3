"""The staff console: the centre's day (dashboard), planning, the session desk, interviews and outcomes,
follow-up, employer verification, the plan and the reports.

Signed-in centre staff only (accounts.permissions.is_staff_user): anonymous visitors are sent to sign in, other
roles get 403. Pages are thin: every change goes through a service, and a refusal by a business rule
(BusinessRuleError) or a service's ValidationError is shown next to the action, never as a 500.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Exists, OuterRef, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import services as account_services
from accounts.decorators import staff_required
from accounts.forms import add_service_errors
from accounts.models import Employer, Verification
from jobfair.errors import BusinessRuleError
from sessions import delivery, report_export, reports, selectors, services
from sessions.forms_staff import (
    CancelForm,
    CheckInForm,
    FollowUpForm,
    InterviewRowForm,
    MoveForm,
    NewInterviewForm,
    SeriesForm,
    SessionForm,
    SummaryForm,
    VerifyForm,
    local_datetime,
)
from sessions.models import (
    HiringOutcome,
    Interview,
    JobSession,
    Notification,
    Participation,
    PlanMetric,
    PlanTarget,
    Registration,
    SessionStatus,
    Vacancy,
    Venue,
)

RegStatus = Registration.Status


def _refusal(exc: Exception) -> str:
    if isinstance(exc, BusinessRuleError):
        return exc.detail
    if isinstance(exc, ValidationError):
        return " ".join(exc.messages)
    return str(exc)


def _session(pk: int) -> JobSession:
    return get_object_or_404(JobSession.objects.select_related("venue"), pk=pk)


def _chart_rows(metrics: dict) -> list[dict]:
    return [
        {"metric": key, "label": str(item["label"]), "value": item["value"], "target": item["target"]}
        for key, item in metrics.items()
    ]


# --- dashboard ------------------------------------------------------------------------------------------------


@staff_required
@require_GET
def dashboard(request):
    today = timezone.localdate()
    week_start = today - timedelta(days=today.weekday())
    week_end = week_start + timedelta(days=7)
    sessions = selectors.session_with_counts(
        JobSession.objects.select_related("venue").filter(
            starts_at__gte=local_datetime(week_start, time.min),
            starts_at__lt=local_datetime(week_end, time.min),
        )
    ).order_by("starts_at")
    sessions = list(sessions)
    todays = [s for s in sessions if timezone.localtime(s.starts_at).date() == today]
    pending_employers = Employer.objects.filter(verification=Verification.PENDING).order_by("created_at")
    booth_requests = (
        Participation.objects.filter(status=Participation.Status.APPLIED, session__status=SessionStatus.PUBLISHED)
        .select_related("session", "employer")
        .order_by("created_at")
    )
    failed = Notification.objects.filter(status=Notification.Status.FAILED).order_by("-updated_at")
    counts = {
        "pending_employers": pending_employers.count(),
        "booth_requests": booth_requests.count(),
        "failed": failed.count(),
    }
    progress = reports.summary(date(today.year, 1, 1), date(today.year, 12, 31))
    return render(
        request,
        "sessions/staff/dashboard.html",
        {
            "today": today,
            "todays": todays,
            "week": sessions,
            "pending_employers": list(pending_employers[:10]),
            "booth_requests": list(booth_requests[:10]),
            "failed": list(failed[:10]),
            "counts": counts,
            "progress": progress,
            "chart": _chart_rows(progress["metrics"]),
            "year": today.year,
        },
    )


@staff_required
@require_POST
def notification_retry(request, pk):
    notification = get_object_or_404(Notification, pk=pk)
    if delivery.notification_retry(notification=notification, actor=request.user):
        messages.success(request, _("The notice will be sent again."))
    else:
        messages.error(request, _("This notice is not failed any more."))
    return redirect("staff:dashboard")


@staff_required
@require_POST
def booth_decide(request, pk):
    participation = get_object_or_404(Participation, pk=pk)
    try:
        if request.POST.get("decision") == "approve":
            services.participation_approve(participation=participation, actor=request.user)
            messages.success(request, _("The booth was approved."))
        else:
            services.participation_reject(participation=participation, actor=request.user)
            messages.success(request, _("The booth request was rejected."))
    except (BusinessRuleError, ValidationError) as exc:
        messages.error(request, _refusal(exc))
    return redirect("staff:dashboard")


# --- planner --------------------------------------------------------------------------------------------------


@staff_required
@require_GET
def planner(request):
    """The calendar: one week, one row per venue, one column per day."""
    try:
        week_of = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        week_of = timezone.localdate()
    week_start = week_of - timedelta(days=week_of.weekday())
    days = [week_start + timedelta(days=n) for n in range(7)]
    venues = list(Venue.objects.filter(is_active=True).order_by("name"))
    venue_id = request.GET.get("venue")
    if venue_id and venue_id.isdigit():
        venues = [v for v in venues if v.pk == int(venue_id)]
    sessions = JobSession.objects.filter(
        starts_at__gte=local_datetime(days[0], time.min),
        starts_at__lt=local_datetime(days[-1] + timedelta(days=1), time.min),
    ).order_by("starts_at")
    grid: dict[tuple[int | None, date], list[JobSession]] = {}
    for session in sessions:
        grid.setdefault((session.venue_id, timezone.localtime(session.starts_at).date()), []).append(session)
    rows = [{"venue": venue, "cells": [grid.get((venue.pk, day), []) for day in days]} for venue in venues]
    online = [grid.get((None, day), []) for day in days]
    holidays = services.vietnamese_holidays(days[0], days[-1])
    return render(
        request,
        "sessions/staff/planner.html",
        {
            "days": [{"day": day, "holiday": holidays.get(day)} for day in days],
            "rows": rows,
            "online": online if any(online) else None,
            "previous_week": (week_start - timedelta(days=7)).isoformat(),
            "next_week": (week_start + timedelta(days=7)).isoformat(),
            "week_start": week_start,
            "all_venues": Venue.objects.filter(is_active=True).order_by("name"),
            "venue_id": venue_id,
        },
    )


@staff_required
@require_POST
def clash_check(request):
    """HTMX: the sessions that would clash with the slot being typed, shown before saving."""
    exclude = request.POST.get("exclude_id")
    form_class = MoveForm if exclude else SessionForm
    form = form_class(request.POST, initial={"exclude_id": int(exclude) if exclude and exclude.isdigit() else None})
    form.is_valid()
    slot = form.slot() if all(form.cleaned_data.get(n) for n in ("day", "start_time", "end_time")) else None
    clashes = []
    if slot and slot[0] is not None:
        venue, starts_at, ends_at = slot
        clashes = list(
            services.venue_clashes(
                venue=venue, starts_at=starts_at, ends_at=ends_at, exclude_id=form.initial.get("exclude_id")
            )
        )
    return render(request, "sessions/staff/_clash.html", {"clashes": clashes, "checked": slot is not None})


@staff_required
def session_new(request):
    form = SessionForm(request.POST or None)
    clashes = []
    if request.method == "POST" and form.is_valid():
        venue, starts_at, ends_at = form.slot()
        data = form.cleaned_data
        extra = {"job_seeker_capacity": data["job_seeker_capacity"]} if data["job_seeker_capacity"] is not None else {}
        try:
            session = services.session_create(
                actor=request.user,
                title=data["title"],
                kind=data["kind"],
                format=data["format"],
                venue=venue,
                starts_at=starts_at,
                ends_at=ends_at,
                online_url=data["online_url"],
                description=data["description"],
                employer_capacity=data["employer_capacity"],
                **extra,
            )
        except ValidationError as exc:
            add_service_errors(form, exc, {"starts_at": "day", "ends_at": "end_time"})
        except BusinessRuleError as exc:
            form.add_error(None, exc.detail)
        else:
            messages.success(request, _("Session %(code)s was created as a draft.") % {"code": session.code})
            return redirect("staff:session", pk=session.pk)
    return render(request, "sessions/staff/session_form.html", {"form": form, "clashes": clashes})


@staff_required
def series_new(request):
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            series, created = services.session_series_create(actor=request.user, **data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        except BusinessRuleError as exc:
            form.add_error(None, exc.detail)
        else:
            text = _("%(count)d sessions were created as drafts.") % {"count": len(created)}
            if series.skipped_dates:
                text += " " + _("Skipped public holidays: %(dates)s.") % {
                    "dates": ", ".join(date.fromisoformat(d).strftime("%d/%m/%Y") for d in series.skipped_dates)
                }
            messages.success(request, text)
            first = created[0].starts_at if created else timezone.now()
            return redirect(f"{reverse('staff:planner')}?week={timezone.localtime(first).date().isoformat()}")
    return render(request, "sessions/staff/series_form.html", {"form": form})


@staff_required
def session_manage(request, pk):
    session = _session(pk)
    local_start, local_end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    move_form = MoveForm(
        initial={
            "venue": session.venue_id,
            "day": local_start.date(),
            "start_time": local_start.time(),
            "end_time": local_end.time(),
        }
    )
    cancel_form = CancelForm()
    refusal = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "publish":
                services.session_publish(session=session, actor=request.user)
                messages.success(request, _("The session is published."))
            elif action == "complete":
                services.session_complete(session=session, actor=request.user)
                messages.success(request, _("The session is marked as held."))
            elif action == "cancel":
                cancel_form = CancelForm(request.POST)
                if not cancel_form.is_valid():
                    raise ValidationError(cancel_form.errors.get("reason", [_("Give a reason.")]))
                services.session_cancel(session=session, actor=request.user, reason=cancel_form.cleaned_data["reason"])
                messages.success(request, _("The session is cancelled and everyone registered is told."))
            elif action == "move":
                move_form = MoveForm(request.POST)
                if not move_form.is_valid():
                    raise ValidationError(_("Check the new date and hours."))
                venue, starts_at, ends_at = move_form.slot()
                changes = {"venue": venue, "starts_at": starts_at, "ends_at": ends_at}
                if session.registration_closes_at == session.ends_at or session.registration_closes_at > ends_at:
                    changes["registration_closes_at"] = ends_at
                if session.registration_opens_at > starts_at:
                    changes["registration_opens_at"] = min(timezone.now(), starts_at - timedelta(days=1))
                services.session_update(session=session, actor=request.user, **changes)
                messages.success(request, _("The session was moved; everyone registered is told."))
            else:
                raise ValidationError(_("Unknown action."))
        except (BusinessRuleError, ValidationError) as exc:
            refusal = _refusal(exc)
        else:
            return redirect("staff:session", pk=session.pk)
    session = selectors.session_with_counts(JobSession.objects.select_related("venue", "series")).get(pk=pk)
    return render(
        request,
        "sessions/staff/session.html",
        {"session": session, "move_form": move_form, "cancel_form": cancel_form, "refusal": refusal},
        status=409 if refusal else 200,
    )


# --- the desk -------------------------------------------------------------------------------------------------


def _desk_counts(session: JobSession) -> dict:
    counts = Registration.objects.filter(session=session).aggregate(
        attended=Count("pk", filter=Q(status=RegStatus.ATTENDED)),
        holding=Count("pk", filter=Q(status__in=Registration.SEAT_HOLDING)),
        waitlisted=Count("pk", filter=Q(status=RegStatus.WAITLISTED)),
        walk_ins=Count("pk", filter=Q(source=Registration.Source.WALK_IN) & ~Q(status=RegStatus.CANCELLED)),
    )
    counts["seats"] = session.job_seeker_capacity
    return counts


@staff_required
@require_GET
def desk(request, pk):
    session = _session(pk)
    recent = (
        Registration.objects.filter(session=session, status=RegStatus.ATTENDED)
        .select_related("job_seeker")
        .order_by("-checked_in_at")[:10]
    )
    from sessions.forms_staff import WalkInForm

    return render(
        request,
        "sessions/staff/desk.html",
        {
            "session": session,
            "counts": _desk_counts(session),
            "check_in_form": CheckInForm(),
            "walk_in_form": WalkInForm(),
            "recent": recent,
        },
    )


@staff_required
@require_GET
def desk_counts(request, pk):
    session = _session(pk)
    return render(request, "sessions/staff/_desk_counts.html", {"session": session, "counts": _desk_counts(session)})


@staff_required
@require_POST
def desk_check_in(request, pk):
    session = _session(pk)
    form = CheckInForm(request.POST)
    context = {"session": session, "ok": False}
    if not form.is_valid():
        context["message"] = _("Type or scan a check-in code.")
    else:
        try:
            registration, new = services.registration_check_in(
                code=form.cleaned_data["code"], actor=request.user, session=session
            )
        except BusinessRuleError as exc:
            context["message"] = exc.detail
        else:
            context.update(ok=True, registration=registration, new=new)
    if request.headers.get("HX-Request"):
        return render(request, "sessions/staff/_check_in_result.html", context)
    if context["ok"]:
        messages.success(request, _("%(name)s is checked in.") % {"name": context["registration"].job_seeker.full_name})
    else:
        messages.error(request, context["message"])
    return redirect("staff:desk", pk=session.pk)


@staff_required
@require_POST
def desk_walk_in(request, pk):
    from sessions.forms_staff import WalkInForm

    session = _session(pk)
    form = WalkInForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_walk_in(
                session=session,
                actor=request.user,
                full_name=data["full_name"],
                phone=data["phone"],
                citizen_id=data["citizen_id"] or None,
                sex=data["sex"],
                date_of_birth=data["date_of_birth"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except BusinessRuleError as exc:
            form.add_error(None, exc.detail)
        else:
            messages.success(
                request, _("%(name)s is registered and checked in.") % {"name": registration.job_seeker.full_name}
            )
            return redirect("staff:desk", pk=session.pk)
    return render(
        request,
        "sessions/staff/desk.html",
        {
            "session": session,
            "counts": _desk_counts(session),
            "check_in_form": CheckInForm(),
            "walk_in_form": form,
            "recent": [],
        },
        status=400,
    )


# --- interviews and outcomes ---------------------------------------------------------------------------------


@staff_required
def interviews(request, pk):
    session = _session(pk)
    registrations = (
        Registration.objects.filter(session=session, status__in=(RegStatus.CONFIRMED, RegStatus.ATTENDED))
        .select_related("job_seeker")
        .order_by("job_seeker__full_name")
    )
    vacancies = (
        Vacancy.objects.filter(participations__session=session, participations__status=Participation.Status.APPROVED)
        .select_related("employer")
        .distinct()
        .order_by("employer__name", "title")
    )
    new_form = NewInterviewForm(request.POST or None, registrations=registrations, vacancies=vacancies)
    refusal = None
    if request.method == "POST":
        if request.POST.get("interview"):
            interview = get_object_or_404(Interview, pk=request.POST["interview"], registration__session=session)
            row = InterviewRowForm(request.POST)
            if row.is_valid():
                data = row.cleaned_data
                try:
                    services.interview_record(
                        registration=interview.registration,
                        vacancy=interview.vacancy,
                        actor=request.user,
                        result=data["result"],
                        notes=interview.notes,
                    )
                    if data["outcome"]:
                        services.hiring_outcome_record(
                            interview=interview,
                            actor=request.user,
                            status=data["outcome"],
                            start_date=data["start_date"],
                            monthly_salary=data["monthly_salary"],
                        )
                except (BusinessRuleError, ValidationError) as exc:
                    refusal = _refusal(exc)
                else:
                    messages.success(request, _("Saved."))
                    return redirect("staff:interviews", pk=session.pk)
            else:
                refusal = _("Check the row: %(errors)s") % {"errors": " ".join(row.errors.get("__all__", [])) or ""}
        elif new_form.is_valid():
            try:
                services.interview_record(
                    registration=new_form.cleaned_data["registration"],
                    vacancy=new_form.cleaned_data["vacancy"],
                    actor=request.user,
                    result=new_form.cleaned_data["result"],
                )
            except (BusinessRuleError, ValidationError) as exc:
                refusal = _refusal(exc)
            else:
                messages.success(request, _("The interview was recorded."))
                return redirect("staff:interviews", pk=session.pk)
    rows = (
        Interview.objects.filter(registration__session=session)
        .select_related("registration__job_seeker", "vacancy__employer", "outcome")
        .order_by("registration__job_seeker__full_name", "vacancy__title")
    )
    return render(
        request,
        "sessions/staff/interviews.html",
        {
            "session": session,
            "rows": rows,
            "new_form": new_form,
            "refusal": refusal,
            "results": Interview.Result.choices,
            "outcomes": HiringOutcome.Status.choices,
        },
        status=409 if refusal else 200,
    )


# --- follow-up ------------------------------------------------------------------------------------------------


@staff_required
def follow_up(request):
    now = timezone.now()
    refusal = None
    if request.method == "POST":
        outcome = get_object_or_404(HiringOutcome, pk=request.POST.get("outcome"))
        form = FollowUpForm(request.POST)
        if form.is_valid():
            try:
                services.hiring_outcome_follow_up(outcome=outcome, actor=request.user, **form.cleaned_data)
            except (BusinessRuleError, ValidationError) as exc:
                refusal = _refusal(exc)
            else:
                messages.success(request, _("The check was recorded."))
                return redirect("staff:follow_up")
        else:
            refusal = _("Choose the answer.")
    without_outcome = (
        Interview.objects.filter(registration__session__ends_at__lt=now)
        .exclude(registration__session__status=SessionStatus.CANCELLED)
        .filter(~Exists(HiringOutcome.objects.filter(interview=OuterRef("pk"))))
        .exclude(result=Interview.Result.FAILED)
        .select_related("registration__job_seeker", "registration__session", "vacancy__employer")
        .order_by("registration__session__starts_at")[:200]
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
            "without_outcome": without_outcome,
            "due_30": due_30.order_by("start_date")[:200],
            "due_90": due_90.order_by("start_date")[:200],
            "refusal": refusal,
        },
        status=409 if refusal else 200,
    )


# --- employers ------------------------------------------------------------------------------------------------


@staff_required
def employers(request):
    refusal = None
    if request.method == "POST":
        employer = get_object_or_404(Employer, pk=request.POST.get("employer"))
        form = VerifyForm(request.POST)
        if form.is_valid():
            try:
                account_services.employer_verify(employer=employer, actor=request.user, **form.cleaned_data)
            except (BusinessRuleError, ValidationError) as exc:
                refusal = _refusal(exc)
            else:
                messages.success(request, _("The decision on %(name)s was saved.") % {"name": employer.name})
                return redirect("staff:employers")
        else:
            refusal = _("Choose a decision.")
    pending = Employer.objects.filter(verification=Verification.PENDING).select_related("ward").order_by("created_at")
    return render(
        request,
        "sessions/staff/employers.html",
        {"pending": pending, "refusal": refusal},
        status=409 if refusal else 200,
    )


# --- the plan -------------------------------------------------------------------------------------------------

PLAN_PERIODS = ("year", 1, 2, 3, 4)


@staff_required
def plan(request):
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    targets = {(t.metric, t.quarter): t.target for t in PlanTarget.objects.filter(year=year)}
    errors: list[str] = []
    if request.method == "POST":
        changed = 0
        for metric in PlanMetric.values:
            for period in PLAN_PERIODS:
                raw = (request.POST.get(f"{metric}-{period}") or "").strip().replace(".", "").replace(",", "")
                if not raw:
                    continue
                quarter = None if period == "year" else period
                try:
                    value = int(raw)
                except ValueError:
                    errors.append(_("%(value)s is not a whole number.") % {"value": raw})
                    continue
                if targets.get((metric, quarter)) == value:
                    continue
                try:
                    services.plan_target_set(
                        year=year, quarter=quarter, metric=metric, target=value, actor=request.user
                    )
                    changed += 1
                except (BusinessRuleError, ValidationError) as exc:
                    errors.append(_refusal(exc))
        if not errors:
            messages.success(request, _("%(count)d targets were saved.") % {"count": changed})
            return redirect(f"{reverse('staff:plan')}?year={year}")
        targets = {(t.metric, t.quarter): t.target for t in PlanTarget.objects.filter(year=year)}
    rows = [
        {
            "metric": metric,
            "label": label,
            "cells": [
                {"name": f"{metric}-{p}", "value": targets.get((metric, None if p == "year" else p)), "period": p}
                for p in PLAN_PERIODS
            ],
        }
        for metric, label in PlanMetric.choices
    ]
    return render(
        request,
        "sessions/staff/plan.html",
        {"year": year, "rows": rows, "errors": errors},
        status=400 if errors else 200,
    )


# --- reports --------------------------------------------------------------------------------------------------


@staff_required
@require_GET
def result_sheet(request, pk):
    session = _session(pk)
    sheet = reports.session_result_sheet(session)
    return render(request, "sessions/staff/result_sheet.html", {"session": session, "sheet": sheet})


@staff_required
@require_GET
def summary(request):
    data = request.GET.copy()
    if "period" not in data:
        data.update({"period": "year", "year": str(timezone.localdate().year)})
    form = SummaryForm(data)
    report = None
    if form.is_valid():
        start, end, group_by = form.cleaned_data["start"], form.cleaned_data["end"], form.cleaned_data["group_by"]
        file_format = request.GET.get("format")
        if file_format in ("xlsx", "csv"):
            # The files are in Vietnamese, like the API's (the centre's reports to the city).
            with translation.override("vi"):
                report = reports.summary(start, end, group_by)
                if file_format == "xlsx":
                    body, content_type = report_export.to_xlsx(report), report_export.XLSX_CONTENT_TYPE
                else:
                    body, content_type = report_export.to_csv(report), report_export.CSV_CONTENT_TYPE
            response = HttpResponse(body, content_type=content_type)
            response["Content-Disposition"] = f'attachment; filename="{report_export.filename(report, file_format)}"'
            return response
        report = reports.summary(start, end, group_by)
    query = data.copy()
    query.pop("format", None)
    breakdowns = []
    if report:
        for dimension in report["group_by"]:
            metrics = report["breakdown_metrics"][dimension]
            breakdowns.append(
                {
                    "dimension": dimension,
                    "label": reports.dimension_label(dimension),
                    "chart_id": f"chart-{dimension}",
                    "headers": [report["metrics"][m]["label"] for m in metrics],
                    "rows": [
                        {"key": row["key"], "label": row["label"], "values": [row["metrics"][m] for m in metrics]}
                        for row in report["breakdowns"][dimension]
                    ],
                    "chart": {
                        "labels": [row["label"] for row in report["breakdowns"][dimension]],
                        "series": [
                            {
                                "label": str(report["metrics"][m]["label"]),
                                "data": [r["metrics"][m] for r in report["breakdowns"][dimension]],
                            }
                            for m in metrics
                        ],
                    },
                }
            )
    return render(
        request,
        "sessions/staff/summary.html",
        {
            "form": form,
            "report": report,
            "chart": _chart_rows(report["metrics"]) if report else [],
            "breakdowns": breakdowns,
            "query": query.urlencode(),
        },
        status=200 if report else 400,
    )
