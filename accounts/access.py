"""The views' side of the record of personal-data reads (issue 11 item 7): the reader and their address come from
the request; `accounts.services.personal_data_access_record` writes the rows."""

from accounts import services
from accounts.models import PersonalDataAccess
from jobfair.addresses import client_address

Kind = PersonalDataAccess.Kind


def record_access(request, kind: str, *, job_seeker_ids=(), **detail) -> int:
    return services.personal_data_access_record(
        actor=request.user,
        address=client_address(request),
        kind=kind,
        where=f"{request.method} {request.path}",
        job_seeker_ids=job_seeker_ids,
        **detail,
    )


def record_candidates_seen(request, registrations) -> None:
    """A list of candidates: their contact details, and the sensitive cohorts shown with them."""
    people = [registration.job_seeker for registration in registrations]
    record_access(request, Kind.CONTACT, job_seeker_ids=[person.pk for person in people])
    sensitive = [
        person.pk for person in people if any(m.cohort.sensitive for m in getattr(person, "listed_memberships", ()))
    ]
    if sensitive:
        record_access(request, Kind.SENSITIVE_COHORT, job_seeker_ids=sensitive)
