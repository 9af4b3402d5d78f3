"""Reads for sessions: querysets with their joins already applied, and the counts people see."""

import copy
import re
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    CohortMembership,
    Employer,
    GeneralEducation,
    JobSeeker,
    Occupation,
    PersonalDataAccess,
    Verification,
)
from accounts.permissions import is_employer_user, is_job_seeker_user, is_staff_user
from accounts.validators import normalize_phone
from jobfair.search import Folded
from jobfair.text import fold_for_search
from sessions.models import (
    SHORT_CODE_ALPHABET,
    SHORT_CODE_LENGTH,
    FollowUpContact,
    HiringOutcome,
    Interview,
    JobSession,
    Notification,
    Participation,
    Referral,
    Registration,
    RegistrationAlert,
    SessionFormat,
    SessionStatus,
    SurveyInvitation,
    Vacancy,
    Venue,
    survey_token_hash,
)

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
    """Annotate registered_count (seat-holding) and waitlist_count (the session's own counters), employers_count
    (approved booths) and vacancies_total (places brought by approved booths): one correlated subquery each, so a
    session with hundreds of booths costs no more rows than one with ten."""
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
        registered_count=F("seats_taken"),
        waitlist_count=F("waitlisted_count"),
        employers_count=_count_subquery(
            Participation.objects.filter(session=OuterRef("pk"), status=Participation.Status.APPROVED)
        ),
        vacancies_total=Coalesce(Subquery(brought, output_field=IntegerField()), 0),
    )


def seats_remaining(session: JobSession) -> int | None:
    """The seats still free at the session, by its seat counter (None: unlimited)."""
    return seats_left(session.job_seeker_capacity, session.seats_taken)


def seats_left(capacity: int | None, registered_count: int) -> int | None:
    """The seats still free of a session with this capacity (None: unlimited)."""
    if capacity is None:
        return None
    return max(capacity - registered_count, 0)


def session_codes(session_ids) -> tuple[dict[int, list[str]], dict[int, list[str]]]:
    """The codes of the target cohorts and of the linked provinces of these sessions, by session id, in the order
    their models list them (two queries over the link tables, no model built): what a list of sessions shows."""
    ids = list(session_ids)
    cohorts: dict[int, list[str]] = {pk: [] for pk in ids}
    provinces: dict[int, list[str]] = {pk: [] for pk in ids}
    if not ids:
        return cohorts, provinces
    targeted = (
        JobSession.target_cohorts.through.objects.filter(jobsession_id__in=ids)
        .order_by("cohort__position", "cohort_id")
        .values_list("jobsession_id", "cohort_id")
    )
    for session_id, code in targeted:
        cohorts[session_id].append(code)
    linked = (
        JobSession.linked_provinces.through.objects.filter(jobsession_id__in=ids)
        .order_by("administrativeunit_id")
        .values_list("jobsession_id", "administrativeunit_id")
    )
    for session_id, code in linked:
        provinces[session_id].append(code)
    return cohorts, provinces


def waitlist_positions(registrations) -> dict[int, int]:
    """The places in the queue of the waitlisted registrations among these (1 for the first person waiting), by
    registration id, in one query."""
    waiting = {r.pk: r.session_id for r in registrations if r.status == RegStatus.WAITLISTED}
    if not waiting:
        return {}
    ranked = (
        Registration.objects.filter(session_id__in=set(waiting.values()), status=RegStatus.WAITLISTED)
        .annotate(position=Window(RowNumber(), partition_by=[F("session_id")], order_by=F("id").asc()))
        .values_list("id", "position")
    )
    return {pk: position for pk, position in ranked if pk in waiting}


def waitlist_position(registration: Registration) -> int | None:
    """1 for the first person waiting; None when the registration is not on the waitlist."""
    return waitlist_positions([registration]).get(registration.pk)


@dataclass(frozen=True)
class OnlineRoom:
    """An employer's online interview room as a registered person sees it."""

    employer_id: int
    employer_name: str
    booth_label: str
    online_room_url: str


def online_rooms_for(registrations) -> dict[int, list[OnlineRoom]]:
    """The online interview rooms each of these people sees, by registration id, in one query: the rooms of the
    approved booths at an online or hybrid session (not cancelled) whose employer brings a vacancy the person
    registered for, while the person holds a seat. A room is the employer's own meeting: nobody else sees it (not
    the public session page, not the public API, not someone registered for another employer's vacancy)."""
    ids = [r.pk for r in registrations]
    if not ids:
        return {}
    booth = "vacancy__employer__participations__"
    found = (
        Registration.vacancies.through.objects.filter(
            registration_id__in=ids,
            registration__status__in=(RegStatus.CONFIRMED, RegStatus.ATTENDED),
            **{
                f"{booth}session_id": F("registration__session_id"),
                f"{booth}status": Participation.Status.APPROVED,
                f"{booth}online_room_url__gt": "",
            },
        )
        .exclude(registration__session__format=SessionFormat.IN_PERSON)
        .exclude(registration__session__status=SessionStatus.CANCELLED)
        .values_list(
            "registration_id",
            "vacancy__employer_id",
            "vacancy__employer__name",
            f"{booth}booth_label",
            f"{booth}online_room_url",
        )
        .distinct()
    )
    rooms: dict[int, list[OnlineRoom]] = {}
    for registration_id, employer_id, name, label, url in found:
        rooms.setdefault(registration_id, []).append(OnlineRoom(employer_id, name, label, url))
    for listed in rooms.values():
        listed.sort(key=lambda room: (room.booth_label, room.employer_name, room.employer_id))
    return rooms


def registration_online_rooms(registration: Registration) -> list[OnlineRoom]:
    """The online interview rooms this registered person sees (see online_rooms_for); none without a seat."""
    if registration.status not in (RegStatus.CONFIRMED, RegStatus.ATTENDED):
        return []
    chosen = getattr(registration, "_prefetched_objects_cache", {}).get("vacancies")
    if chosen is not None and not chosen:
        return []  # its vacancies are known and there are none: no room to show, no query
    return online_rooms_for([registration]).get(registration.pk, [])


# --- venues and vacancies -------------------------------------------------------------------------------------


def venue_list(*, include_inactive: bool = False) -> QuerySet[Venue]:
    venues = Venue.objects.order_by("name", "id")
    return venues if include_inactive else venues.filter(is_active=True)


def with_occupation_name(vacancies: QuerySet[Vacancy]) -> QuerySet[Vacancy]:
    """Each vacancy with `occupation_name`, the name of its occupation code in the occupation list (pages show the
    name, not the bare code); None for a code the list does not hold."""
    return vacancies.annotate(
        occupation_name=Subquery(Occupation.objects.filter(code=OuterRef("occupation")).values("name")[:1])
    )


def vacancy_list(*, include_all: bool = False, employer_id: int | None = None) -> QuerySet[Vacancy]:
    """The public sees open vacancies of verified employers; an employer also sees all its own (closed ones, and
    all of them while it awaits verification); staff (include_all) see everything."""
    vacancies = with_occupation_name(Vacancy.objects.select_related("employer").prefetch_related("priority_cohorts"))
    if include_all:
        return vacancies
    visible = Q(status=Vacancy.Status.OPEN, employer__verification=Verification.VERIFIED)
    if employer_id is not None:
        visible |= Q(employer_id=employer_id)
    return vacancies.filter(visible)


def education_levels_up_to(level: str) -> list[str]:
    """The general-education levels a person with `level` has reached (GeneralEducation is ordered)."""
    levels = list(GeneralEducation.values)
    return levels[: levels.index(level) + 1] if level in levels else []


# --- booths, candidates, interviews ---------------------------------------------------------------------------


def participation_list() -> QuerySet[Participation]:
    return Participation.objects.select_related("session", "employer").prefetch_related(
        Prefetch("vacancies", queryset=Vacancy.objects.only("id").order_by("id"))
    )


def has_approved_booth(*, session: JobSession, employer_id: int) -> bool:
    return Participation.objects.filter(
        session=session, employer_id=employer_id, status=Participation.Status.APPROVED
    ).exists()


def candidate_list(*, session: JobSession, employer: Employer | int | None = None) -> QuerySet[Registration]:
    """The registrants of a session who have not cancelled, as candidates.

    With an employer: only those who registered interest in one of its vacancies or were interviewed for one, and
    on each only that employer's vacancies and interviews and the cohorts the person agreed to show employers
    (`share_with_employers`). Without (staff): everyone, with every vacancy, interview and cohort.

    The related rows come in one prefetch query each (`listed_vacancies`, `listed_interviews` on the registration,
    `listed_memberships` on its job seeker): the number of queries does not grow with the candidates."""
    registrations = (
        Registration.objects.filter(session=session)
        .exclude(status=RegStatus.CANCELLED)
        .select_related("job_seeker", "session")
    )
    vacancies = Vacancy.objects.only("id", "title", "employer_id")
    interviews = Interview.objects.select_related("outcome")
    memberships = CohortMembership.objects.select_related("cohort")
    if employer is not None:
        employer_id = employer if isinstance(employer, int) else employer.pk
        interested = Registration.vacancies.through.objects.filter(
            registration_id=OuterRef("pk"), vacancy__employer_id=employer_id
        )
        interviewed = Interview.objects.filter(registration_id=OuterRef("pk"), vacancy__employer_id=employer_id)
        registrations = registrations.filter(Exists(interested) | Exists(interviewed))
        vacancies = vacancies.filter(employer_id=employer_id)
        interviews = interviews.filter(vacancy__employer_id=employer_id)
        memberships = memberships.filter(share_with_employers=True)
    return registrations.prefetch_related(
        Prefetch("vacancies", queryset=vacancies.order_by("id"), to_attr="listed_vacancies"),
        Prefetch("interviews", queryset=interviews.order_by("id"), to_attr="listed_interviews"),
        Prefetch(
            "job_seeker__cohort_memberships",
            queryset=memberships.order_by("cohort__position", "cohort_id"),
            to_attr="listed_memberships",
        ),
    ).order_by("id")


def interview_list(*, employer_id: int | None = None) -> QuerySet[Interview]:
    interviews = Interview.objects.select_related("registration", "vacancy", "outcome").order_by("-id")
    if employer_id is not None:
        interviews = interviews.filter(vacancy__employer_id=employer_id)
    return interviews


# --- notifications and a person's own data --------------------------------------------------------------------


def notification_list() -> QuerySet[Notification]:
    return Notification.objects.defer("body_text").order_by("-send_after", "-id")


def job_seeker_export(job_seeker: JobSeeker) -> JobSeeker:
    """A job seeker with everything the centre holds about them, in a fixed number of queries — and who else read
    their personal data (their own reads are not listed)."""
    reads_by_others = PersonalDataAccess.objects.select_related("actor_employer").order_by("at", "id")
    if job_seeker.user_id is not None:
        reads_by_others = reads_by_others.exclude(actor_id=job_seeker.user_id)
    return (
        JobSeeker.objects.select_related("user")
        .prefetch_related(
            Prefetch("cohort_memberships", queryset=CohortMembership.objects.select_related("cohort").order_by("id")),
            "consents",
            Prefetch(
                "registrations",
                queryset=Registration.objects.select_related("session__venue", "survey_invitation")
                .prefetch_related(
                    Prefetch("vacancies", queryset=Vacancy.objects.select_related("employer").order_by("id")),
                    Prefetch(
                        "interviews",
                        queryset=Interview.objects.select_related("vacancy__employer", "outcome").order_by("id"),
                    ),
                )
                .order_by("id"),
            ),
            Prefetch("notifications", queryset=Notification.objects.order_by("send_after", "id")),
            Prefetch(
                "referrals",
                queryset=Referral.objects.select_related("session", "vacancy__employer").order_by("created_at", "id"),
            ),
            Prefetch(
                "registration_alerts", queryset=RegistrationAlert.objects.select_related("session").order_by("id")
            ),
            Prefetch("data_accesses", queryset=reads_by_others),
        )
        .get(pk=job_seeker.pk)
    )


def session_lookup(*, include_drafts: bool = False) -> QuerySet[JobSession]:
    """Sessions to find one by id, without the joins of a listing (drafts only for staff)."""
    sessions = JobSession.objects.all()
    return sessions if include_drafts else sessions.exclude(status=SessionStatus.DRAFT)


# --- web pages (public site, job seekers' and employers' areas) -----------------------------------------------


def upcoming_sessions(*, now=None) -> QuerySet[JobSession]:
    """Published sessions that have not ended yet, soonest first, with their counts."""
    from django.utils import timezone

    now = now or timezone.now()
    sessions = session_list().filter(status=SessionStatus.PUBLISHED, ends_at__gt=now)
    return session_with_counts(sessions).order_by("starts_at", "id")


def session_booths(session: JobSession, *, public: bool = False) -> QuerySet[Participation]:
    """The approved booths of a session with their employers and the vacancies they bring. `public`: as the public
    session page lists them, only those of verified employers (one back for review, or rejected while its session
    is under way, is not listed; staff still see its booth)."""
    booths = Participation.objects.filter(session=session, status=Participation.Status.APPROVED)
    if public:
        booths = booths.filter(employer__verification=Verification.VERIFIED)
    return (
        booths.select_related("employer", "employer__ward")
        .prefetch_related(
            Prefetch("vacancies", queryset=Vacancy.objects.select_related("ward").order_by("title", "id"))
        )
        .order_by("booth_label", "employer__name", "id")
    )


def session_booths_stamp(session: JobSession, *, public: bool = False) -> str:
    """What the list of session_booths shows, in one short string that changes whenever it does: how many booths and
    links to vacancies, which vacancies (the sum of their ids), and the latest change of a booth, its employer or a
    vacancy (every service saves `updated_at`). One aggregate query: the key of the page's cached booth list, so a
    job day's 100+ booths are rendered once, not on every view."""
    booths = Participation.objects.filter(session=session, status=Participation.Status.APPROVED)
    if public:
        booths = booths.filter(employer__verification=Verification.VERIFIED)
    found = booths.aggregate(
        booths=Count("pk", distinct=True),
        links=Count("vacancies"),
        vacancy_ids=Sum("vacancies__pk"),
        booth_at=Max("updated_at"),
        employer_at=Max("employer__updated_at"),
        vacancy_at=Max("vacancies__updated_at"),
    )
    moments = [found[key].timestamp() if found[key] else 0 for key in ("booth_at", "employer_at", "vacancy_at")]
    return f"{found['booths']}.{found['links']}.{found['vacancy_ids'] or 0}." + ".".join(f"{m:.6f}" for m in moments)


def session_vacancies(session: JobSession, *, public: bool = False) -> QuerySet[Vacancy]:
    """The vacancies a job seeker may choose when registering: those brought by the session's approved booths
    (`public`: of verified employers only, as the public pages list them)."""
    brought = Participation.vacancies.through.objects.filter(
        participation__session=session, participation__status=Participation.Status.APPROVED
    )
    if public:
        brought = brought.filter(participation__employer__verification=Verification.VERIFIED)
    brought = brought.values("vacancy_id")
    return Vacancy.objects.filter(pk__in=brought).select_related("employer").order_by("employer__name", "title", "id")


def vacancies_no_longer_offered(registration: Registration) -> set[int]:
    """The ids of the vacancies this person registered interest in that no approved booth of the session brings
    any more (the employer withdrew, or lost its verification): the registration stays, the vacancy is gone."""
    brought = Participation.vacancies.through.objects.filter(
        participation__session_id=registration.session_id,
        participation__status=Participation.Status.APPROVED,
        vacancy_id=OuterRef("vacancy_id"),
    )
    return set(
        Registration.vacancies.through.objects.filter(registration=registration)
        .filter(~Exists(brought))
        .values_list("vacancy_id", flat=True)
    )


class SharedPhone(Exception):
    """More than one person registered at the session has this mobile number (a family's one phone)."""

    def __init__(self, registrations: list[Registration]):
        super().__init__(registrations)
        self.registrations = registrations


def session_interviewee(*, session: JobSession, code_or_phone: str) -> Registration | None:
    """The registration with a seat (confirmed, attended, or marked absent when it was not) at `session` of the
    person staff name by the check-in code of their QR or their mobile number; None when nobody registered there
    has it. A number several of them share raises SharedPhone: which one is not guessed."""
    text = (code_or_phone or "").strip()
    if not text:
        return None
    present = Registration.objects.filter(
        session=session,
        status__in=Registration.SEAT_HOLDING,  # a no-show too: interviewed, they came after all
    ).select_related("job_seeker")
    found = present.filter(check_in_code=text).first() or present.filter(short_code=normalize_short_code(text)).first()
    if found is None:
        try:
            phone = normalize_phone(text)
        except ValidationError:
            return None
        sharing = list(present.filter(job_seeker__phone=phone).order_by("job_seeker__full_name", "id"))
        if len(sharing) > 1:
            raise SharedPhone(sharing)
        found = sharing[0] if sharing else None
    return found


def job_seeker_registrations(job_seeker: JobSeeker) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(job_seeker=job_seeker)
        .select_related("session", "session__venue", "session__venue__ward")
        .prefetch_related(Prefetch("vacancies", queryset=Vacancy.objects.select_related("employer").order_by("id")))
        .order_by("-session__starts_at", "-id")
    )


def job_seeker_interviews(job_seeker: JobSeeker) -> QuerySet[Interview]:
    return (
        Interview.objects.filter(registration__job_seeker=job_seeker)
        .select_related("registration__session", "vacancy__employer", "outcome")
        .order_by("-registration__session__starts_at", "id")
    )


def job_seeker_referrals(job_seeker: JobSeeker) -> QuerySet[Referral]:
    return Referral.objects.filter(job_seeker=job_seeker).select_related("session", "vacancy__employer", "referred_by")


def employer_participations(employer: Employer) -> QuerySet[Participation]:
    return (
        Participation.objects.filter(employer=employer)
        .select_related("session", "session__venue")
        .prefetch_related(Prefetch("vacancies", queryset=Vacancy.objects.only("id", "title").order_by("id")))
        .order_by("-session__starts_at", "-id")
    )


def employer_vacancies(employer: Employer) -> QuerySet[Vacancy]:
    return with_occupation_name(Vacancy.objects.filter(employer=employer).select_related("ward")).order_by(
        "status", "-created_at", "-id"
    )


def sessions_taking_booths(*, now=None) -> QuerySet[JobSession]:
    """Published sessions still to come, where an employer may ask for a booth."""
    from django.utils import timezone

    now = now or timezone.now()
    return session_list().filter(status=SessionStatus.PUBLISHED, ends_at__gt=now).order_by("starts_at", "id")


# --- hiring outcomes ------------------------------------------------------------------------------------------


def interviews_awaiting_outcome() -> QuerySet[Interview]:
    """Interviews that still need a hiring outcome: none reported yet, not failed (a failed interview has nothing
    to report) and not of a cancelled session. The employers' outcome-report requests and the staff follow-up list
    both count these."""
    return (
        Interview.objects.exclude(result=Interview.Result.FAILED)
        .exclude(registration__session__status=SessionStatus.CANCELLED)
        .filter(~Exists(HiringOutcome.objects.filter(interview=OuterRef("pk"))))
    )


# People interviewed and not hired are suggested for a referral for this long after their session (issue 15 item 4).
REFERRAL_SUGGESTION_DAYS = 90


def interviews_to_refer(*, now) -> QuerySet[Interview]:
    """Interviews that ended in no job — failed, or reported "not hired" — at a session held in the last
    REFERRAL_SUGGESTION_DAYS days, for people who started no work at that session, still have their data and have
    no referral from this interview yet: the people staff should offer a next step."""
    started_there = HiringOutcome.objects.filter(
        status=HiringOutcome.Status.STARTED,
        interview__registration=OuterRef("registration"),
    )
    return (
        Interview.objects.filter(
            Q(result=Interview.Result.FAILED) | Q(outcome__status=HiringOutcome.Status.NOT_HIRED),
            registration__session__ends_at__lt=now,
            registration__session__ends_at__gte=now - timedelta(days=REFERRAL_SUGGESTION_DAYS),
            registration__job_seeker__anonymised_at__isnull=True,
        )
        .exclude(registration__session__status=SessionStatus.CANCELLED)
        .filter(~Exists(started_there), ~Exists(Referral.objects.filter(interview=OuterRef("pk"))))
    )


# The staff follow-up (issue 12 item 7): the 30- and 90-day checks of people who started work, filtered by session,
# employer and what is due. A check is overdue once it has waited this many days past its day.
FOLLOW_UP_OVERDUE_AFTER_DAYS = 14
FOLLOW_UP_DUE_FILTERS = ("30", "90", "overdue", "done")


def follow_up_filter(queryset, *, session=None, employer_text: str = "", path: str = "interview__"):
    """Narrow interviews (path "") or outcomes (path "interview__") to a session and to employers whose name or
    tax code contains the text (accents ignored)."""
    if session is not None:
        queryset = queryset.filter(**{f"{path}registration__session": session})
    if folded := fold_for_search(employer_text or ""):
        queryset = queryset.filter(**{f"{path}vacancy__employer__search_text__contains": folded})
    return queryset


def _follow_up_rows(queryset, *, due: str | None) -> QuerySet[HiringOutcome]:
    """Outcomes with the person, the employer and the session joined, and the contact attempts (of one check, or
    of both) prefetched latest first as `attempts`."""
    attempts = FollowUpContact.objects.select_related("contacted_by").order_by("-created_at", "-id")
    if due is not None:
        attempts = attempts.filter(due=due)
    return queryset.select_related(
        "interview__registration__job_seeker",
        "interview__registration__session",
        "interview__vacancy__employer",
    ).prefetch_related(Prefetch("contacts", queryset=attempts, to_attr="attempts"))


def follow_up_checks_due(days: int, *, today, overdue: bool = False, **filters) -> QuerySet[HiringOutcome]:
    """People who started work and whose `days`-day check is due (or overdue) and not yet recorded, the longest
    waiting first."""
    waited = days + (FOLLOW_UP_OVERDUE_AFTER_DAYS if overdue else 0)
    outcomes = HiringOutcome.objects.filter(
        status=HiringOutcome.Status.STARTED,
        start_date__lte=today - timedelta(days=waited),
        **{f"checked_{days}_days_at__isnull": True},
    )
    return _follow_up_rows(follow_up_filter(outcomes, **filters), due=str(days)).order_by("start_date", "pk")


def follow_up_checks_done(*, today, **filters) -> QuerySet[HiringOutcome]:
    """People whose checks are all recorded so far (the 30-day one, and the 90-day one once due), latest first."""
    outcomes = HiringOutcome.objects.filter(
        Q(checked_90_days_at__isnull=False) | Q(start_date__gt=today - timedelta(days=90)),
        status=HiringOutcome.Status.STARTED,
        checked_30_days_at__isnull=False,
    )
    return _follow_up_rows(follow_up_filter(outcomes, **filters), due=None).order_by(
        Coalesce("checked_90_days_at", "checked_30_days_at").desc(), "-pk"
    )


# --- who sees which rows (DESIGN §4): one selector per model, the role branch only here ------------------------
# Each takes the signed-in user (or an anonymous one) and returns the rows that user may see; every viewset and
# page reads through them, so a rule changes in one place.


def sessions_visible_to(user) -> QuerySet[JobSession]:
    """Everyone sees published, held and cancelled sessions; staff see the drafts too."""
    return session_list(include_drafts=is_staff_user(user))


RECENT_READ_SECONDS = 2.0  # how long a read of a session is given again to the people registering for it
RECENT_READS_KEPT = 256  # sessions remembered by one process at most (then it starts afresh)
_recent_reads: dict[tuple[str, bool], tuple[float, JobSession]] = {}


def session_to_register_for(user, pk) -> JobSession | None:
    """The session someone registers for, if the user may see it, with its venue and ward (what the notices say);
    None when there is no such session.

    On a job day thousands register for one session within minutes, and this read (its SQL built for 50-odd
    columns) cost more than any other part of a registration. A read of the last RECENT_READ_SECONDS by this process
    is given again, as a copy: the registration locks the row and compares it with this read (status, capacity,
    venue, `updated_at`; the seat counters are read there), reading it again when it changed."""
    key, now = (str(pk), is_staff_user(user)), time.monotonic()  # staff see drafts: their reads are kept apart
    recent = _recent_reads.get(key)
    if recent is None or now - recent[0] > RECENT_READ_SECONDS:
        visible = sessions_visible_to(user).select_related(None).prefetch_related(None)
        try:
            session = visible.select_related("venue__ward").get(pk=pk)
        except (JobSession.DoesNotExist, ValueError, TypeError, ValidationError):
            return None  # an unknown session is not remembered: it may be published a moment later
        if len(_recent_reads) >= RECENT_READS_KEPT:
            _recent_reads.clear()
        _recent_reads[key] = recent = (now, session)
    return copy.copy(recent[1])  # the registration sets the counters on its session, and links it to the new row


def forget_recent_reads() -> None:
    """Tests change sessions behind the services' back (`QuerySet.update`); they start each from a clean slate."""
    _recent_reads.clear()


def venues_visible_to(user) -> QuerySet[Venue]:
    """Everyone sees the active venues; staff see the inactive ones too."""
    return venue_list(include_inactive=is_staff_user(user))


def vacancies_visible_to(user) -> QuerySet[Vacancy]:
    """Open vacancies of verified employers for everyone; an employer's own in any state; staff everything."""
    if is_staff_user(user):
        return vacancy_list(include_all=True)
    return vacancy_list(employer_id=user.employer_id if is_employer_user(user) else None)


def vacancies_changeable_by(user) -> QuerySet[Vacancy]:
    """Staff change any vacancy, an employer only its own (another's answers as an unknown one)."""
    if is_staff_user(user):
        return vacancy_list(include_all=True)
    if is_employer_user(user):
        return vacancy_list(include_all=True).filter(employer_id=user.employer_id)
    return Vacancy.objects.none()


def participations_visible_to(user) -> QuerySet[Participation]:
    """Staff see every booth and booth request; an employer its own."""
    if is_staff_user(user):
        return participation_list()
    if is_employer_user(user):
        return participation_list().filter(employer_id=user.employer_id)
    return Participation.objects.none()


def registrations_visible_to(user) -> QuerySet[Registration]:
    """Staff see every registration; a job seeker their own (employers see candidates, below)."""
    registrations = Registration.objects.select_related("session").prefetch_related("vacancies")
    if is_staff_user(user):
        return registrations
    if is_job_seeker_user(user):
        return registrations.filter(job_seeker=user.job_seeker)
    return registrations.none()


def sees_candidates(user, session: JobSession) -> bool:
    """Staff, and the employers with an approved booth at the session."""
    if is_staff_user(user):
        return True
    return is_employer_user(user) and has_approved_booth(session=session, employer_id=user.employer_id)


def candidates_visible_to(user, session: JobSession) -> QuerySet[Registration]:
    """A session's candidates as `candidate_list` shows them: all of them to staff; to an employer with an approved
    booth only those interested in or interviewed for its vacancies, redacted; to anyone else none."""
    if is_staff_user(user):
        return candidate_list(session=session)
    if sees_candidates(user, session):
        return candidate_list(session=session, employer=user.employer_id)
    return Registration.objects.none()


def registrations_interviewable_by(user) -> QuerySet[Registration]:
    """Whom a user may record an interview for (the service then checks the seat and the session). Staff: anyone.
    An employer: its own candidates only — a registration at a session where it has an approved booth that chose
    one of its vacancies, or that it (or staff, sending the person to its booth) already interviewed. Anyone else
    is answered as an unknown id."""
    if is_staff_user(user):
        return Registration.objects.all()
    if not is_employer_user(user):
        return Registration.objects.none()
    employer_id = user.employer_id
    booth = Participation.objects.filter(
        session_id=OuterRef("session_id"), employer_id=employer_id, status=Participation.Status.APPROVED
    )
    interested = Registration.vacancies.through.objects.filter(
        registration_id=OuterRef("pk"), vacancy__employer_id=employer_id
    )
    interviewed = Interview.objects.filter(registration_id=OuterRef("pk"), vacancy__employer_id=employer_id)
    return Registration.objects.filter(Exists(booth)).filter(Exists(interested) | Exists(interviewed))


def interviews_visible_to(user) -> QuerySet[Interview]:
    """Staff see every interview; an employer those for its vacancies; a job seeker their own."""
    if is_staff_user(user):
        return interview_list()
    if is_employer_user(user):
        return interview_list(employer_id=user.employer_id)
    if is_job_seeker_user(user):
        return interview_list().filter(registration__job_seeker=user.job_seeker)
    return Interview.objects.none()


def notifications_visible_to(user) -> QuerySet[Notification]:
    """Staff see the whole outbox; a job seeker or an employer the notices sent to them."""
    notifications = notification_list()
    if is_staff_user(user):
        return notifications
    if is_job_seeker_user(user):
        return notifications.filter(job_seeker_id=user.job_seeker.pk)
    if is_employer_user(user):
        return notifications.filter(employer_id=user.employer_id)
    return notifications.none()


# --- the desk and the staff's search of people (issue 12 item 4) ----------------------------------------------

DESK_LIST_LIMIT = 20
PEOPLE_SEARCH_LIMIT = 50
_SPACES_AND_DASHES = re.compile(r"[\s\-‐‑–—.]+")


def normalize_short_code(text: str) -> str:
    """A desk code as typed or read aloud, in the stored form: "k7m-q2p" / "K7M Q2P" -> "K7MQ2P"."""
    return _SPACES_AND_DASHES.sub("", text or "").upper()


def _phone_or_none(text: str) -> str | None:
    try:
        return normalize_phone(text)
    except ValidationError:
        return None


def _citizen_id_or_none(text: str) -> str | None:
    digits = _SPACES_AND_DASHES.sub("", text)
    return digits if re.fullmatch(r"[0-9]{12}", digits) else None


def _partial_people(people: QuerySet, text: str) -> QuerySet | None:
    """People named by part of what identifies them: four or more digits of a phone or citizen ID, or words of
    the name typed with or without accents ("tran van an" finds "Trần Văn An"). None: too little to search by."""
    digits = _SPACES_AND_DASHES.sub("", text).removeprefix("+")
    if digits.isdigit():
        if len(digits) < 4:
            return None
        local = digits[1:] if digits.startswith("0") else digits  # a phone is stored as +84…, without the 0
        return people.filter(Q(phone__contains=local) | Q(citizen_id__contains=digits))
    words = fold_for_search(text).split()
    if not words or sum(len(word) for word in words) < 2:
        return None
    people = people.annotate(folded_name=Folded("full_name"))
    for word in words:
        people = people.filter(folded_name__contains=word)
    return people


@dataclass(frozen=True)
class DeskLookup:
    """Whom the desk found for what was typed or scanned. `by`: "check_in_code" (the QR), "short_code",
    "phone", "citizen_id", "partial" (part of a number or of the name), or "" (nothing to search by).
    An exact identifier with one match is checked in at once; a partial search always shows the list."""

    by: str
    matches: list = field(default_factory=list)
    more: bool = False  # a partial search found more than the list shows

    @property
    def exact(self) -> bool:
        return self.by in ("check_in_code", "short_code", "phone", "citizen_id")


def desk_lookup(session: JobSession, query: str) -> DeskLookup:
    """The registrations of `session` (only this session's) of the person the desk names by the QR's long code,
    the desk code (any case, spaces and dashes ignored), a mobile number in any Vietnamese form, a citizen ID, or
    part of a number or of the name. A code finds its registration in any state (the check-in then says why it
    refuses); a phone, citizen ID or partial search lists the active registrations, e.g. the family members who
    share one phone."""
    text = (query or "").replace("\x00", "").strip()
    if not text:
        return DeskLookup("")
    registrations = Registration.objects.filter(session=session).select_related("job_seeker")
    found = list(registrations.filter(check_in_code=text)[:1])
    if found:
        return DeskLookup("check_in_code", found)
    code = normalize_short_code(text)
    if SHORT_CODE_LENGTH <= len(code) <= 8 and set(code) <= set(SHORT_CODE_ALPHABET):
        found = list(registrations.filter(short_code=code)[:1])
        if found:
            return DeskLookup("short_code", found)
    active = registrations.exclude(status=RegStatus.CANCELLED).order_by("job_seeker__full_name", "id")
    phone = _phone_or_none(text)
    if phone:
        return DeskLookup("phone", list(active.filter(job_seeker__phone=phone)[:DESK_LIST_LIMIT]))
    citizen_id = _citizen_id_or_none(text)
    if citizen_id:
        return DeskLookup("citizen_id", list(active.filter(job_seeker__citizen_id=citizen_id)[:1]))
    people = _partial_people(JobSeeker.objects.filter(anonymised_at__isnull=True), text)
    if people is None:
        return DeskLookup("")
    found = list(active.filter(job_seeker__in=people.values("pk"))[: DESK_LIST_LIMIT + 1])
    return DeskLookup("partial", found[:DESK_LIST_LIMIT], more=len(found) > DESK_LIST_LIMIT)


def registration_by_short_code(*, session: JobSession, short_code: str) -> Registration | None:
    """The registration of `session` with this desk code, typed in any case, with or without spaces and dashes."""
    return Registration.objects.filter(session=session, short_code=normalize_short_code(short_code)).first()


def job_seeker_search(query: str) -> QuerySet[JobSeeker] | None:
    """Staff find any job seeker (not erased) by a mobile number in any form, a citizen ID, or part of a number or
    of the name typed without accents. None: nothing to search by (the page asks for more)."""
    text = (query or "").replace("\x00", "").strip()
    if not text:
        return None
    people = JobSeeker.objects.filter(anonymised_at__isnull=True).select_related("user").order_by("full_name", "id")
    phone = _phone_or_none(text)
    if phone:
        return people.filter(Q(phone=phone) | Q(user__phone=phone))
    citizen_id = _citizen_id_or_none(text)
    if citizen_id:
        return people.filter(citizen_id=citizen_id)
    return _partial_people(people, text)


def job_seeker_profile(pk: int) -> JobSeeker:
    """A job seeker as the staff profile page shows them: account, ward and cohorts in one go (raises
    JobSeeker.DoesNotExist). Their registrations and interviews: job_seeker_registrations, job_seeker_interviews."""
    return (
        JobSeeker.objects.filter(anonymised_at__isnull=True)
        .select_related("user", "ward")
        .prefetch_related(
            Prefetch(
                "cohort_memberships",
                queryset=CohortMembership.objects.select_related("cohort").order_by("cohort__position", "cohort_id"),
            )
        )
        .get(pk=pk)
    )


def sessions_open_for_registration(*, now=None) -> QuerySet[JobSession]:
    """Published sessions taking registrations now (inside their window, not ended), soonest first: where staff
    can book a person."""
    from django.utils import timezone

    now = now or timezone.now()
    return (
        session_list()
        .filter(
            status=SessionStatus.PUBLISHED,
            registration_opens_at__lte=now,
            registration_closes_at__gt=now,
            ends_at__gt=now,
        )
        .order_by("starts_at", "id")
    )


def attendance_list(session: JobSession) -> list[Registration]:
    """The printed attendance list of a session: everyone holding a seat (confirmed, checked in, or marked as not
    come), walk-ins included, with the person in the same query, sorted by name the Vietnamese way (given name
    first, see jobfair.names)."""
    from jobfair.names import vietnamese_name_key

    registrations = Registration.objects.filter(session=session, status__in=Registration.SEAT_HOLDING).select_related(
        "job_seeker"
    )
    return sorted(registrations, key=lambda r: (vietnamese_name_key(r.job_seeker.full_name), r.pk))


def booth_signs(session: JobSession, *, booth_id: int | None = None) -> QuerySet[Participation]:
    """The approved booths of a session for their printed signs, in booth-number order, each with the open vacancies
    it brings (in `open_vacancies`)."""
    booths = (
        Participation.objects.filter(session=session, status=Participation.Status.APPROVED)
        .select_related("employer")
        .prefetch_related(
            Prefetch(
                "vacancies",
                queryset=Vacancy.objects.filter(status=Vacancy.Status.OPEN).order_by("title", "id"),
                to_attr="open_vacancies",
            )
        )
        .order_by("booth_label", "employer__name", "id")
    )
    return booths if booth_id is None else booths.filter(pk=booth_id)


# --- no-shows (issue 15 item 3): followed up, never blocked ----------------------------------------------------

# A person who did not come this many times within NO_SHOW_WINDOW_DAYS is flagged to staff for a call. The flag
# only informs staff: nothing in the registration services reads it, so nobody loses access because of it.
REPEATED_NO_SHOWS = 2
NO_SHOW_WINDOW_DAYS = 365


def _follow_up_notices() -> Prefetch:
    """The no-show messages written for each registration (`follow_up_notices`), for follow_up_message_state."""
    return Prefetch(
        "notifications",
        queryset=Notification.objects.filter(kind=Notification.Kind.NO_SHOW_FOLLOW_UP).order_by("channel", "id"),
        to_attr="follow_up_notices",
    )


def _recent_no_show(now, path: str = "") -> Q:
    """A registration (at `path` from the model queried) that is a no-show at a session started in the last 12
    months: the window every count of repeated no-shows uses."""
    return Q(
        **{
            f"{path}status": Registration.Status.NO_SHOW,
            f"{path}session__starts_at__gte": now - timedelta(days=NO_SHOW_WINDOW_DAYS),
            f"{path}session__starts_at__lte": now,
        }
    )


def _recent_no_shows_of(person_path: str, now) -> Subquery:
    """How many no-shows the person on `person_path` has at sessions started in the last 12 months."""
    return Coalesce(
        Subquery(
            Registration.objects.filter(_recent_no_show(now), job_seeker_id=OuterRef(person_path))
            .order_by()
            .values("job_seeker_id")
            .annotate(n=Count("pk"))
            .values("n"),
            output_field=IntegerField(),
        ),
        0,
    )


def no_shows_of_session(session: JobSession, *, now=None) -> QuerySet[Registration]:
    """The people who held a seat at this session and did not come, by name, each with the follow-up messages
    written to them (`follow_up_notices`) and their no-shows of the last 12 months (`recent_no_shows`)."""
    from django.utils import timezone

    return (
        Registration.objects.filter(session=session, status=Registration.Status.NO_SHOW)
        .select_related("job_seeker")
        .prefetch_related(_follow_up_notices())
        .annotate(recent_no_shows=_recent_no_shows_of("job_seeker_id", now or timezone.now()))
        .order_by("job_seeker__full_name", "id")
    )


def no_shows_of_person(job_seeker: JobSeeker) -> QuerySet[Registration]:
    """The sessions a person held a seat at and did not come to, latest first, with the follow-up messages."""
    return (
        Registration.objects.filter(job_seeker=job_seeker, status=Registration.Status.NO_SHOW)
        .select_related("session")
        .prefetch_related(_follow_up_notices())
        .order_by("-session__starts_at", "-id")
    )


def is_flagged_for_a_call(recent_no_shows: int) -> bool:
    return recent_no_shows >= REPEATED_NO_SHOWS


def recent_no_shows(job_seeker: JobSeeker, *, now=None) -> int:
    from django.utils import timezone

    return Registration.objects.filter(_recent_no_show(now or timezone.now()), job_seeker=job_seeker).count()


class FollowUpState(models.TextChoices):
    """Whether a no-show's message went out, as staff read it: its notices' statuses folded into one word."""

    SENT = "sent", _("Sent")
    PENDING = "pending", _("Waiting to be sent")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")
    NO_CHANNEL = "no_channel", _("Not sent: no phone or e-mail to send to")
    NOT_WRITTEN = "not_written", _("Not written")


def follow_up_message_state(registration: Registration) -> FollowUpState:
    """ "sent" (one notice at least went out), "pending" (waiting: quiet hours, sending, a retry), "failed",
    "cancelled", "no_channel" (followed up, but the person has no address the outbox can use) or "not_written"
    (not yet: the sweep runs every minute; or the session ended before the follow-up window). Needs the
    `follow_up_notices` of no_shows_of_session / no_shows_of_person."""
    statuses = {notice.status for notice in registration.follow_up_notices}
    Status = Notification.Status
    if Status.SENT in statuses:
        return FollowUpState.SENT
    if statuses & {Status.PENDING, Status.SENDING}:
        return FollowUpState.PENDING
    if Status.FAILED in statuses:
        return FollowUpState.FAILED
    if Status.CANCELLED in statuses:
        return FollowUpState.CANCELLED
    if registration.no_show_followed_up_at is not None:
        return FollowUpState.NO_CHANNEL
    return FollowUpState.NOT_WRITTEN


def sessions_to_rebook(job_seeker: JobSeeker, *, now=None, limit: int = 3) -> tuple[list[JobSession], bool]:
    """The sessions a no-show's message offers: published sessions taking registrations now, soonest first, that the
    person is not registered for and may take part in (a cohort-only session only for its cohorts), and whose
    approved booths bring a vacancy fitting the person (sessions.matching). When none fits, the next such
    sessions whatever they bring. Returns (sessions, whether they fit the person); at most `limit`. The match is a
    subquery (no vacancy comes into Python): a few queries whatever the number of sessions or vacancies."""
    from django.utils import timezone

    from sessions.matching import matches_for

    now = now or timezone.now()
    member_of_target = CohortMembership.objects.filter(job_seeker=job_seeker, cohort__sessions=OuterRef("pk"))
    registered = Registration.objects.filter(job_seeker=job_seeker, session_id=OuterRef("pk")).exclude(
        status=Registration.Status.CANCELLED
    )
    open_to_person = (
        sessions_open_for_registration(now=now)
        .exclude(Exists(registered))
        .filter(Q(cohort_only=False) | Q(Exists(member_of_target)))
    )
    fitting_booths = Participation.objects.filter(
        session_id=OuterRef("pk"),
        status=Participation.Status.APPROVED,
        vacancies__in=matches_for(job_seeker, now=now).values("pk"),
    )
    fitting = list(open_to_person.filter(Exists(fitting_booths))[:limit])
    if fitting:
        return fitting, True
    return list(open_to_person[:limit]), False


def people_with_repeated_no_shows(*, now=None) -> QuerySet[JobSeeker]:
    """The people to call: at least REPEATED_NO_SHOWS no-shows at sessions started in the last 12 months, with
    `recent_no_shows`, most first. Anonymised people are not listed."""
    from django.utils import timezone

    recent = _recent_no_show(now or timezone.now(), "registrations__")
    return (
        JobSeeker.objects.filter(anonymised_at__isnull=True)
        .annotate(
            recent_no_shows=Count("registrations", filter=recent),
            last_no_show_at=Max("registrations__session__starts_at", filter=recent),
        )
        .filter(recent_no_shows__gte=REPEATED_NO_SHOWS)
        .order_by("-recent_no_shows", "full_name", "id")
    )


# --- the question after the session (issue 15 item 5) ----------------------------------------------------------


def survey_invitation_for_token(token: str) -> SurveyInvitation | None:
    """The invitation a survey link's token opens, with its session; None for a token no invitation holds (never
    issued, mistyped, or forgotten by an erasure)."""
    if not token or len(token) > 100:
        return None
    return (
        SurveyInvitation.objects.select_related("session", "participation__employer")
        .filter(token_hash=survey_token_hash(token))
        .first()
    )


def attendees_to_survey(*, completed_since, until) -> QuerySet[Registration]:
    """People who came to a session completed in [completed_since, until] and hold no survey invitation yet (an
    erased person is never asked)."""
    return Registration.objects.filter(
        status=Registration.Status.ATTENDED,
        session__status=SessionStatus.COMPLETED,
        session__completed_at__gte=completed_since,
        session__completed_at__lte=until,
        job_seeker__anonymised_at__isnull=True,
        survey_invitation__isnull=True,
    )


def attending_booths_to_survey(*, completed_since, until) -> QuerySet[Participation]:
    """Approved booths of a session completed in [completed_since, until] that attended — marked so by staff, or
    shown by an interview recorded for one of the employer's vacancies there — and hold no survey invitation yet.
    A rejected employer is not asked."""
    interviewed_there = Interview.objects.filter(
        registration__session=OuterRef("session"), vacancy__employer=OuterRef("employer")
    )
    return (
        Participation.objects.filter(
            status=Participation.Status.APPROVED,
            session__status=SessionStatus.COMPLETED,
            session__completed_at__gte=completed_since,
            session__completed_at__lte=until,
            survey_invitation__isnull=True,
        )
        .exclude(employer__verification=Verification.REJECTED)
        .filter(Q(attended=True) | Exists(interviewed_there))
    )


def session_survey_answers(session: JobSession) -> QuerySet[SurveyInvitation]:
    """The answers given to a session's survey, newest first, with the employer of an employer's answer."""
    return (
        SurveyInvitation.objects.filter(session=session, answered_at__isnull=False)
        .select_related("participation__employer")
        .order_by("-answered_at", "-id")
    )
