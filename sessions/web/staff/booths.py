"""A session's booths as staff manage them (issue 12 item 5): every booth request with the vacancies it brings,
its recruiters and needs and the centre's notes; booth numbers set per row; approve or reject many at once;
renumbering; the booth waitlist. The services in sessions.services.booths decide and write."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.decorators import staff_required
from jobfair.errors import BusinessRuleError
from jobfair.forms import form_errors_text, posted_pk, refusal_text
from sessions import services
from sessions.models import BoothNeed, Participation, Vacancy
from sessions.web.staff.common import session_or_404
from sessions.web.staff.forms import BoothRowForm

Status = Participation.Status
NEED_LABELS = dict(BoothNeed.choices)


def _booths(session):
    return (
        Participation.objects.filter(session=session)
        .select_related("employer")
        .prefetch_related(Prefetch("vacancies", queryset=Vacancy.objects.order_by("title", "pk")))
        .order_by("status", "booth_label", "created_at", "pk")
    )


def _rows(session, typed: dict | None = None) -> list[dict]:
    typed = typed or {}
    rows = []
    for booth in _booths(session):
        mine = typed.get(booth.pk, {})
        rows.append(
            {
                "booth": booth,
                "places": sum(v.quantity for v in booth.vacancies.all()),
                "needs": [NEED_LABELS[n] for n in booth.needs if n in NEED_LABELS],
                "label": mine.get("label", booth.booth_label),
                "notes": mine.get("notes", booth.staff_notes),
                "error": mine.get("error", ""),
            }
        )
    return rows


def _save_row(request, session):
    booth = get_object_or_404(Participation, pk=posted_pk(request.POST.get("booth")), session=session)
    row = BoothRowForm(
        {"label": request.POST.get(f"label-{booth.pk}", ""), "notes": request.POST.get(f"notes-{booth.pk}", "")}
    )
    label, notes = (row.data[name].replace("\x00", "") for name in ("label", "notes"))  # shown again as typed
    if not row.is_valid():
        return {booth.pk: {"label": label, "notes": notes, "error": form_errors_text(row)}}
    try:
        services.participation_set_staff_notes(participation=booth, actor=request.user, staff_notes=notes)
        if booth.status == Status.APPROVED and " ".join(label.split()).upper() != booth.booth_label:
            services.participation_set_booth_number(participation=booth, actor=request.user, booth_label=label)
    except (BusinessRuleError, ValidationError) as exc:
        return {booth.pk: {"label": label, "notes": notes, "error": refusal_text(exc)}}
    messages.success(request, _("The booth of %(name)s was saved.") % {"name": booth.employer.name})
    return None


def _decide(request, session, decision: str):
    ids = [pk for pk in map(posted_pk, request.POST.getlist("selected")) if pk is not None]
    chosen = list(Participation.objects.filter(session=session, pk__in=ids).select_related("employer"))
    if not chosen:
        messages.error(request, _("Choose at least one booth request."))
        return
    results = services.participations_decide(participations=chosen, decision=decision, actor=request.user)
    lines = []
    for result in results:
        name = result.participation.employer.name
        if result.refusal:
            lines.append(_("%(name)s: not changed – %(why)s") % {"name": name, "why": result.refusal})
        else:
            booth = result.participation
            state = Status(result.status).label
            if booth.booth_label:
                state = _("%(state)s, booth %(label)s") % {"state": state, "label": booth.booth_label}
            lines.append(f"{name}: {state}")
    messages.info(request, "; ".join(lines))


@staff_required
def booths(request, pk):
    session = session_or_404(pk)
    typed = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "save":
            typed = _save_row(request, session)
        elif action in ("approve", "reject"):
            _decide(request, session, action)
        elif action == "renumber":
            try:
                services.booths_renumber(session=session, actor=request.user, order=request.POST.get("order", "number"))
                messages.success(request, _("The approved booths were numbered again from 01."))
            except (BusinessRuleError, ValidationError) as exc:
                messages.error(request, refusal_text(exc))
        elif action == "promote":
            booth = get_object_or_404(
                Participation, pk=posted_pk(request.POST.get("booth")), session=session, status=Status.WAITLISTED
            )
            try:
                services.participation_approve(participation=booth, actor=request.user)
                messages.success(request, _("%(name)s was given a booth.") % {"name": booth.employer.name})
            except (BusinessRuleError, ValidationError) as exc:
                messages.error(request, refusal_text(exc))
        else:
            messages.error(request, _("Choose an action."))
        if typed is None:
            return redirect("staff:booths", session.pk)
    rows = _rows(session, typed)
    approved = sum(1 for row in rows if row["booth"].status == Status.APPROVED)
    return render(
        request,
        "sessions/staff/booths.html",
        {
            "session": session,
            "rows": rows,
            "waitlist": sorted(
                (row for row in rows if row["booth"].status == Status.WAITLISTED),
                key=lambda row: (row["booth"].waitlisted_at, row["booth"].pk),
            ),
            "approved": approved,
            "free": max(session.employer_capacity - approved, 0),
        },
        status=409 if typed else 200,
    )
