"""Consequences carried through (issue 12 item 2): an employer rejected (or its verification revoked) loses its
booths at sessions not yet held, the booth waitlist moves up, its queued notices are cancelled and it is told why;
a verified employer that changes what identifies it goes back to review."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts import identity
from accounts.models import AuditEvent, Employer, OneTimeCode, Verification
from accounts.services import employer_update, employer_verify
from sessions import selectors, services
from sessions.models import Notification, Participation, Registration, SessionStatus
from sessions.notifications import outbox
from tests import factories
from tests.helpers import refreshed

pytestmark = pytest.mark.django_db

Status = Participation.Status
Kind = Notification.Kind
REASON = "Giấy chứng nhận đăng ký doanh nghiệp không khớp mã số thuế"


@pytest.fixture(autouse=True)
def _pinned(daytime):
    """Every test here at PINNED_NOW: the factory sessions start a week later."""


@pytest.fixture
def employer(db):
    return factories.EmployerFactory(verification="verified", name="Công ty TNHH Điện tử Ánh Dương")


def reject(employer, staff, note=REASON):
    return employer_verify(employer=employer, actor=staff, decision=Verification.REJECTED, note=note)


def past_session(starts_at, hours=4, **fields):
    return factories.JobSessionFactory(
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        registration_opens_at=starts_at - timedelta(days=10),
        registration_closes_at=starts_at,
        **fields,
    )


def test_rejecting_withdraws_its_booths_and_requests_at_sessions_not_yet_held(employer, staff):
    approved = factories.ParticipationFactory(employer=employer, status=Status.APPROVED)
    applied = factories.ParticipationFactory(employer=employer, status=Status.APPLIED, booth_label="")
    waitlisted = factories.ParticipationFactory(
        employer=employer, status=Status.WAITLISTED, booth_label="", waitlisted_at=timezone.now()
    )
    draft = factories.ParticipationFactory(employer=employer, session=factories.JobSessionFactory(status="draft"))

    reject(employer, staff)

    for booth in (approved, applied, waitlisted, draft):
        booth = refreshed(booth)
        assert (booth.status, booth.booth_label) == (Status.WITHDRAWN, "")
        assert REASON in booth.decision_note
        assert booth.decided_by == staff
    # one audit event per booth, through the booth service
    events = AuditEvent.objects.filter(action="participation.withdrawn")
    assert sorted(int(event.object_id) for event in events) == sorted(
        b.pk for b in (approved, applied, waitlisted, draft)
    )
    assert all(event.actor == staff for event in events)


def test_rejecting_leaves_booths_at_sessions_under_way_held_or_cancelled(employer, staff):
    now = timezone.now()
    under_way = factories.ParticipationFactory(
        employer=employer,
        session=past_session(now - timedelta(hours=1), hours=3),
    )
    held = factories.ParticipationFactory(
        employer=employer,
        session=past_session(now - timedelta(days=3), status=SessionStatus.COMPLETED),
    )
    cancelled = factories.ParticipationFactory(
        employer=employer, session=factories.JobSessionFactory(status=SessionStatus.CANCELLED)
    )

    reject(employer, staff)

    assert [refreshed(b).status for b in (under_way, held, cancelled)] == [Status.APPROVED] * 3


def test_a_freed_booth_goes_to_the_first_waitlisted_request_which_is_told(employer, staff):
    session = factories.JobSessionFactory(employer_capacity=1)
    booth = factories.ParticipationFactory(session=session, employer=employer, booth_label="01")
    first_waiting = factories.ParticipationFactory(
        session=session, status=Status.WAITLISTED, booth_label="", waitlisted_at=timezone.now() - timedelta(hours=2)
    )
    second_waiting = factories.ParticipationFactory(
        session=session, status=Status.WAITLISTED, booth_label="", waitlisted_at=timezone.now() - timedelta(hours=1)
    )

    reject(employer, staff)

    assert refreshed(booth).status == Status.WITHDRAWN
    promoted = refreshed(first_waiting)
    assert (promoted.status, promoted.booth_label) == (Status.APPROVED, "01")
    assert refreshed(second_waiting).status == Status.WAITLISTED
    assert AuditEvent.objects.filter(action="participation.promote", object_id=str(promoted.pk)).exists()
    told = Notification.objects.get(participation=promoted, kind=Kind.BOOTH_DECISION, channel="email")
    assert told.status == Notification.Status.PENDING
    assert "đã được duyệt" in told.body_text and "Gian số: 01" in told.body_text


def test_a_freed_booth_never_exceeds_the_booths_of_the_session(employer, staff):
    session = factories.JobSessionFactory(employer_capacity=2)
    factories.ParticipationFactory(session=session, employer=employer, status=Status.APPLIED, booth_label="")
    factories.ParticipationFactory(session=session, booth_label="01")
    factories.ParticipationFactory(session=session, booth_label="02")
    waiting = factories.ParticipationFactory(
        session=session, status=Status.WAITLISTED, booth_label="", waitlisted_at=timezone.now()
    )

    reject(employer, staff)  # it held no booth: nothing frees up

    assert refreshed(waiting).status == Status.WAITLISTED
    assert Participation.objects.filter(session=session, status=Status.APPROVED).count() == 2


def test_rejecting_cancels_the_notices_still_queued_for_the_employer(employer, staff):
    booth = factories.ParticipationFactory(employer=employer)
    outbox.notify_booth_decision(booth)  # the decision (due now) and the day-before reminder (later)
    user = factories.EmployerUserFactory(employer=employer, phone="+84912000111")
    identity.phone_code_send(user=user, purpose=OneTimeCode.Purpose.VERIFY_PHONE)
    queued = set(Notification.objects.filter(employer=employer).values_list("kind", flat=True))
    assert {Kind.BOOTH_DECISION, Kind.EMPLOYER_DAY_BEFORE, Kind.ONE_TIME_CODE} <= queued

    reject(employer, staff)

    rows = Notification.objects.filter(employer=employer)
    for kind in (Kind.BOOTH_DECISION, Kind.EMPLOYER_DAY_BEFORE):
        assert set(rows.filter(kind=kind).values_list("status", flat=True)) == {Notification.Status.CANCELLED}
    # signing in still works: the code the person asked for is not the employer's business with the centre
    assert rows.get(kind=Kind.ONE_TIME_CODE).status == Notification.Status.PENDING


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("vi", ["đã từ chối xác minh", f"Lý do: {REASON}", "các gian tuyển dụng sau đã được rút"]),
        ("en", ["has rejected the verification", f"Reason: {REASON}", "have therefore been withdrawn"]),
    ],
)
def test_the_employer_is_told_why_in_its_language(staff, language, expected):
    employer = factories.EmployerFactory(
        verification="verified", language=language, notify_by_sms=True, phone="+84243825555"
    )
    booth = factories.ParticipationFactory(employer=employer)

    reject(employer, staff)

    notice = Notification.objects.get(employer=employer, kind=Kind.EMPLOYER_VERIFICATION, channel="email")
    assert (notice.status, notice.language, notice.address) == (Notification.Status.PENDING, language, employer.email)
    for text in expected:
        assert text in notice.body_text, notice.body_text
    assert booth.session.code in notice.body_text
    sms = Notification.objects.get(employer=employer, kind=Kind.EMPLOYER_VERIFICATION, channel="sms")
    assert sms.body_text.isascii() and "1 " in sms.body_text


def test_a_new_employer_rejected_is_told_why_too(staff):
    employer = factories.EmployerFactory(verification="pending")

    reject(employer, staff, note="Không tra cứu được mã số thuế")

    notice = Notification.objects.get(employer=employer, kind=Kind.EMPLOYER_VERIFICATION, channel="email")
    assert "Lý do: Không tra cứu được mã số thuế" in notice.body_text
    assert "gian tuyển dụng sau" not in notice.body_text  # it had no booth


def test_its_vacancies_leave_the_public_lists_and_the_session(employer, staff):
    vacancy = factories.VacancyFactory(employer=employer)
    booth = factories.ParticipationFactory(employer=employer, vacancies=[vacancy])
    assert vacancy in selectors.vacancy_list() and vacancy in selectors.session_vacancies(booth.session, public=True)

    reject(employer, staff)

    assert vacancy not in selectors.vacancy_list()
    assert vacancy not in selectors.session_vacancies(booth.session, public=True)
    assert not selectors.session_booths(booth.session, public=True).exists()
    assert vacancy in selectors.vacancy_list(employer_id=employer.pk)  # the employer still sees its own


def test_people_registered_for_its_vacancies_keep_their_seat(employer, staff):
    vacancy = factories.VacancyFactory(employer=employer)
    other = factories.VacancyFactory()
    booth = factories.ParticipationFactory(employer=employer, vacancies=[vacancy])
    factories.ParticipationFactory(session=booth.session, employer=other.employer, vacancies=[other])
    registration = services.registration_create(
        session=booth.session, job_seeker=factories.JobSeekerFactory(), actor=None, vacancies=[vacancy, other]
    )[0]

    reject(employer, staff)

    registration = refreshed(registration)
    assert registration.status == Registration.Status.CONFIRMED
    assert selectors.vacancies_no_longer_offered(registration) == {vacancy.pk}


def test_the_whole_rejection_is_one_transaction(employer, staff, monkeypatch):
    booth = factories.ParticipationFactory(employer=employer)

    def broken(*args, **kwargs):
        raise RuntimeError("outbox down")

    monkeypatch.setattr(outbox, "notify_employer_rejected", broken)
    with pytest.raises(RuntimeError):
        reject(employer, staff)

    assert refreshed(employer).verification == Verification.VERIFIED
    assert refreshed(booth).status == Status.APPROVED


def test_a_rejected_employer_is_not_asked_for_hiring_outcomes(employer, staff):
    session = past_session(timezone.now() - timedelta(days=5), status=SessionStatus.COMPLETED)
    verified = factories.EmployerFactory(verification="verified")
    for who in (employer, verified):
        booth = factories.ParticipationFactory(session=session, employer=who)
        factories.InterviewFactory(
            registration=factories.RegistrationFactory(session=session, status=Registration.Status.ATTENDED),
            vacancy=booth.vacancies.get(),
        )

    reject(employer, staff)
    outbox.schedule_outcome_requests()

    asked = Notification.objects.filter(kind=Kind.OUTCOME_REPORT_REQUEST)
    assert set(asked.values_list("employer_id", flat=True)) == {verified.pk}


# --- back to review -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [("name", "Công ty Cổ phần Điện tử Ánh Dương Mới"), ("ownership", "fdi"), ("address", "12 Phố Huế")],
)
def test_a_verified_employer_changing_what_identifies_it_goes_back_to_review(employer, field, value):
    user = factories.EmployerUserFactory(employer=employer)
    booth = factories.ParticipationFactory(employer=employer)

    employer_update(employer=employer, actor=user, **{field: value})

    employer = refreshed(employer)
    assert employer.verification == Verification.PENDING
    assert "Back for review" in employer.verification_note or "xem xét lại" in employer.verification_note.lower()
    assert AuditEvent.objects.get(action="employer.back_to_review", object_id=str(employer.pk)).data["fields"] == [
        field
    ]
    assert refreshed(booth).status == Status.APPROVED  # its booths stay until staff decide
    assert not Notification.objects.filter(employer=employer, kind=Kind.EMPLOYER_VERIFICATION).exists()


def test_the_review_note_says_what_changed(employer, settings):
    settings.LANGUAGE_CODE = "en"
    employer_update(employer=employer, actor=factories.EmployerUserFactory(employer=employer), name="Ánh Dương JSC")

    note = refreshed(employer).verification_note
    assert "Công ty TNHH Điện tử Ánh Dương" in note and "Ánh Dương JSC" in note


def test_a_change_of_ward_is_a_change_of_address(employer):
    new_ward = factories.ward("00004", "Phường Ba Đình")

    employer_update(employer=employer, actor=factories.EmployerUserFactory(employer=employer), ward=new_ward)

    employer = refreshed(employer)
    assert employer.verification == Verification.PENDING
    assert "Phường Ba Đình" in employer.verification_note


@pytest.mark.parametrize(
    ("field", "value"), [("phone", "0912 345 678"), ("website", "https://anhduong.vn"), ("main_products", "Tụ điện")]
)
def test_other_changes_keep_the_verification(employer, field, value):
    employer_update(employer=employer, actor=factories.EmployerUserFactory(employer=employer), **{field: value})

    assert refreshed(employer).verification == Verification.VERIFIED


def test_a_rejected_employer_correcting_its_profile_is_looked_at_again(employer, staff):
    Employer.objects.filter(pk=employer.pk).update(verification=Verification.REJECTED, verification_note="Sai địa chỉ")
    employer = refreshed(employer)

    employer_update(employer=employer, actor=factories.EmployerUserFactory(employer=employer), address="12 Phố Huế")

    employer = refreshed(employer)
    assert employer.verification == Verification.PENDING  # in the staff's queue again
    assert "12 Phố Huế" in employer.verification_note
    assert AuditEvent.objects.get(action="employer.back_to_review", object_id=str(employer.pk)).data["fields"] == [
        "address"
    ]
    employer_update(employer=employer, actor=staff, phone="0912 345 679")  # staff are the reviewers
    assert refreshed(employer).verification == Verification.PENDING


def test_staff_correcting_the_name_keep_the_verification(employer, staff):
    employer_update(employer=employer, actor=staff, name="Công ty TNHH Điện tử Ánh Dương Việt Nam")

    assert refreshed(employer).verification == Verification.VERIFIED


def test_a_pending_employer_changing_its_name_stays_pending_without_a_note(staff):
    pending = factories.EmployerFactory(verification="pending")

    employer_update(employer=pending, actor=None, name="Tên mới một")

    assert (refreshed(pending).verification, refreshed(pending).verification_note) == ("pending", "")


def test_staff_rejecting_after_the_review_withdraws_the_booths_that_stayed(employer, staff):
    booth = factories.ParticipationFactory(employer=employer)
    employer_update(employer=employer, actor=None, name="Công ty Ma")
    assert refreshed(booth).status == Status.APPROVED

    reject(refreshed(employer), staff)

    assert refreshed(booth).status == Status.WITHDRAWN
