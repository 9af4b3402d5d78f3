"""Referrals: a next step for a person who was not hired (issue 15 item 4), recorded by staff or by the person,
followed referred → attended → completed / dropped."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_changes, snapshot
from accounts.models import JobSeeker, User
from accounts.services import audit_log
from jobfair import errors
from jobfair.dates import add_years
from sessions.models import Interview, JobSession, Referral, SessionStatus, Vacancy

REFERRAL_TEXT_MAX_LENGTH = 2000


def _clean(kind, training_provider, course, session, vacancy, note) -> dict:
    errs = {}
    if kind not in Referral.Kind.values:
        errs["kind"] = _("Choose the kind of referral.")
    if kind == Referral.Kind.TRAINING and not training_provider:
        errs["training_provider"] = _("Name the training provider.")
    if kind == Referral.Kind.SESSION and session is None:
        errs["session"] = _("Choose the session.")
    if (
        kind == Referral.Kind.SESSION
        and session is not None
        and (session.status != SessionStatus.PUBLISHED or session.ends_at <= timezone.now())
    ):
        errs["session"] = _("Choose a session still to come.")  # not one held, cancelled or not yet published
    if kind == Referral.Kind.VACANCY and vacancy is None:
        errs["vacancy"] = _("Choose the vacancy.")
    elif kind == Referral.Kind.VACANCY and vacancy.status != Vacancy.Status.OPEN:
        errs["vacancy"] = _("Choose an open vacancy.")
    if len(note) > REFERRAL_TEXT_MAX_LENGTH:
        errs["note"] = _("Keep the note under %(count)s characters.") % {"count": REFERRAL_TEXT_MAX_LENGTH}
    return errs


def referral_create(
    *,
    job_seeker: JobSeeker,
    kind: str,
    actor: User | None,
    training_provider: str = "",
    course: str = "",
    session: JobSession | None = None,
    vacancy: Vacancy | None = None,
    interview: Interview | None = None,
    follow_up_on: date | None = None,
    note: str = "",
) -> Referral:
    """Refer a person to their next step. Only what the kind needs is kept (a course for training, the session or
    the vacancy it names); the follow-up date cannot lie in the past."""
    training_provider, course, note = (training_provider or "").strip(), (course or "").strip(), (note or "").strip()
    errs = _clean(kind, training_provider, course, session, vacancy, note)
    if follow_up_on is not None and follow_up_on < timezone.localdate():
        errs["follow_up_on"] = _("The follow-up date cannot lie in the past.")
    elif follow_up_on is not None and follow_up_on > add_years(timezone.localdate(), 1):
        errs["follow_up_on"] = _("The follow-up date lies within a year from today.")
    if interview is not None and interview.registration.job_seeker_id != job_seeker.pk:
        errs["interview"] = _("This interview is someone else's.")
    if errs:
        raise ValidationError(errs)
    if job_seeker.anonymised_at is not None:
        raise errors.InvalidTransition(_("This person's data has been erased."))
    with transaction.atomic():
        referral = Referral.objects.create(
            job_seeker=job_seeker,
            kind=kind,
            training_provider=training_provider if kind == Referral.Kind.TRAINING else "",
            course=course if kind == Referral.Kind.TRAINING else "",
            session=session if kind == Referral.Kind.SESSION else None,
            vacancy=vacancy if kind == Referral.Kind.VACANCY else None,
            interview=interview,
            follow_up_on=follow_up_on,
            note=note,
            referred_by=actor,
        )
        audit_log(actor=actor, action="referral.create", obj=referral, job_seeker=job_seeker.pk, kind=kind)
    return referral


def referral_set_status(*, referral: Referral, status: str, actor: User | None, note: str | None = None) -> Referral:
    """Move a referral on: referred → attended → completed or dropped (dropped also straight from referred).
    A completed or dropped referral stays as it is."""
    if status not in Referral.Status.values:
        raise ValidationError({"status": _("Choose the status.")})
    with transaction.atomic():
        referral = Referral.objects.select_for_update().get(pk=referral.pk)
        if status == referral.status:
            return referral
        if status not in Referral.NEXT_STATUSES[referral.status]:
            raise errors.InvalidTransition(
                _("A referral that is “%(current)s” cannot become “%(next)s”.")
                % {"current": referral.get_status_display(), "next": Referral.Status(status).label}
            )
        before = snapshot(referral)
        referral.status = status
        referral.status_changed_at = timezone.now()
        fields = ["status", "status_changed_at", "updated_at"]
        if note is not None and note.strip():
            referral.note = note.strip()[:REFERRAL_TEXT_MAX_LENGTH]
            fields.append("note")
        referral.save(update_fields=fields)
        audit_changes(actor=actor, action="referral.status", obj=referral, before=before, fields=fields[:-1])
    return referral
