"""Writes for accounts: every state change goes through here and leaves an audit event."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    AdministrativeUnit,
    AuditEvent,
    Cohort,
    CohortMembership,
    ConsentPurpose,
    ConsentRecord,
    Employer,
    JobSeeker,
    User,
    Verification,
)
from accounts.validators import normalize_citizen_id, normalize_phone
from jobfair.errors import InvalidTransition
from jobfair.text import normalize_name, normalize_text

CONSENT_TEXT_VERSION = "2026-01"


def audit_log(*, actor: User | None, action: str, obj, **data) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        data=data,
    )


def employer_verify(*, employer: Employer, actor: User, decision: str, note: str = "") -> Employer:
    """Staff decide on an employer: verified or rejected (a decision can be revised)."""
    if decision not in (Verification.VERIFIED, Verification.REJECTED):
        raise ValidationError({"decision": _("The decision must be 'verified' or 'rejected'.")})
    with transaction.atomic():
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        if employer.verification == decision:
            raise InvalidTransition(_("The employer is already in this state."))
        employer.verification = decision
        employer.verification_note = normalize_text(note)
        employer.verified_by = actor
        employer.verified_at = timezone.now()
        employer.save(update_fields=["verification", "verification_note", "verified_by", "verified_at", "updated_at"])
        audit_log(actor=actor, action=f"employer.{decision}", obj=employer, note=employer.verification_note)
    return employer


def job_seeker_create(
    *,
    actor: User | None,
    full_name: str,
    user: User | None = None,
    citizen_id: str | None = None,
    date_of_birth: date | None = None,
    sex: str = "",
    phone: str = "",
    email: str = "",
    ward: AdministrativeUnit | None = None,
    **profile,
) -> JobSeeker:
    """Create a job seeker (with an account, or a walk-in without one), validating identifiers together."""
    errors = {}
    full_name = normalize_name(full_name or "")
    if not full_name:
        errors["full_name"] = _("Enter the full name.")
    if citizen_id:
        try:
            citizen_id = normalize_citizen_id(
                citizen_id, sex=sex or None, birth_year=date_of_birth.year if date_of_birth else None
            )
        except ValidationError as exc:
            errors["citizen_id"] = exc.messages
        else:
            if JobSeeker.objects.filter(citizen_id=citizen_id).exists():
                errors["citizen_id"] = _("A job seeker with this citizen ID is already registered.")
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            errors["phone"] = exc.messages
    if ward is not None and ward.level != AdministrativeUnit.Level.WARD:
        errors["ward"] = _("Choose a ward or commune, not a province.")
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            job_seeker = JobSeeker.objects.create(
                user=user,
                full_name=full_name,
                citizen_id=citizen_id or None,
                date_of_birth=date_of_birth,
                sex=sex,
                phone=phone,
                email=(email or "").strip().lower(),
                ward=ward,
                **{key: normalize_text(value) if isinstance(value, str) else value for key, value in profile.items()},
            )
    except IntegrityError as exc:  # a second signup with the same citizen ID won the race
        raise ValidationError({"citizen_id": _("A job seeker with this citizen ID is already registered.")}) from exc
    audit_log(actor=actor, action="job_seeker.create", obj=job_seeker)
    return job_seeker


def consent_give(*, job_seeker: JobSeeker, purpose: str, actor: User | None, cohort: Cohort | None = None):
    return ConsentRecord.objects.create(
        job_seeker=job_seeker,
        purpose=purpose,
        cohort=cohort,
        text_version=CONSENT_TEXT_VERSION,
        given_at=timezone.now(),
        recorded_by=actor if actor is not None and actor.pk else None,
    )


def cohort_membership_declare(
    *, job_seeker: JobSeeker, cohort: Cohort, share_with_employers: bool, actor: User | None, evidence_note: str = ""
) -> CohortMembership:
    """A declared cohort; sensitive ones need consent to processing, sharing with employers its own consent."""
    with transaction.atomic():
        membership, _created = CohortMembership.objects.update_or_create(
            job_seeker=job_seeker,
            cohort=cohort,
            defaults={"share_with_employers": share_with_employers, "evidence_note": normalize_text(evidence_note)},
        )
        if cohort.sensitive:
            consent_give(job_seeker=job_seeker, purpose=ConsentPurpose.SENSITIVE_COHORT, cohort=cohort, actor=actor)
        if share_with_employers:
            consent_give(job_seeker=job_seeker, purpose=ConsentPurpose.SHARE_COHORT, cohort=cohort, actor=actor)
        else:  # declaring again without sharing withdraws an earlier share consent, as cohort_share_withdraw does
            ConsentRecord.objects.filter(
                job_seeker=job_seeker, cohort=cohort, purpose=ConsentPurpose.SHARE_COHORT, withdrawn_at__isnull=True
            ).update(withdrawn_at=timezone.now())
        audit_log(actor=actor, action="cohort.declare", obj=membership, share=share_with_employers)
    return membership


def cohort_share_withdraw(*, membership: CohortMembership, actor: User | None) -> CohortMembership:
    """Withdrawing the share consent hides the cohort from employers from now on."""
    with transaction.atomic():
        membership.share_with_employers = False
        membership.save(update_fields=["share_with_employers", "updated_at"])
        ConsentRecord.objects.filter(
            job_seeker_id=membership.job_seeker_id,
            cohort_id=membership.cohort_id,
            purpose=ConsentPurpose.SHARE_COHORT,
            withdrawn_at__isnull=True,
        ).update(withdrawn_at=timezone.now())
        audit_log(actor=actor, action="cohort.share_withdraw", obj=membership)
    return membership


def cohort_membership_verify(*, membership: CohortMembership, actor: User) -> CohortMembership:
    membership.verified_by = actor
    membership.verified_at = timezone.now()
    membership.save(update_fields=["verified_by", "verified_at", "updated_at"])
    audit_log(actor=actor, action="cohort.verify", obj=membership)
    return membership
