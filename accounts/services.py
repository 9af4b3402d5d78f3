"""Writes for accounts: every state change goes through here and leaves an audit event."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from rest_framework_simplejwt.token_blacklist.models import BlacklistedToken, OutstandingToken

from accounts import identity
from accounts.audit import audit_changes, audit_log, snapshot
from accounts.models import (
    AdministrativeUnit,
    Cohort,
    CohortMembership,
    ConsentPurpose,
    ConsentRecord,
    Employer,
    JobSeeker,
    PersonalDataAccess,
    User,
    Verification,
    validate_known_occupation,
)
from accounts.permissions import is_staff_user
from accounts.signals import employer_rejected, employer_verified
from accounts.validators import normalize_citizen_id, normalize_phone, validate_date_of_birth
from jobfair.changes import assign_changes
from jobfair.errors import InvalidTransition
from jobfair.text import normalize_name, normalize_text

CONSENT_TEXT_VERSION = "2026-01"


def personal_data_access_record(
    *, actor: User, address: str | None, kind: str, where: str, job_seeker_ids=(), **detail
) -> int:
    """One row per person whose data was read (one row for a search of people, with its query)."""
    base = {
        "actor": actor if actor.pk else None,
        "actor_role": getattr(actor, "role", "") or "",
        "actor_employer_id": getattr(actor, "employer_id", None),
        "address": address or None,
        "kind": kind,
        "where": where[:200],
        "detail": detail,
    }
    people = sorted(set(job_seeker_ids)) or ([None] if kind == PersonalDataAccess.Kind.SEARCH else [])
    PersonalDataAccess.objects.bulk_create([PersonalDataAccess(job_seeker_id=pk, **base) for pk in people])
    return len(people)


def user_tokens_revoke(*, user: User, actor: User | None, reason: str) -> int:
    """Blacklist every refresh token the user still holds (deactivation, erasure): a later reactivation does not
    bring them back. Access tokens of an inactive user are refused anyway and end within minutes."""
    outstanding = OutstandingToken.objects.filter(
        user=user, expires_at__gt=timezone.now(), blacklistedtoken__isnull=True
    )
    revoked = BlacklistedToken.objects.bulk_create(
        [BlacklistedToken(token=token) for token in outstanding], ignore_conflicts=True
    )
    audit_log(actor=actor, action="user.tokens_revoke", obj=user, reason=reason, count=len(revoked))
    return len(revoked)


def employer_verify(*, employer: Employer, actor: User, decision: str, note: str = "") -> Employer:
    """Staff decide on an employer: verified or rejected (a decision can be revised). A rejection (of a new employer,
    of one back for review, or revoking a verification) carries its consequences in the same transaction: see
    accounts.signals.employer_rejected."""
    if decision not in (Verification.VERIFIED, Verification.REJECTED):
        raise ValidationError({"decision": _("The decision must be 'verified' or 'rejected'.")})
    with transaction.atomic():
        employer = Employer.objects.select_for_update().get(pk=employer.pk)
        if employer.verification == decision:
            raise InvalidTransition(_("The employer is already in this state."))
        before = snapshot(employer)
        previous = employer.verification
        employer.verification = decision
        employer.verification_note = normalize_text(note)
        employer.verified_by = actor
        employer.verified_at = timezone.now()
        employer.save(update_fields=["verification", "verification_note", "verified_by", "verified_at", "updated_at"])
        audit_changes(
            actor=actor, action=f"employer.{decision}", obj=employer, before=before, note=employer.verification_note
        )
        if decision == Verification.VERIFIED:
            employer_verified.send(sender=Employer, employer=employer, actor=actor)
        if decision == Verification.REJECTED:
            employer_rejected.send(
                sender=Employer, employer=employer, actor=actor, previous=previous, note=employer.verification_note
            )
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
    try:
        validate_date_of_birth(date_of_birth)
    except ValidationError as exc:
        errors["date_of_birth"] = exc.messages
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


def _check_password(password: str, user: User) -> list[str]:
    from django.contrib.auth.password_validation import validate_password

    try:
        validate_password(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


def _is_password_hash(value: str) -> bool:
    """A hash made by one of the site's PASSWORD_HASHERS (never a password typed as such)."""
    from django.contrib.auth.hashers import identify_hasher, is_password_usable

    try:
        identify_hasher(value)
    except ValueError:
        return False
    return is_password_usable(value)


def _accounts_holding(*, email: str, phone: str) -> list[tuple[User, str]]:
    """The accounts that already hold this e-mail or phone, each with the identifier it holds ("email"/"phone")."""
    held = []
    if email and (user := User.objects.filter(email__iexact=email).first()):
        held.append((user, "email"))
    if phone and (user := User.objects.filter(phone=phone).first()) and (user, "email") not in held:
        held.append((user, "phone"))
    return held


def _tell_owners(held: list[tuple[User, str]]) -> None:
    for user, identifier in held:
        identity.signup_attempt_notice(user=user, identifier=identifier)


def job_seeker_signup(
    *,
    password: str = "",
    full_name: str,
    accept_terms: bool,
    phone: str = "",
    email: str = "",
    cohorts: list[tuple[Cohort, bool]] = (),
    language: str = "vi",
    password_hash: str = "",
    **profile,
) -> JobSeeker | None:
    """A job seeker signs up with a phone number or an e-mail (either is the login). Consent to the terms is
    explicit; each declared cohort carries its own, separate consent to be shown to employers.

    A phone or e-mail that an account already holds: nothing is created and the owner is told by that channel
    (None; the caller answers as for a new account). A citizen ID another record holds: the account is made without
    it and the claim goes to staff.

    The web sign-up in steps passes `password_hash` instead of `password`: its first step checked the password with
    the same validators against the same phone and e-mail, and keeps it only hashed between the steps."""
    errs = {}
    if accept_terms is not True:
        errs["accept_terms"] = [_("You must accept the terms of use and the processing of your personal data.")]
    email = (email or "").strip().lower()
    if phone:
        try:
            phone = normalize_phone(phone)
        except ValidationError as exc:
            errs["phone"] = exc.messages
    if not phone and not email and "phone" not in errs:
        errs["phone"] = [_("Give a mobile phone number or an e-mail address.")]
    user = User(username=phone or email, role="job_seeker", email=email or None, phone=phone or None, language=language)
    if password_hash:
        if not _is_password_hash(password_hash):
            errs["password"] = [_("Choose a password.")]
    elif password_errors := _check_password(password, user):
        errs["password"] = password_errors
    if errs:
        raise ValidationError(errs)
    if held := _accounts_holding(email=email, phone=phone):
        _tell_owners(held)  # the stranger is answered as for a new account; the owner hears of it (issue 11 item 2)
        return None
    claimed_citizen_id = _citizen_id_held_elsewhere(profile)
    if claimed_citizen_id:
        profile["citizen_id"] = None  # its real owner is not refused: staff check the card (issue 11 item 6)
    try:
        with transaction.atomic():
            if password_hash:
                user.password = password_hash
            else:
                user.set_password(password)
            user.save()
            job_seeker = job_seeker_create(
                actor=user, user=user, full_name=full_name, phone=phone, email=email, language=language, **profile
            )
            consent_give(job_seeker=job_seeker, purpose=ConsentPurpose.TERMS, actor=user)
            # Notices ticked on the web sign-up form are consents of their own (purpose SMS / e-mail).
            for purpose, wanted in (
                (ConsentPurpose.SMS, profile.get("notify_by_sms")),
                (ConsentPurpose.EMAIL, profile.get("notify_by_email")),
            ):
                if wanted is True:
                    consent_give(job_seeker=job_seeker, purpose=purpose, actor=user)
            for cohort, share in cohorts:
                cohort_membership_declare(job_seeker=job_seeker, cohort=cohort, share_with_employers=share, actor=user)
            if claimed_citizen_id:
                identity.citizen_id_claim_open(claimant=job_seeker, citizen_id=claimed_citizen_id)
    except IntegrityError:  # a simultaneous signup took the phone or e-mail: answered like any other taken one
        _tell_owners(_accounts_holding(email=email, phone=phone))
        return None
    return job_seeker


def _citizen_id_held_elsewhere(profile: dict) -> str | None:
    """The normalised citizen ID of a sign-up when another record already holds it."""
    citizen_id, birth = profile.get("citizen_id"), profile.get("date_of_birth")
    if not citizen_id:
        return None
    try:
        citizen_id = normalize_citizen_id(
            citizen_id, sex=profile.get("sex") or None, birth_year=birth.year if birth else None
        )
    except ValidationError:
        return None  # job_seeker_create says what is wrong with it
    return citizen_id if JobSeeker.objects.filter(citizen_id=citizen_id).exists() else None


def employer_signup(
    *, password: str, email: str, phone: str, name: str, tax_code: str, contact_name: str, **company
) -> Employer | None:
    """A company signs up with its tax code; it stays pending until centre staff verify it. An e-mail or phone that
    an account already holds: nothing is created, the owner is told, the answer is the same (None)."""
    from accounts.validators import normalize_tax_code

    errs = {}
    email = (email or "").strip().lower()
    try:
        phone = normalize_phone(phone)
    except ValidationError as exc:
        errs["phone"] = exc.messages
    try:
        tax_code = normalize_tax_code(tax_code)
    except ValidationError as exc:
        errs["tax_code"] = exc.messages
    else:
        if Employer.objects.filter(tax_code=tax_code).exists():
            errs["tax_code"] = [_("A company with this tax code is already registered.")]
    if not normalize_name(name or ""):
        errs["name"] = [_("Enter the company name.")]
    user = User(username=email, role="employer", email=email, phone=phone if "phone" not in errs else None)
    if password_errors := _check_password(password, user):
        errs["password"] = password_errors
    if errs:
        raise ValidationError(errs)
    if held := _accounts_holding(email=email, phone=phone):
        _tell_owners(held)  # answered as for a new account; the owner hears of it (issue 11 item 2)
        return None
    try:
        with transaction.atomic():
            employer = Employer.objects.create(
                name=normalize_name(name),
                tax_code=tax_code,
                contact_name=normalize_name(contact_name),
                email=email,
                phone=phone,
                **{key: normalize_text(value) if isinstance(value, str) else value for key, value in company.items()},
            )
            user.employer = employer
            user.set_password(password)
            user.save()
            audit_log(actor=user, action="employer.signup", obj=employer)
    except IntegrityError as exc:
        raise ValidationError({"tax_code": [_("This company or account is already registered.")]}) from exc
    return employer


def job_seeker_anonymise(*, job_seeker: JobSeeker, actor: User | None) -> JobSeeker:
    """Erase what identifies the person and keep what statistics count (sex, birth year, ward, education,
    qualification, cohorts): the reports stay true. The account is closed."""
    with transaction.atomic():
        job_seeker = JobSeeker.objects.select_for_update().get(pk=job_seeker.pk)
        if job_seeker.anonymised_at is not None:
            return job_seeker
        now = timezone.now()
        with translation.override(settings.LANGUAGE_CODE):  # stored text: in the centre's language
            job_seeker.full_name = str(_("Erased person"))
        job_seeker.citizen_id = None
        if job_seeker.date_of_birth:
            job_seeker.date_of_birth = job_seeker.date_of_birth.replace(month=1, day=1)
        for field in ("phone", "email", "address", "major", "skills", "accessibility_needs"):
            setattr(job_seeker, field, "")
        job_seeker.notify_by_email = job_seeker.notify_by_sms = False
        job_seeker.anonymised_at = now
        job_seeker.save()
        job_seeker.cohort_memberships.update(share_with_employers=False, evidence_note="")
        job_seeker.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
        user = job_seeker.user
        if user is not None:
            user.username = f"erased-{user.pk}"
            user.email = user.phone = None
            user.first_name = user.last_name = ""
            user.is_active = False
            user.set_unusable_password()
            user.save()
            user_tokens_revoke(user=user, actor=actor, reason="erasure")
        audit_log(actor=actor, action="job_seeker.anonymise", obj=job_seeker)
    return job_seeker


JOB_SEEKER_PROFILE_FIELDS = frozenset(
    {
        "full_name",
        "ward",
        "address",
        "general_education",
        "qualification",
        "major",
        "wanted_occupation",
        "wanted_salary",
        "working_arrangement",
        "experience",
        "skills",
        "accessibility_needs",
        "needs_wheelchair_access",
        "needs_sign_language",
        "needs_visual_assistance",
        "language",
        "notify_by_email",
        "notify_by_sms",
        "allow_employer_suggestions",
        "invite_for_groups",
        "invite_for_matches",
    }
)
EMPLOYER_PROFILE_FIELDS = frozenset(
    {
        "name",
        "ownership",
        "vsic_section",
        "main_products",
        "workforce_size",
        "address",
        "ward",
        "phone",
        "email",
        "website",
        "contact_name",
        "language",
        "notify_by_email",
        "notify_by_sms",
    }
)


def _profile_changes(obj, changes: dict, allowed: frozenset) -> list[str]:
    """The profile fields that change, names and texts tidied as at sign-up."""
    unknown = set(changes) - allowed
    if unknown:
        raise TypeError(f"fields that cannot be changed here: {sorted(unknown)}")
    changed, _relations = assign_changes(obj, changes, clean=_tidy_profile_value)
    return changed


def _tidy_profile_value(field: str, value):
    if not isinstance(value, str):
        return value
    return normalize_name(value) if field in ("full_name", "name", "contact_name") else normalize_text(value)


def job_seeker_update(*, job_seeker: JobSeeker, actor: User | None, **changes) -> JobSeeker:
    if changes.get("full_name") is not None and not normalize_name(changes["full_name"]):
        raise ValidationError({"full_name": _("Enter the full name.")})
    try:
        validate_date_of_birth(changes.get("date_of_birth"))
    except ValidationError as exc:
        raise ValidationError({"date_of_birth": exc.messages}) from exc
    # A newly given wanted occupation is one of the list, as a vacancy's is (one kept from before stays).
    wanted = changes.get("wanted_occupation")
    if wanted and wanted != job_seeker.wanted_occupation:
        try:
            validate_known_occupation(wanted)
        except ValidationError as exc:
            raise ValidationError({"wanted_occupation": exc.messages}) from exc
    with transaction.atomic():
        before = snapshot(job_seeker)
        changed = _profile_changes(job_seeker, changes, JOB_SEEKER_PROFILE_FIELDS)
        if changed:
            job_seeker.save(update_fields=[*changed, "updated_at"])
            if "language" in changed and job_seeker.user_id:
                User.objects.filter(pk=job_seeker.user_id).update(language=job_seeker.language)
            audit_changes(actor=actor, action="job_seeker.update", obj=job_seeker, before=before, fields=changed)
    return job_seeker


# What identifies a company to the centre: a verified employer that changes one of these goes back to review.
EMPLOYER_REVIEWED_FIELDS = ("name", "tax_code", "ownership", "address", "ward")


def _shown_value(employer: Employer, field: str, value) -> str:
    if field == "ward":
        return str(AdministrativeUnit.objects.filter(pk=value).first() or "") if value else ""
    if field == "ownership":
        return str(dict(Employer._meta.get_field("ownership").choices).get(value, value))
    return str(value or "")


def _review_note(employer: Employer, before: dict, fields: list[str]) -> str:
    """What the employer changed, old → new, in the centre's language (stored text staff read in their queue)."""
    with translation.override(settings.LANGUAGE_CODE):
        parts = [
            _("%(field)s: “%(old)s” → “%(new)s”")
            % {
                "field": Employer._meta.get_field(field).verbose_name,
                "old": _shown_value(employer, field, before.get(field)),
                "new": _shown_value(employer, field, getattr(employer, Employer._meta.get_field(field).attname)),
            }
            for field in fields
        ]
        return str(_("Back for review: the employer changed %(changes)s.") % {"changes": "; ".join(parts)})


def employer_update(*, employer: Employer, actor: User | None, **changes) -> Employer:
    """An employer (or staff) changes the company profile. A verified employer that changes its name, tax code,
    ownership or address goes back to review (pending, with a note of what changed, in the staff's queue); its
    booths stay until staff decide. A rejected employer that corrects anything goes back to review too (else the
    correction would sit unseen: the staff's queue lists pending companies). Staff's own corrections do not send it
    back (they are the reviewers)."""
    if changes.get("phone"):
        try:
            changes["phone"] = normalize_phone(changes["phone"])
        except ValidationError as exc:
            raise ValidationError({"phone": exc.messages}) from exc
    if "email" in changes:
        changes["email"] = (changes["email"] or "").strip().lower()
    with transaction.atomic():
        # the row lock orders this change after a staff decision in progress; the state is read fresh under it
        verification = (
            Employer.objects.select_for_update().filter(pk=employer.pk).values_list("verification", flat=True).get()
        )
        before = snapshot(employer)
        changed = _profile_changes(employer, changes, EMPLOYER_PROFILE_FIELDS)
        if changed:
            reviewed = [field for field in EMPLOYER_REVIEWED_FIELDS if field in changed]
            if verification == Verification.REJECTED:
                reviewed = list(changed)  # a refused company that corrects its profile asks to be looked at again
            back_to_review = (
                bool(reviewed)
                and verification in (Verification.VERIFIED, Verification.REJECTED)
                and not is_staff_user(actor)
            )
            saved = list(changed)
            if back_to_review:
                employer.verification = Verification.PENDING
                employer.verification_note = _review_note(employer, before, reviewed)
                saved += ["verification", "verification_note"]
            employer.save(update_fields=[*saved, "updated_at"])
            audit_changes(actor=actor, action="employer.update", obj=employer, before=before, fields=changed)
            if back_to_review:
                audit_log(actor=actor, action="employer.back_to_review", obj=employer, fields=reviewed)
    return employer
