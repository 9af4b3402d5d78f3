"""Helpers shared by the services: change assignment, the session lock, refusing closed sessions."""

from jobfair import errors
from sessions.models import (
    JobSession,
    Participation,
    Registration,
    SessionStatus,
)

RegStatus = Registration.Status


BoothStatus = Participation.Status

SESSION_EDITABLE_FIELDS = frozenset(
    {
        "title",
        "kind",
        "format",
        "venue",
        "ward",
        "online_url",
        "co_organisers",
        "cohort_only",
        "theme",
        "theme_vsic_sections",
        "description",
        "starts_at",
        "ends_at",
        "registration_opens_at",
        "registration_closes_at",
        "employer_capacity",
        "job_seeker_capacity",
    }
)
SESSION_M2M_FIELDS = frozenset({"target_cohorts", "linked_provinces"})
# Changes that everyone registered and every booth hears about at once.
SESSION_NOTICE_FIELDS = frozenset({"starts_at", "ends_at", "venue", "online_url"})


# Default of session_create's capacities: as many booths and seats as the venue has. A capacity of None means
# one thing only: unlimited seats.
FROM_VENUE = object()


def lock_session(session_id: int, *, with_place: bool = False) -> JobSession:
    """The capacity lock: every change to seats or booths of a session holds this row lock first. The row read
    after the wait is the latest one, so its seat counters (seats_taken, waitlisted_count) are exact while it is held.

    `with_place`: the venue and its ward come in the same query (for the notices), locking the session row only."""
    if with_place:
        return JobSession.objects.select_related("venue__ward").select_for_update(of=("self",)).get(pk=session_id)
    return JobSession.objects.select_for_update().get(pk=session_id)


def refuse_if_closed(session: JobSession) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise errors.SessionCancelled()
    if session.status == SessionStatus.COMPLETED:
        raise errors.SessionCompleted()
