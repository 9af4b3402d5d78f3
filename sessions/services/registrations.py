"""Registrations: seats under the session lock, the waitlist, check-in and walk-ins."""

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import identity
from accounts.models import JobSeeker, User
from accounts.services import audit_log
from jobfair import errors
from jobfair.inserts import insert_new
from jobfair.observability import count_registration_attempt
from sessions.models import (
    JobSession,
    Notification,
    Registration,
    RegistrationAlert,
    SessionFormat,
    SessionStatus,
    Vacancy,
    Venue,
    new_short_code,
)
from sessions.notifications import outbox
from sessions.notifications.content import registration_context
from sessions.selectors import registration_online_rooms, seats_left
from sessions.services._common import BoothStatus, RegStatus, lock_session, refuse_if_closed


def seats_free(session_id: int) -> int | None:
    """The seats still free at the session now (None: unlimited), from its counters. Call with the session row
    locked: the counters are read again, as the trigger moved them when this transaction changed a registration."""
    capacity, taken = JobSession.objects.filter(pk=session_id).values_list("job_seeker_capacity", "seats_taken").get()
    return seats_left(capacity, taken)


def _check_session_open(*, session: JobSession, source: str, now: datetime) -> None:
    """What the session row says (no query): run before the lock to refuse early, and again on the locked row."""
    refuse_if_closed(session)
    if session.status != SessionStatus.PUBLISHED:
        raise errors.SessionNotOpen()
    if source == Registration.Source.WALK_IN:
        if session.check_in_state(now) != "open":
            raise errors.NotSessionDay.for_session(session, now)
    elif session.registration_state(now) != "open":
        raise errors.RegistrationClosed.for_session(session, now)


def _check_person_eligible(*, session: JobSession, job_seeker: JobSeeker) -> None:
    """Cohort-only sessions. Memberships do not change under the session lock, so this runs before it; the
    refusal names the cohorts and says what to do."""
    if session.cohort_only and session.cohort_membership_of(job_seeker) is None:
        raise errors.NotEligible(
            _(
                "This session is only for: %(cohorts)s. Declare one of these groups in your profile, "
                "or call the centre."
            ),
            cohorts=session.target_cohort_names,
        )


def _vacancies_at_session(session: JobSession, vacancies: Iterable[Vacancy]) -> list[Vacancy]:
    """The chosen vacancies, each open and brought to this session by an approved booth; one chosen twice (a double
    tap in an app) counts once."""
    vacancies = list({vacancy.pk: vacancy for vacancy in vacancies}.values())
    if not vacancies:
        return []
    allowed = set(
        Vacancy.objects.filter(
            participations__session=session,
            participations__status=BoothStatus.APPROVED,
            status=Vacancy.Status.OPEN,
        ).values_list("pk", flat=True)
    )
    wrong = [v for v in vacancies if v.pk not in allowed]
    if wrong:
        raise ValidationError({"vacancies": _("Choose only vacancies offered at this session.")})
    return vacancies


DESK_CODE_ATTEMPTS = 5  # a new desk code taken already at the session is drawn again (one in millions)


def _active_registration(session: JobSession, job_seeker: JobSeeker) -> Registration | None:
    return (
        Registration.objects.filter(session=session, job_seeker=job_seeker).exclude(status=RegStatus.CANCELLED).first()
    )


def registration_create(
    *,
    session: JobSession,
    job_seeker: JobSeeker,
    actor: User | None,
    source: str = Registration.Source.ONLINE,
    vacancies: Iterable[Vacancy] = (),
    now: datetime | None = None,
) -> tuple[Registration, bool]:
    """Register a job seeker: confirmed while seats remain, else waitlisted (first come, first served).

    Returns (registration, created); registering again returns the active registration unchanged.

    Under the session lock only what needs it: the lock, whose row carries the seats taken and the people waiting
    (the database keeps both, see JobSession.seats_taken), the registration, its audit event and its notices. The
    person's eligibility and the vacancies are checked before it, against the caller's read (a booth rejected a
    moment later is the same as one rejected after the registration), and again under it when the session changed
    since that read, which may be a few seconds old (selectors.session_to_register_for). The database's unique
    constraints catch a second active registration of the person (it is returned) and a desk code taken already
    (drawn again). A confirmed registration without vacancies costs 4 statements between BEGIN and COMMIT.

    The notices are rendered before the lock for what the caller's read of the session promises: a seat, or a place
    on the waitlist, whose number is put in under the lock. They are written as they are if it is so (the outcome,
    the session and its venue unchanged), else rendered again there."""
    now = now or timezone.now()
    try:
        return _registration_create(
            session=session, job_seeker=job_seeker, actor=actor, source=source, vacancies=vacancies, now=now
        )
    except (errors.BusinessRuleError, ValidationError):
        count_registration_attempt("refused")
        raise


def _check_person_and_vacancies(session, job_seeker, vacancies) -> tuple[list[Vacancy], Exception | None]:
    """The checks made before the lock, against the caller's read of the session: the vacancies kept and the
    refusal, if any, which waits for the checks that come first (closed session, registering again)."""
    try:
        vacancies = _vacancies_at_session(session, vacancies)
        _check_person_eligible(session=session, job_seeker=job_seeker)
    except (ValidationError, errors.NotEligible) as exc:
        return [], exc
    return vacancies, None


def _registration_create(*, session, job_seeker, actor, source, vacancies, now) -> tuple[Registration, bool]:
    chosen = list(vacancies)
    vacancies, refusal = _check_person_and_vacancies(session, job_seeker, chosen)
    read = session
    registration = Registration(session=session, job_seeker=job_seeker, source=source)
    prepared = None if refusal else _notices_before_the_lock(registration, vacancies)
    attempts = 0
    while True:
        attempts += 1
        try:
            with transaction.atomic():
                session = _lock_for_registration(read)
                if session is not read:  # it changed since the caller's read (its cohorts, say): checked again
                    vacancies, refusal = _check_person_and_vacancies(session, job_seeker, chosen)
                return _register_locked(
                    registration,
                    read=read,
                    session=session,
                    refusal=refusal,
                    prepared=prepared,
                    actor=actor,
                    vacancies=vacancies,
                    now=now,
                )
        except IntegrityError:
            existing = _active_registration(read, job_seeker)
            if existing is not None:
                return existing, False  # the same person registered meanwhile, by another request
            if attempts == DESK_CODE_ATTEMPTS:
                raise
            registration.short_code = new_short_code()  # the other constraint: the desk code was taken
            prepared = None  # the notices name the desk code: rendered again with the new one


_CHANGES_SEEN = ("updated_at", "status", "job_seeker_capacity", "venue_id")


@functools.cache
def _lock_and_changes_sql() -> str:
    """The statement of `_lock_for_registration`, written once from the models' tables and columns: Django builds
    a query's SQL again each time it runs, and here, once per registration with the row locked, that cost more than
    running it (a `values_list` of these columns with the venue joined: 0.47 ms of processor against 0.19)."""
    quote = connection.ops.quote_name
    session, venue = JobSession._meta, Venue._meta

    def column(meta, alias, name):
        return f"{alias}.{quote(meta.get_field(name).column)}"

    columns = [
        *(column(session, "s", name.removesuffix("_id")) for name in _CHANGES_SEEN),
        column(venue, "v", "updated_at"),
        column(session, "s", "seats_taken"),
        column(session, "s", "waitlisted_count"),
    ]
    # SQLite has no row locks (a writer holds the whole database): Django leaves FOR UPDATE out there too
    lock = " FOR UPDATE OF s" if connection.features.has_select_for_update_of else ""
    return (
        f"SELECT {', '.join(columns)} FROM {quote(session.db_table)} s"
        f" LEFT JOIN {quote(venue.db_table)} v ON {column(venue, 'v', 'id')} = {column(session, 's', 'venue')}"
        f" WHERE {column(session, 's', 'id')} = %s{lock}"
    )


def _lock_for_registration(read: JobSession) -> JobSession:
    """The capacity lock (lock_session), reading what may have changed since the caller's read: the seat counters,
    which the database moves without touching the session's `updated_at`, and whether the session or its venue
    changed (every change saves `updated_at`; the status and capacity, which decide the outcome, are compared too).
    The row and its venue are read again, under the lock, only then; else the caller's read is given back, with the
    counters as they are now."""
    with connection.cursor() as cursor:
        cursor.execute(_lock_and_changes_sql(), [read.pk])
        *locked, venue_updated_at, seats_taken, waitlisted_count = cursor.fetchone()
    if locked != [getattr(read, name) for name in _CHANGES_SEEN] or (
        read.venue_id is not None and venue_updated_at != read.venue.updated_at
    ):
        return lock_session(read.pk, with_place=True)
    read.seats_taken, read.waitlisted_count = seats_taken, waitlisted_count
    return read


def _register_locked(
    registration, *, read, session, refusal, prepared, actor, vacancies, now
) -> tuple[Registration, bool]:
    refuse_if_closed(session)  # before the idempotent return: a closed session refuses everything
    try:
        _check_session_open(session=session, source=registration.source, now=now)
        if refusal is not None:
            raise refusal
    except (errors.BusinessRuleError, ValidationError):
        existing = _active_registration(session, registration.job_seeker)
        if existing is not None:
            return existing, False
        raise
    confirmed = session.has_free_seat
    # the lock gives the caller's read back unless the session or its venue changed since (_lock_for_registration)
    if prepared is not None and (prepared.confirmed != confirmed or session is not read):
        prepared = None  # what they say is not so: rendered again below, under the lock
    registration.session = session
    return _register(
        registration,
        actor=actor,
        vacancies=vacancies,
        now=now,
        confirmed=confirmed,
        waitlist_place=None if confirmed else session.waitlisted_count + 1,
        prepared=prepared,
    ), True


@dataclass(frozen=True)
class PreparedNotices:
    """A new registration's notices rendered before the session lock, for the outcome its read promised."""

    confirmed: bool
    rows: list[Notification]


def _notices_before_the_lock(registration: Registration, vacancies: list[Vacancy]) -> PreparedNotices | None:
    """The notices of the registration about to be made, rendered now for what the caller's read of the session
    says (a seat while its counter shows one free, else a place on the waitlist, its number still to be put in).
    None for a walk-in (no notice), and with vacancies at an online or hybrid session (the rooms shown depend on
    the saved registration): those are rendered under the lock."""
    session = registration.session
    if registration.source == Registration.Source.WALK_IN:
        return None
    if vacancies and session.format != SessionFormat.IN_PERSON:
        return None
    confirmed = session.has_free_seat
    registration.status = RegStatus.CONFIRMED if confirmed else RegStatus.WAITLISTED
    registration._prefetched_objects_cache = {"vacancies": vacancies}
    if confirmed:
        context = registration_context(registration, waitlist_place=None, online_rooms=[])
        kind = Notification.Kind.REGISTRATION_CONFIRMED
    else:
        context = registration_context(registration, waitlist_place=outbox.WAITLIST_PLACE_TO_FILL, online_rooms=[])
        kind = Notification.Kind.REGISTRATION_WAITLISTED
    return PreparedNotices(confirmed, outbox.registration_notices(registration, kind, context=context))


def _register(registration, *, actor, vacancies, now, confirmed, waitlist_place, prepared) -> Registration:
    """Save the registration (session, job seeker, source and desk code set), its vacancies, audit event and
    notices: those rendered before the lock (`prepared`) or, when there are none, rendered here."""
    registration.status = RegStatus.CONFIRMED if confirmed else RegStatus.WAITLISTED
    registration.confirmed_at = now if confirmed else None
    registration.registered_by = actor if actor is not None and actor.pk else None
    insert_new([registration])
    if vacancies:
        Registration.vacancies.through.objects.bulk_create(
            [Registration.vacancies.through(registration=registration, vacancy=v) for v in vacancies]
        )
    registration._prefetched_objects_cache = {"vacancies": vacancies}
    registration.waitlist_place = waitlist_place  # the place in the queue now: the answer says it too
    audit_log(actor=actor, action="registration.create", obj=registration, status=registration.status)
    transaction.on_commit(lambda outcome=registration.status: count_registration_attempt(outcome))
    if registration.source == Registration.Source.WALK_IN:
        return registration  # a walk-in is checked in at the desk, there and then
    if prepared is None:
        online_rooms = registration_online_rooms(registration)
        context = registration_context(registration, online_rooms=online_rooms, waitlist_place=waitlist_place)
        kind = Notification.Kind.REGISTRATION_CONFIRMED if confirmed else Notification.Kind.REGISTRATION_WAITLISTED
        rows = outbox.registration_notices(registration, kind, context=context)
    else:
        rows = prepared.rows
    outbox.write_new_registration_notices(registration, rows, waitlist_place=waitlist_place)
    return registration


def promote_waitlisted(session: JobSession, *, actor: User | None) -> list[Registration]:
    """Give free seats to the waitlist in order. Call with the session row locked."""
    free = seats_free(session.pk)
    waitlist = Registration.objects.select_for_update().filter(session=session, status=RegStatus.WAITLISTED)
    promoted = list(waitlist.order_by("id")[:free])  # free is None: no limit, all of them
    now = timezone.now()
    for first in promoted:
        first.status = RegStatus.CONFIRMED
        first.confirmed_at = now
        first.promoted_at = now
        first.save(update_fields=["status", "confirmed_at", "promoted_at", "updated_at"])
        audit_log(actor=actor, action="registration.promote", obj=first)
        outbox.notify_registration(first, Notification.Kind.REGISTRATION_PROMOTED)
    return promoted


def registration_cancel(*, registration: Registration, actor: User | None) -> Registration:
    """Cancel a confirmed or waitlisted registration; a freed seat goes to the first waitlisted person."""
    with transaction.atomic():
        session = lock_session(registration.session_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        refuse_if_closed(session)
        if session.ends_at <= timezone.now():  # ended, not yet marked held: a freed seat would be given to nobody
            raise errors.SessionCompleted()
        if registration.status not in (RegStatus.CONFIRMED, RegStatus.WAITLISTED):
            raise errors.InvalidTransition(_("Only a confirmed or waitlisted registration can be cancelled."))
        held_seat = registration.status == RegStatus.CONFIRMED
        registration.status = RegStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        audit_log(actor=actor, action="registration.cancel", obj=registration)
        outbox.notify_registration(registration, Notification.Kind.REGISTRATION_CANCELLED)
        if held_seat:
            promote_waitlisted(session, actor=actor)
    return registration


def registration_check_in(
    *, code: str, actor: User | None, session: JobSession | None = None, now: datetime | None = None
) -> tuple[Registration, bool]:
    """Check a person in by the code of their QR, while the desk is open. Returns (registration, newly_checked_in)."""
    code = (code or "").strip()
    candidate = Registration.objects.filter(check_in_code=code).only("pk", "session_id").first()
    if candidate is None or (session is not None and candidate.session_id != session.pk):
        raise errors.InvalidCheckInCode()
    with transaction.atomic():
        session = lock_session(candidate.session_id)
        registration = Registration.objects.select_for_update().get(pk=candidate.pk)
        refuse_if_closed(session)
        if registration.status == RegStatus.ATTENDED:
            return registration, False
        now = now or timezone.now()
        if session.check_in_state(now) != "open":
            raise errors.NotSessionDay.for_session(session, now)
        if registration.status == RegStatus.WAITLISTED:
            raise errors.InvalidTransition(_("This person is still on the waitlist and has no seat yet."))
        if registration.status != RegStatus.CONFIRMED:
            raise errors.InvalidTransition(_("This registration was cancelled."))
        registration.status = RegStatus.ATTENDED
        registration.checked_in_at = now
        registration.checked_in_by = actor
        registration.save(update_fields=["status", "checked_in_at", "checked_in_by", "updated_at"])
        audit_log(actor=actor, action="registration.check_in", obj=registration)
    return registration, True


def registration_walk_in(
    *,
    session: JobSession,
    actor: User,
    job_seeker: JobSeeker | None = None,
    as_new_person: bool = False,
    vacancies: Iterable[Vacancy] = (),
    **job_seeker_fields,
) -> Registration:
    """At the desk: find or create the person (no account needed), give a seat and check them in at once.

    A record with the same phone or citizen ID is used on its own only when its phone is verified (issue 11 item 6);
    otherwise WalkInNeedsConfirmation shows it to staff, who pass it back as `job_seeker` (the same person) or say
    `as_new_person` (a citizen ID held by the other record then goes to the staff queue, not to the new one)."""
    with transaction.atomic():
        if job_seeker is None:
            job_seeker = _walk_in_person(actor=actor, fields=job_seeker_fields, as_new_person=as_new_person)
        registration, _created = registration_create(
            session=session,
            job_seeker=job_seeker,
            actor=actor,
            source=Registration.Source.WALK_IN,
            vacancies=vacancies,
        )
        if registration.status == RegStatus.WAITLISTED:
            raise errors.SessionFull()
        registration, _new = registration_check_in(code=registration.check_in_code, actor=actor)
    return registration


def _walk_in_person(*, actor: User, fields: dict, as_new_person: bool) -> JobSeeker:
    from accounts.services import job_seeker_create

    _lock_walk_in_identity(fields)
    match = walk_in_match(fields)
    if match is None:
        return job_seeker_create(actor=actor, **fields)
    if _matches_by_verified_phone(match, fields):
        return match
    if not as_new_person:
        raise errors.WalkInNeedsConfirmation(match)
    fields = dict(fields)
    claimed = fields.get("citizen_id") and match.citizen_id == fields["citizen_id"].strip()
    if claimed:
        fields["citizen_id"] = None  # the other record holds it: staff check the card in the queue
    person = job_seeker_create(actor=actor, **fields)
    if claimed:
        identity.citizen_id_claim_open(claimant=person, citizen_id=match.citizen_id)
    return person


def _lock_walk_in_identity(fields: dict) -> None:
    """Two desks entering the same person at the same moment (a phone or a citizen ID, no record yet) would each
    find no match and make a person each. The desks take a lock on what identifies the person, until their
    transaction ends: the second waits for the first, then finds its record (walk_in_match) and asks staff whether
    it is the same person, as for any record on file. PostgreSQL's advisory locks, in one order (phone before citizen
    ID) so that two desks never wait on each other; SQLite, for `make run`, has one writer at a time."""
    if connection.vendor != "postgresql":
        return
    phone, citizen_id = _walk_in_phone(fields), (fields.get("citizen_id") or "").strip()
    names = [f"walk-in phone {phone}" if phone else "", f"walk-in citizen ID {citizen_id}" if citizen_id else ""]
    with connection.cursor() as cursor:
        for name in filter(None, names):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [name])


def _walk_in_phone(fields: dict) -> str | None:
    from accounts.validators import normalize_phone

    try:
        return normalize_phone(fields["phone"]) if fields.get("phone") else None
    except ValidationError:
        return None


def _matches_by_verified_phone(match: JobSeeker, fields: dict) -> bool:
    phone = _walk_in_phone(fields)
    return bool(phone and match.user is not None and match.user.phone == phone and match.user.phone_is_verified)


def walk_in_match(fields: dict) -> JobSeeker | None:
    """The record that may be this person: by citizen ID, else by phone (an account's first)."""
    if fields.get("citizen_id"):
        found = JobSeeker.objects.select_related("user").filter(citizen_id=fields["citizen_id"].strip()).first()
        if found:
            return found
    phone = _walk_in_phone(fields)
    if phone:
        people = JobSeeker.objects.select_related("user").filter(phone=phone)
        return people.filter(user__isnull=False).first() or people.first()
    return None


def registration_alert_request(
    *, session: JobSession, job_seeker: JobSeeker, actor: User | None, now: datetime | None = None
) -> tuple[RegistrationAlert, bool]:
    """ "Tell me when registration opens": recorded once per person and session (asking again changes nothing).
    Only while the session is published and its registration window has not opened; the notice itself is written
    at opening by outbox.announce_registration_openings."""
    now = now or timezone.now()
    refuse_if_closed(session)
    if session.registration_state(now) != "not_yet":
        raise errors.InvalidTransition(_("Registration for this session is not waiting to open."))
    with transaction.atomic():
        alert, created = RegistrationAlert.objects.get_or_create(session=session, job_seeker=job_seeker)
        if created:
            audit_log(actor=actor, action="registration_alert.create", obj=alert, session=session.pk)
    return alert, created
