"""No-shows, followed up and never punished (issue 15 item 3): a session's no-shows with their phone and whether
the follow-up message went out. The person page shows a person's no-show history and the follow-up list the people
to call (sessions.selectors: no_shows_of_session, no_shows_of_person, people_with_repeated_no_shows)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.access import Kind, record_access
from accounts.decorators import staff_required
from jobfair.paging import paginate
from sessions import selectors
from sessions.web.staff.common import session_or_404

NO_SHOWS_PAGE_SIZE = 100


def with_message_state(registrations) -> None:
    """Give each no-show row `message_state` and its label `message_label`."""
    for registration in registrations:
        registration.message_state = selectors.follow_up_message_state(registration)
        registration.message_label = registration.message_state.label


@staff_required
@require_GET
def session_no_shows(request, pk):
    """Who held a seat and did not come, by name, with their phone, their no-shows of the last 12 months (two or
    more: "call them") and whether the follow-up message went out."""
    session = session_or_404(pk)
    listing = paginate(request, selectors.no_shows_of_session(session), per_page=NO_SHOWS_PAGE_SIZE)
    rows = listing["page"].object_list
    with_message_state(rows)
    for registration in rows:
        registration.call_them = selectors.is_flagged_for_a_call(registration.recent_no_shows)
    record_access(request, Kind.CONTACT, job_seeker_ids=[r.job_seeker_id for r in rows])  # their phones are shown
    return render(
        request,
        "sessions/staff/no_shows.html",
        {"session": session, **listing, "repeated": selectors.REPEATED_NO_SHOWS},
    )
