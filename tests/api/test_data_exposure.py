"""What an employer sees, field by field, in every payload it can get (DESIGN §4 "Sensitive data"), and the
read-only fields nobody sets through the API: sending them changes nothing.

The candidates payload is pinned by test_candidates_api.py; it is checked again here, nested parts included,
so that this file alone lists every employer-facing shape."""

import json

import pytest

from accounts.models import Employer, User
from sessions import services
from sessions.models import Interview, JobSession, Participation, Registration, Vacancy
from tests import factories
from tests.api.conftest import client_for
from tests.api.world import build_world
from tests.helpers import on_session_day, session_day

pytestmark = pytest.mark.django_db

OUTCOME = {"status", "start_date", "monthly_salary", "reported_at", "employed_at_30_days", "employed_at_90_days"}
PARTICIPATION = {
    "id",
    "session",
    "session_code",
    "employer",
    "employer_name",
    "status",
    "booth_label",
    "vacancies",
    "online_room_url",
    "recruiter_count",
    "needs",
    "attended",
    "decision_note",
    "decided_at",
    "created_at",
}
INTERVIEW = {"id", "registration", "session", "vacancy", "result", "notes", "outcome", "created_at", "updated_at"}
VACANCY = {
    "id",
    "employer",
    "employer_name",
    "title",
    "occupation",
    "quantity",
    "description",
    "min_education",
    "min_qualification",
    "major",
    "experience",
    "working_arrangement",
    "purpose",
    "contract_type",
    "ward",
    "salary_min",
    "salary_max",
    "salary_negotiable",
    "benefits",
    "priority_cohorts",
    "disability_accessible",
    "recruitment_methods",
    "deadline",
    "status",
    "created_at",
    "updated_at",
}
SESSION = {
    "id",
    "code",
    "title",
    "kind",
    "format",
    "status",
    "venue",
    "ward",
    "online_url",
    "starts_at",
    "ends_at",
    "registration_opens_at",
    "registration_closes_at",
    "employer_capacity",
    "job_seeker_capacity",
    "target_cohorts",
    "cohort_only",
    "linked_provinces",
    "theme",
    "description",
    "co_organisers",
    "cancel_reason",
    "seats_remaining",
    "registered_count",
    "waitlist_count",
    "employers_count",
    "vacancies_total",
}
EMPLOYER = {
    "id",
    "name",
    "tax_code",
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
    "verification",
    "verified_at",
    "language",
    "notify_by_email",
    "notify_by_sms",
    "created_at",
}
ME = {
    "id",
    "role",
    "username",
    "email",
    "email_verified",
    "phone",
    "phone_verified",
    "language",
    "employer",
    "job_seeker",
    "profile",  # null for an employer: a job seeker's own profile
}
NOTIFICATION = {
    "id",
    "kind",
    "channel",
    "address",
    "status",
    "subject",
    "session",
    "send_after",
    "sent_at",
    "attempts",
    "created_at",
}
CANDIDATE = {
    "registration",
    "job_seeker",
    "full_name",
    "sex",
    "age_band",
    "phone",
    "email",
    "general_education",
    "qualification",
    "major",
    "experience",
    "skills",
    "wanted_occupation",
    "wanted_salary",
    "working_arrangement",
    "status",
    "vacancies",
    "cohorts",
    "interviews",
}
CANDIDATE_INTERVIEW = {"id", "vacancy", "result", "notes", "outcome"}
VENUE = {
    "id",
    "name",
    "kind",
    "address",
    "ward",
    "booth_count",
    "seat_capacity",
    "accessible",
    "accessibility_notes",
    "is_active",
}

# Never in anything an employer receives: identifiers and special-category data of people, staff-only details,
# internal columns, and the check-in code (with it anyone could check the person in).
NEVER = {
    "citizen_id",
    "date_of_birth",
    "accessibility_needs",
    "needs_wheelchair_access",
    "needs_sign_language",
    "needs_visual_assistance",
    "cohort_memberships",
    "check_in_code",
    "short_code",
    "last_error",
    "verification_note",
    "verified_by",
    "recorded_by",
    "reported_by",
    "registered_by",
    "checked_in_by",
    "search_text",
    "password",
    "body_text",
    "dedup_key",
}


def keys_everywhere(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {key for item in value.values() for key in keys_everywhere(item)}
    if isinstance(value, list):
        return {key for item in value for key in keys_everywhere(item)}
    return set()


@pytest.fixture
def world():
    world = build_world()
    services.hiring_outcome_record(interview=world.interview_a, actor=None, status="offered", monthly_salary=9_000_000)
    employer_notice = world.notification_a
    employer_notice.pk = None
    employer_notice.job_seeker = None
    employer_notice.registration = None
    employer_notice.employer = world.employer_a
    employer_notice.dedup_key = "world:employer_a"
    employer_notice.save()
    world.objects["employer_notice"] = employer_notice
    return world


def payloads(w):
    """(label, method, path, body, the shape of one item) of every employer-facing answer; `many` rows are lists
    (paginated or not) whose every item must have the shape."""
    return [
        ("participations", "get", "/api/v1/participations/", None, PARTICIPATION),
        ("participation", "get", f"/api/v1/participations/{w.booth_a.pk}/", None, PARTICIPATION),
        (
            "booth request",
            "post",
            f"/api/v1/sessions/{w.session.pk}/participations/",
            {"vacancies": [w.vacancy_a.pk]},
            PARTICIPATION,
        ),
        ("interviews", "get", "/api/v1/interviews/", None, INTERVIEW),
        ("interview", "get", f"/api/v1/interviews/{w.interview_a.pk}/", None, INTERVIEW),
        ("interview patch", "patch", f"/api/v1/interviews/{w.interview_a.pk}/", {"notes": "Tốt"}, INTERVIEW),
        (
            "interview record",
            "post",
            "/api/v1/interviews/",
            {"registration": w.registration_a.pk, "vacancy": w.vacancy_a.pk},
            INTERVIEW,
        ),
        ("outcome", "put", f"/api/v1/interviews/{w.interview_a.pk}/outcome/", {"status": "declined"}, OUTCOME),
        ("vacancies", "get", "/api/v1/vacancies/", None, VACANCY),
        ("vacancy", "get", f"/api/v1/vacancies/{w.vacancy_a.pk}/", None, VACANCY),
        ("vacancy patch", "patch", f"/api/v1/vacancies/{w.vacancy_a.pk}/", {"quantity": 4}, VACANCY),
        (
            "vacancy post",
            "post",
            "/api/v1/vacancies/",
            {"title": "Nhân viên kho", "occupation": "4321", "ward": "00070"},
            VACANCY,
        ),
        ("sessions", "get", "/api/v1/sessions/", None, SESSION),
        ("session", "get", f"/api/v1/sessions/{w.session.pk}/", None, SESSION),
        ("employers", "get", "/api/v1/employers/", None, EMPLOYER),
        ("employer", "get", f"/api/v1/employers/{w.employer_a.pk}/", None, EMPLOYER),
        ("employer patch", "patch", f"/api/v1/employers/{w.employer_a.pk}/", {"contact_name": "Lê Tám"}, EMPLOYER),
        ("me", "get", "/api/v1/me/", None, ME),
        ("me patch", "patch", "/api/v1/me/", {"language": "en"}, ME),
        ("notifications", "get", "/api/v1/notifications/", None, NOTIFICATION),
        ("notification", "get", f"/api/v1/notifications/{w.employer_notice.pk}/", None, NOTIFICATION),
        ("candidates", "get", f"/api/v1/sessions/{w.session.pk}/candidates/", None, CANDIDATE),
        ("venues", "get", "/api/v1/venues/", None, VENUE),
        ("cohorts", "get", "/api/v1/cohorts/", None, {"code", "name", "name_vi", "name_en", "sensitive"}),
        (
            "administrative units",
            "get",
            "/api/v1/administrative-units/?province=01",
            None,
            {"code", "name", "level", "unit_type", "province"},
        ),
    ]


def items(body):
    if isinstance(body, list):
        return body
    if isinstance(body, dict) and set(body) == {"count", "next", "previous", "results"}:
        return body["results"]
    return [body]


def test_every_employer_facing_payload_has_exactly_the_agreed_fields(world):
    client = world.client("employer_a")
    seen_nested = {"outcome": 0, "candidate interviews": 0}
    for label, method, path, body, shape in payloads(world):
        response = getattr(client, method)(path, body, format="json") if body else client.get(path)
        assert response.status_code in (200, 201), (label, response.status_code, response.content)
        rows = items(response.json())
        assert rows, f"{label}: nothing to check"
        for row in rows:
            assert set(row) == shape, (label, set(row) ^ shape)
            if "outcome" in row and row["outcome"] is not None:
                assert set(row["outcome"]) == OUTCOME, label
                seen_nested["outcome"] += 1
            if label == "candidates":
                for interview in row["interviews"]:
                    assert set(interview) == CANDIDATE_INTERVIEW
                    seen_nested["candidate interviews"] += 1
        leaked = keys_everywhere(response.json()) & NEVER
        assert not leaked, (label, leaked)
    assert all(seen_nested.values()), seen_nested
    text = json.dumps(client.get(f"/api/v1/sessions/{world.session.pk}/candidates/").json(), ensure_ascii=False)
    assert world.seeker_a.citizen_id not in text and world.registration_a.check_in_code not in text


# --- read-only fields -----------------------------------------------------------------------------------------


def test_an_employer_cannot_verify_itself_or_change_its_tax_code():
    pending = factories.EmployerFactory(verification="pending")
    client = client_for(factories.EmployerUserFactory(employer=pending))
    before = Employer.objects.values().get(pk=pending.pk)

    response = client.patch(
        f"/api/v1/employers/{pending.pk}/",
        {
            "verification": "verified",
            "verified_at": "2026-01-01T08:00:00+07:00",
            "verification_note": "ok",
            "tax_code": "0100109106",
            "id": 999_999,
            "created_at": "2020-01-01T00:00:00Z",
            "search_text": "x",
        },
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["verification"] == "pending" and response.json()["id"] == pending.pk
    assert Employer.objects.values().get(pk=pending.pk) == before


def test_an_employer_posts_a_vacancy_only_for_itself_and_open(world):
    client = world.client("employer_a")

    response = client.post(
        "/api/v1/vacancies/",
        {
            "title": "Nhân viên kho",
            "occupation": "4321",
            "ward": "00070",
            "employer": world.employer_b.pk,
            "employer_name": "Công ty khác",
            "status": "closed",
            "id": 999_999,
            "created_at": "2020-01-01T00:00:00Z",
        },
        format="json",
    )

    assert response.status_code == 201, response.content
    vacancy = Vacancy.objects.get(pk=response.json()["id"])
    assert (vacancy.employer_id, vacancy.status) == (world.employer_a.pk, "open")
    assert vacancy.pk != 999_999 and vacancy.created_at.year >= 2026


def test_the_employer_of_a_vacancy_never_changes(world):
    client = world.client("employer_a")

    response = client.patch(
        f"/api/v1/vacancies/{world.vacancy_a.pk}/",
        {"employer": world.employer_b.pk, "employer_name": "X", "id": 1},
        format="json",
    )

    assert response.status_code == 200
    assert Vacancy.objects.get(pk=world.vacancy_a.pk).employer_id == world.employer_a.pk


def test_a_booth_request_cannot_approve_itself(world):
    world.booth_a.delete()
    client = world.client("employer_a")

    response = client.post(
        f"/api/v1/sessions/{world.session.pk}/participations/",
        {"vacancies": [world.vacancy_a.pk], "status": "approved", "booth_label": "VIP", "attended": True},
        format="json",
    )

    assert response.status_code == 201
    participation = Participation.objects.get(pk=response.json()["id"])
    assert (participation.status, participation.booth_label, participation.attended) == ("applied", "", False)


def test_an_interview_patch_cannot_move_it_to_another_person_or_vacancy(world):
    client = world.client("employer_a")
    other = factories.RegistrationFactory(session=world.session)

    response = client.patch(
        f"/api/v1/interviews/{world.interview_a.pk}/",
        {"registration": other.pk, "vacancy": world.vacancy_b.pk, "session": 1, "outcome": {"status": "started"}},
        format="json",
    )

    assert response.status_code == 200
    interview = Interview.objects.get(pk=world.interview_a.pk)
    assert (interview.registration_id, interview.vacancy_id) == (world.registration_a.pk, world.vacancy_a.pk)
    assert interview.outcome.status == "offered"  # as the fixture recorded it


def test_an_outcome_cannot_set_the_follow_up_checks(world):
    client = client_for(world.users["employer_a"])  # the world's tokens expire before the day moved to below

    # a day after the session, when the person started
    with on_session_day(world.interview_a.registration.session, minutes=24 * 60):
        response = client.put(
            f"/api/v1/interviews/{world.interview_a.pk}/outcome/",
            {
                "status": "started",
                "start_date": session_day(world.interview_a.registration.session, 1).isoformat(),
                "employed_at_30_days": True,
                "employed_at_90_days": True,
                "reported_at": "2020-01-01T00:00:00Z",
            },
            format="json",
        )

    assert response.status_code == 200, response.content  # corrects the outcome the fixture recorded
    outcome = Interview.objects.get(pk=world.interview_a.pk).outcome
    assert outcome.status == "started"
    assert (outcome.employed_at_30_days, outcome.employed_at_90_days) == (None, None)
    assert outcome.reported_at.year >= 2026


def test_a_registration_takes_no_status_code_or_source_from_the_body(world):
    client = world.client("seeker_b")

    response = client.post(
        f"/api/v1/sessions/{world.session.pk}/registrations/",
        {
            "status": "attended",
            "check_in_code": "MA-TU-CHON",
            "source": "staff",
            "waitlist_position": 1,
            "session": world.other_session.pk,
            "checked_in_at": "2026-01-01T00:00:00Z",
        },
        format="json",
    )

    assert response.status_code == 201
    registration = Registration.objects.get(pk=response.json()["id"])
    assert (registration.status, registration.source, registration.session_id) == (
        "confirmed",
        "online",
        world.session.pk,
    )
    assert registration.check_in_code != "MA-TU-CHON" and registration.checked_in_at is None


def test_a_user_cannot_change_role_or_company_through_me(world):
    client = world.client("employer_a")
    user = world.users["employer_a"]

    response = client.patch(
        "/api/v1/me/",
        {"role": "staff", "employer": world.employer_b.pk, "is_staff": True, "is_superuser": True, "username": "x"},
        format="json",
    )

    assert response.status_code == 200
    stored = User.objects.get(pk=user.pk)
    assert (stored.role, stored.employer_id, stored.is_staff, stored.is_superuser, stored.username) == (
        "employer",
        world.employer_a.pk,
        False,
        False,
        user.username,
    )


def test_session_status_code_and_counts_are_not_writable(world):
    client = world.client("staff")
    session = world.session
    before = JobSession.objects.values("status", "code", "cancel_reason").get(pk=session.pk)

    response = client.patch(
        f"/api/v1/sessions/{session.pk}/",
        {
            "status": "completed",
            "code": "PGD-GIA",
            "cancel_reason": "x",
            "registered_count": 99,
            "seats_remaining": 0,
            "employers_count": 50,
        },
        format="json",
    )

    assert response.status_code == 200
    assert JobSession.objects.values("status", "code", "cancel_reason").get(pk=session.pk) == before
    assert response.json()["registered_count"] == 1 and response.json()["employers_count"] == 1


def test_a_new_session_is_a_draft_with_a_generated_code(world):
    client = world.client("staff")
    body = {
        "title": "Phiên mới",
        "kind": "online",
        "format": "online",
        "online_url": "https://meet.example.vn/x",
        "starts_at": "2027-05-04T08:00:00+07:00",
        "ends_at": "2027-05-04T11:00:00+07:00",
        "status": "published",
        "code": "PGD-GIA",
        "id": 1,
    }

    response = client.post("/api/v1/sessions/", body, format="json")

    assert response.status_code == 201, response.content
    assert response.json()["status"] == "draft" and response.json()["code"].startswith("PGD-2027-")
