"""Planning: the calendar by venue and week, a session or a weekly series (holidays skipped), the clash shown
before saving, and a session's life: publish, move, complete, cancel with a reason."""

from __future__ import annotations

import contextlib
from datetime import date, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.decorators import staff_required
from jobfair.forms import ServiceRefusal, posted_pk, refusal_text
from sessions import selectors, services
from sessions.models import JobSession, Participation, SessionFormat, Venue
from sessions.web.staff.common import session_or_404
from sessions.web.staff.forms import (
    SESSION_FIELD_MAP,
    CancelForm,
    MoveForm,
    OnlineRoomForm,
    SeriesForm,
    SessionForm,
    end_day_initial,
    local_datetime,
)


@staff_required
@require_GET
def planner(request):
    """The calendar: one week, one row per venue, one column per day."""
    try:
        week_of = date.fromisoformat(request.GET.get("week", ""))
    except ValueError:
        week_of = timezone.localdate()
    if week_of.year not in services.SESSION_YEARS:
        message = _("Choose a week between %(first)d and %(last)d.") % {
            "first": services.SESSION_YEARS[0],
            "last": services.SESSION_YEARS[-1],
        }
        return render(request, "400.html", {"message": message}, status=400)
    week_start = week_of - timedelta(days=week_of.weekday())
    days = [week_start + timedelta(days=n) for n in range(7)]
    venues = list(Venue.objects.filter(is_active=True).order_by("name"))
    if (venue_id := posted_pk(request.GET.get("venue"))) is not None:
        venues = [v for v in venues if v.pk == venue_id]
    sessions = JobSession.objects.filter(
        starts_at__lt=local_datetime(days[-1] + timedelta(days=1), time.min),
        ends_at__gt=local_datetime(days[0], time.min),
    ).order_by("starts_at")
    grid: dict[tuple[int | None, date], list[JobSession]] = {}
    for session in sessions:
        for day in session.local_days():  # on every day it runs: a two-day fair fills two cells
            grid.setdefault((session.venue_id, day), []).append(session)
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
    form = form_class(request.POST, initial={"exclude_id": posted_pk(exclude)})
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
    """A new draft session with everything the API's `POST sessions/` takes; the services decide (the same rules,
    the same messages, next to the field they are about)."""
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with ServiceRefusal(form, field_map=SESSION_FIELD_MAP, on_form=True):
            session = services.session_create(actor=request.user, **form.service_fields())
            messages.success(request, _("Session %(code)s was created as a draft.") % {"code": session.code})
            return redirect("staff:session", pk=session.pk)
    return render(request, "sessions/staff/session_form.html", {"form": form, "clashes": [], "session": None})


@staff_required
def session_edit(request, pk):
    """Change a draft or published session: what `PATCH sessions/{id}/` changes, through the same service
    (everyone registered is told of a new time, place or link)."""
    session = session_or_404(pk)
    form = SessionForm(request.POST or None, initial=SessionForm.initial_for(session))
    if request.method == "POST" and form.is_valid():
        with ServiceRefusal(form, field_map=SESSION_FIELD_MAP, on_form=True):
            services.session_update(session=session, actor=request.user, **form.service_fields())
            messages.success(request, _("The session was saved."))
            return redirect("staff:session", pk=session.pk)
    return render(request, "sessions/staff/session_form.html", {"form": form, "clashes": [], "session": session})


SERIES_PLAN_FIELDS = ("venue", "weekdays", "start_time", "end_time", "date_from", "date_to")


@staff_required
@require_POST
def series_preview(request):
    """HTMX: the sessions a series would create, the holidays it skips and its clashes, shown before saving."""
    form = SeriesForm(request.POST)
    form.is_valid()
    plan = None
    if all(form.cleaned_data.get(name) not in (None, []) for name in SERIES_PLAN_FIELDS):
        try:
            plan = services.series_plan(**{name: form.cleaned_data[name] for name in SERIES_PLAN_FIELDS})
        except ValidationError as exc:
            return render(request, "sessions/staff/_series_preview.html", {"refusal": refusal_text(exc)})
    return render(request, "sessions/staff/_series_preview.html", _series_preview_context(plan))


def _series_preview_context(plan) -> dict:
    """The preview of a series: its dates, how many clash with sessions already at the venue, how many it creates
    once they are resolved; the create button is disabled while any clash remains (the service refuses too)."""
    if plan is None:
        return {"plan": None}
    dates = len(plan.slots)
    clashing = len(plan.clashes)
    return {"plan": plan, "dates": dates, "clashing": clashing, "creates": dates - clashing, "blocked": clashing > 0}


@staff_required
def series_new(request):
    form = SeriesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with ServiceRefusal(form, on_form=True):
            series, created = services.session_series_create(actor=request.user, **data)
            text = _("%(count)d sessions were created as drafts.") % {"count": len(created)}
            if series.skipped_dates:
                text += " " + _("Skipped public holidays: %(dates)s.") % {
                    "dates": ", ".join(date.fromisoformat(d).strftime("%d/%m/%Y") for d in series.skipped_dates)
                }
            messages.success(request, text)
            first = created[0].starts_at if created else timezone.now()
            return redirect(f"{reverse('staff:planner')}?week={timezone.localtime(first).date().isoformat()}")
    preview = {"plan": None}
    cleaned = getattr(form, "cleaned_data", {})
    if all(cleaned.get(name) not in (None, []) for name in SERIES_PLAN_FIELDS):
        # refused (a clash): the preview shows the clashing dates and the button stays disabled
        with contextlib.suppress(ValidationError):
            preview = _series_preview_context(
                services.series_plan(**{name: cleaned[name] for name in SERIES_PLAN_FIELDS})
            )
    return render(request, "sessions/staff/series_form.html", {"form": form, **preview})


@staff_required
def session_manage(request, pk):
    session = session_or_404(pk)
    local_start, local_end = timezone.localtime(session.starts_at), timezone.localtime(session.ends_at)
    move_form = MoveForm(
        initial={
            "venue": session.venue_id,
            "day": local_start.date(),
            "start_time": local_start.time(),
            "end_time": local_end.time(),
            "end_day": end_day_initial(session.starts_at, session.ends_at),
        }
    )
    cancel_form = CancelForm()
    refusal = None
    if request.method == "POST":
        action = request.POST.get("action")
        with ServiceRefusal() as refused:
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
            elif action == "room":
                booth = get_object_or_404(Participation, pk=posted_pk(request.POST.get("booth")), session=session)
                room_form = OnlineRoomForm(request.POST, prefix=f"room{booth.pk}")
                if not room_form.is_valid():
                    raise ValidationError(room_form.errors.get("online_room_url", [_("Check the link.")]))
                services.participation_set_online_room(
                    participation=booth, actor=request.user, online_room_url=room_form.cleaned_data["online_room_url"]
                )
                messages.success(
                    request, _("The online interview room of %(name)s was saved.") % {"name": booth.employer.name}
                )
            elif action == "move":
                move_form = MoveForm(request.POST)
                if not move_form.is_valid():
                    raise ValidationError(_("Check the new date and hours."))
                venue, starts_at, ends_at = move_form.slot()
                services.session_update(
                    session=session, actor=request.user, venue=venue, starts_at=starts_at, ends_at=ends_at
                )
                messages.success(request, _("The session was moved; everyone registered is told."))
            else:
                raise ValidationError(_("Unknown action."))
            return redirect("staff:session", pk=session.pk)
        refusal = refused.text
    session = selectors.session_with_counts(
        JobSession.objects.select_related("venue", "series").prefetch_related("target_cohorts", "linked_provinces")
    ).get(pk=pk)
    rooms = []
    if session.format != SessionFormat.IN_PERSON:
        booths = session.participations.filter(status=Participation.Status.APPROVED).select_related("employer")
        rooms = [
            {
                "booth": booth,
                "form": OnlineRoomForm(initial={"online_room_url": booth.online_room_url}, prefix=f"room{booth.pk}"),
            }
            for booth in booths.order_by("booth_label", "pk")
        ]
    return render(
        request,
        "sessions/staff/session.html",
        {
            "session": session,
            "move_form": move_form,
            "cancel_form": cancel_form,
            "refusal": refusal,
            "rooms": rooms,
        },
        status=409 if refusal else 200,
    )
