"""Invitations that keep the consent's promise (issue 15 item 2).

When a session is published, and once more when its registration opens (the booths approved in between bring more
vacancies), two groups of people are invited by their channels:

- people who declared one of its target cohorts — declaring a group is consenting to be invited to its sessions —
  and did not turn those invitations off (`JobSeeker.invite_for_groups`);
- people who asked to hear of sessions that fit them (`JobSeeker.invite_for_matches`, off by default) whose wanted
  occupation is in the two-digit group of one of its vacancies and who live within its reach (the venue's province;
  for online and hybrid sessions also the linked provinces and the centre's). A session held only for some cohorts
  invites its cohorts' members only.

Exactly once per person and session: the notice's dedup key names both, so a second publication, the second pass
or two workers at once write nothing new. Nobody already registered is invited, nor anyone whose data was erased.
Throttled: the rows are spaced `INVITATIONS_PER_MINUTE` apart after the last invitation still waiting, across
sessions, so a publication to 5,000 people reaches the gateway over minutes; SMS keep the quiet hours. The
message names a sensitive cohort's session by its code and date only, never its title, and carries an unsubscribe
link that works without signing in. Beat runs `write_session_invitations` every minute."""

from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Exists, F, Max, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.models import JobSeeker
from jobfair.links import page_url, sign, unsign
from sessions.models import JobSession, Notification, Participation, Registration, SessionFormat, SessionStatus
from sessions.notifications.content import job_seeker_recipients, session_context
from sessions.notifications.outbox import _rows_for, _write, is_discreet
from sessions.notifications.timing import sms_allowed_moment

Kind = Notification.Kind
Channel = Notification.Channel
CHUNK = 500  # people rendered and written per transaction
_SALT = "jobsessions.invitations.stop"
_LOCK_SECONDS = 600


def unsubscribe_token(job_seeker: JobSeeker) -> str:
    return sign(job_seeker.pk, salt=_SALT)


def read_unsubscribe_token(token: str) -> int:
    """The job seeker's id, or InvalidLink. The link does not expire: stopping invitations must always work."""
    return unsign(token, salt=_SALT, valid=lambda value: type(value) is int)


def unsubscribe_url(job_seeker: JobSeeker) -> str:
    return page_url("web:invitations_stop", unsubscribe_token(job_seeker))


def _occupation_groups(session: JobSession) -> set[str]:
    codes = Participation.objects.filter(session=session, status=Participation.Status.APPROVED).values_list(
        "vacancies__occupation", flat=True
    )
    return {code[:2] for code in codes if code and len(code) >= 2}


def _reach(session: JobSession) -> Q:
    """Where the people live whom a session fits: its venue's province; online, also the linked provinces and the
    centre's."""
    provinces = set()
    if session.venue is not None and session.format != SessionFormat.ONLINE:
        provinces.add(session.venue.ward.province_id)
    if session.format in (SessionFormat.ONLINE, SessionFormat.HYBRID):
        provinces.update(province.code for province in session.linked_provinces.all())
        provinces.add(settings.CENTRE_PROVINCE_CODE)
    return Q(ward__province_id__in=provinces)


def invitation_recipients(session: JobSession) -> QuerySet[JobSeeker]:
    """The people to invite to the session now: not yet invited, not registered, in id order."""
    cohorts = [cohort.code for cohort in session.target_cohorts.all()]  # prefetched with the session, as is_discreet
    wanted = Q(pk__in=[])
    if cohorts:
        wanted |= Q(invite_for_groups=True, cohort_memberships__cohort_id__in=cohorts)
    groups = _occupation_groups(session)
    if groups and not session.cohort_only:
        occupation = Q()
        for group in sorted(groups):
            occupation |= Q(wanted_occupation__startswith=group)
        wanted |= Q(invite_for_matches=True) & occupation & _reach(session)
    registered = Registration.objects.filter(session=session, job_seeker=OuterRef("pk")).exclude(
        status=Registration.Status.CANCELLED
    )
    invited = Notification.objects.filter(session=session, job_seeker=OuterRef("pk"), kind=Kind.SESSION_INVITATION)
    ids = JobSeeker.objects.filter(wanted, anonymised_at__isnull=True).values("pk")
    return JobSeeker.objects.filter(pk__in=ids).filter(~Exists(registered), ~Exists(invited)).order_by("pk")


def _first_slot(now: datetime, gap: timedelta, channel: str) -> datetime:
    """After the last invitation of the channel still waiting to go, whichever session: the throttle holds across
    publications, and SMS held back by the quiet hours do not hold back the e-mails."""
    last = Notification.objects.filter(
        kind=Kind.SESSION_INVITATION, channel=channel, status=Notification.Status.PENDING, send_after__gte=now
    ).aggregate(last=Max("send_after"))["last"]
    return _sendable(max(now, last + gap) if last else now, channel)


def _sendable(moment: datetime, channel: str) -> datetime:
    """The moment itself, or for an SMS in the quiet hours their end: where an invitation's slot can be."""
    return sms_allowed_moment(moment) if channel == Channel.SMS else moment


def invite_to_session(session: JobSession, *, now: datetime | None = None) -> int:
    """Write the session's invitations for everyone due one; returns how many rows were written."""
    now = now or timezone.now()
    if session.status != SessionStatus.PUBLISHED or session.registration_closes_at <= now:
        return 0
    gap = timedelta(minutes=1) / max(settings.INVITATIONS_PER_MINUTE, 1)
    context = {**session_context(session), "discreet": is_discreet(session)}
    written, slots = 0, {channel: _first_slot(now, gap, channel) for channel in Channel.values}
    people = list(invitation_recipients(session).values_list("pk", flat=True))
    for start in range(0, len(people), CHUNK):
        with transaction.atomic():
            rows = []
            chunk = JobSeeker.objects.filter(pk__in=people[start : start + CHUNK]).select_related("user")
            for person in chunk.order_by("pk"):
                person_context = {**context, "person": person, "unsubscribe_url": unsubscribe_url(person)}
                for recipient in job_seeker_recipients(person):
                    # each channel paced on its own, an SMS from the end of the quiet hours (the gateway's rate)
                    rows += _rows_for(
                        [recipient],
                        kind=Kind.SESSION_INVITATION,
                        context=person_context,
                        dedup_base=f"{Kind.SESSION_INVITATION}:s{session.pk}:p{person.pk}",
                        send_after=slots[recipient.channel],
                        expires_at=session.registration_closes_at,
                        job_seeker=person,
                        session=session,
                    )
                    slots[recipient.channel] = _sendable(slots[recipient.channel] + gap, recipient.channel)
            _write(rows)
            written += len(rows)
    return written


def sessions_due_invitations(now: datetime) -> QuerySet[JobSession]:
    """Published sessions still taking registrations whose invitations were never written, or written before their
    registration opened and it has opened since."""
    return (
        JobSession.objects.filter(status=SessionStatus.PUBLISHED, registration_closes_at__gt=now)
        .filter(
            Q(invitations_written_at__isnull=True)
            | Q(registration_opens_at__lte=now, invitations_written_at__lt=F("registration_opens_at"))
        )
        .select_related("venue__ward")
        .prefetch_related("target_cohorts", "linked_provinces")
        .order_by("registration_opens_at", "pk")
    )


def write_session_invitations(*, now: datetime | None = None) -> int:
    """Beat's job: each session due its invitations gets them, one worker at a time per session (a cache lock;
    the dedup keys keep it exactly once even if two ran)."""
    now = now or timezone.now()
    written = 0
    for session in sessions_due_invitations(now):
        lock = f"jobsessions:invitations:{session.pk}"
        if not cache.add(lock, 1, _LOCK_SECONDS):
            continue
        try:
            written += invite_to_session(session, now=now)
            JobSession.objects.filter(pk=session.pk).update(invitations_written_at=now)
        finally:
            cache.delete(lock)
    return written


@shared_task(name="notifications.write_session_invitations", acks_late=True)
def session_invitations_write_task() -> int:
    return write_session_invitations()
