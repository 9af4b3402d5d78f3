"""Booths (participations): applying with vacancies, approval under the session lock, the booth waitlist."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from accounts.services import audit_log
from jobfair import errors
from sessions.models import (
    JobSession,
    Notification,
    Participation,
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


def participation_apply(
    *, session: JobSession, employer, vacancies: Iterable[Vacancy], actor: User | None
) -> tuple[Participation, bool]:
    """An employer asks for a booth with the vacancies it brings. Returns (participation, created); applying
    again while a request is active returns it; after a withdrawal or rejection the request is reopened."""
    if not employer.is_verified:
        raise errors.EmployerNotVerified()
    vacancies = check_employer_vacancies(employer, vacancies)
    with transaction.atomic():
        session = lock_session(session.pk)
        refuse_if_closed(session)
        if not session.takes_booths(timezone.now()):
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
        session = lock_session(participation.session_id)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        participation.session = session
        refuse_if_closed(session)
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
        outbox.notify_booth_decision(participation)
    return participation


def promote_waitlisted_booths(session: JobSession, *, actor: User | None) -> list[Participation]:
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
        outbox.notify_booth_decision(first)
        promoted.append(first)
    return promoted


def _end_participation(participation: Participation, *, actor: User | None, status: str, note: str = ""):
    with transaction.atomic():
        session = lock_session(participation.session_id)
        participation = Participation.objects.select_for_update().get(pk=participation.pk)
        refuse_if_closed(session)
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
