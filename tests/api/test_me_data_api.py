"""A job seeker's own data: the export of everything held about them, and erasure on request."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import AuditEvent, CohortMembership, ConsentPurpose, ConsentRecord, JobSeeker
from sessions.models import (
    HiringOutcome,
    Interview,
    Notification,
    Referral,
    Registration,
    RegistrationAlert,
    SessionStatus,
)
from sessions.services.referrals import referral_create
from tests import factories
from tests.api.conftest import client_for, count_queries

pytestmark = pytest.mark.django_db

RegStatus = Registration.Status
EXPORT_SECTIONS = {
    "exported_at",
    "account",
    "profile",
    "cohort_memberships",
    "consents",
    "registrations",
    "notifications",
    "referrals",
    "registration_alerts",
    "survey_answers",
    "seen_by",
}


def notice(job_seeker, *, status=Notification.Status.SENT, key, **fields):
    return Notification.objects.create(
        job_seeker=job_seeker,
        channel="email",
        address=job_seeker.email or "x@example.vn",
        kind=Notification.Kind.REMINDER_DAY_BEFORE,
        subject="Nhắc lịch phiên giao dịch việc làm",
        body_text=f"Chào {job_seeker.full_name}",
        dedup_key=key,
        send_after=timezone.now() + timedelta(days=1),
        status=status,
        **fields,
    )


@pytest.fixture
def history(seeker_a, seeker_b, fair, booth_a, vacancy_a):
    """Seeker A's record: cohorts, consents, a past session with an interview and an outcome, a coming one."""
    CohortMembership.objects.create(job_seeker=seeker_a, cohort=factories.cohort(), share_with_employers=False)
    ConsentRecord.objects.create(
        job_seeker=seeker_a, purpose=ConsentPurpose.TERMS, text_version="2026-01", given_at=timezone.now()
    )
    past = factories.JobSessionFactory(
        status=SessionStatus.COMPLETED,
        starts_at=timezone.now() - timedelta(days=30),
        registration_opens_at=timezone.now() - timedelta(days=40),
    )
    attended = factories.RegistrationFactory(session=past, job_seeker=seeker_a, status=RegStatus.ATTENDED)
    interview = Interview.objects.create(registration=attended, vacancy=vacancy_a, result="passed", notes="Tốt")
    HiringOutcome.objects.create(
        interview=interview, status="started", start_date=date(2026, 1, 5), reported_at=timezone.now()
    )
    coming = factories.RegistrationFactory(session=fair, job_seeker=seeker_a, status=RegStatus.CONFIRMED)
    coming.vacancies.set([vacancy_a])
    notice(seeker_a, key="a-sent", session=fair)
    notice(seeker_b, key="b-sent")
    referral = referral_create(
        job_seeker=seeker_a,
        kind=Referral.Kind.TRAINING,
        training_provider="Trường Cao đẳng nghề Công nghiệp Hà Nội",
        course="Hàn điện",
        interview=interview,
        note="Muốn học nghề hàn",
        actor=None,
    )
    alert = RegistrationAlert.objects.create(job_seeker=seeker_a, session=factories.JobSessionFactory())
    return {"attended": attended, "coming": coming, "interview": interview, "referral": referral, "alert": alert}


# --- export -----------------------------------------------------------------------------------------------------


def test_a_job_seeker_downloads_all_their_data(seeker_a_client, seeker_a, history, vacancy_a):
    response = seeker_a_client.get("/api/v1/me/data-export/")

    assert response.status_code == 200, response.content
    assert response["Content-Disposition"].startswith('attachment; filename="my-data-')
    data = response.json()
    assert set(data) == EXPORT_SECTIONS
    assert data["account"]["username"] == seeker_a.user.username
    assert (data["profile"]["citizen_id"], data["profile"]["date_of_birth"]) == (seeker_a.citizen_id, "1998-05-17")
    assert [(m["cohort"], m["sensitive"]) for m in data["cohort_memberships"]] == [("disabled", True)]
    assert [c["purpose"] for c in data["consents"]] == ["terms"]
    registrations = {r["id"]: r for r in data["registrations"]}
    assert set(registrations) == {history["attended"].pk, history["coming"].pk}
    past = registrations[history["attended"].pk]
    assert past["session"]["code"] == history["attended"].session.code
    assert past["interviews"][0]["vacancy"] == {
        "id": vacancy_a.pk,
        "title": vacancy_a.title,
        "employer": vacancy_a.employer_id,
        "employer_name": vacancy_a.employer.name,
    }
    assert past["interviews"][0]["outcome"]["status"] == "started"
    assert [v["id"] for v in registrations[history["coming"].pk]["vacancies"]] == [vacancy_a.pk]
    assert [n["body_text"] for n in data["notifications"]] == [f"Chào {seeker_a.full_name}"]
    [referral] = data["referrals"]
    assert (referral["kind"], referral["status"], referral["course"], referral["note"]) == (
        "training",
        "referred",
        "Hàn điện",
        "Muốn học nghề hàn",
    )
    assert [a["session"] for a in data["registration_alerts"]] == [history["alert"].session.code]


def test_the_export_holds_nothing_of_anyone_else(seeker_b_client, seeker_b, history):
    data = seeker_b_client.get("/api/v1/me/data-export/").json()

    assert data["profile"]["id"] == seeker_b.pk
    assert data["registrations"] == [] and data["cohort_memberships"] == []
    assert data["referrals"] == [] and data["registration_alerts"] == []
    assert [n["id"] for n in data["notifications"]] == [Notification.objects.get(dedup_key="b-sent").pk]


def test_only_job_seekers_export(anon_client, staff_client, employer_a_client):
    assert anon_client.get("/api/v1/me/data-export/").status_code == 401
    assert staff_client.get("/api/v1/me/data-export/").status_code == 403
    assert employer_a_client.get("/api/v1/me/data-export/").status_code == 403


def test_export_queries_do_not_grow_with_the_history(seeker_a, vacancy_a, booth_a):
    def add_history(index):
        registration = factories.RegistrationFactory(job_seeker=seeker_a, status=RegStatus.ATTENDED)
        registration.vacancies.set([vacancy_a])
        interview = Interview.objects.create(registration=registration, vacancy=vacancy_a)
        HiringOutcome.objects.create(interview=interview, status="offered", reported_at=timezone.now())
        notice(seeker_a, key=f"h{index}")

    add_history(0)
    one, _response = count_queries(seeker_a.user, "/api/v1/me/data-export/")
    for index in range(1, 50):
        add_history(index)

    fifty, response = count_queries(seeker_a.user, "/api/v1/me/data-export/")

    assert len(response.json()["registrations"]) == 50
    assert fifty == one


# --- erasure ----------------------------------------------------------------------------------------------------


@pytest.fixture
def full_session(seeker_a, seeker_b):
    """One seat: seeker A holds it, seeker B waits."""
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    holding = factories.RegistrationFactory(session=session, job_seeker=seeker_a, status=RegStatus.CONFIRMED)
    waiting = factories.RegistrationFactory(session=session, job_seeker=seeker_b, status=RegStatus.WAITLISTED)
    return holding, waiting


def test_erasure_cancels_promotes_the_waitlist_and_anonymises(
    seeker_a_client, seeker_a, seeker_b, history, full_session
):
    holding, waiting = full_session
    reminder = notice(seeker_a, status=Notification.Status.PENDING, key="a-pending")

    response = seeker_a_client.post("/api/v1/me/erasure-request/")

    assert response.status_code == 202, response.content
    body = response.json()
    assert body["registrations_cancelled"] == 2  # the coming fair and the full session; the attended one stays
    assert body["notifications_cancelled"] >= 1 and body["anonymised_at"]
    holding.refresh_from_db()
    waiting.refresh_from_db()
    assert holding.status == RegStatus.CANCELLED
    assert waiting.status == RegStatus.CONFIRMED  # the freed seat went to the waitlist
    assert Registration.objects.get(pk=history["attended"].pk).status == RegStatus.ATTENDED
    reminder.refresh_from_db()
    assert reminder.status == Notification.Status.CANCELLED
    assert not Notification.objects.filter(job_seeker=seeker_a, status=Notification.Status.PENDING).exists()
    assert not Notification.objects.filter(job_seeker=seeker_a).exclude(address="").exists()
    assert Notification.objects.filter(
        job_seeker=seeker_b, kind=Notification.Kind.REGISTRATION_PROMOTED, status=Notification.Status.PENDING
    ).exists()  # the other person still hears of their seat
    person = JobSeeker.objects.get(pk=seeker_a.pk)
    assert person.anonymised_at is not None
    assert (person.citizen_id, person.phone, person.email) == (None, "", "")
    assert person.date_of_birth == date(1998, 1, 1)  # the year stays for the statistics
    assert not person.user.is_active
    assert AuditEvent.objects.filter(action="job_seeker.erase", object_id=str(seeker_a.pk)).exists()
    assert HiringOutcome.objects.filter(interview=history["interview"]).exists()


def test_erasure_keeps_referrals_for_the_counts_without_the_note(seeker_a_client, seeker_a, history):
    assert seeker_a_client.post("/api/v1/me/erasure-request/").status_code == 202

    referral = Referral.objects.get(pk=history["referral"].pk)
    assert (referral.kind, referral.status, referral.note) == ("training", "referred", "")


def test_after_erasure_the_account_no_longer_signs_in(seeker_a, full_session):
    client = APIClient()
    tokens = client.post(
        "/api/v1/auth/token/", {"username": seeker_a.user.username, "password": "Mat-khau-2026"}, format="json"
    ).json()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")
    assert client.post("/api/v1/me/erasure-request/").status_code == 202

    assert client.get("/api/v1/me/data-export/").status_code == 401
    relogin = APIClient().post(
        "/api/v1/auth/token/", {"username": seeker_a.user.username, "password": "Mat-khau-2026"}, format="json"
    )
    assert relogin.status_code == 401


def test_only_job_seekers_ask_for_erasure(anon_client, staff_client, employer_a_client, seeker_a):
    assert anon_client.post("/api/v1/me/erasure-request/").status_code == 401
    assert staff_client.post("/api/v1/me/erasure-request/").status_code == 403
    assert employer_a_client.post("/api/v1/me/erasure-request/").status_code == 403
    seeker_a.refresh_from_db()
    assert seeker_a.anonymised_at is None


def test_erasure_leaves_registrations_at_closed_sessions_alone(seeker_a):
    cancelled = factories.JobSessionFactory(status=SessionStatus.CANCELLED)
    kept = factories.RegistrationFactory(session=cancelled, job_seeker=seeker_a, status=RegStatus.CONFIRMED)

    response = client_for(seeker_a.user).post("/api/v1/me/erasure-request/")

    assert response.status_code == 202
    assert response.json()["registrations_cancelled"] == 0
    kept.refresh_from_db()
    assert kept.status == RegStatus.CONFIRMED
