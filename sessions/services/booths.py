"""Booths (participations): applying with vacancies, approval under the session lock, the booth waitlist."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_changes, snapshot
from accounts.models import User
from accounts.services import audit_log
from jobfair import errors
from sessions.models import (
    BoothNeed,
    JobSession,
    Notification,
    Participation,
    SessionFormat,
    SessionStatus,
    Vacancy,
)
from sessions.notifications import outbox
from sessions.services._common import BoothStatus, lock_session, refuse_if_closed


def check_employer_vacancies(employer, vacancies: Iterable[Vacancy]) -> list[Vacancy]:
    vacancies = list(vacancies)
    if not vacancies:
        raise ValidationError({"vacancies": _("Choose the vacancies you bring to the session.")})
    if any(v.employer_id != employer.pk for v in vacancies):
        raise ValidationError({"vacancies": _("Choose only your own vacancies.")})
    if any(v.status != Vacancy.Status.OPEN for v in vacancies):
        raise ValidationError({"vacancies": _("A closed vacancy cannot be brought to a session.")})
    return vacancies


MAX_RECRUITERS = 20


def check_booth_needs(session: JobSession, recruiter_count: int, needs: Iterable[str]) -> list[str]:
    """How many recruiters come (1–20) and what the booth needs; a screen only at online or hybrid sessions."""
    errs = {}
    if not 1 <= recruiter_count <= MAX_RECRUITERS:
        errs["recruiter_count"] = _("Between 1 and %(max)d recruiters can come to a booth.") % {"max": MAX_RECRUITERS}
    needs = set(needs)
    if needs - set(BoothNeed.values):
        errs["needs"] = _("Choose the booth needs from the list: table, power, screen.")
    elif BoothNeed.SCREEN in needs and session.format == SessionFormat.IN_PERSON:
        errs["needs"] = _("A screen is offered only at online or hybrid sessions.")
    if errs:
        raise ValidationError(errs)
    return [need for need in BoothNeed.values if need in needs]


def _lock_session_taking_booths(session_id: int) -> JobSession:
    """The session locked (its booths are counted under this lock), refusing if it takes no booth request now."""
    session = lock_session(session_id)
    refuse_if_closed(session)
    if not session.takes_booths(timezone.now()):
        raise errors.SessionNotOpen(_("This session does not take booth requests."))
    return session


def participation_apply(
    *,
    session: JobSession,
    employer,
    vacancies: Iterable[Vacancy],
    actor: User | None,
    recruiter_count: int = 1,
    needs: Iterable[str] = (),
) -> tuple[Participation, bool]:
    """An employer asks for a booth with the vacancies it brings, how many recruiters come and what the booth
    needs. Returns (participation, created); applying again while a request is active returns it; after a
    withdrawal or rejection the request is reopened."""
    if not employer.is_verified:
        raise errors.EmployerNotVerified()
    vacancies = check_employer_vacancies(employer, vacancies)
    with transaction.atomic():
        session = _lock_session_taking_booths(session.pk)
        needs = check_booth_needs(session, recruiter_count, needs)
        participation = Participation.objects.select_for_update().filter(session=session, employer=employer).first()
        created = participation is None
        if created:
            participation = Participation.objects.create(
                session=session, employer=employer, applied_by=actor, recruiter_count=recruiter_count, needs=needs
            )
        elif participation.status in (BoothStatus.WITHDRAWN, BoothStatus.REJECTED):
            participation.status = BoothStatus.APPLIED
            participation.booth_label = ""
            participation.decided_at = None
            participation.decided_by = None
            participation.waitlisted_at = None
            participation.applied_by = actor
            participation.recruiter_count = recruiter_count
            participation.needs = needs
            participation.save(
                update_fields=[
                    "status",
                    "booth_label",
                    "decided_at",
                    "decided_by",
                    "waitlisted_at",
                    "applied_by",
                    "recruiter_count",
                    "needs",
                    "updated_at",
                ]
            )
        else:
            return participation, False
        participation.vacancies.set(vacancies)
        audit_log(actor=actor, action="participation.apply", obj=participation)
    return participation, created


ACTIVE_BOOTH = (BoothStatus.APPLIED, BoothStatus.WAITLISTED, BoothStatus.APPROVED)


def participation_change(
    *, participation: Participation, actor: User | None, vacancies: Iterable[Vacancy], recruiter_count: int, needs
) -> Participation:
    """The employer changes what an active booth request brings (vacancies, recruiters, needs), while the session
    takes booths; its place in the queue and an approved booth's number stay as they are."""
    vacancies = check_employer_vacancies(participation.employer, vacancies)
    with transaction.atomic():
        session = _lock_session_taking_booths(participation.session_id)
        needs = check_booth_needs(session, recruiter_count, needs)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        if participation.status not in ACTIVE_BOOTH:
            raise errors.InvalidTransition(_("This booth request was withdrawn or refused: send a new one."))
        before = snapshot(participation, m2m_fields=("vacancies",))
        participation.recruiter_count, participation.needs = recruiter_count, needs
        participation.save(update_fields=["recruiter_count", "needs", "updated_at"])
        participation.vacancies.set(vacancies)
        audit_changes(actor=actor, action="participation.change", obj=participation, before=before)
    return participation


def approved_booths(session: JobSession | int):
    """The booths a session has given (what its employer capacity counts)."""
    return Participation.objects.filter(session=session, status=BoothStatus.APPROVED)


def _free_booth_label(session: JobSession) -> str:
    used = set(approved_booths(session).values_list("booth_label", flat=True))
    number = 1
    while f"{number:02d}" in used:
        number += 1
    return f"{number:02d}"


def _clean_booth_label(booth_label: str) -> str:
    label = " ".join((booth_label or "").split()).upper()
    if len(label) > Participation._meta.get_field("booth_label").max_length:
        raise ValidationError({"booth_label": _("A booth number has at most 20 characters.")})
    return label


def _refuse_if_number_taken(participation: Participation, label: str) -> None:
    """Two approved booths of one session never share a number (checked under the session lock)."""
    holder = (
        approved_booths(participation.session_id)
        .filter(booth_label=label)
        .exclude(pk=participation.pk)
        .select_related("employer")
        .first()
    )
    if holder is not None:
        raise errors.BoothNumberTaken.held_by(label, holder)


def _grant_booth(participation: Participation, *, actor: User | None, booth_label: str = "") -> None:
    label = _clean_booth_label(booth_label)
    if label:
        _refuse_if_number_taken(participation, label)
    participation.status = BoothStatus.APPROVED
    participation.booth_label = label or _free_booth_label(participation.session)
    participation.decided_at = timezone.now()
    participation.decided_by = actor if actor is not None and actor.pk else None
    participation.save(update_fields=["status", "booth_label", "decided_at", "decided_by", "updated_at"])


def participation_approve(*, participation: Participation, actor: User | None, booth_label: str = "") -> Participation:
    """Approve a booth request: a booth while booths remain, else the booth waitlist (first come, first served).
    Approving someone already on the waitlist while booths are still full is refused (booths_full)."""
    with transaction.atomic():
        session = lock_session(participation.session_id)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        participation.session = session
        refuse_if_closed(session)
        if participation.status not in (BoothStatus.APPLIED, BoothStatus.WAITLISTED):
            raise errors.InvalidTransition(_("Only a pending or waitlisted booth request can be approved."))
        before = snapshot(participation)
        if approved_booths(session).count() < session.employer_capacity:
            _grant_booth(participation, actor=actor, booth_label=booth_label)
        elif participation.status == BoothStatus.WAITLISTED:
            raise errors.BoothsFull()
        else:
            participation.status = BoothStatus.WAITLISTED
            participation.waitlisted_at = timezone.now()
            participation.decided_by = actor if actor is not None and actor.pk else None
            participation.save(update_fields=["status", "waitlisted_at", "decided_by", "updated_at"])
        audit_changes(
            actor=actor, action="participation.approve", obj=participation, before=before, status=participation.status
        )
        outbox.notify_booth_decision(participation)
    return participation


def promote_waitlisted_booths(session: JobSession, *, actor: User | None) -> list[Participation]:
    """Give free booths to the booth waitlist in order. Call with the session row locked."""
    promoted = []
    waitlist = Participation.objects.select_for_update().filter(session=session, status=BoothStatus.WAITLISTED)
    while approved_booths(session).count() < session.employer_capacity:
        first = waitlist.order_by("waitlisted_at", "id").first()
        if first is None:
            break
        first.session = session
        _grant_booth(first, actor=actor)
        audit_log(actor=actor, action="participation.promote", obj=first)
        outbox.notify_booth_decision(first)
        promoted.append(first)
    return promoted


def _end_participation(participation: Participation, *, actor: User | None, status: str, note: str = ""):
    with transaction.atomic():
        session = lock_session(participation.session_id)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        refuse_if_closed(session)
        if participation.status == BoothStatus.WITHDRAWN:
            raise errors.InvalidTransition(_("This booth request was withdrawn already."))
        if participation.status == BoothStatus.REJECTED:
            raise errors.InvalidTransition(_("This booth request was refused already."))
        held_booth = participation.status == BoothStatus.APPROVED
        before = snapshot(participation)
        participation.status = status
        participation.booth_label = ""
        participation.decision_note = note
        participation.decided_at = timezone.now()
        participation.decided_by = actor if actor is not None and actor.pk else None
        participation.save(
            update_fields=["status", "booth_label", "decision_note", "decided_at", "decided_by", "updated_at"]
        )
        audit_changes(actor=actor, action=f"participation.{status}", obj=participation, before=before, note=note)
        if status == BoothStatus.REJECTED:
            outbox.notify_booth_decision(participation)  # also cancels the booth's reminder
        else:
            outbox.cancel_pending(participation=participation, kinds=[Notification.Kind.EMPLOYER_DAY_BEFORE])
        if held_booth:
            promote_waitlisted_booths(session, actor=actor)
    return participation


def participation_reject(*, participation: Participation, actor: User, note: str = "") -> Participation:
    return _end_participation(participation, actor=actor, status=BoothStatus.REJECTED, note=note.strip())


def participation_withdraw(*, participation: Participation, actor: User | None) -> Participation:
    return _end_participation(participation, actor=actor, status=BoothStatus.WITHDRAWN)


def participations_withdraw_for_employer(*, employer, actor: User | None, note: str, now=None) -> list[Participation]:
    """An employer lost its verification: its booth requests and booths at sessions not yet held (starting later,
    draft or published) are withdrawn one by one, each under its session's lock as any withdrawal is: one audit
    event per booth, its reminder cancelled, a freed booth given to the first request on that session's booth
    waitlist (whose employer is told, as by every promotion). Sessions under way or held keep their record.
    A booth that changed meanwhile (withdrawn by the employer, its session cancelled) is left as it is."""
    now = now or timezone.now()
    upcoming = Participation.objects.filter(
        employer=employer,
        status__in=ACTIVE_BOOTH,
        session__starts_at__gt=now,
        session__status__in=(SessionStatus.DRAFT, SessionStatus.PUBLISHED),
    ).order_by("session_id", "id")  # the session locks in one order
    withdrawn = []
    for participation in upcoming:
        try:
            ended = _end_participation(participation, actor=actor, status=BoothStatus.WITHDRAWN, note=note)
        except (errors.InvalidTransition, errors.SessionCancelled, errors.SessionCompleted):
            continue
        if ended.online_room_url:  # the people registered for its vacancies no longer get its room in reminders
            outbox.refresh_reminders_for_booth(ended)
        withdrawn.append(ended)
    return withdrawn


def participation_set_online_room(
    *, participation: Participation, actor: User | None, online_room_url: str
) -> Participation:
    """The online interview room of an approved booth at an online or hybrid session, set by staff or by the
    employer. People registered for the employer's vacancies see it (selectors.registration_online_rooms);
    an empty link takes the room away."""
    url = (online_room_url or "").strip()
    if url:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError as exc:
            raise ValidationError({"online_room_url": _("Enter a valid link (https://…).")}) from exc
        if len(url) > Participation._meta.get_field("online_room_url").max_length:
            raise ValidationError({"online_room_url": _("The link is too long.")})
    with transaction.atomic():
        session = lock_session(participation.session_id)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        refuse_if_closed(session)
        if url and session.format == SessionFormat.IN_PERSON:
            raise ValidationError(
                {"online_room_url": _("Only a booth at an online or hybrid session has an online interview room.")}
            )
        if url and participation.status != BoothStatus.APPROVED:
            raise errors.InvalidTransition(_("Only an approved booth has an online interview room."))
        previous = participation.online_room_url
        if previous == url:
            return participation
        before = snapshot(participation)
        participation.online_room_url = url
        participation.save(update_fields=["online_room_url", "updated_at"])
        audit_changes(
            actor=actor, action="participation.online_room", obj=participation, before=before, old=previous, new=url
        )
        outbox.refresh_reminders_for_booth(participation)
    return participation


def participation_set_booth_number(
    *, participation: Participation, actor: User | None, booth_label: str
) -> Participation:
    """Staff give an approved booth its number. A number another booth of the session holds is refused, naming
    that booth; the booth's notices still waiting (decision, day-before reminder) are written again with it."""
    label = _clean_booth_label(booth_label)
    if not label:
        raise ValidationError({"booth_label": _("Give the booth number.")})
    with transaction.atomic():
        session = lock_session(participation.session_id)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        participation.session = session
        refuse_if_closed(session)
        if participation.status != BoothStatus.APPROVED:
            raise errors.InvalidTransition(_("Only an approved booth has a booth number."))
        if participation.booth_label == label:
            return participation
        _refuse_if_number_taken(participation, label)
        before = snapshot(participation)
        participation.booth_label = label
        participation.save(update_fields=["booth_label", "updated_at"])
        audit_changes(actor=actor, action="participation.booth_number", obj=participation, before=before)
        outbox.refresh_booth_notices(participation)
    return participation


def _number_order(participation: Participation):
    label = participation.booth_label
    plain_number = label.isascii() and label.isdigit()  # not "²", a digit to isdigit that int() refuses
    return (0, int(label), "") if plain_number else (1, 0, label), participation.decided_at, participation.pk


RENUMBER_ORDERS = ("number", "employer")


def booths_renumber(*, session: JobSession, actor: User | None, order: str = "number") -> list[Participation]:
    """Number the approved booths 01..n: in the order of their numbers now (gaps closed, labels that are not plain
    numbers last) or by employer name. Each booth whose number changes gets an audit event and its waiting notices
    written again."""
    if order not in RENUMBER_ORDERS:
        raise ValidationError({"order": _("Choose how to order the booths.")})
    with transaction.atomic():
        session = lock_session(session.pk)
        refuse_if_closed(session)
        booths = list(
            approved_booths(session).select_for_update(of=("self",)).select_related("employer").order_by("pk")
        )
        if order == "employer":
            booths.sort(key=lambda booth: (booth.employer.name.casefold(), booth.pk))
        else:
            booths.sort(key=_number_order)
        for number, booth in enumerate(booths, start=1):
            label = f"{number:02d}"
            if booth.booth_label == label:
                continue
            before = snapshot(booth)
            booth.booth_label = label
            booth.session = session
            booth.save(update_fields=["booth_label", "updated_at"])
            audit_changes(actor=actor, action="participation.booth_number", obj=booth, before=before, renumbered=True)
            outbox.refresh_booth_notices(booth)
    return booths


STAFF_NOTES_MAX = 2_000


def participation_set_staff_notes(
    *, participation: Participation, actor: User | None, staff_notes: str
) -> Participation:
    """The centre's own notes on a booth (never shown to the employer), audited old → new."""
    notes = (staff_notes or "").strip()
    if len(notes) > STAFF_NOTES_MAX:
        raise ValidationError({"staff_notes": _("Keep the notes under %(max)d characters.") % {"max": STAFF_NOTES_MAX}})
    with transaction.atomic():
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        if participation.staff_notes == notes:
            return participation
        before = snapshot(participation)
        participation.staff_notes = notes
        participation.save(update_fields=["staff_notes", "updated_at"])
        audit_changes(actor=actor, action="participation.staff_notes", obj=participation, before=before)
    return participation


@dataclass(frozen=True)
class BoothDecision:
    """One booth of a decision on many: its status after it, or why it was refused (then it is unchanged)."""

    participation: Participation
    status: str
    refusal: str = ""


def participations_decide(
    *, participations: Iterable[Participation], decision: str, actor: User, note: str = ""
) -> list[BoothDecision]:
    """Approve or reject many booth requests at once, one by one through the per-booth services (each its own
    transaction, lock, audit event and notice, in the order they asked): a refusal leaves that booth as it was and
    says why, the others go through."""
    if decision not in ("approve", "reject"):
        raise ValidationError({"decision": _("Choose a decision.")})
    results = []
    for participation in sorted(participations, key=lambda p: (p.created_at, p.pk)):
        try:
            if decision == "approve":
                done = participation_approve(participation=participation, actor=actor)
            else:
                done = participation_reject(participation=participation, actor=actor, note=note)
        except errors.BusinessRuleError as exc:
            results.append(BoothDecision(participation, participation.status, exc.detail))
        except ValidationError as exc:
            results.append(BoothDecision(participation, participation.status, " ".join(exc.messages)))
        else:
            results.append(BoothDecision(done, done.status))
    return results
