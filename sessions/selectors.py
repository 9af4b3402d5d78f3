"""Reads for sessions: querysets with their joins already applied, and the counts people see."""

from django.db.models import Count, Q, QuerySet, Sum

from sessions.models import JobSession, Participation, Registration

RegStatus = Registration.Status


def session_list(*, include_drafts: bool = False) -> QuerySet[JobSession]:
    sessions = JobSession.objects.select_related("venue", "ward").prefetch_related("target_cohorts", "linked_provinces")
    if not include_drafts:
        sessions = sessions.exclude(status=JobSession._meta.get_field("status").default)
    return sessions


def session_with_counts(queryset: QuerySet[JobSession]) -> QuerySet[JobSession]:
    """Annotate registered_count, waitlist_count, employers_count (approved booths) and vacancies_total."""
    return queryset.annotate(
        registered_count=Count(
            "registrations", filter=Q(registrations__status__in=Registration.SEAT_HOLDING), distinct=True
        ),
        waitlist_count=Count("registrations", filter=Q(registrations__status=RegStatus.WAITLISTED), distinct=True),
        employers_count=Count(
            "participations", filter=Q(participations__status=Participation.Status.APPROVED), distinct=True
        ),
    )


def session_vacancies_total(session: JobSession) -> int:
    """Places offered at a session: the quantities of the vacancies brought by approved booths."""
    result = Participation.vacancies.through.objects.filter(
        participation__session=session, participation__status=Participation.Status.APPROVED
    ).aggregate(total=Sum("vacancy__quantity"))
    return result["total"] or 0


def seats_remaining(session: JobSession, registered_count: int) -> int | None:
    if session.job_seeker_capacity is None:
        return None
    return max(session.job_seeker_capacity - registered_count, 0)


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting; None when the registration is not on the waitlist."""
    if registration.status != RegStatus.WAITLISTED:
        return None
    return Registration.objects.filter(
        session_id=registration.session_id, status=RegStatus.WAITLISTED, id__lte=registration.id
    ).count()
