"""Reads for sessions: querysets with their joins already applied, and the counts people see."""

from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from sessions.models import JobSession, Participation, Registration, SessionStatus

RegStatus = Registration.Status


def session_list(*, include_drafts: bool = False) -> QuerySet[JobSession]:
    sessions = JobSession.objects.select_related("venue", "ward").prefetch_related("target_cohorts", "linked_provinces")
    if not include_drafts:
        sessions = sessions.exclude(status=SessionStatus.DRAFT)
    return sessions


def _count_subquery(queryset) -> Subquery:
    counted = queryset.order_by().values("session_id").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def session_with_counts(queryset: QuerySet[JobSession]) -> QuerySet[JobSession]:
    """Annotate registered_count (seat-holding), waitlist_count, employers_count (approved booths) and
    vacancies_total (places brought by approved booths). One correlated subquery each, so a session with
    thousands of registrations costs no more rows than one with ten."""
    brought = (
        Participation.vacancies.through.objects.filter(
            participation__session=OuterRef("pk"), participation__status=Participation.Status.APPROVED
        )
        .order_by()
        .values("participation__session")
        .annotate(total=Sum("vacancy__quantity"))
        .values("total")
    )
    return queryset.annotate(
        registered_count=_count_subquery(
            Registration.objects.filter(session=OuterRef("pk"), status__in=Registration.SEAT_HOLDING)
        ),
        waitlist_count=_count_subquery(
            Registration.objects.filter(session=OuterRef("pk"), status=RegStatus.WAITLISTED)
        ),
        employers_count=_count_subquery(
            Participation.objects.filter(session=OuterRef("pk"), status=Participation.Status.APPROVED)
        ),
        vacancies_total=Coalesce(Subquery(brought, output_field=IntegerField()), 0),
    )


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
