"""The centre's day: today's and this week's sessions, the work waiting (employers to verify, booth
requests, failed notices) and the year's progress against the plan."""

from __future__ import annotations

from datetime import date, time, timedelta

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts import identity
from accounts import services as account_services
from accounts.access import Kind, record_access
from accounts.decorators import staff_required
from accounts.models import CitizenIdClaim, Employer, Verification
from jobfair.forms import ServiceRefusal, posted_pk
from sessions import selectors, services
from sessions.models import JobSession, Notification, Participation, SessionStatus
from sessions.notifications import delivery
from sessions.reports import figures
from sessions.web.staff.common import chart_rows
from sessions.web.staff.forms import VerifyForm, local_datetime


@staff_required
@require_GET
def dashboard(request):
    today = timezone.localdate()
    week_start = today - timedelta(days=today.weekday())
    week_end = week_start + timedelta(days=7)
    sessions = selectors.session_with_counts(
        JobSession.objects.select_related("venue").filter(
            starts_at__lt=local_datetime(week_end, time.min), ends_at__gt=local_datetime(week_start, time.min)
        )
    ).order_by("starts_at")
    sessions = list(sessions)
    todays = [s for s in sessions if today in s.local_days()]  # day 2 of a fair, an evening past midnight too
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
    progress = figures.summary(date(today.year, 1, 1), date(today.year, 12, 31))
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
            "chart": chart_rows(progress["metrics"]),
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
    decision = request.POST.get("decision")
    if decision not in ("approve", "reject"):  # a cut-off or altered form decides nothing
        return render(request, "400.html", {"message": _("Choose a decision.")}, status=400)
    with ServiceRefusal() as refusal:
        if decision == "approve":
            services.participation_approve(participation=participation, actor=request.user)
            messages.success(request, _("The booth was approved."))
        else:
            services.participation_reject(participation=participation, actor=request.user)
            messages.success(request, _("The booth request was rejected."))
    if refusal.text:
        messages.error(request, refusal.text)
    return redirect("staff:dashboard")


@staff_required
def employers(request):
    refusal = None
    if request.method == "POST":
        employer = get_object_or_404(Employer, pk=posted_pk(request.POST.get("employer")))
        form = VerifyForm(request.POST)
        if form.is_valid():
            with ServiceRefusal() as refused:
                account_services.employer_verify(employer=employer, actor=request.user, **form.cleaned_data)
                messages.success(request, _("The decision on %(name)s was saved.") % {"name": employer.name})
                return redirect("staff:employers")
            refusal = refused.text
        else:
            refusal = _("Choose a decision.")
    pending = Employer.objects.filter(verification=Verification.PENDING).select_related("ward").order_by("created_at")
    return render(
        request,
        "sessions/staff/employers.html",
        {"pending": pending, "refusal": refusal},
        status=409 if refusal else 200,
    )


@staff_required
def citizen_id_claims(request):
    """Citizen IDs given by someone while another record holds them: staff check the card and decide."""
    refusal = None
    if request.method == "POST":
        claim = get_object_or_404(CitizenIdClaim, pk=posted_pk(request.POST.get("claim")))
        decision = request.POST.get("decision")
        if decision in ("move", "dismiss"):
            with ServiceRefusal() as refused:
                identity.citizen_id_claim_decide(
                    claim=claim, actor=request.user, move=decision == "move", note=request.POST.get("note", "")
                )
                messages.success(request, _("The decision on citizen ID %(id)s was saved.") % {"id": claim.citizen_id})
                return redirect("staff:citizen_id_claims")
            refusal = refused.text
        else:
            refusal = _("Choose a decision.")
    claims = list(
        CitizenIdClaim.objects.filter(status=CitizenIdClaim.Status.OPEN)
        .select_related("claimant__user", "holder__user")
        .order_by("created_at")
    )
    people = [claim.claimant_id for claim in claims] + [claim.holder_id for claim in claims if claim.holder_id]
    record_access(request, Kind.CONTACT, job_seeker_ids=people)
    return render(
        request,
        "sessions/staff/citizen_id_claims.html",
        {"claims": claims, "refusal": refusal},
        status=409 if refusal else 200,
    )
