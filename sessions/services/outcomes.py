"""Interviews and hiring outcomes, and the follow-up checks after a start."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_changes, snapshot
from accounts.models import MONTHLY_SALARY_MAX, User
from accounts.services import audit_log
from jobfair import errors
from jobfair.dates import add_years
from sessions.models import (
    FollowUpContact,
    HiringOutcome,
    Interview,
    Notification,
    Participation,
    Registration,
    SessionFormat,
    SessionStatus,
    Vacancy,
)
from sessions.notifications import outbox
from sessions.services._common import BoothStatus, RegStatus


def interview_record(
    *,
    registration: Registration,
    vacancy: Vacancy,
    actor: User | None,
    result: str = Interview.Result.PENDING,
    notes: str = "",
) -> tuple[Interview, bool]:
    """Record (or update) an interview of a registered person for a vacancy of an employer with a booth at
    the session. Being interviewed at an in-person session proves attendance, after the session too (a person
    marked absent when it was held is then counted as present)."""
    if result not in Interview.Result.values:
        raise ValidationError({"result": _("Unknown interview result.")})
    with transaction.atomic():
        registration = Registration.objects.select_for_update().select_related("session").get(pk=registration.pk)
        session = registration.session
        if session.status == SessionStatus.CANCELLED:
            raise errors.SessionCancelled()
        if session.status == SessionStatus.DRAFT:
            raise errors.SessionNotOpen()
        # a no-show too: the desk forgot to check in a person an employer interviewed (their list says so), and
        # the session was marked held meanwhile
        if registration.status not in (RegStatus.CONFIRMED, RegStatus.ATTENDED, RegStatus.NO_SHOW):
            raise errors.InvalidTransition(_("Only a person with a seat at the session can be interviewed."))
        now = timezone.now()
        if session.check_in_state(now) == "not_yet":  # interviews start when the desk opens; results come after
            raise errors.NotSessionDay.for_session(session, now)
        if not Participation.objects.filter(
            session=session, employer_id=vacancy.employer_id, status=BoothStatus.APPROVED
        ).exists():
            raise errors.NotEligible(_("The vacancy's employer has no approved booth at this session."))
        if registration.status == RegStatus.NO_SHOW:
            registration.status = RegStatus.ATTENDED  # came after all: not counted absent, not sent the kind message
            registration.checked_in_by = actor if actor is not None and actor.pk else None
            registration.save(update_fields=["status", "checked_in_by", "updated_at"])
            outbox.cancel_pending(registration=registration, kinds=[Notification.Kind.NO_SHOW_FOLLOW_UP])
            audit_log(actor=actor, action="registration.no_show_corrected", obj=registration)
        elif registration.status == RegStatus.CONFIRMED and session.format == SessionFormat.IN_PERSON:
            registration.status = RegStatus.ATTENDED
            registration.checked_in_at = now
            registration.checked_in_by = actor if actor is not None and actor.pk else None
            registration.save(update_fields=["status", "checked_in_at", "checked_in_by", "updated_at"])
        interview, created = Interview.objects.get_or_create(
            registration=registration,
            vacancy=vacancy,
            defaults={"result": result, "notes": notes.strip(), "recorded_by": actor},
        )
        if result == Interview.Result.FAILED and _hired(interview):
            raise errors.InvalidTransition(_("Not passed contradicts the outcome recorded: correct the outcome too."))
        if not created and (interview.result, interview.notes) != (result, notes.strip()):
            interview.result = result
            interview.notes = notes.strip()
            interview.recorded_by = actor
            interview.save(update_fields=["result", "notes", "recorded_by", "updated_at"])
        audit_log(actor=actor, action="interview.record", obj=interview, result=result)
    return interview, created


HIRED = (HiringOutcome.Status.OFFERED, HiringOutcome.Status.STARTED, HiringOutcome.Status.DECLINED)


def _hired(interview: Interview) -> bool:
    """Whether the interview led to an offer (taken up or not): what an interview not passed cannot have led to."""
    return HiringOutcome.objects.filter(interview=interview, status__in=HIRED).exists()


def hiring_outcome_record(
    *,
    interview: Interview,
    actor: User | None,
    status: str,
    start_date: date | None = None,
    monthly_salary: int | None = None,
    seen_version: str | None = None,
) -> tuple[HiringOutcome, bool]:
    """Record or correct what came of an interview. A start lies between the session's day and a year after it, and
    a "started work" is not still to come (an offer may carry a later start); a salary is positive (one below the
    regional minimum wage is kept, and staff see it flagged). `seen_version`: as in
    interview_result_and_outcome_record, a save from a page older than the last save is refused."""
    errs = {}
    if status not in HiringOutcome.Status.values:
        errs["status"] = _("Unknown outcome.")
    if status == HiringOutcome.Status.STARTED and start_date is None:
        errs["start_date"] = _("Give the date the person started work.")
    elif status == HiringOutcome.Status.STARTED and start_date > timezone.localdate():
        # the year's "started work" figure and the 30- and 90-day checks count from a start that has happened
        errs["start_date"] = _(
            "%(day)s has not come yet: record “Offered” with this start date, and “Started work” once the person "
            "has begun."
        ) % {"day": f"{start_date:%d/%m/%Y}"}
    if monthly_salary is not None and monthly_salary <= 0:
        errs["monthly_salary"] = _("Give the monthly salary in đồng, more than 0.")
    elif monthly_salary is not None and monthly_salary > MONTHLY_SALARY_MAX:
        most = number_format(MONTHLY_SALARY_MAX, force_grouping=True)
        errs["monthly_salary"] = _("The monthly salary is at most %(max)s đồng.") % {"max": most}
    if errs:
        raise ValidationError(errs)
    with transaction.atomic():
        if seen_version is not None:
            entered = _described(status=status, start_date=start_date, monthly_salary=monthly_salary)
            _refuse_if_saved_since(interview, seen_version, entered=entered)
        interview = Interview.objects.select_for_update().select_related("registration__session").get(pk=interview.pk)
        session = interview.registration.session
        if session.status == SessionStatus.CANCELLED:
            raise errors.SessionCancelled()
        if interview.result == Interview.Result.FAILED and status in HIRED:
            raise ValidationError({"status": _("The interview was not passed: its outcome can only be “Not hired”.")})
        session_day = timezone.localdate(session.starts_at)
        if start_date is not None and not session_day <= start_date <= add_years(session_day, 1):
            raise ValidationError(
                {
                    "start_date": _("The start date lies between the session (%(day)s) and a year after it.")
                    % {"day": f"{session_day:%d/%m/%Y}"}
                }
            )
        previous = HiringOutcome.objects.filter(interview=interview).first()
        before = snapshot(previous) if previous is not None else {}  # a correction records old → new
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
        audit_changes(actor=actor, action="outcome.record", obj=outcome, before=before, status=status)
    return outcome, created


def hiring_outcome_clear(*, interview: Interview, actor: User | None) -> bool:
    """Take back the outcome of an interview (recorded by mistake: it is not known yet). Refused once its follow-up
    has begun (a call or a check is on the record): that outcome is corrected, not cleared. False: there was none."""
    with transaction.atomic():
        outcome = HiringOutcome.objects.select_for_update().filter(interview=interview).first()
        if outcome is None:
            return False
        if (
            outcome.checked_30_days_at is not None
            or outcome.checked_90_days_at is not None
            or outcome.contacts.exists()
        ):
            raise ValidationError(
                {"outcome": _("Its follow-up has begun: correct the outcome instead of clearing it.")}
            )
        was = outcome.status
        outcome.delete()
        audit_log(actor=actor, action="outcome.clear", obj=interview, was=was)
    return True


def interview_result_and_outcome_record(
    *,
    interview: Interview,
    actor: User | None,
    result: str,
    outcome_status: str | None = None,
    start_date: date | None = None,
    monthly_salary: int | None = None,
    seen_version: str | None = None,
) -> Interview:
    """The result of an interview and, when it is known, what came of it, saved together: an outcome that is
    refused leaves the result as it was (one row of the staff interview table).

    `seen_version`: the interview's `version()` when the page was shown. If it was saved since (by a colleague, or
    by the employer's report), the save is refused and nothing changes: the refusal says what was entered."""

    def record_result():
        return interview_record(
            registration=interview.registration,
            vacancy=interview.vacancy,
            actor=actor,
            result=result,
            notes=interview.notes,
        )[0]

    def record_outcome(recorded: Interview):
        if not outcome_status:  # "(not known)" chosen: an outcome recorded by mistake is taken back
            hiring_outcome_clear(interview=recorded, actor=actor)
        else:
            hiring_outcome_record(
                interview=recorded,
                actor=actor,
                status=outcome_status,
                start_date=start_date,
                monthly_salary=monthly_salary,
            )

    with transaction.atomic():
        if seen_version is not None:
            entered = _described(
                result=result, status=outcome_status, start_date=start_date, monthly_salary=monthly_salary
            )
            _refuse_if_saved_since(interview, seen_version, entered=entered)
        # Each check sees the other half as it will be: a correction to "not passed" writes its outcome first,
        # anything else its result first (an offer needs a result that is not "not passed").
        if result == Interview.Result.FAILED:
            record_outcome(interview)
            interview = record_result()
        else:
            interview = record_result()
            record_outcome(interview)
    return interview


def _described(*, result=None, status=None, start_date=None, monthly_salary=None) -> str:
    """An interview's result and outcome as the refusal below says them: "Passed; Started work; 11/03/2030"."""
    parts = [str(Interview.Result(result).label)] if result else []
    parts += [str(HiringOutcome.Status(status).label)] if status else []
    parts += [f"{start_date:%d/%m/%Y}"] if start_date else []
    parts += [f"{number_format(monthly_salary, force_grouping=True)} VND"] if monthly_salary is not None else []
    return "; ".join(parts) or "—"


def _refuse_if_saved_since(interview: Interview, seen_version: str, *, entered: str) -> None:
    """Refuse a save made from a page that showed the interview before its last save (Interview.version)."""
    # the registration first, then the interview: the order interview_record and the check-in desk lock them in
    Registration.objects.select_for_update().values_list("pk", flat=True).get(pk=interview.registration_id)
    current = Interview.objects.select_for_update(of=("self",)).select_related("outcome").get(pk=interview.pk)
    if current.version() == seen_version:
        return
    outcome = getattr(current, "outcome", None)
    saved = _described(
        result=current.result,
        status=outcome and outcome.status,
        start_date=outcome and outcome.start_date,
        monthly_salary=outcome.monthly_salary if outcome else None,
    )
    raise errors.ChangedMeanwhile(
        _(
            "Someone else saved this result after you opened the page. It now says: %(saved)s. "
            "You had entered: %(entered)s. Check it and save again if yours is right."
        ),
        saved=saved,
        entered=entered,
    )


def hiring_outcome_follow_up(*, outcome: HiringOutcome, actor: User, days: int, still_employed: bool) -> HiringOutcome:
    """Staff record the 30- or 90-day check of a person who started work."""
    if days not in (30, 90):
        raise ValidationError({"days": _("Follow-up checks are made at 30 or 90 days.")})
    with transaction.atomic():
        outcome = HiringOutcome.objects.select_for_update().get(pk=outcome.pk)
        if outcome.status != HiringOutcome.Status.STARTED:
            raise errors.InvalidTransition(_("Only a person who started work can be followed up."))
        due = outcome.start_date + timedelta(days=days)
        if timezone.localdate() < due:
            raise errors.InvalidTransition(
                _("The %(days)s-day check is due on %(due)s.") % {"days": days, "due": f"{due:%d/%m/%Y}"}
            )
        value_field, at_field = f"employed_at_{days}_days", f"checked_{days}_days_at"
        setattr(outcome, value_field, still_employed)
        setattr(outcome, at_field, timezone.now())
        outcome.save(update_fields=[value_field, at_field, "updated_at"])
        audit_log(actor=actor, action=f"outcome.follow_up_{days}", obj=outcome, still_employed=still_employed)
    return outcome


FOLLOW_UP_NOTE_MAX_LENGTH = 2000


def follow_up_contact_record(
    *, outcome: HiringOutcome, actor: User | None, due: str, result: str, note: str = ""
) -> FollowUpContact:
    """Staff note one attempt to reach a person (or their employer) for a 30- or 90-day check — "called, no
    answer" — without recording the check itself. Only for a check that is due and not yet recorded."""
    errs = {}
    if due not in FollowUpContact.Due.values:
        errs["due"] = _("Choose the 30-day or the 90-day check.")
    if result not in FollowUpContact.Result.values:
        errs["result"] = _("Choose what came of the call.")
    note = (note or "").strip()
    if len(note) > FOLLOW_UP_NOTE_MAX_LENGTH:
        errs["note"] = _("Keep the note under %(count)s characters.") % {"count": FOLLOW_UP_NOTE_MAX_LENGTH}
    if errs:
        raise ValidationError(errs)
    days = int(due)
    with transaction.atomic():
        outcome = HiringOutcome.objects.select_for_update().get(pk=outcome.pk)
        if outcome.status != HiringOutcome.Status.STARTED:
            raise errors.InvalidTransition(_("Only a person who started work can be followed up."))
        day = outcome.start_date + timedelta(days=days)
        if timezone.localdate() < day:
            raise errors.InvalidTransition(
                _("The %(days)s-day check is due on %(due)s.") % {"days": days, "due": f"{day:%d/%m/%Y}"}
            )
        if getattr(outcome, f"checked_{days}_days_at") is not None:
            raise errors.InvalidTransition(_("The %(days)s-day check is already recorded.") % {"days": days})
        contact = FollowUpContact.objects.create(
            outcome=outcome,
            due=due,
            result=result,
            note=note,
            contacted_by=actor if actor is not None and actor.pk else None,
        )
        audit_log(
            actor=actor, action="outcome.follow_up_contact", obj=outcome, contact=contact.pk, due=due, result=result
        )
    return contact
