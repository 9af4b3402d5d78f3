"""Sessions and weekly series: create, update, publish, cancel, complete; venue clashes; holidays."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import holidays
from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_changes, snapshot
from accounts.models import User
from accounts.services import audit_log
from jobfair import errors
from jobfair.changes import assign_changes
from sessions.models import (
    JobSession,
    Registration,
    SessionFormat,
    SessionKind,
    SessionSeries,
    SessionStatus,
    Venue,
)
from sessions.notifications import outbox
from sessions.services._common import (
    FROM_VENUE,
    SESSION_EDITABLE_FIELDS,
    SESSION_M2M_FIELDS,
    SESSION_NOTICE_FIELDS,
    RegStatus,
    lock_session,
    refuse_if_closed,
)
from sessions.services.booths import approved_booths, promote_waitlisted_booths
from sessions.services.registrations import promote_waitlisted


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


SESSION_YEARS = range(2000, 2101)  # the calendar the centre plans in; beyond it date arithmetic overflows
DATE_FIELDS = ("starts_at", "ends_at", "registration_opens_at", "registration_closes_at")
SESSION_MAX_DAYS = 7  # a job fair of several days, not a slip of the end day into next month


def _far_date_errors(**moments: date | datetime | None) -> dict[str, str]:
    return {
        name: _("Give a date between %(first)d and %(last)d.") % {"first": SESSION_YEARS[0], "last": SESSION_YEARS[-1]}
        for name, moment in moments.items()
        if moment is not None and moment.year not in SESSION_YEARS
    }


def refuse_far_dates(**moments: date | datetime | None) -> None:
    """A session's dates lie between 2000 and 2100 (year 1 or 9999 is a typing slip, and would overflow)."""
    if errs := _far_date_errors(**moments):
        raise ValidationError(errs)


def validate_session_fields(session: JobSession) -> None:
    errs = {}
    if session.ends_at <= session.starts_at:
        errs["ends_at"] = _("The session must end after it starts.")
    elif session.ends_at - session.starts_at > timedelta(days=SESSION_MAX_DAYS):
        errs["ends_at"] = _("A session lasts at most %(days)d days: check the day it ends.") % {
            "days": SESSION_MAX_DAYS
        }
    if session.registration_closes_at <= session.registration_opens_at:
        errs["registration_closes_at"] = _("Registration must close after it opens.")
    elif session.registration_closes_at > session.ends_at:
        errs["registration_closes_at"] = _("Registration must close by the end of the session.")
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
    errs.update({name: message for name, message in _beyond_the_venue(session).items() if name not in errs})
    if errs:
        raise ValidationError(errs)


def _beyond_the_venue(session: JobSession) -> dict:
    """A session cannot promise more booths, or (in person) more seats, than its venue has (a count of 0 at the
    venue means it is not known). Online and hybrid sessions take people beyond the room's seats."""
    venue = session.venue if session.venue_id else None
    if venue is None:
        return {}
    errs = {}
    if venue.booth_count and (session.employer_capacity or 0) > venue.booth_count:
        errs["employer_capacity"] = _("%(venue)s has %(count)d booths: the session cannot offer more.") % {
            "venue": venue.name,
            "count": venue.booth_count,
        }
    seats = session.job_seeker_capacity
    if (
        session.format == SessionFormat.IN_PERSON
        and venue.seat_capacity
        and (seats is None or seats > venue.seat_capacity)
    ):
        errs["job_seeker_capacity"] = _("%(venue)s seats %(count)d people: the session cannot take more.") % {
            "venue": venue.name,
            "count": venue.seat_capacity,
        }
    return errs


def venue_clashes(*, venue: Venue, starts_at: datetime, ends_at: datetime, exclude_id: int | None = None):
    """Sessions (not cancelled) at the venue whose time overlaps [starts_at, ends_at)."""
    clashes = JobSession.objects.filter(venue=venue, starts_at__lt=ends_at, ends_at__gt=starts_at).exclude(
        status=SessionStatus.CANCELLED
    )
    if exclude_id is not None:
        clashes = clashes.exclude(pk=exclude_id)
    return clashes


def venue_clash_refusal(session: JobSession) -> errors.VenueClash | None:
    """The refusal for a session whose slot is already taken at its venue, or None when it is free."""
    if session.venue_id is None or session.status == SessionStatus.CANCELLED:
        return None
    clash = venue_clashes(
        venue=session.venue, starts_at=session.starts_at, ends_at=session.ends_at, exclude_id=session.pk
    ).first()
    if clash is None:
        return None
    return errors.VenueClash(
        _("The venue is already booked by %(code)s (%(title)s) at that time."), code=clash.code, title=clash.title
    )


def default_registration_window(*, starts_at: datetime, ends_at: datetime, now: datetime) -> tuple[datetime, datetime]:
    """Registration opens now, at the latest a day before the session, and closes when the session ends (people
    may still register on the day)."""
    return min(now, starts_at - timedelta(days=1)), ends_at


def _derive_ward(session: JobSession) -> None:
    """A session at a venue is in the venue's ward (the public ward filter lists it there)."""
    if session.venue_id is not None:
        session.ward_id = session.venue.ward_id


def _follow_the_move(session: JobSession, *, previous_ends_at: datetime, changes: dict) -> list[str]:
    """A session moved in time keeps a sensible registration window, unless the change sets the window itself:
    one that closed when the session ended still does, and one that would open after the start opens by the
    default rule. Returns the window fields changed."""
    opens_at, closes_at = default_registration_window(
        starts_at=session.starts_at, ends_at=session.ends_at, now=timezone.now()
    )
    changed = []
    if "registration_closes_at" not in changes and (
        session.registration_closes_at == previous_ends_at or session.registration_closes_at > session.ends_at
    ):
        session.registration_closes_at = closes_at
        changed.append("registration_closes_at")
    if "registration_opens_at" not in changes and session.registration_opens_at > session.starts_at:
        session.registration_opens_at = opens_at
        changed.append("registration_opens_at")
    return changed


def _save_session_checking_venue(session: JobSession, **save_kwargs) -> None:
    """Save, refusing an overlap at the venue: the service check for a clear message, the PostgreSQL
    exclusion constraint for the race between two staff saving at once."""
    refusal = venue_clash_refusal(session)
    if refusal is not None:
        raise refusal
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
    employer_capacity: int | object = FROM_VENUE,
    job_seeker_capacity: int | object | None = FROM_VENUE,
    target_cohorts: Iterable = (),
    linked_provinces: Iterable = (),
    series: SessionSeries | None = None,
    **fields,
) -> JobSession:
    """Create a draft session. Capacities default to the venue's booths and seats (FROM_VENUE; a venue without a
    seat count, or job_seeker_capacity=None, means unlimited seats); registration opens now (or when given) and
    closes when the session ends, so people can still register on the day."""
    unknown = set(fields) - SESSION_EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"session_create() got unexpected fields: {sorted(unknown)}")
    refuse_far_dates(
        starts_at=starts_at,
        ends_at=ends_at,
        registration_opens_at=registration_opens_at,
        registration_closes_at=registration_closes_at,
    )
    default_opens_at, default_closes_at = default_registration_window(
        starts_at=starts_at, ends_at=ends_at, now=timezone.now()
    )
    if employer_capacity is FROM_VENUE:
        employer_capacity = venue.booth_count if venue else 0
    if job_seeker_capacity is FROM_VENUE:
        job_seeker_capacity = venue.seat_capacity if venue is not None and venue.seat_capacity else None
    session = JobSession(
        title=title,
        kind=kind,
        format=format,
        venue=venue,
        starts_at=starts_at,
        ends_at=ends_at,
        registration_opens_at=registration_opens_at or default_opens_at,
        registration_closes_at=registration_closes_at or default_closes_at,
        employer_capacity=employer_capacity,
        job_seeker_capacity=job_seeker_capacity,
        series=series,
        created_by=actor,
        **fields,
    )
    _derive_ward(session)
    validate_session_fields(session)
    with transaction.atomic():
        session.code = _next_session_code(timezone.localtime(starts_at).year)
        _save_session_checking_venue(session)
        session.target_cohorts.set(target_cohorts)
        session.linked_provinces.set(linked_provinces)
        audit_log(actor=actor, action="session.create", obj=session)
    return session


def session_update(*, session: JobSession, actor: User | None, **changes) -> JobSession:
    """Change a draft or published session, the API's and the staff pages' alike. Moving it (time, venue) carries
    the registration window and the ward along; a larger capacity promotes the waitlist at once."""
    unknown = set(changes) - SESSION_EDITABLE_FIELDS - SESSION_M2M_FIELDS
    if unknown:
        raise TypeError(f"session_update() got unexpected fields: {sorted(unknown)}")
    refuse_far_dates(**{name: changes[name] for name in DATE_FIELDS if name in changes})
    with transaction.atomic():
        session = lock_session(session.pk)
        refuse_if_closed(session)
        previous_ends_at, previous_ward_id = session.ends_at, session.ward_id
        before = snapshot(session, m2m_fields=SESSION_M2M_FIELDS & set(changes))
        changed, changed_relations = assign_changes(session, changes, m2m_fields=SESSION_M2M_FIELDS)
        if {"starts_at", "ends_at"} & set(changed):
            changed += _follow_the_move(session, previous_ends_at=previous_ends_at, changes=changes)
        _derive_ward(session)  # a ward given with a venue gives way to the venue's
        changed = [name for name in changed if name != "ward"] + (
            ["ward"] if session.ward_id != previous_ward_id else []
        )
        if not changed and not changed_relations:
            return session
        if changed:
            validate_session_fields(session)
            _refuse_fewer_places_than_given(session, changed)
            _refuse_moving_once_people_came(session, changed)
            _save_session_checking_venue(session, update_fields=[*changed, "updated_at"])
        if session.status == SessionStatus.PUBLISHED and SESSION_NOTICE_FIELDS & set(changed):
            outbox.notify_session_changed(session, changed)
        if "job_seeker_capacity" in changed:
            promote_waitlisted(session, actor=actor)
        if "employer_capacity" in changed:
            promote_waitlisted_booths(session, actor=actor)
        audit_changes(
            actor=actor, action="session.update", obj=session, before=before, fields=changed + changed_relations
        )
    return session


def _refuse_moving_once_people_came(session: JobSession, changed: list[str]) -> None:
    """Once people have checked in, the session has begun where and when it began: its start and venue stay (their
    attendance would be recorded at a session that had not started). Its end may still change (a fair runs late, or
    is cut short)."""
    moved = {"starts_at", "venue"} & set(changed)
    if moved and Registration.objects.filter(session=session, status=RegStatus.ATTENDED).exists():
        raise ValidationError(
            {
                sorted(moved)[0]: _(
                    "People have checked in already: the session cannot be moved. Change only its end, or cancel it."
                )
            }
        )


def _refuse_fewer_places_than_given(session: JobSession, changed: list[str]) -> None:
    """Seats and booths already given stay given: a capacity is lowered at most to them (read under the session
    lock), and staff cancel registrations or withdraw booths first if the session must shrink further."""
    errs = {}
    seats = session.job_seeker_capacity
    if "job_seeker_capacity" in changed and seats is not None and seats < session.seats_taken:
        errs["job_seeker_capacity"] = _("%(count)d people have a seat: the session cannot have fewer seats.") % {
            "count": session.seats_taken
        }
    if "employer_capacity" in changed and session.employer_capacity is not None:
        approved = approved_booths(session).count()
        if session.employer_capacity < approved:
            errs["employer_capacity"] = _("%(count)d booths are approved: the session cannot have fewer booths.") % {
                "count": approved
            }
    if errs:
        raise ValidationError(errs)


def session_publish(*, session: JobSession, actor: User | None, now: datetime | None = None) -> JobSession:
    """Open a draft session to the public; one that has already ended is refused. `now`: the moment it is published
    (the demo's history publishes its past sessions when they were still to come)."""
    now = now or timezone.now()
    with transaction.atomic():
        session = lock_session(session.pk)
        refuse_if_closed(session)
        if session.status != SessionStatus.DRAFT:
            raise errors.InvalidTransition(_("Only a draft session can be published."))
        if session.ends_at <= now:  # nobody could come; published, it would count as held in the plan
            raise errors.InvalidTransition(_("A session that has already ended cannot be published."))
        if session.registration_closes_at <= now:
            raise errors.InvalidTransition(
                _("Registration for this session has already closed: change its dates before publishing it.")
            )
        if session.cohort_only and not session.target_cohorts.exists():
            raise errors.InvalidTransition(
                _("A session only for target cohorts needs at least one target cohort before it is published.")
            )
        session.status = SessionStatus.PUBLISHED
        session.published_at = now
        session.save(update_fields=["status", "published_at", "updated_at"])
        audit_log(actor=actor, action="session.publish", obj=session)
    return session


def session_cancel(*, session: JobSession, actor: User | None, reason: str) -> JobSession:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for cancelling the session.")})
    with transaction.atomic():
        session = lock_session(session.pk)
        refuse_if_closed(session)
        was_published = session.status == SessionStatus.PUBLISHED
        session.status = SessionStatus.CANCELLED
        session.cancel_reason = reason
        session.cancelled_at = timezone.now()
        session.save(update_fields=["status", "cancel_reason", "cancelled_at", "updated_at"])
        audit_log(actor=actor, action="session.cancel", obj=session, reason=reason)
        if was_published:
            outbox.notify_session_cancelled(session)
    return session


def session_complete(*, session: JobSession, actor: User | None, now: datetime | None = None) -> JobSession:
    """Close a published session after it ended; confirmed people never checked in at an in-person session
    become no-shows."""
    now = now or timezone.now()
    with transaction.atomic():
        session = lock_session(session.pk)
        refuse_if_closed(session)
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
    errs = _far_date_errors(date_from=date_from, date_to=date_to)
    if not errs:  # a far date is refused already: its order and span say nothing more
        if date_to < date_from:
            errs["date_to"] = _("The end date must not be before the start date.")
        elif (date_to - date_from).days > 366:
            errs["date_to"] = _("A series can cover one year at most.")
    if not weekdays or any(day not in range(7) for day in weekdays):
        errs["weekdays"] = _("Choose at least one weekday (0 = Monday … 6 = Sunday).")
    if end_time <= start_time:
        errs["end_time"] = _("The session must end after it starts.")
    if errs:
        raise ValidationError(errs)


def series_plan(
    *, venue: Venue, weekdays: Iterable[int], start_time: time, end_time: time, date_from: date, date_to: date
) -> SeriesPlan:
    """The dates of a weekly series at a venue (public holidays skipped) and its clashes, in one query; raises
    ValidationError for a series that cannot be (no weekday, dates or hours the wrong way round, over a year)."""
    weekdays = list(weekdays)
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
            dates=", ".join(day.strftime("%d/%m/%Y") for day in plan.clashes),
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


@shared_task(name="sessions.complete_ended", acks_late=True)
def sessions_complete_ended_task() -> int:
    return len(sessions_complete_ended())
