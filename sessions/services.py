"""Every write that changes the state of a session, a booth, a registration, an interview or an outcome.

Locks are taken late and always in the same order: the session row first, then the rows under it.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import holidays
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import JobSeeker, User
from accounts.services import audit_log
from jobfair import errors
from sessions import notifications
from sessions.models import (
    HiringOutcome,
    Interview,
    JobSession,
    Notification,
    Participation,
    PlanTarget,
    Registration,
    SessionFormat,
    SessionKind,
    SessionSeries,
    SessionStatus,
    Vacancy,
    Venue,
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


VENUE_SEATS = object()  # default of session_create: as many seats as the venue has


def _assign_changes(obj, changes: dict, m2m_fields=frozenset()) -> tuple[list[str], list[str]]:
    """Set the fields whose value differs (many-to-many ones are saved at once).
    Returns (changed fields, changed relations)."""
    changed, changed_relations = [], []
    for field, value in changes.items():
        if field in m2m_fields:
            if set(getattr(obj, field).values_list("pk", flat=True)) != {item.pk for item in value}:
                getattr(obj, field).set(value)
                changed_relations.append(field)
        elif getattr(obj, field) != value:
            setattr(obj, field, value)
            changed.append(field)
    return changed, changed_relations


def _lock_session(session_id: int) -> JobSession:
    """The capacity lock: every change to seats or booths of a session holds this row lock first."""
    return JobSession.objects.select_for_update().get(pk=session_id)


def _refuse_if_closed(session: JobSession) -> None:
    if session.status == SessionStatus.CANCELLED:
        raise errors.SessionCancelled()
    if session.status == SessionStatus.COMPLETED:
        raise errors.SessionCompleted()


# --- sessions -------------------------------------------------------------------------------------------------


def _next_session_code(year: int) -> str:
    # One atomic upsert hands out numbers without gaps or duplicates, on PostgreSQL and SQLite alike.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO jobsessions_sessioncodecounter (year, last_number) VALUES (%s, 1) "
            "ON CONFLICT (year) DO UPDATE SET last_number = jobsessions_sessioncodecounter.last_number + 1 "
            "RETURNING last_number",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"PGD-{year}-{number:04d}"


def _validate_session_fields(session: JobSession) -> None:
    errs = {}
    if session.ends_at <= session.starts_at:
        errs["ends_at"] = _("The session must end after it starts.")
    if session.registration_closes_at <= session.registration_opens_at:
        errs["registration_closes_at"] = _("Registration must close after it opens.")
    if session.registration_opens_at > session.starts_at:
        errs["registration_opens_at"] = _("Registration must open before the session starts.")
    if session.format != SessionFormat.ONLINE and session.venue_id is None:
        errs["venue"] = _("An in-person or hybrid session needs a venue.")
    if session.format != SessionFormat.IN_PERSON and not session.online_url:
        errs["online_url"] = _("An online or hybrid session needs its online link.")
    if session.kind == SessionKind.ONLINE and session.format == SessionFormat.IN_PERSON:
        errs["format"] = _("An online session cannot be in person only.")
    if session.employer_capacity is not None and session.employer_capacity < 0:
        errs["employer_capacity"] = _("The number of booths cannot be negative.")
    if session.job_seeker_capacity is not None and session.job_seeker_capacity < 0:
        errs["job_seeker_capacity"] = _("The number of seats cannot be negative.")
    if errs:
        raise ValidationError(errs)


def venue_clashes(*, venue: Venue, starts_at: datetime, ends_at: datetime, exclude_id: int | None = None):
    """Sessions (not cancelled) at the venue whose time overlaps [starts_at, ends_at)."""
    clashes = JobSession.objects.filter(venue=venue, starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(
        status=SessionStatus.CANCELLED
    )
    if exclude_id is not None:
        clashes = clashes.exclude(pk=exclude_id)
    return clashes


def _save_session_checking_venue(session: JobSession, **save_kwargs) -> None:
    """Save, refusing an overlap at the venue: the service check for a clear message, the PostgreSQL
    exclusion constraint for the race between two staff saving at once."""
    if session.venue_id is not None and session.status != SessionStatus.CANCELLED:
        clash = venue_clashes(
            venue=session.venue, starts_at=session.starts_at, ends_at=session.ends_at, exclude_id=session.pk
        ).first()
        if clash is not None:
            raise errors.VenueClash(
                _("The venue is already booked by %(code)s (%(title)s) at that time."),
                code=clash.code,
                title=clash.title,
            )
    try:
        with transaction.atomic():
            session.save(**save_kwargs)
    except IntegrityError as exc:
        if "session_no_venue_overlap" in str(exc):
            raise errors.VenueClash() from exc
        raise


def session_create(
    *,
    actor: User | None,
    title: str,
    kind: str,
    format: str,  # noqa: A002 - the domain's own word
    starts_at: datetime,
    ends_at: datetime,
    venue: Venue | None = None,
    registration_opens_at: datetime | None = None,
    registration_closes_at: datetime | None = None,
    employer_capacity: int | None = None,
    job_seeker_capacity: int | object | None = VENUE_SEATS,
    target_cohorts: Iterable = (),
    linked_provinces: Iterable = (),
    series: SessionSeries | None = None,
    **fields,
) -> JobSession:
    """Create a draft session. Capacities default to the venue's booths and seats (job_seeker_capacity=None
    means unlimited seats); registration opens now
    (or when given) and closes when the session ends, so people can still register on the day."""
    unknown = set(fields) - SESSION_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"session_create() got unexpected fields: {sorted(unknown)}")
    now = timezone.now()
    if employer_capacity is None:
        employer_capacity = venue.booth_count if venue else 0
    if job_seeker_capacity is VENUE_SEATS:
        job_seeker_capacity = venue.seat_capacity if venue is not None and venue.seat_capacity else None
    session = JobSession(
        title=title,
        kind=kind,
        format=format,
        venue=venue,
        starts_at=starts_at,
        ends_at=ends_at,
        registration_opens_at=registration_opens_at or min(now, starts_at - timedelta(days=1)),
        registration_closes_at=registration_closes_at or ends_at,
        employer_capacity=employer_capacity,
        job_seeker_capacity=job_seeker_capacity,
        series=series,
        created_by=actor,
        **fields,
    )
    if session.ward_id is None and venue is not None:
        session.ward_id = venue.ward_id
    _validate_session_fields(session)
    with transaction.atomic():
        session.code = _next_session_code(timezone.localtime(starts_at).year)
        _save_session_checking_venue(session)
        session.target_cohorts.set(target_cohorts)
        session.linked_provinces.set(linked_provinces)
        audit_log(actor=actor, action="session.create", obj=session)
    return session


def session_update(*, session: JobSession, actor: User | None, **changes) -> JobSession:
    """Change a draft or published session. A larger capacity promotes the waitlist at once."""
    unknown = set(changes) - SESSION_EDITABLE_FIELDS - SESSION_M2M_FIELDS
    if unknown:
        raise TypeError(f"session_update() got unexpected fields: {sorted(unknown)}")
    with transaction.atomic():
        session = _lock_session(session.pk)
        _refuse_if_closed(session)
        changed, changed_relations = _assign_changes(session, changes, SESSION_M2M_FIELDS)
        if not changed and not changed_relations:
            return session
        if changed:
            _validate_session_fields(session)
            _save_session_checking_venue(session, update_fields=[*changed, "updated_at"])
        if session.status == SessionStatus.PUBLISHED and SESSION_NOTICE_FIELDS & set(changed):
            notifications.notify_session_changed(session, changed)
        if "job_seeker_capacity" in changed:
            _promote_waitlisted(session, actor=actor)
        if "employer_capacity" in changed:
            _promote_waitlisted_booths(session, actor=actor)
        audit_log(actor=actor, action="session.update", obj=session, fields=changed + changed_relations)
    return session


def session_publish(*, session: JobSession, actor: User | None) -> JobSession:
    with transaction.atomic():
        session = _lock_session(session.pk)
        _refuse_if_closed(session)
        if session.status != SessionStatus.DRAFT:
            raise errors.InvalidTransition(_("Only a draft session can be published."))
        session.status = SessionStatus.PUBLISHED
        session.published_at = timezone.now()
        session.save(update_fields=["status", "published_at", "updated_at"])
        audit_log(actor=actor, action="session.publish", obj=session)
    return session


def session_cancel(*, session: JobSession, actor: User | None, reason: str) -> JobSession:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the session.")})
    with transaction.atomic():
        session = _lock_session(session.pk)
        _refuse_if_closed(session)
        was_published = session.status == SessionStatus.PUBLISHED
        session.status = SessionStatus.CANCELLED
        session.cancel_reason = reason
        session.cancelled_at = timezone.now()
        session.save(update_fields=["status", "cancel_reason", "cancelled_at", "updated_at"])
        audit_log(actor=actor, action="session.cancel", obj=session, reason=reason)
        if was_published:
            notifications.notify_session_cancelled(session)
    return session


def session_complete(*, session: JobSession, actor: User | None, now: datetime | None = None) -> JobSession:
    """Close a published session after it ended; confirmed people never checked in at an in-person session
    become no-shows."""
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(session.pk)
        _refuse_if_closed(session)
        if session.status != SessionStatus.PUBLISHED:
            raise errors.InvalidTransition(_("Only a published session can be completed."))
        if session.ends_at > now:
            raise errors.InvalidTransition(_("The session has not ended yet."))
        session.status = SessionStatus.COMPLETED
        session.completed_at = now
        session.save(update_fields=["status", "completed_at", "updated_at"])
        no_shows = 0
        if session.format == SessionFormat.IN_PERSON:
            no_shows = Registration.objects.filter(session=session, status=RegStatus.CONFIRMED).update(
                status=RegStatus.NO_SHOW, updated_at=now
            )
        audit_log(actor=actor, action="session.complete", obj=session, no_shows=no_shows)
    return session


def sessions_complete_ended(*, now: datetime | None = None) -> list[JobSession]:
    """Complete every published session that has ended (run periodically)."""
    now = now or timezone.now()
    ended_ids = list(
        JobSession.objects.filter(status=SessionStatus.PUBLISHED, ends_at__lte=now).values_list("pk", flat=True)
    )
    completed = []
    for session_id in ended_ids:
        try:
            completed.append(session_complete(session=JobSession(pk=session_id), actor=None, now=now))
        except errors.BusinessRuleError:
            continue  # changed meanwhile (cancelled or completed by staff): nothing to do
    return completed


def vietnamese_holidays(date_from: date, date_to: date) -> dict[date, str]:
    """Public holidays (Tết included) between two dates, as the `holidays` package knows them."""
    calendar = holidays.country_holidays("VN", years=range(date_from.year, date_to.year + 1), language="vi")
    return {day: name for day, name in calendar.items() if date_from <= day <= date_to}


@dataclass(frozen=True)
class SeriesPlan:
    """What a weekly series would create: its slots, the public holidays it skips on the chosen weekdays, and the
    sessions already at the venue that clash, by date."""

    slots: list[tuple[datetime, datetime]]
    skipped: dict[date, str]
    clashes: dict[date, list[JobSession]]


def _validate_series(*, weekdays: list[int], start_time: time, end_time: time, date_from: date, date_to: date):
    errs = {}
    if not weekdays or any(day not in range(7) for day in weekdays):
        errs["weekdays"] = _("Choose at least one weekday (0 = Monday … 6 = Sunday).")
    if date_to < date_from:
        errs["date_to"] = _("The end date must not be before the start date.")
    elif (date_to - date_from).days > 366:
        errs["date_to"] = _("A series can cover one year at most.")
    if end_time <= start_time:
        errs["end_time"] = _("The session must end after it starts.")
    if errs:
        raise ValidationError(errs)


def series_plan(
    *, venue: Venue, weekdays: Iterable[int], start_time: time, end_time: time, date_from: date, date_to: date
) -> SeriesPlan:
    """The dates of a weekly series at a venue (public holidays skipped) and its clashes, in one query; raises
    ValidationError for a series that cannot be (no weekday, dates or hours the wrong way round, over a year)."""
    weekdays = sorted(set(weekdays))
    _validate_series(weekdays=weekdays, start_time=start_time, end_time=end_time, date_from=date_from, date_to=date_to)
    holidays_in_range = vietnamese_holidays(date_from, date_to)
    tz = timezone.get_current_timezone()
    days = [date_from + timedelta(days=n) for n in range((date_to - date_from).days + 1)]
    chosen = [day for day in days if day.weekday() in weekdays]
    slots = [
        (datetime.combine(day, start_time, tzinfo=tz), datetime.combine(day, end_time, tzinfo=tz))
        for day in chosen
        if day not in holidays_in_range
    ]
    booked = []
    if slots:
        booked = list(venue_clashes(venue=venue, starts_at=slots[0][0], ends_at=slots[-1][1]).order_by("starts_at"))
    clashes: dict[date, list[JobSession]] = {}
    for start, end in slots:
        overlapping = [other for other in booked if other.starts_at < end and other.ends_at > start]
        if overlapping:
            clashes[start.date()] = overlapping
    return SeriesPlan(
        slots=slots,
        skipped={day: holidays_in_range[day] for day in chosen if day in holidays_in_range},
        clashes=clashes,
    )


def session_series_create(
    *,
    actor: User | None,
    title: str,
    venue: Venue,
    weekdays: Iterable[int],
    start_time: time,
    end_time: time,
    date_from: date,
    date_to: date,
    kind: str = SessionKind.PERIODIC,
    format: str = SessionFormat.IN_PERSON,  # noqa: A002
    registration_opens_days_before: int = 14,
    **session_fields,
) -> tuple[SessionSeries, list[JobSession]]:
    """A weekly series of draft sessions at one venue, skipping public holidays. All or nothing: a clash at
    the venue on any date refuses the whole series, naming the dates."""
    weekdays = sorted(set(weekdays))
    plan = series_plan(
        venue=venue,
        weekdays=weekdays,
        start_time=start_time,
        end_time=end_time,
        date_from=date_from,
        date_to=date_to,
    )
    if plan.clashes:
        raise errors.VenueClash(
            _("The venue is already booked on: %(dates)s."),
            dates=", ".join(day.isoformat() for day in plan.clashes),
        )
    with transaction.atomic():
        series = SessionSeries.objects.create(
            title=title,
            venue=venue,
            weekdays=weekdays,
            start_time=start_time,
            end_time=end_time,
            date_from=date_from,
            date_to=date_to,
            skipped_dates=[day.isoformat() for day in sorted(plan.skipped)],
            created_by=actor,
        )
        sessions = [
            session_create(
                actor=actor,
                title=title,
                kind=kind,
                format=format,
                venue=venue,
                starts_at=start,
                ends_at=end,
                registration_opens_at=start - timedelta(days=registration_opens_days_before),
                series=series,
                **session_fields,
            )
            for start, end in plan.slots
        ]
        audit_log(actor=actor, action="series.create", obj=series, sessions=len(sessions))
    return series, sessions


# --- registrations --------------------------------------------------------------------------------------------


def seats_taken(session: JobSession) -> int:
    return Registration.objects.filter(session=session, status__in=Registration.SEAT_HOLDING).count()


def _has_free_seat(session: JobSession) -> bool:
    return session.job_seeker_capacity is None or seats_taken(session) < session.job_seeker_capacity


def _check_can_register(*, session: JobSession, job_seeker: JobSeeker, source: str, now: datetime) -> None:
    _refuse_if_closed(session)
    if session.status != SessionStatus.PUBLISHED:
        raise errors.SessionNotOpen()
    if source == Registration.Source.WALK_IN:
        if now >= session.ends_at:
            raise errors.SessionCompleted()
    elif not (session.registration_opens_at <= now < session.registration_closes_at):
        raise errors.RegistrationClosed()
    if session.cohort_only:
        target = session.target_cohorts.all()
        if not job_seeker.cohort_memberships.filter(cohort__in=target).exists():
            raise errors.NotEligible(_("This session is only for the cohorts it is held for."))


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
    """
    now = now or timezone.now()
    with transaction.atomic():
        session = _lock_session(session.pk)
        _refuse_if_closed(session)  # before the idempotent return: a closed session refuses everything
        existing = (
            Registration.objects.filter(session=session, job_seeker=job_seeker)
            .exclude(status=RegStatus.CANCELLED)
            .first()
        )
        if existing is not None:
            return existing, False
        _check_can_register(session=session, job_seeker=job_seeker, source=source, now=now)
        vacancies = _vacancies_at_session(session, vacancies)
        confirmed = _has_free_seat(session)
        registration = Registration.objects.create(
            session=session,
            job_seeker=job_seeker,
            source=source,
            status=RegStatus.CONFIRMED if confirmed else RegStatus.WAITLISTED,
            confirmed_at=now if confirmed else None,
            registered_by=actor if actor is not None and actor.pk else None,
        )
        if vacancies:
            registration.vacancies.set(vacancies)
        audit_log(actor=actor, action="registration.create", obj=registration, status=registration.status)
        if source != Registration.Source.WALK_IN:  # a walk-in is checked in at the desk, there and then
            notifications.notify_registration(
                registration,
                Notification.Kind.REGISTRATION_CONFIRMED if confirmed else Notification.Kind.REGISTRATION_WAITLISTED,
            )
    return registration, True


def _promote_waitlisted(session: JobSession, *, actor: User | None) -> list[Registration]:
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
        notifications.notify_registration(first, Notification.Kind.REGISTRATION_PROMOTED)
        promoted.append(first)
    return promoted


def registration_cancel(*, registration: Registration, actor: User | None) -> Registration:
    """Cancel a confirmed or waitlisted registration; a freed seat goes to the first waitlisted person."""
    with transaction.atomic():
        session = _lock_session(registration.session_id)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        _refuse_if_closed(session)
        if registration.status not in (RegStatus.CONFIRMED, RegStatus.WAITLISTED):
            raise errors.InvalidTransition(_("Only a confirmed or waitlisted registration can be cancelled."))
        held_seat = registration.status == RegStatus.CONFIRMED
        registration.status = RegStatus.CANCELLED
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["status", "cancelled_at", "updated_at"])
        audit_log(actor=actor, action="registration.cancel", obj=registration)
        notifications.notify_registration(registration, Notification.Kind.REGISTRATION_CANCELLED)
        if held_seat:
            _promote_waitlisted(session, actor=actor)
    return registration


def registration_check_in(
    *, code: str, actor: User | None, session: JobSession | None = None
) -> tuple[Registration, bool]:
    """Check a person in by the code of their QR. Returns (registration, newly_checked_in)."""
    code = (code or "").strip()
    candidate = Registration.objects.filter(check_in_code=code).only("pk", "session_id").first()
    if candidate is None or (session is not None and candidate.session_id != session.pk):
        raise errors.InvalidCheckInCode()
    with transaction.atomic():
        session = _lock_session(candidate.session_id)
        registration = Registration.objects.select_for_update().get(pk=candidate.pk)
        _refuse_if_closed(session)
        if registration.status == RegStatus.ATTENDED:
            return registration, False
        if registration.status == RegStatus.WAITLISTED:
            raise errors.InvalidTransition(_("This person is still on the waitlist and has no seat yet."))
        if registration.status != RegStatus.CONFIRMED:
            raise errors.InvalidTransition(_("This registration was cancelled."))
        registration.status = RegStatus.ATTENDED
        registration.checked_in_at = timezone.now()
        registration.checked_in_by = actor
        registration.save(update_fields=["status", "checked_in_at", "checked_in_by", "updated_at"])
        audit_log(actor=actor, action="registration.check_in", obj=registration)
    return registration, True


def registration_walk_in(
    *,
    session: JobSession,
    actor: User,
    job_seeker: JobSeeker | None = None,
    vacancies: Iterable[Vacancy] = (),
    **job_seeker_fields,
) -> Registration:
    """At the desk: find or create the person (no account needed), give a seat and check them in at once."""
    from accounts.services import job_seeker_create

    with transaction.atomic():
        if job_seeker is None:
            job_seeker = _find_walk_in(job_seeker_fields) or job_seeker_create(actor=actor, **job_seeker_fields)
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


def _find_walk_in(fields: dict) -> JobSeeker | None:
    from accounts.validators import normalize_phone

    if fields.get("citizen_id"):
        found = JobSeeker.objects.filter(citizen_id=fields["citizen_id"].strip()).first()
        if found:
            return found
    if fields.get("phone"):
        try:
            phone = normalize_phone(fields["phone"])
        except ValidationError:
            return None
        return (
            JobSeeker.objects.filter(phone=phone, user__isnull=False).first()
            or JobSeeker.objects.filter(phone=phone).first()
        )
    return None


# --- booths (participations) ----------------------------------------------------------------------------------


def _check_employer_vacancies(employer, vacancies: Iterable[Vacancy]) -> list[Vacancy]:
    vacancies = list(vacancies)
    if not vacancies:
        raise ValidationError({"vacancies": _("Choose the vacancies you bring to the session.")})
    if any(v.employer_id != employer.pk for v in vacancies):
        raise ValidationError({"vacancies": _("Choose only your own vacancies.")})
    if any(v.status != Vacancy.Status.OPEN for v in vacancies):
        raise ValidationError({"vacancies": _("A closed vacancy cannot be brought to a session.")})
    return vacancies


def participation_apply(
    *, session: JobSession, employer, vacancies: Iterable[Vacancy], actor: User | None
) -> tuple[Participation, bool]:
    """An employer asks for a booth with the vacancies it brings. Returns (participation, created); applying
    again while a request is active returns it; after a withdrawal or rejection the request is reopened."""
    if not employer.is_verified:
        raise errors.EmployerNotVerified()
    vacancies = _check_employer_vacancies(employer, vacancies)
    with transaction.atomic():
        session = _lock_session(session.pk)
        _refuse_if_closed(session)
        if session.status != SessionStatus.PUBLISHED or session.ends_at <= timezone.now():
            raise errors.SessionNotOpen(_("This session does not take booth requests."))
        participation = Participation.objects.select_for_update().filter(session=session, employer=employer).first()
        created = participation is None
        if created:
            participation = Participation.objects.create(session=session, employer=employer, applied_by=actor)
        elif participation.status in (BoothStatus.WITHDRAWN, BoothStatus.REJECTED):
            participation.status = BoothStatus.APPLIED
            participation.booth_label = ""
            participation.decided_at = None
            participation.decided_by = None
            participation.waitlisted_at = None
            participation.applied_by = actor
            participation.save(
                update_fields=[
                    "status",
                    "booth_label",
                    "decided_at",
                    "decided_by",
                    "waitlisted_at",
                    "applied_by",
                    "updated_at",
                ]
            )
        else:
            return participation, False
        participation.vacancies.set(vacancies)
        audit_log(actor=actor, action="participation.apply", obj=participation)
    return participation, created


def _approved_booths(session: JobSession):
    return Participation.objects.filter(session=session, status=BoothStatus.APPROVED)


def _free_booth_label(session: JobSession) -> str:
    used = set(_approved_booths(session).values_list("booth_label", flat=True))
    number = 1
    while f"{number:02d}" in used:
        number += 1
    return f"{number:02d}"


def _grant_booth(participation: Participation, *, actor: User | None, booth_label: str = "") -> None:
    participation.status = BoothStatus.APPROVED
    participation.booth_label = booth_label or _free_booth_label(participation.session)
    participation.decided_at = timezone.now()
    participation.decided_by = actor if actor is not None and actor.pk else None
    participation.save(update_fields=["status", "booth_label", "decided_at", "decided_by", "updated_at"])


def participation_approve(*, participation: Participation, actor: User | None, booth_label: str = "") -> Participation:
    """Approve a booth request: a booth while booths remain, else the booth waitlist (first come, first served).
    Approving someone already on the waitlist while booths are still full is refused (booths_full)."""
    with transaction.atomic():
        session = _lock_session(participation.session_id)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        participation.session = session
        _refuse_if_closed(session)
        if participation.status not in (BoothStatus.APPLIED, BoothStatus.WAITLISTED):
            raise errors.InvalidTransition(_("Only a pending or waitlisted booth request can be approved."))
        if _approved_booths(session).count() < session.employer_capacity:
            _grant_booth(participation, actor=actor, booth_label=booth_label)
        elif participation.status == BoothStatus.WAITLISTED:
            raise errors.BoothsFull()
        else:
            participation.status = BoothStatus.WAITLISTED
            participation.waitlisted_at = timezone.now()
            participation.decided_by = actor if actor is not None and actor.pk else None
            participation.save(update_fields=["status", "waitlisted_at", "decided_by", "updated_at"])
        audit_log(actor=actor, action="participation.approve", obj=participation, status=participation.status)
        notifications.notify_booth_decision(participation)
    return participation


def _promote_waitlisted_booths(session: JobSession, *, actor: User | None) -> list[Participation]:
    """Give free booths to the booth waitlist in order. Call with the session row locked."""
    promoted = []
    waitlist = Participation.objects.select_for_update().filter(session=session, status=BoothStatus.WAITLISTED)
    while _approved_booths(session).count() < session.employer_capacity:
        first = waitlist.order_by("waitlisted_at", "id").first()
        if first is None:
            break
        first.session = session
        _grant_booth(first, actor=actor)
        audit_log(actor=actor, action="participation.promote", obj=first)
        notifications.notify_booth_decision(first)
        promoted.append(first)
    return promoted


def _end_participation(participation: Participation, *, actor: User | None, status: str, note: str = ""):
    with transaction.atomic():
        session = _lock_session(participation.session_id)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        _refuse_if_closed(session)
        if participation.status not in (BoothStatus.APPLIED, BoothStatus.APPROVED, BoothStatus.WAITLISTED):
            raise errors.InvalidTransition()
        held_booth = participation.status == BoothStatus.APPROVED
        participation.status = status
        participation.booth_label = ""
        participation.decision_note = note
        participation.decided_at = timezone.now()
        participation.decided_by = actor if actor is not None and actor.pk else None
        participation.save(
            update_fields=["status", "booth_label", "decision_note", "decided_at", "decided_by", "updated_at"]
        )
        audit_log(actor=actor, action=f"participation.{status}", obj=participation, note=note)
        if status == BoothStatus.REJECTED:
            notifications.notify_booth_decision(participation)  # also cancels the booth's reminder
        else:
            notifications.cancel_pending(participation=participation, kinds=[Notification.Kind.EMPLOYER_DAY_BEFORE])
        if held_booth:
            _promote_waitlisted_booths(session, actor=actor)
    return participation


def participation_reject(*, participation: Participation, actor: User, note: str = "") -> Participation:
    return _end_participation(participation, actor=actor, status=BoothStatus.REJECTED, note=note.strip())


def participation_withdraw(*, participation: Participation, actor: User | None) -> Participation:
    return _end_participation(participation, actor=actor, status=BoothStatus.WITHDRAWN)


# --- interviews and hiring outcomes --------------------------------------------------------------------------


def interview_record(
    *,
    registration: Registration,
    vacancy: Vacancy,
    actor: User | None,
    result: str = Interview.Result.PENDING,
    notes: str = "",
) -> tuple[Interview, bool]:
    """Record (or update) an interview of a registered person for a vacancy of an employer with a booth at
    the session. Being interviewed at an in-person session proves attendance."""
    if result not in Interview.Result.values:
        raise ValidationError({"result": _("Unknown interview result.")})
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("session").get(pk=registration.pk)
        session = registration.session
        if session.status == SessionStatus.CANCELLED:
            raise errors.SessionCancelled()
        if session.status == SessionStatus.DRAFT:
            raise errors.SessionNotOpen()
        if registration.status not in (RegStatus.CONFIRMED, RegStatus.ATTENDED):
            raise errors.InvalidTransition(_("Only a person with a seat at the session can be interviewed."))
        if not Participation.objects.filter(
            session=session, employer_id=vacancy.employer_id, status=BoothStatus.APPROVED
        ).exists():
            raise errors.NotEligible(_("The vacancy's employer has no approved booth at this session."))
        if registration.status == RegStatus.CONFIRMED and session.format == SessionFormat.IN_PERSON:
            registration.status = RegStatus.ATTENDED
            registration.checked_in_at = timezone.now()
            registration.checked_in_by = actor if actor is not None and actor.pk else None
            registration.save(update_fields=["status", "checked_in_at", "checked_in_by", "updated_at"])
        interview, created = Interview.objects.get_or_create(
            registration=registration,
            vacancy=vacancy,
            defaults={"result": result, "notes": notes.strip(), "recorded_by": actor},
        )
        if not created and (interview.result, interview.notes) != (result, notes.strip()):
            interview.result = result
            interview.notes = notes.strip()
            interview.recorded_by = actor
            interview.save(update_fields=["result", "notes", "recorded_by", "updated_at"])
        audit_log(actor=actor, action="interview.record", obj=interview, result=result)
    return interview, created


def hiring_outcome_record(
    *,
    interview: Interview,
    actor: User | None,
    status: str,
    start_date: date | None = None,
    monthly_salary: int | None = None,
) -> tuple[HiringOutcome, bool]:
    """Record or correct what came of an interview."""
    errs = {}
    if status not in HiringOutcome.Status.values:
        errs["status"] = _("Unknown outcome.")
    if status == HiringOutcome.Status.STARTED and start_date is None:
        errs["start_date"] = _("Give the date the person started work.")
    if monthly_salary is not None and monthly_salary < 0:
        errs["monthly_salary"] = _("The salary cannot be negative.")
    if errs:
        raise ValidationError(errs)
    with transaction.atomic():
        interview = Interview.objects.select_for_update().select_related("registration__session").get(pk=interview.pk)
        if interview.registration.session.status == SessionStatus.CANCELLED:
            raise errors.SessionCancelled()
        outcome, created = HiringOutcome.objects.update_or_create(
            interview=interview,
            defaults={
                "status": status,
                "start_date": start_date,
                "monthly_salary": monthly_salary,
                "reported_by": actor,
                "reported_at": timezone.now(),
            },
        )
        audit_log(actor=actor, action="outcome.record", obj=outcome, status=status)
    return outcome, created


def hiring_outcome_follow_up(*, outcome: HiringOutcome, actor: User, days: int, still_employed: bool) -> HiringOutcome:
    """Staff record the 30- or 90-day check of a person who started work."""
    if days not in (30, 90):
        raise ValidationError({"days": _("Follow-up checks are made at 30 or 90 days.")})
    with transaction.atomic():
        outcome = HiringOutcome.objects.select_for_update().get(pk=outcome.pk)
        if outcome.status != HiringOutcome.Status.STARTED:
            raise errors.InvalidTransition(_("Only a person who started work can be followed up."))
        value_field, at_field = f"employed_at_{days}_days", f"checked_{days}_days_at"
        setattr(outcome, value_field, still_employed)
        setattr(outcome, at_field, timezone.now())
        outcome.save(update_fields=[value_field, at_field, "updated_at"])
        audit_log(actor=actor, action=f"outcome.follow_up_{days}", obj=outcome, still_employed=still_employed)
    return outcome


# --- venues ---------------------------------------------------------------------------------------------------

VENUE_EDITABLE_FIELDS = frozenset(
    {
        "name",
        "kind",
        "address",
        "ward",
        "booth_count",
        "seat_capacity",
        "accessible",
        "accessibility_notes",
        "is_active",
    }
)


def _clean_venue(venue: Venue) -> None:
    from jobfair.text import normalize_name, normalize_text

    venue.name = normalize_name(venue.name or "")
    venue.address = normalize_text(venue.address or "")
    venue.accessibility_notes = normalize_text(venue.accessibility_notes or "")
    errs = {}
    if not venue.name:
        errs["name"] = _("Enter the name of the venue.")
    if not venue.address:
        errs["address"] = _("Enter the street address of the venue.")
    if venue.kind not in Venue.Kind.values:
        errs["kind"] = _("Unknown kind of venue.")
    if venue.ward_id is None or venue.ward.level != "ward":
        errs["ward"] = _("Choose a ward or commune, not a province.")
    if errs:
        raise ValidationError(errs)


def venue_create(*, actor: User | None, **fields) -> Venue:
    """Staff add a job exchange floor or an external place for mobile sessions."""
    unknown = set(fields) - VENUE_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"venue_create() got unexpected fields: {sorted(unknown)}")
    venue = Venue(**fields)
    _clean_venue(venue)
    with transaction.atomic():
        venue.save()
        audit_log(actor=actor, action="venue.create", obj=venue)
    return venue


def venue_update(*, venue: Venue, actor: User | None, **changes) -> Venue:
    """Change a venue. The sessions already planned there keep their own booth and seat capacities."""
    unknown = set(changes) - VENUE_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"venue_update() got unexpected fields: {sorted(unknown)}")
    with transaction.atomic():
        venue = Venue.objects.select_for_update().get(pk=venue.pk)
        changed, _relations = _assign_changes(venue, changes)
        if not changed:
            return venue
        _clean_venue(venue)
        venue.save(update_fields=[*changed, "updated_at"])
        audit_log(actor=actor, action="venue.update", obj=venue, fields=changed)
    return venue


# --- vacancies ------------------------------------------------------------------------------------------------

VACANCY_EDITABLE_FIELDS = frozenset(
    {
        "title",
        "occupation",
        "description",
        "quantity",
        "min_education",
        "min_qualification",
        "major",
        "experience",
        "working_arrangement",
        "purpose",
        "contract_type",
        "ward",
        "salary_min",
        "salary_max",
        "salary_negotiable",
        "benefits",
        "disability_accessible",
        "recruitment_methods",
        "deadline",
        "status",
    }
)
VACANCY_M2M_FIELDS = frozenset({"priority_cohorts"})


def _clean_vacancy(vacancy: Vacancy) -> None:
    """The rules of a vacancy, as field errors (HTTP 400): the database constraints say the same, less kindly."""
    from accounts.validators import validate_occupation_code
    from jobfair.text import normalize_name, normalize_text

    vacancy.title = normalize_name(vacancy.title or "")
    vacancy.description = normalize_text(vacancy.description or "")
    vacancy.major = normalize_text(vacancy.major or "")
    errs = {}
    if not vacancy.title:
        errs["title"] = _("Enter the job title.")
    try:
        validate_occupation_code(vacancy.occupation)
    except ValidationError as exc:
        errs["occupation"] = exc.messages
    if vacancy.quantity is None or vacancy.quantity < 1:
        errs["quantity"] = _("A vacancy has at least one place.")
    if vacancy.salary_min is not None and vacancy.salary_max is not None and vacancy.salary_min > vacancy.salary_max:
        errs["salary_max"] = _("The maximum salary must not be lower than the minimum salary.")
    if vacancy.status not in Vacancy.Status.values:
        errs["status"] = _("A vacancy is open or closed.")
    if vacancy.ward_id is None or vacancy.ward.level != "ward":
        errs["ward"] = _("Choose a ward or commune, not a province.")
    if errs:
        raise ValidationError(errs)


def vacancy_create(*, actor: User | None, employer, priority_cohorts: Iterable = (), **fields) -> Vacancy:
    """Post a vacancy for an employer (open at once). A pending employer may post; its vacancies are shown to
    the public once the centre has verified it."""
    unknown = set(fields) - VACANCY_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"vacancy_create() got unexpected fields: {sorted(unknown)}")
    vacancy = Vacancy(employer=employer, **fields)
    _clean_vacancy(vacancy)
    with transaction.atomic():
        vacancy.save()
        vacancy.priority_cohorts.set(priority_cohorts)
        audit_log(actor=actor, action="vacancy.create", obj=vacancy)
    return vacancy


def vacancy_update(*, vacancy: Vacancy, actor: User | None, **changes) -> Vacancy:
    """Change a vacancy, or close (status "closed") and reopen it. A closed vacancy stays on the booths that
    already bring it, but cannot be brought to a new booth."""
    unknown = set(changes) - VACANCY_EDITABLE_FIELDS - VACANCY_M2M_FIELDS
    if unknown:
        raise TypeError(f"vacancy_update() got unexpected fields: {sorted(unknown)}")
    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().get(pk=vacancy.pk)
        changed, changed_relations = _assign_changes(vacancy, changes, VACANCY_M2M_FIELDS)
        if not changed and not changed_relations:
            return vacancy
        if changed:
            _clean_vacancy(vacancy)
            vacancy.save(update_fields=[*changed, "updated_at"])
        action = "vacancy.update"
        if "status" in changed:
            action = "vacancy.close" if vacancy.status == Vacancy.Status.CLOSED else "vacancy.reopen"
        audit_log(actor=actor, action=action, obj=vacancy, fields=changed + changed_relations)
    return vacancy


# --- the right to erasure -------------------------------------------------------------------------------------


def job_seeker_erase(*, job_seeker: JobSeeker, actor: User | None) -> dict:
    """A job seeker asks for the deletion of their data (DESIGN §4 "Sensitive data"), all or nothing:

    1. every active registration (confirmed or waitlisted) at a session still to come is cancelled through
       registration_cancel, so a freed seat goes to the first person on the waitlist;
    2. the notices still waiting to be sent to them are cancelled (the cancellation notices of step 1 included:
       the person asked to be forgotten), and the outbox history keeps no address or text of theirs;
    3. accounts.services.job_seeker_anonymise erases what identifies them and closes the account, keeping what
       the statistics count.

    Registrations already held (attended, no-show), interviews and hiring outcomes stay, without the person's
    identity, so the centre's reports stay true. Returns a summary of what was done."""
    from accounts.services import job_seeker_anonymise

    now = timezone.now()
    with transaction.atomic():
        active = list(
            Registration.objects.filter(
                job_seeker=job_seeker,
                status__in=(RegStatus.CONFIRMED, RegStatus.WAITLISTED),
                session__ends_at__gt=now,
            )
            .exclude(session__status__in=(SessionStatus.CANCELLED, SessionStatus.COMPLETED))
            .order_by("session_id", "id")
        )
        for registration in active:  # session by session, in id order: the lock order of registration_cancel
            registration_cancel(registration=registration, actor=actor)
        notices = Notification.objects.filter(job_seeker=job_seeker)
        cancelled_notices = notices.filter(status=Notification.Status.PENDING).update(
            status=Notification.Status.CANCELLED, updated_at=now
        )
        notices.update(address="", subject="", body_text="", body_html="", updated_at=now)
        job_seeker = job_seeker_anonymise(job_seeker=job_seeker, actor=actor)
        audit_log(
            actor=actor,
            action="job_seeker.erase",
            obj=job_seeker,
            registrations_cancelled=len(active),
            notifications_cancelled=cancelled_notices,
        )
    return {
        "job_seeker": job_seeker.pk,
        "registrations_cancelled": len(active),
        "notifications_cancelled": cancelled_notices,
        "anonymised_at": job_seeker.anonymised_at,
    }


def plan_target_set(
    *,
    year: int,
    metric: str,
    target: int,
    actor: User | None,
    quarter: int | None = None,
    note: str = "",
) -> tuple[PlanTarget, bool]:
    """Set the plan for one metric over a year (quarter None) or a quarter: creates the row or updates the one
    already there (one per year/quarter/metric). Returns (target, created)."""
    errs = {}
    if not 2000 <= year <= 2100:
        errs["year"] = _("Give a year between 2000 and 2100.")
    if quarter is not None and quarter not in (1, 2, 3, 4):
        errs["quarter"] = _("The quarter is 1, 2, 3 or 4, or empty for the whole year.")
    if metric not in PlanTarget.Metric.values:
        errs["metric"] = _("Unknown metric.")
    if target < 1:
        errs["target"] = _("The target must be a positive number.")
    if errs:
        raise ValidationError(errs)
    note = (note or "").strip()
    key = {"year": year, "quarter": quarter, "metric": metric}
    for _attempt in range(2):
        try:
            with transaction.atomic():
                plan = PlanTarget.objects.select_for_update().filter(**key).first()
                created = plan is None
                previous = None if created else plan.target
                if created:
                    plan = PlanTarget.objects.create(**key, target=target, note=note, created_by=actor)
                else:
                    plan.target, plan.note = target, note
                    plan.save(update_fields=["target", "note", "updated_at"])
                audit_log(
                    actor=actor,
                    action="plan_target.set",
                    obj=plan,
                    year=year,
                    quarter=quarter,
                    metric=metric,
                    target=target,
                    previous=previous,
                )
            return plan, created
        except IntegrityError:
            # Someone created the same row between our read and our insert: update theirs instead.
            continue
    raise errors.BusinessRuleError(_("The plan target is being changed by someone else; try again."))
