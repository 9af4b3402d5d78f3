"""Registrations: seats under the session lock, the waitlist, check-in and walk-ins."""

from collections.abc import Iterable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts import identity
from accounts.models import JobSeeker, User
from accounts.services import audit_log
from jobfair import errors
from jobfair.observability import count_registration_attempt
from sessions.models import (
    JobSession,
    Notification,
    Registration,
    RegistrationAlert,
    SessionFormat,
    SessionStatus,
    Vacancy,
    new_short_code,
)
from sessions.notifications import outbox
from sessions.notifications.content import registration_context
from sessions.selectors import registration_online_rooms
from sessions.services._common import BoothStatus, RegStatus, lock_session, refuse_if_closed


def seats_taken(session: JobSession) -> int:
    return Registration.objects.filter(session=session, status__in=Registration.SEAT_HOLDING).count()


def _has_free_seat(session: JobSession) -> bool:
    return session.job_seeker_capacity is None or seats_taken(session) < session.job_seeker_capacity


def _check_session_open(*, session: JobSession, source: str, now: datetime) -> None:
    """What the session row says (no query): run before the lock to refuse early, and again on the locked row."""
    refuse_if_closed(session)
    if session.status != SessionStatus.PUBLISHED:
        raise errors.SessionNotOpen()
    if source == Registration.Source.WALK_IN:
        if session.check_in_state(now) != "open":
            raise errors.NotSessionDay.for_session(session, now)
    elif session.registration_state(now) != "open":
        raise errors.RegistrationClosed()


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
    """The chosen vacancies, each of which must be brought to this session by an approved booth."""
    vacancies = list(vacancies)
    if not vacancies:
        return []
    allowed = set(
        Vacancy.objects.filter(
            participations__session=session, participations__status=BoothStatus.APPROVED
        ).values_list("pk", flat=True)
    )
    wrong = [v for v in vacancies if v.pk not in allowed]
    if wrong:
        raise ValidationError({"vacancies": _("Choose only vacancies offered at this session.")})
    return vacancies


SHORT_CODE_CANDIDATES = 3  # desk codes tried at once: the chance all three are taken is negligible


def _seats_and_person(session: JobSession, job_seeker: JobSeeker, codes: list[str]) -> dict:
    """One query, on the locked session: the seats taken, the people waiting, the person's active registration (its
    id) and which of the candidate desk codes are taken already. Separate from the lock statement on purpose: a
    statement that waited for the lock counts what the registrations committed meanwhile only if it starts after
    the wait."""
    rows = Registration.objects.filter(session=session)
    active_here = Q(job_seeker=job_seeker) & ~Q(status=RegStatus.CANCELLED)
    return rows.aggregate(
        taken=Count("pk", filter=Q(status__in=Registration.SEAT_HOLDING)),
        waiting=Count("pk", filter=Q(status=RegStatus.WAITLISTED)),
        existing=Max("pk", filter=active_here),
        **{f"code{n}": Count("pk", filter=Q(short_code=code)) for n, code in enumerate(codes)},
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

    Under the session lock only what needs it: the lock, one read (seats, the waitlist, the person's active
    registration, free desk codes), the registration, the audit event and the notices. The person's eligibility and
    the vacancies are checked before it (neither changes under this lock: a booth rejected a moment later is the same
    as one rejected after the registration). A confirmed registration without vacancies costs 5 queries in all.

    When the caller read the session with the seats then taken (`seats_taken_at_read`, as the API does) and they
    left a seat, the confirmation and its reminders are rendered before the lock too, for the registration as it
    will be; under the lock they are written as they are if it is so (a seat, the first desk code, the session and
    its venue unchanged), else rendered again there."""
    now = now or timezone.now()
    try:
        return _registration_create(
            session=session, job_seeker=job_seeker, actor=actor, source=source, vacancies=vacancies, now=now
        )
    except (errors.BusinessRuleError, ValidationError):
        count_registration_attempt("refused")
        raise


def _registration_create(*, session, job_seeker, actor, source, vacancies, now) -> tuple[Registration, bool]:
    try:  # before the lock; a refusal waits for the checks that come first (closed session, registering again)
        vacancies = _vacancies_at_session(session, vacancies)
        _check_person_eligible(session=session, job_seeker=job_seeker)
        refusal = None
    except (ValidationError, errors.NotEligible) as exc:
        refusal = exc
    codes = list(dict.fromkeys(new_short_code() for _n in range(SHORT_CODE_CANDIDATES)))
    registration = Registration(session=session, job_seeker=job_seeker, source=source, short_code=codes[0])
    prepared = None if refusal else _notices_before_the_lock(registration, vacancies)
    with transaction.atomic():
        read = session
        session = lock_session(session.pk, with_place=True)
        refuse_if_closed(session)  # before the idempotent return: a closed session refuses everything
        found = _seats_and_person(session, job_seeker, codes)
        if found["existing"] is not None:
            return Registration.objects.get(pk=found["existing"]), False
        _check_session_open(session=session, source=source, now=now)
        if refusal is not None:
            raise refusal
        free_codes = [code for n, code in enumerate(codes) if not found[f"code{n}"]]
        if not free_codes:
            free_codes = [_free_short_code(session)]
        confirmed = session.job_seeker_capacity is None or found["taken"] < session.job_seeker_capacity
        if prepared is not None and not (confirmed and free_codes[0] == codes[0] and _same_place(read, session)):
            prepared = None  # what they say is not so: rendered again below, under the lock
        registration.session, registration.short_code = session, free_codes[0]
        return _register(
            registration,
            actor=actor,
            vacancies=vacancies,
            now=now,
            confirmed=confirmed,
            waitlist_place=None if confirmed else found["waiting"] + 1,
            prepared=prepared,
        ), True


def _notices_before_the_lock(registration: Registration, vacancies: list[Vacancy]) -> list[Notification] | None:
    """The confirmation and reminders of the registration about to be made, rendered now, when the caller's read of
    the session says a seat is left (None otherwise: they are rendered under the lock). Not for a walk-in (no
    notice), nor with vacancies at an online or hybrid session (the rooms shown depend on the saved registration)."""
    session = registration.session
    taken = getattr(session, "seats_taken_at_read", None)
    if taken is None or registration.source == Registration.Source.WALK_IN:
        return None
    if session.job_seeker_capacity is not None and taken >= session.job_seeker_capacity:
        return None
    if vacancies and session.format != SessionFormat.IN_PERSON:
        return None
    registration.status = RegStatus.CONFIRMED
    registration._prefetched_objects_cache = {"vacancies": vacancies}
    context = registration_context(registration, waitlist_place=None, online_rooms=[])
    return outbox.registration_notices(registration, Notification.Kind.REGISTRATION_CONFIRMED, context=context)


def _same_place(read: JobSession, locked: JobSession) -> bool:
    """Whether the notices rendered from the caller's read of the session still say what the locked row says: the
    session unchanged since (every change saves `updated_at`), at the same venue, itself unchanged."""
    if read.updated_at != locked.updated_at or read.venue_id != locked.venue_id:
        return False
    return locked.venue is None or read.venue.updated_at == locked.venue.updated_at


def _register(registration, *, actor, vacancies, now, confirmed, waitlist_place, prepared) -> Registration:
    """Save the registration (session, job seeker, source and desk code set), its vacancies, audit event and
    notices: those rendered before the lock (`prepared`) or, when there are none, rendered here."""
    registration.status = RegStatus.CONFIRMED if confirmed else RegStatus.WAITLISTED
    registration.confirmed_at = now if confirmed else None
    registration.registered_by = actor if actor is not None and actor.pk else None
    registration.save(force_insert=True)
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
        prepared = outbox.registration_notices(registration, kind, context=context)
    outbox.write_new_registration_notices(registration, prepared)
    return registration


def _free_short_code(session: JobSession) -> str:
    """A desk code no other registration of this session has (the session row is locked)."""
    while True:
        code = new_short_code()
        if not Registration.objects.filter(session=session, short_code=code).exists():
            return code


def promote_waitlisted(session: JobSession, *, actor: User | None) -> list[Registration]:
    """Give free seats to the waitlist in order. Call with the session row locked."""
    promoted = []
    waitlist = Registration.objects.select_for_update().filter(session=session, status=RegStatus.WAITLISTED)
    while _has_free_seat(session):
        first = waitlist.order_by("id").first()
        if first is None:
            break
        now = timezone.now()
        first.status = RegStatus.CONFIRMED
        first.confirmed_at = now
        first.promoted_at = now
        first.save(update_fields=["status", "confirmed_at", "promoted_at", "updated_at"])
        audit_log(actor=actor, action="registration.promote", obj=first)
        outbox.notify_registration(first, Notification.Kind.REGISTRATION_PROMOTED)
        promoted.append(first)
    return promoted


def registration_cancel(*, registration: Registration, actor: User | None) -> Registration:
    """Cancel a confirmed or waitlisted registration; a freed seat goes to the first waitlisted person."""
    with transaction.atomic():
        session = lock_session(registration.session_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        refuse_if_closed(session)
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

    match = _find_walk_in(fields)
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


def _walk_in_phone(fields: dict) -> str | None:
    from accounts.validators import normalize_phone

    try:
        return normalize_phone(fields["phone"]) if fields.get("phone") else None
    except ValidationError:
        return None


def _matches_by_verified_phone(match: JobSeeker, fields: dict) -> bool:
    phone = _walk_in_phone(fields)
    return bool(phone and match.user is not None and match.user.phone == phone and match.user.phone_is_verified)


def _find_walk_in(fields: dict) -> JobSeeker | None:
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
