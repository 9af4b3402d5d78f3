"""The session desk for the day: check-in by a scanned QR code, a desk code, a phone or a citizen ID, walk-ins,
live counts."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.access import Kind, record_access
from accounts.decorators import staff_required
from jobfair.errors import WalkInNeedsConfirmation
from jobfair.forms import ServiceRefusal, posted_pk
from sessions import selectors, services
from sessions.models import JobSession, Registration
from sessions.web.staff.common import RegStatus, session_or_404
from sessions.web.staff.forms import CheckInForm, WalkInForm


def _desk_counts(session: JobSession) -> dict:
    counts = Registration.objects.filter(session=session).aggregate(
        attended=Count("pk", filter=Q(status=RegStatus.ATTENDED)),
        holding=Count("pk", filter=Q(status__in=Registration.SEAT_HOLDING)),
        waitlisted=Count("pk", filter=Q(status=RegStatus.WAITLISTED)),
        walk_ins=Count("pk", filter=Q(source=Registration.Source.WALK_IN) & ~Q(status=RegStatus.CANCELLED)),
    )
    counts["seats"] = session.job_seeker_capacity
    return counts


def _render_desk(request, session: JobSession, walk_in_form: WalkInForm, status: int = 200, match=None, result=None):
    """The desk page; after a refused walk-in it shows that form again with its errors and what was typed, and the
    record on file that may be the same person (`match`) for staff to decide; without JavaScript, the list of
    people a desk search found (`result`)."""
    recent = (
        Registration.objects.filter(session=session, status=RegStatus.ATTENDED)
        .select_related("job_seeker")
        .order_by("-checked_in_at")[:10]
    )
    return render(
        request,
        "sessions/staff/desk.html",
        {
            "session": session,
            "counts": _desk_counts(session),
            "check_in_form": CheckInForm(),
            "walk_in_form": walk_in_form,
            "match": match,
            "recent": recent,
            "result": result,
        },
        status=status,
    )


@staff_required
@require_GET
def desk(request, pk):
    return _render_desk(request, session_or_404(pk), WalkInForm())


@staff_required
@require_GET
def desk_counts(request, pk):
    session = session_or_404(pk)
    return render(request, "sessions/staff/_desk_counts.html", {"session": session, "counts": _desk_counts(session)})


@staff_required
@require_POST
def desk_check_in(request, pk):
    """Check in the person named by what was scanned or typed: the QR, the desk code, a phone or a citizen ID
    (selectors.desk_lookup). One match by such an identifier is checked in at once; several (a phone a family
    shares) or a partial search give a short list, each with its own "Check in" (`registration`)."""
    session = session_or_404(pk)
    chosen = request.POST.get("registration", "")
    if chosen:
        registration = Registration.objects.filter(session=session, pk=posted_pk(chosen)).first()
        lookup = selectors.DeskLookup("choice", [registration] if registration else [])
    else:
        form = CheckInForm(request.POST)
        lookup = selectors.desk_lookup(session, form.cleaned_data["code"] if form.is_valid() else "")
    context = {"session": session, "ok": False, "lookup": lookup}
    if not lookup.by:
        context["message"] = _("Scan a QR code, or type a desk code, a mobile number or a citizen ID.")
    elif not lookup.matches:
        context["message"] = _("Nobody registered for this session has this code, mobile number or citizen ID.")
    elif len(lookup.matches) == 1 and (lookup.exact or lookup.by == "choice"):
        with ServiceRefusal() as refusal:
            registration, new = services.registration_check_in(
                code=lookup.matches[0].check_in_code, actor=request.user, session=session
            )
            context.update(ok=True, registration=registration, new=new)
        if refusal.text:
            context.update(message=refusal.text, refused=lookup.matches[0])
    else:
        context["choices"] = lookup.matches
    # A search of people by the desk (issue 11 item 7): who was found, and by what; a code is a secret and stays
    # out of the record.
    found = [registration.job_seeker_id for registration in lookup.matches]
    record_access(request, Kind.SEARCH, job_seeker_ids=found, session=session.pk, by=lookup.by or "nothing")
    if request.headers.get("HX-Request"):
        return render(request, "sessions/staff/_check_in_result.html", context)
    if context["ok"]:
        said = _("%(name)s is checked in.") if context["new"] else _("%(name)s was already checked in.")
        messages.success(request, said % {"name": context["registration"].job_seeker.full_name})
    elif "choices" in context:
        return _render_desk(request, session, WalkInForm(), result=context)
    else:
        messages.error(request, context["message"])
    return redirect("staff:desk", pk=session.pk)


@staff_required
@require_POST
def desk_walk_in(request, pk):
    session = session_or_404(pk)
    form = WalkInForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        with ServiceRefusal(form, on_form=True):
            try:
                registration = services.registration_walk_in(
                    session=session,
                    actor=request.user,
                    job_seeker=_confirmed_match(request, data),
                    as_new_person="as_new" in request.POST,
                    full_name=data["full_name"],
                    phone=data["phone"],
                    citizen_id=data["citizen_id"] or None,
                    sex=data["sex"],
                    date_of_birth=data["date_of_birth"],
                )
            except WalkInNeedsConfirmation as needs:  # staff see the record on file and say whether it is this person
                record_access(request, Kind.SEARCH, job_seeker_ids=[needs.match.pk], session=session.pk, by="walk_in")
                return _render_desk(request, session, form, status=409, match=needs.match)
            messages.success(
                request, _("%(name)s is registered and checked in.") % {"name": registration.job_seeker.full_name}
            )
            return redirect("staff:desk", pk=session.pk)
    return _render_desk(request, session, form, status=400)


def _confirmed_match(request, typed: dict):
    """The record staff confirmed as this person ("same person" on the match shown), if any: only the record the
    desk shows for what was typed; another id sent back is no confirmation, and the desk asks again."""
    chosen = posted_pk(request.POST.get("match"))
    if chosen is None:
        return None
    match = services.walk_in_match(typed)
    return match if match is not None and match.pk == chosen else None
