"""What the centre tells people, and when (DESIGN §4 "Reminders").

The services call these functions inside their own transaction: the outbox rows commit or roll back with the
change that causes them, and delivery is asked for only on commit (delivery.ask_for_sweep). Future reminders wait
as rows (`send_after`); moving a session replaces them, cancelling cancels them, and a moment that has passed is
never sent late.
"""

from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import JobSeeker, Verification
from jobfair.inserts import insert_new
from sessions import selectors
from sessions.models import (
    JobSession,
    Notification,
    Participation,
    Registration,
    RegistrationAlert,
    SessionFormat,
    SessionStatus,
    SurveyInvitation,
)
from sessions.notifications import delivery
from sessions.notifications.content import (
    centre_context,
    employer_recipients,
    job_seeker_recipients,
    participation_context,
    registration_context,
    render,
    session_context,
    session_named,
    sms_text,
)
from sessions.notifications.timing import (
    day_before_moment,
    hours_before_moment,
    outcome_request_moments,
    sms_allowed_moment,
)
from sessions.rebook import rebook_url

Kind = Notification.Kind
Channel = Notification.Channel

REGISTRATION_REMINDERS = (Kind.REMINDER_DAY_BEFORE, Kind.REMINDER_TWO_HOURS)
SCHEDULED_KINDS = (*REGISTRATION_REMINDERS, Kind.EMPLOYER_DAY_BEFORE)


def _epoch(moment: datetime) -> int:
    return int(moment.timestamp())


def _write(rows: list[Notification]) -> None:
    """Insert the rows (a dedup_key already there wins); the due ones are delivered once the transaction commits."""
    if not rows:
        return
    Notification.objects.bulk_create(rows, ignore_conflicts=True)
    _deliver_on_commit(rows)


def _deliver_on_commit(rows: list[Notification]) -> None:
    """Once the transaction commits, a sweep is asked for when a row is due now (delivery.ask_for_sweep)."""
    now = timezone.now()
    if any(row.send_after <= now for row in rows):
        # robust: a broker that is down must not fail a change that has committed; beat's sweep sends the rows later.
        transaction.on_commit(delivery.ask_for_sweep, robust=True)


def _write_new(rows: list[Notification]) -> None:
    """Insert the rows of a registration created in this transaction: no row can hold their keys yet, so the insert
    takes no conflict clause (and its statement is written once: jobfair.inserts)."""
    if not rows:
        return
    insert_new(rows)
    _deliver_on_commit(rows)


def _write_scheduled(rows: list[Notification]) -> None:
    """Write reminders. One cancelled earlier under the same key (its session moved away, its booth rejected) gives
    way to the new one (the session moved back, the booth approved again) instead of silently winning."""
    keys = [row.dedup_key for row in rows]
    Notification.objects.filter(dedup_key__in=keys, status=Notification.Status.CANCELLED).delete()
    _write(rows)


def _rows_for(recipients, *, kind, context, dedup_base, send_after, expires_at=None, **links) -> list[Notification]:
    rows = []
    for recipient in recipients:
        subject, text, sms = render(kind, recipient.language, context, channel=recipient.channel)
        moment = sms_allowed_moment(send_after) if recipient.channel == Channel.SMS else send_after
        if expires_at is not None and moment >= expires_at:
            continue  # deferred past its use (quiet hours): a reminder is never sent late
        rows.append(
            Notification(
                channel=recipient.channel,
                address=recipient.address,
                language=recipient.language,
                kind=kind,
                subject=subject,
                body_text=sms if recipient.channel == Channel.SMS else text,
                dedup_key=f"{dedup_base}:{recipient.channel}",
                send_after=moment,
                expires_at=expires_at,
                **links,
            )
        )
    return rows


# --- accounts' messages ---------------------------------------------------------------------------------------


def person_message(sender, *, user, channel, address, kind, subject, text, reference, expires_at, **kwargs) -> None:
    """The receiver of accounts.signals.message_to_person: a one-time code, a verification link, a warning."""
    row = Notification(
        channel=channel,
        address=address,
        language=user.language,
        kind=kind,
        subject=subject,
        body_text=sms_text(text) if channel == Channel.SMS else text,
        dedup_key=f"{kind}:{reference}:{channel}",
        send_after=timezone.now(),
        expires_at=expires_at,
        job_seeker=JobSeeker.objects.filter(user=user).first(),
        employer_id=user.employer_id,
    )
    _write([row])


# --- job seekers ----------------------------------------------------------------------------------------------


# A registration's notices may be rendered before the registration is saved (registration_create renders them
# before it takes the session lock): their keys name it by this mark until write_new_registration_notices puts its id
# in; a waitlist notice says the second mark where its place in the queue goes, known only under the lock.
UNSAVED_REGISTRATION = "reg?"
WAITLIST_PLACE_TO_FILL = "[[waitlist-place]]"


def notify_registration(registration: Registration, kind: str) -> None:
    """An at-once notice about a saved registration: confirmed, waitlisted, promoted or cancelled. A registration
    made in this transaction has its notices written by write_new_registration_notices instead."""
    registration = Registration.objects.select_related("session__venue__ward", "job_seeker__user").get(
        pk=registration.pk
    )
    context = registration_context(registration)
    rows = _registration_notice_rows(registration, kind, context, f"reg{registration.pk}")
    reminders = []
    if kind in (Kind.REGISTRATION_CONFIRMED, Kind.REGISTRATION_PROMOTED):
        reminders = _registration_reminder_rows(registration, context)
    elif kind == Kind.REGISTRATION_CANCELLED:
        cancel_pending(registration=registration, kinds=REGISTRATION_REMINDERS)
    _write(rows)
    if reminders:
        _write_scheduled(reminders)


def registration_notices(registration: Registration, kind: str, *, context: dict | None = None) -> list[Notification]:
    """The rendered rows of a new registration's notice of `kind` and, for a seat, its reminders, for
    write_new_registration_notices. The registration need not be saved yet: its session, job seeker, status, check-in
    and desk codes are what the notices say (registration_create renders them before the session lock)."""
    context = context if context is not None else registration_context(registration)
    rows = _registration_notice_rows(registration, kind, context, UNSAVED_REGISTRATION)
    if kind in (Kind.REGISTRATION_CONFIRMED, Kind.REGISTRATION_PROMOTED):
        rows += _registration_reminder_rows(registration, context, UNSAVED_REGISTRATION)
    return rows


def write_new_registration_notices(
    registration: Registration, rows: list[Notification], *, waitlist_place: int | None = None
) -> None:
    """Write the rows of registration_notices for the registration now saved in this transaction (one insert), with
    its place on the waitlist where they say WAITLIST_PLACE_TO_FILL."""
    for row in rows:
        row.dedup_key = row.dedup_key.replace(UNSAVED_REGISTRATION, f"reg{registration.pk}", 1)
        row.registration = registration
        if waitlist_place is not None:
            for field in ("subject", "body_text"):
                setattr(row, field, getattr(row, field).replace(WAITLIST_PLACE_TO_FILL, str(waitlist_place)))
    _write_new(rows)


def _registration_notice_rows(registration, kind, context, registration_key) -> list[Notification]:
    return _rows_for(
        job_seeker_recipients(registration.job_seeker),
        kind=kind,
        context=context,
        dedup_base=f"{kind}:{registration_key}",
        send_after=timezone.now(),
        job_seeker=registration.job_seeker,
        session=registration.session,
        registration=registration,
    )


def schedule_registration_reminders(registration: Registration) -> None:
    """The day-before (08:00) and 2-hours-before reminders of a seat-holding registration."""
    _write_scheduled(_registration_reminder_rows(registration, registration_context(registration)))


def _registration_reminder_rows(
    registration: Registration, context: dict, registration_key: str | None = None
) -> list[Notification]:
    session = registration.session
    registration_key = registration_key or f"reg{registration.pk}"
    now = timezone.now()
    rows = []
    for kind, moment, expires_at in (
        (Kind.REMINDER_DAY_BEFORE, day_before_moment(session.starts_at), hours_before_moment(session.starts_at)),
        (Kind.REMINDER_TWO_HOURS, hours_before_moment(session.starts_at), session.starts_at),
    ):
        if moment <= now:
            continue  # its moment has passed: not sent late
        rows += _rows_for(
            job_seeker_recipients(registration.job_seeker),
            kind=kind,
            context=context,
            dedup_base=f"{kind}:{registration_key}:{_epoch(session.starts_at)}",
            send_after=moment,
            expires_at=expires_at,
            job_seeker=registration.job_seeker,
            session=session,
            registration=registration,
        )
    return rows


def refresh_reminders_for_booth(participation: Participation) -> None:
    """A booth's online interview room was set or changed: the pending reminders of the people registered for its
    vacancies are written again, with the room (the ones already sent stay as they were)."""
    registrations = (
        Registration.objects.filter(
            session_id=participation.session_id,
            status=Registration.Status.CONFIRMED,
            vacancies__employer_id=participation.employer_id,
        )
        .distinct()
        .select_related("session__venue__ward", "job_seeker__user")
    )
    for registration in registrations:
        cancel_pending(registration=registration, kinds=REGISTRATION_REMINDERS)
        schedule_registration_reminders(registration)


def cancel_pending(*, kinds, registration=None, session=None, participation=None) -> int:
    rows = Notification.objects.filter(status=Notification.Status.PENDING, kind__in=kinds)
    if registration is not None:
        rows = rows.filter(registration=registration)
    if session is not None:
        rows = rows.filter(session=session)
    if participation is not None:
        rows = rows.filter(participation=participation)
    return rows.update(status=Notification.Status.CANCELLED, updated_at=timezone.now())


def _people_registered(session: JobSession):
    """Everyone holding or waiting for a seat, and those checked in already (day 2 of a fair, an evening session
    under way): those told of a change or a cancellation."""
    return Registration.objects.filter(
        session=session,
        status__in=(Registration.Status.CONFIRMED, Registration.Status.WAITLISTED, Registration.Status.ATTENDED),
    ).select_related("job_seeker__user")  # the user: whether their phone is proven (content.phone_proven)


def _approved_booths(session: JobSession):
    return Participation.objects.filter(session=session, status=Participation.Status.APPROVED).select_related(
        "employer"
    )


def _tell_now(session: JobSession, *, kind: str, context: dict, suffix: str, registrations, participations) -> list:
    """The rows telling each of these people and booths about the session at once (one dedup key each)."""
    rows = []
    for registration in registrations:
        rows += _rows_for(
            job_seeker_recipients(registration.job_seeker),
            kind=kind,
            context={**context, "registration": registration, "person": registration.job_seeker},
            dedup_base=f"{kind}:reg{registration.pk}{suffix}",
            send_after=timezone.now(),
            job_seeker=registration.job_seeker,
            session=session,
            registration=registration,
        )
    for participation in participations:
        rows += _rows_for(
            employer_recipients(participation.employer),
            kind=kind,
            context={**context, "participation": participation, "employer": participation.employer},
            dedup_base=f"{kind}:p{participation.pk}{suffix}",
            send_after=timezone.now(),
            employer=participation.employer,
            session=session,
            participation=participation,
        )
    return rows


def notify_session_changed(session: JobSession, changed_fields: list[str]) -> None:
    """Time, place or link changed: tell everyone registered and every booth at once; move the reminders."""
    session = JobSession.objects.select_related("venue__ward").get(pk=session.pk)
    stamp = int(session.updated_at.timestamp() * 1_000_000)  # two changes in one second are two notices
    _write(
        _tell_now(
            session,
            kind=Kind.SESSION_CHANGED,
            context={**session_context(session), "changed_fields": changed_fields},
            suffix=f":{stamp}",
            registrations=_people_registered(session),
            participations=_approved_booths(session),
        )
    )
    if {"starts_at", "ends_at"} & set(changed_fields):
        cancel_pending(session=session, kinds=SCHEDULED_KINDS)
        for registration in _people_registered(session).filter(status=Registration.Status.CONFIRMED):
            registration.session = session
            schedule_registration_reminders(registration)
        for participation in _approved_booths(session):
            participation.session = session
            schedule_employer_reminder(participation)


def notify_session_cancelled(session: JobSession) -> None:
    """Everyone registered and every booth, approved or still asked for, hears at once; nothing else is sent."""
    session = JobSession.objects.select_related("venue__ward").get(pk=session.pk)
    cancel_pending(session=session, kinds=[kind for kind in Kind.values if kind != Kind.SESSION_CANCELLED])
    booths = Participation.objects.filter(
        session=session,
        status__in=(Participation.Status.APPROVED, Participation.Status.APPLIED, Participation.Status.WAITLISTED),
    ).select_related("employer")
    _write(
        _tell_now(
            session,
            kind=Kind.SESSION_CANCELLED,
            context=session_context(session),
            suffix="",
            registrations=_people_registered(session),
            participations=booths,
        )
    )


# --- employers ------------------------------------------------------------------------------------------------


def notify_booth_decision(participation: Participation) -> None:
    """Approved, waitlisted or rejected: the employer hears at once; an approved booth gets its reminder."""
    participation = Participation.objects.select_related("session__venue__ward", "employer").get(pk=participation.pk)
    rows = _rows_for(
        employer_recipients(participation.employer),
        kind=Kind.BOOTH_DECISION,
        context=participation_context(participation),
        dedup_base=f"{Kind.BOOTH_DECISION}:p{participation.pk}:{participation.status}:{_epoch(participation.updated_at)}",
        send_after=timezone.now(),
        employer=participation.employer,
        session=participation.session,
        participation=participation,
    )
    _write(rows)
    if participation.status == Participation.Status.APPROVED:
        schedule_employer_reminder(participation)
    else:
        cancel_pending(participation=participation, kinds=[Kind.EMPLOYER_DAY_BEFORE])


def schedule_employer_reminder(participation: Participation) -> None:
    session = participation.session
    moment = day_before_moment(session.starts_at)
    if moment <= timezone.now():
        return
    _write_scheduled(
        _rows_for(
            employer_recipients(participation.employer),
            kind=Kind.EMPLOYER_DAY_BEFORE,
            context=participation_context(participation),
            dedup_base=f"{Kind.EMPLOYER_DAY_BEFORE}:p{participation.pk}:{_epoch(session.starts_at)}",
            send_after=moment,
            expires_at=session.starts_at,
            employer=participation.employer,
            session=session,
            participation=participation,
        )
    )


def refresh_booth_notices(participation: Participation) -> None:
    """A booth's number changed: its notices still waiting that give the number (the approval, the day-before
    reminder) are rendered again in their recipient's language, keeping their moment and key."""
    participation = Participation.objects.select_related("session__venue__ward", "employer").get(pk=participation.pk)
    context = participation_context(participation)
    approval_key = f"{Kind.BOOTH_DECISION}:p{participation.pk}:{Participation.Status.APPROVED}:"
    waiting = Notification.objects.select_for_update(skip_locked=True).filter(
        participation=participation, status=Notification.Status.PENDING
    )
    rows = waiting.filter(kind=Kind.EMPLOYER_DAY_BEFORE) | waiting.filter(
        kind=Kind.BOOTH_DECISION, dedup_key__startswith=approval_key
    )
    for row in rows:
        subject, text, sms = render(row.kind, row.language, context, channel=row.channel)
        row.subject = subject
        row.body_text = sms if row.channel == Channel.SMS else text
        row.save(update_fields=["subject", "body_text", "updated_at"])


# Notices an employer keeps when it loses its verification: those about signing in, and the notice saying why.
EMPLOYER_ACCOUNT_KINDS = (Kind.ONE_TIME_CODE, Kind.ACCOUNT_NOTICE, Kind.EMPLOYER_VERIFICATION)


def cancel_pending_for_employer(employer) -> int:
    """Every notice still waiting to go to this employer (booth decisions, day-before reminders, session changes,
    outcome-report requests) is cancelled: the worker sends only pending rows. Sign-in codes and account notices
    stay."""
    rows = Notification.objects.filter(employer=employer, status=Notification.Status.PENDING).exclude(
        kind__in=EMPLOYER_ACCOUNT_KINDS
    )
    return rows.update(status=Notification.Status.CANCELLED, updated_at=timezone.now())


def notify_employer_rejected(employer, *, reason: str, withdrawn: list[Participation]) -> None:
    """The employer hears at once, in its language, that staff rejected (or revoked) its verification, why, and
    which booths were withdrawn with it."""
    withdrawn = list(
        Participation.objects.filter(pk__in=[p.pk for p in withdrawn])
        .select_related("session")
        .order_by("session__starts_at", "id")
    )
    _write_verification_decision(employer, "rejected", {"reason": reason, "withdrawn": withdrawn})


def notify_employer_verified(employer) -> None:
    """The employer hears at once, in its language, that staff verified it: its vacancies are public and it may ask
    for booths."""
    _write_verification_decision(employer, "verified", {"verified": True})


def _write_verification_decision(employer, decision: str, context: dict) -> None:
    # One notice per decision: the decision's moment is in the key, so a later decision is told again.
    stamp = int((employer.verified_at or timezone.now()).timestamp() * 1_000_000)
    rows = _rows_for(
        employer_recipients(employer),
        kind=Kind.EMPLOYER_VERIFICATION,
        context={"employer": employer, **centre_context(), **context},
        dedup_base=f"{Kind.EMPLOYER_VERIFICATION}:e{employer.pk}:{decision}:{stamp}",
        send_after=timezone.now(),
        employer=employer,
    )
    _write(rows)


def schedule_outcome_requests(*, now: datetime | None = None) -> int:
    """Ask employers whose interviews still lack an outcome to report them; only the latest due request of the
    series is written (one that was missed is not sent late). Idempotent: run it every hour."""
    now = now or timezone.now()
    horizon = now - timedelta(days=settings.NOTIFY_OUTCOME_REQUEST_AFTER_DAYS)
    earliest = horizon - timedelta(
        days=settings.NOTIFY_OUTCOME_REQUEST_REPEAT_DAYS * settings.NOTIFY_OUTCOME_REQUEST_MAX + 1
    )
    participations = (
        Participation.objects.exclude(employer__verification=Verification.REJECTED)  # a rejected employer: not asked
        .filter(
            status=Participation.Status.APPROVED,
            session__status="completed",
            # a day more: the first request (09:00, 3 local days on) comes before 3 full days after a later end;
            # the moments below decide exactly
            session__ends_at__lte=horizon + timedelta(days=1),
            session__ends_at__gte=earliest,
        )
        .select_related("session__venue__ward", "employer")
        .annotate(
            missing=Coalesce(
                Subquery(
                    selectors.interviews_awaiting_outcome()
                    .filter(registration__session=OuterRef("session"), vacancy__employer=OuterRef("employer"))
                    .order_by()
                    .values("vacancy__employer")
                    .annotate(n=Count("pk"))
                    .values("n"),
                    output_field=IntegerField(),
                ),
                0,
            )
        )
        .filter(missing__gt=0)
    )
    written = 0
    for participation in participations:
        moments = outcome_request_moments(participation.session.ends_at)
        due = [(n, moment) for n, moment in enumerate(moments) if moment <= now]
        if not due:
            continue
        n, moment = due[-1]
        next_moment = (
            moments[n + 1]
            if n + 1 < len(moments)
            else moment + timedelta(days=settings.NOTIFY_OUTCOME_REQUEST_REPEAT_DAYS)
        )
        rows = _rows_for(
            employer_recipients(participation.employer),
            kind=Kind.OUTCOME_REPORT_REQUEST,
            context={**participation_context(participation), "missing": participation.missing, "round": n + 1},
            dedup_base=f"{Kind.OUTCOME_REPORT_REQUEST}:p{participation.pk}:{n + 1}",
            send_after=moment,
            expires_at=next_moment,
            employer=participation.employer,
            session=participation.session,
            participation=participation,
        )
        _write(rows)
        written += len(rows)
    return written


@shared_task(name="notifications.schedule_outcome_requests", acks_late=True)
def outcome_requests_schedule_task() -> int:
    return schedule_outcome_requests()


# --- "tell me when registration opens" ------------------------------------------------------------------------


def announce_registration_openings(*, now: datetime | None = None) -> int:
    """Tell each person who asked that a session's registration has opened: once, by their channels, while the
    window is open and the session published (a cancelled session tells nobody). Idempotent: beat runs it every
    minute; a second run, or two at once, writes nothing more (the claimed request is marked told, and the
    notice's dedup key is unique)."""
    now = now or timezone.now()
    written = 0
    with transaction.atomic():
        alerts = (
            RegistrationAlert.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                notified_at__isnull=True,
                session__status=SessionStatus.PUBLISHED,
                session__registration_opens_at__lte=now,
                session__registration_closes_at__gt=now,
            )
            .select_related("session__venue__ward", "job_seeker__user")
            .order_by("id")[: settings.NOTIFY_SWEEP_BATCH]
        )
        told = []
        for alert in alerts:
            session = alert.session
            rows = _rows_for(
                job_seeker_recipients(alert.job_seeker),
                kind=Kind.REGISTRATION_OPENS,
                context={**session_context(session), "person": alert.job_seeker},
                dedup_base=f"{Kind.REGISTRATION_OPENS}:a{alert.pk}:{_epoch(session.registration_opens_at)}",
                send_after=now,
                expires_at=session.registration_closes_at,
                job_seeker=alert.job_seeker,
                session=session,
            )
            _write(rows)
            written += len(rows)
            told.append(alert.pk)
        RegistrationAlert.objects.filter(pk__in=told).update(notified_at=now)
    return written


@shared_task(name="notifications.announce_registration_openings", acks_late=True)
def registration_openings_announce_task() -> int:
    return announce_registration_openings()


# --- after a missed session (issue 15 item 3): followed up, never punished -------------------------------------

NO_SHOW_BATCH = 100  # no-shows followed up per run: each costs a match query; beat runs this every minute


def is_discreet(session: JobSession) -> bool:
    """A session for a sensitive cohort is named by its code and date only: its title may name the cohort, and a
    message can be read over the person's shoulder."""
    return any(cohort.sensitive for cohort in session.target_cohorts.all())


def _offered_session(session: JobSession, *, missed: Registration) -> dict:
    venue = session.venue
    return {
        "session": session,
        "named": session_named(session.title),
        "discreet": is_discreet(session),
        "place": ", ".join(part for part in (venue.name, venue.address) if part) if venue else "",
        "online": session.format == SessionFormat.ONLINE,
        "rebook_url": rebook_url(missed_registration_id=missed.pk, session_id=session.pk),
    }


def no_show_context(registration: Registration, *, now: datetime) -> dict:
    """What the no-show message says: the missed session (discreetly named when it is for a sensitive cohort) and
    the next sessions fitting the person (selectors.sessions_to_rebook), each with its one-click rebook link."""
    sessions, fitting = selectors.sessions_to_rebook(
        registration.job_seeker, now=now, limit=settings.NO_SHOW_FOLLOW_UP_SESSIONS
    )
    return {
        **session_context(registration.session),
        "registration": registration,
        "person": registration.job_seeker,
        "missed_discreet": is_discreet(registration.session),
        "offered": [_offered_session(session, missed=registration) for session in sessions],
        "fitting": fitting,
    }


def follow_up_no_shows(*, now: datetime | None = None) -> int:
    """Write each no-show its one message (by the person's channels, SMS quiet hours kept): kind words and the next
    sessions that fit them, each with a one-click rebook link. Only the no-shows of completed sessions that ended
    in the last NO_SHOW_FOLLOW_UP_WITHIN_DAYS (a backlog is not sent late); a cancelled session or registration
    has none. Exactly once: the claimed registration is marked followed up (also when the person has no address
    the outbox can use) and the dedup key is unique. Idempotent: beat runs it every minute; two runs at once
    claim different rows (skip locked)."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.NO_SHOW_FOLLOW_UP_WITHIN_DAYS)
    with transaction.atomic():
        registrations = (
            Registration.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(
                status=Registration.Status.NO_SHOW,
                no_show_followed_up_at__isnull=True,
                session__status=SessionStatus.COMPLETED,
                session__ends_at__gte=since,
                session__ends_at__lte=now,
            )
            .select_related("session__venue__ward", "job_seeker__ward", "job_seeker__user")
            .prefetch_related("session__target_cohorts")
            .order_by("id")[:NO_SHOW_BATCH]
        )
        done, rows = [], []
        for registration in registrations:
            recipients = job_seeker_recipients(registration.job_seeker)
            if recipients:
                rows += _rows_for(
                    recipients,
                    kind=Kind.NO_SHOW_FOLLOW_UP,
                    context=no_show_context(registration, now=now),
                    dedup_base=f"{Kind.NO_SHOW_FOLLOW_UP}:reg{registration.pk}",
                    send_after=now,
                    job_seeker=registration.job_seeker,
                    session=registration.session,
                    registration=registration,
                )
            done.append(registration.pk)
        _write(rows)  # one insert for the batch
        Registration.objects.filter(pk__in=done).update(no_show_followed_up_at=now)
    return len(rows)


@shared_task(name="notifications.follow_up_no_shows", acks_late=True)
def no_shows_follow_up_task() -> int:
    return follow_up_no_shows()


# --- the question after the session ---------------------------------------------------------------------------


def survey_invitation_rows(invitation: SurveyInvitation, *, url: str, now: datetime) -> list[Notification]:
    """The notices inviting one attendee (by registration) or one attending employer (by booth) to answer the
    session's survey, by their channels, at once (an SMS waits out the quiet hours) and never after the survey
    closes. One key per registration or booth and channel: a second run asks nobody twice. `url` is the personal
    link (its token is the secret; the invitation stores only its hash). A session for a sensitive cohort is named
    by its code and date only, as in every message the person did not ask for."""
    session = invitation.session
    context = {
        **session_context(session),
        "discreet": is_discreet(session),
        "survey_url": url,
        "closes_at": invitation.closes_at,
    }
    if invitation.registration is not None:
        registration = invitation.registration
        return _rows_for(
            job_seeker_recipients(registration.job_seeker),
            kind=Kind.SURVEY_INVITATION,
            context={**context, "person": registration.job_seeker},
            dedup_base=f"{Kind.SURVEY_INVITATION}:reg{registration.pk}",
            send_after=now,
            expires_at=invitation.closes_at,
            job_seeker=registration.job_seeker,
            session=session,
            registration=registration,
        )
    participation = invitation.participation
    return _rows_for(
        employer_recipients(participation.employer),
        kind=Kind.SURVEY_INVITATION,
        context={**context, "employer": participation.employer},
        dedup_base=f"{Kind.SURVEY_INVITATION}:p{participation.pk}",
        send_after=now,
        expires_at=invitation.closes_at,
        employer=participation.employer,
        session=session,
        participation=participation,
    )


def write_survey_invitations(rows: list[Notification]) -> None:
    """Write the survey notices of one run in one insert (a key already there wins), delivered on commit."""
    _write(rows)
