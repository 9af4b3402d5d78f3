"""accounts.services: employer verification, job-seeker creation, cohorts and consent, audit trail."""

import unicodedata
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

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
from accounts.services import (
    CONSENT_TEXT_VERSION,
    audit_log,
    cohort_membership_declare,
    cohort_membership_verify,
    cohort_share_withdraw,
    consent_give,
    employer_verify,
    job_seeker_create,
)
from jobfair.errors import InvalidTransition
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def pending_employer(db):
    return factories.EmployerFactory(verification=Verification.PENDING)


@pytest.fixture
def hoan_kiem(db):
    return AdministrativeUnit.objects.get(code="00070")


@pytest.fixture
def disabled(db):
    return Cohort.objects.get(code="disabled")


@pytest.fixture
def graduate(db):
    return Cohort.objects.get(code="student_graduate")


def _events(action, obj):
    return AuditEvent.objects.filter(action=action, object_type=obj._meta.label_lower, object_id=str(obj.pk))


def _consents(job_seeker, cohort, purpose):
    return ConsentRecord.objects.filter(job_seeker=job_seeker, cohort=cohort, purpose=purpose)


# --- employer_verify --------------------------------------------------------------------------------------------


def test_staff_verifies_pending_employer(pending_employer, staff):
    employer = employer_verify(
        employer=pending_employer, actor=staff, decision=Verification.VERIFIED, note="  Đã kiểm tra GPKD  "
    )

    employer.refresh_from_db()
    assert employer.verification == Verification.VERIFIED
    assert employer.is_verified
    assert employer.verified_by == staff
    assert employer.verified_at is not None
    assert employer.verification_note == "Đã kiểm tra GPKD"


def test_verification_writes_audit_event_with_actor(pending_employer, staff):
    employer_verify(employer=pending_employer, actor=staff, decision="verified", note="ok")

    event = _events("employer.verified", pending_employer).get()
    assert event.actor == staff
    assert event.object_type == "accounts.employer"
    assert event.data["note"] == "ok"
    assert event.data["changes"]["verification"] == ["pending", "verified"]


def test_staff_rejects_pending_employer(pending_employer, staff):
    employer_verify(employer=pending_employer, actor=staff, decision="rejected", note="Mã số thuế không khớp")

    pending_employer.refresh_from_db()
    assert pending_employer.verification == Verification.REJECTED
    assert not pending_employer.is_verified
    assert pending_employer.verified_by == staff
    assert pending_employer.verification_note == "Mã số thuế không khớp"
    assert _events("employer.rejected", pending_employer).get().actor == staff


def test_rejected_employer_can_be_verified_later(staff):
    employer = factories.EmployerFactory(verification=Verification.REJECTED)

    employer_verify(employer=employer, actor=staff, decision="verified")

    employer.refresh_from_db()
    assert employer.verification == Verification.VERIFIED


@pytest.mark.parametrize("state", [Verification.VERIFIED, Verification.REJECTED])
def test_deciding_the_state_the_employer_is_already_in_is_refused(state, staff):
    employer = factories.EmployerFactory(verification=state)

    with translation.override("en"), pytest.raises(InvalidTransition) as excinfo:
        employer_verify(employer=employer, actor=staff, decision=state)

    assert excinfo.value.code == "invalid_transition"
    with translation.override("en"):
        assert excinfo.value.detail == "The employer is already in this state."
    employer.refresh_from_db()
    assert employer.verified_by is None
    assert not AuditEvent.objects.filter(object_id=str(employer.pk), object_type="accounts.employer").exists()


@pytest.mark.parametrize("decision", ["pending", "approved", "", "VERIFIED"])
def test_unknown_decision_is_a_validation_error(decision, pending_employer, staff):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        employer_verify(employer=pending_employer, actor=staff, decision=decision)

    assert excinfo.value.message_dict == {"decision": ["The decision must be 'verified' or 'rejected'."]}
    pending_employer.refresh_from_db()
    assert pending_employer.verification == Verification.PENDING
    assert not AuditEvent.objects.exists()


# --- job_seeker_create ------------------------------------------------------------------------------------------


def test_job_seeker_is_created_with_normalised_phone_name_and_email(staff, hoan_kiem):
    user = factories.UserFactory()
    nfd_name = unicodedata.normalize("NFD", "  Nguyễn   Thị Hương ")

    job_seeker = job_seeker_create(
        actor=staff,
        user=user,
        full_name=nfd_name,
        citizen_id="001 198 012345",
        date_of_birth=date(1998, 3, 8),
        sex="female",
        phone="0912.345.678",
        email=" Huong.Nguyen@Example.VN ",
        ward=hoan_kiem,
        major=unicodedata.normalize("NFD", " Kế toán "),
    )

    job_seeker.refresh_from_db()
    assert job_seeker.full_name == unicodedata.normalize("NFC", "Nguyễn Thị Hương")
    assert job_seeker.phone == "+84912345678"
    assert job_seeker.citizen_id == "001198012345"
    assert job_seeker.email == "huong.nguyen@example.vn"
    assert job_seeker.major == unicodedata.normalize("NFC", "Kế toán")
    assert job_seeker.user == user
    assert job_seeker.ward == hoan_kiem


def test_job_seeker_creation_writes_audit_event(staff):
    job_seeker = job_seeker_create(actor=staff, full_name="Lê Văn Nam")

    assert _events("job_seeker.create", job_seeker).get().actor == staff


def test_walk_in_without_account_or_identifiers_is_created():
    job_seeker = job_seeker_create(actor=None, full_name="Phạm Thị Lan")

    assert job_seeker.user is None
    assert job_seeker.citizen_id is None
    assert job_seeker.phone == ""
    assert _events("job_seeker.create", job_seeker).get().actor is None


@pytest.mark.parametrize(
    ("citizen_id", "sex", "date_of_birth", "message"),
    [
        (
            "001098012345",
            "female",
            date(1998, 1, 1),
            "The citizen ID does not agree with the sex and the century of birth (4th digit).",
        ),
        (
            "001098012345",
            "male",
            date(2003, 1, 1),
            "The citizen ID does not agree with the sex and the century of birth (4th digit).",
        ),
        (
            "001098012345",
            "male",
            date(1997, 1, 1),
            "The citizen ID does not agree with the year of birth (5th and 6th digits).",
        ),
        ("00109801234", "male", date(1998, 1, 1), "A citizen ID has exactly 12 digits."),
    ],
)
def test_citizen_id_disagreeing_with_sex_or_birth_year_is_a_field_error(citizen_id, sex, date_of_birth, message):
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        job_seeker_create(
            actor=None, full_name="Trần Văn An", citizen_id=citizen_id, sex=sex, date_of_birth=date_of_birth
        )

    assert excinfo.value.message_dict == {"citizen_id": [message]}
    assert not JobSeeker.objects.filter(citizen_id=citizen_id).exists()


def test_duplicate_citizen_id_is_refused(job_seeker):
    spaced = f"{job_seeker.citizen_id[:3]} {job_seeker.citizen_id[3:]}"

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        job_seeker_create(
            actor=None,
            full_name="Người Khác",
            citizen_id=spaced,
            sex=job_seeker.sex,
            date_of_birth=job_seeker.date_of_birth,
        )

    assert excinfo.value.message_dict == {"citizen_id": ["A job seeker with this citizen ID is already registered."]}
    assert JobSeeker.objects.filter(citizen_id=job_seeker.citizen_id).count() == 1


def test_province_is_refused_as_ward():
    ha_noi = AdministrativeUnit.objects.get(code="01")

    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        job_seeker_create(actor=None, full_name="Trần Văn An", ward=ha_noi)

    assert excinfo.value.message_dict == {"ward": ["Choose a ward or commune, not a province."]}
    assert not JobSeeker.objects.exists()


def test_all_field_errors_are_reported_together():
    with translation.override("en"), pytest.raises(ValidationError) as excinfo:
        job_seeker_create(actor=None, full_name="   ", phone="0241234567", citizen_id="12345")

    assert excinfo.value.message_dict == {
        "full_name": ["Enter the full name."],
        "phone": ["Enter a Vietnamese mobile number, e.g. 0912345678 or +84912345678."],
        "citizen_id": ["A citizen ID has exactly 12 digits."],
    }
    assert not JobSeeker.objects.exists()


# --- consent and cohorts ----------------------------------------------------------------------------------------


def test_consent_is_recorded_with_text_version_and_recorder(job_seeker, staff, disabled):
    record = consent_give(job_seeker=job_seeker, purpose=ConsentPurpose.SMS, actor=staff)

    record.refresh_from_db()
    assert record.purpose == ConsentPurpose.SMS
    assert record.text_version == CONSENT_TEXT_VERSION
    assert record.given_at is not None
    assert record.withdrawn_at is None
    assert record.recorded_by == staff
    assert record.cohort is None


def test_sensitive_cohort_shared_with_employers_records_both_consents(job_seeker, disabled):
    membership = cohort_membership_declare(
        job_seeker=job_seeker,
        cohort=disabled,
        share_with_employers=True,
        actor=job_seeker.user,
        evidence_note=unicodedata.normalize("NFD", " Giấy xác nhận khuyết tật "),
    )

    membership.refresh_from_db()
    assert membership.share_with_employers is True
    assert membership.evidence_note == unicodedata.normalize("NFC", "Giấy xác nhận khuyết tật")
    sensitive = _consents(job_seeker, disabled, ConsentPurpose.SENSITIVE_COHORT).get()
    share = _consents(job_seeker, disabled, ConsentPurpose.SHARE_COHORT).get()
    for record in (sensitive, share):
        assert record.withdrawn_at is None
        assert record.recorded_by == job_seeker.user
        assert record.text_version == CONSENT_TEXT_VERSION
    assert _events("cohort.declare", membership).get().data == {"share": True}


def test_sensitive_cohort_not_shared_records_no_share_consent(job_seeker, disabled):
    membership = cohort_membership_declare(
        job_seeker=job_seeker, cohort=disabled, share_with_employers=False, actor=job_seeker.user
    )

    assert membership.share_with_employers is False
    assert _consents(job_seeker, disabled, ConsentPurpose.SENSITIVE_COHORT).count() == 1
    assert not _consents(job_seeker, disabled, ConsentPurpose.SHARE_COHORT).exists()


def test_non_sensitive_cohort_needs_no_processing_consent(job_seeker, graduate):
    cohort_membership_declare(job_seeker=job_seeker, cohort=graduate, share_with_employers=True, actor=None)

    assert not _consents(job_seeker, graduate, ConsentPurpose.SENSITIVE_COHORT).exists()
    assert _consents(job_seeker, graduate, ConsentPurpose.SHARE_COHORT).count() == 1


def test_non_sensitive_cohort_not_shared_records_no_consent_at_all(job_seeker, graduate):
    cohort_membership_declare(job_seeker=job_seeker, cohort=graduate, share_with_employers=False, actor=None)

    assert CohortMembership.objects.filter(job_seeker=job_seeker, cohort=graduate).exists()
    assert not ConsentRecord.objects.filter(job_seeker=job_seeker).exists()


def test_declaring_the_same_cohort_again_updates_the_membership(job_seeker, graduate):
    first = cohort_membership_declare(job_seeker=job_seeker, cohort=graduate, share_with_employers=False, actor=None)
    second = cohort_membership_declare(job_seeker=job_seeker, cohort=graduate, share_with_employers=True, actor=None)

    assert second.pk == first.pk
    assert CohortMembership.objects.get(pk=first.pk).share_with_employers is True


def test_declaring_again_without_sharing_withdraws_the_share_consent(job_seeker, disabled):
    cohort_membership_declare(job_seeker=job_seeker, cohort=disabled, share_with_employers=True, actor=None)

    membership = cohort_membership_declare(
        job_seeker=job_seeker, cohort=disabled, share_with_employers=False, actor=None
    )

    membership.refresh_from_db()
    assert membership.share_with_employers is False
    share = _consents(job_seeker, disabled, ConsentPurpose.SHARE_COHORT).get()
    assert share.withdrawn_at is not None


def test_withdrawing_share_turns_flag_off_and_dates_the_consent(job_seeker, disabled, graduate):
    membership = cohort_membership_declare(
        job_seeker=job_seeker, cohort=disabled, share_with_employers=True, actor=None
    )
    cohort_membership_declare(job_seeker=job_seeker, cohort=graduate, share_with_employers=True, actor=None)

    cohort_share_withdraw(membership=membership, actor=job_seeker.user)

    membership.refresh_from_db()
    assert membership.share_with_employers is False
    assert _consents(job_seeker, disabled, ConsentPurpose.SHARE_COHORT).get().withdrawn_at is not None
    # The consent to process the sensitive cohort and the other cohort's share consent stay as they were.
    assert _consents(job_seeker, disabled, ConsentPurpose.SENSITIVE_COHORT).get().withdrawn_at is None
    assert _consents(job_seeker, graduate, ConsentPurpose.SHARE_COHORT).get().withdrawn_at is None
    assert CohortMembership.objects.get(job_seeker=job_seeker, cohort=graduate).share_with_employers is True
    assert _events("cohort.share_withdraw", membership).get().actor == job_seeker.user


def test_withdrawing_share_keeps_the_first_withdrawal_date(job_seeker, disabled):
    membership = cohort_membership_declare(
        job_seeker=job_seeker, cohort=disabled, share_with_employers=True, actor=None
    )
    cohort_share_withdraw(membership=membership, actor=None)
    first_withdrawal = _consents(job_seeker, disabled, ConsentPurpose.SHARE_COHORT).get().withdrawn_at

    cohort_share_withdraw(membership=membership, actor=None)

    assert _consents(job_seeker, disabled, ConsentPurpose.SHARE_COHORT).get().withdrawn_at == first_withdrawal


def test_staff_verifies_cohort_membership(job_seeker, disabled, staff):
    membership = cohort_membership_declare(
        job_seeker=job_seeker, cohort=disabled, share_with_employers=False, actor=None
    )

    cohort_membership_verify(membership=membership, actor=staff)

    membership.refresh_from_db()
    assert membership.verified_by == staff
    assert membership.verified_at is not None
    assert _events("cohort.verify", membership).get().actor == staff


# --- audit_log --------------------------------------------------------------------------------------------------


def test_audit_event_of_unsaved_actor_has_no_actor(verified_employer):
    event = audit_log(actor=User(username="ghost"), action="employer.viewed", obj=verified_employer, page=2)

    assert event.actor is None
    assert event.object_type == "accounts.employer"
    assert event.object_id == str(verified_employer.pk)
    assert event.data == {"page": 2}
    assert Employer.objects.filter(pk=verified_employer.pk).exists()
