"""Candidates of a session (DESIGN §4 "Sensitive data"): an employer with an approved booth sees only the people
interested in or interviewed for its vacancies, redacted; staff see everyone, everything."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import CohortMembership, age_band
from sessions.models import HiringOutcome, Interview, Participation, Registration, SessionStatus
from tests import factories
from tests.api.conftest import client_for, count_queries

pytestmark = pytest.mark.django_db

RegStatus = Registration.Status

EMPLOYER_FIELDS = {
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
STAFF_ONLY_FIELDS = {
    "citizen_id",
    "date_of_birth",
    "address",
    "ward",
    "accessibility_needs",
    "needs_wheelchair_access",
    "needs_sign_language",
    "needs_visual_assistance",
    "source",
    "checked_in_at",
    "cohort_memberships",
}


def url(session):
    return f"/api/v1/sessions/{session.pk}/candidates/"


def register(session, job_seeker=None, vacancies=(), status=RegStatus.CONFIRMED):
    registration = factories.RegistrationFactory(
        session=session, job_seeker=job_seeker or factories.JobSeekerFactory(), status=status
    )
    registration.vacancies.set(vacancies)
    return registration


def member(job_seeker, code, *, sensitive, share):
    return CohortMembership.objects.create(
        job_seeker=job_seeker, cohort=factories.cohort(code, sensitive=sensitive), share_with_employers=share
    )


@pytest.fixture
def people(fair, booth_a, booth_b, vacancy_a, vacancy_b, seeker_a):
    """Who registered for the fair, and for what."""
    seeker_a.address = "Số 12 ngõ 34 phố Huế"
    seeker_a.accessibility_needs = "Cần lối đi cho xe lăn"
    seeker_a.skills = "Excel, MISA"
    seeker_a.save()
    member(seeker_a, "disabled", sensitive=True, share=False)
    member(seeker_a, "discharged_soldier", sensitive=False, share=True)
    member(seeker_a, "student_graduate", sensitive=False, share=False)
    interested_in_both = register(fair, seeker_a, [vacancy_a, vacancy_b])
    only_b = register(fair, vacancies=[vacancy_b])
    interviewed_by_a = register(fair, status=RegStatus.ATTENDED)
    Interview.objects.create(registration=interviewed_by_a, vacancy=vacancy_a, result=Interview.Result.PASSED)
    interview_b = Interview.objects.create(registration=interviewed_by_a, vacancy=vacancy_b, notes="Hẹn vòng 2")
    cancelled = register(fair, vacancies=[vacancy_a], status=RegStatus.CANCELLED)
    waitlisted = register(fair, vacancies=[vacancy_a], status=RegStatus.WAITLISTED)
    uninterested = register(fair)
    return {
        "both": interested_in_both,
        "only_b": only_b,
        "interviewed_by_a": interviewed_by_a,
        "interview_b": interview_b,
        "cancelled": cancelled,
        "waitlisted": waitlisted,
        "uninterested": uninterested,
    }


def rows(response):
    assert response.status_code == 200, response.content
    return {row["registration"]: row for row in response.json()["results"]}


def test_an_employer_sees_only_people_interested_in_or_interviewed_for_its_vacancies(employer_a_client, fair, people):
    found = rows(employer_a_client.get(url(fair)))

    assert set(found) == {people["both"].pk, people["interviewed_by_a"].pk, people["waitlisted"].pk}


def test_the_employer_payload_has_exactly_the_agreed_fields(employer_a_client, fair, people, seeker_a):
    response = employer_a_client.get(url(fair))
    found = rows(response)

    for row in found.values():
        assert set(row) == EMPLOYER_FIELDS
    text = json.dumps(response.json(), ensure_ascii=False)
    assert seeker_a.citizen_id not in text
    assert seeker_a.date_of_birth.isoformat() not in text
    assert "phố Huế" not in text and "xe lăn" not in text
    row = found[people["both"].pk]
    assert row["full_name"] == seeker_a.full_name and row["job_seeker"] == seeker_a.pk
    assert (row["phone"], row["email"], row["skills"]) == (seeker_a.phone, "an.tran@example.vn", "Excel, MISA")


def test_an_employer_sees_only_its_own_vacancies_and_interviews(employer_a_client, fair, people, vacancy_a):
    found = rows(employer_a_client.get(url(fair)))

    assert found[people["both"].pk]["vacancies"] == [vacancy_a.pk]
    interviews = found[people["interviewed_by_a"].pk]["interviews"]
    assert [(i["vacancy"], i["result"]) for i in interviews] == [(vacancy_a.pk, "passed")]
    assert "Hẹn vòng 2" not in json.dumps(found, ensure_ascii=False)


def test_a_sensitive_cohort_is_hidden_without_consent_and_shown_with_it(employer_a_client, fair, people, seeker_a):
    hidden = rows(employer_a_client.get(url(fair)))[people["both"].pk]
    assert hidden["cohorts"] == ["discharged_soldier"]  # shared; neither "disabled" nor unshared "student_graduate"

    CohortMembership.objects.filter(job_seeker=seeker_a, cohort_id="disabled").update(share_with_employers=True)
    shown = rows(employer_a_client.get(url(fair)))[people["both"].pk]

    assert sorted(shown["cohorts"]) == ["disabled", "discharged_soldier"]


def test_age_band_instead_of_date_of_birth(employer_a_client, fair, people, seeker_a):
    session_day = timezone.localtime(fair.starts_at).date()
    seeker_a.date_of_birth = session_day - timedelta(days=365 * 35 - 20)  # 34 years and about 11 months
    seeker_a.save(update_fields=["date_of_birth"])

    assert rows(employer_a_client.get(url(fair)))[people["both"].pk]["age_band"] == "25-34"


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (None, None),
        (date(2012, 1, 1), "<15"),
        (date(2011, 1, 1), "15-24"),
        (date(2001, 1, 2), "15-24"),
        (date(2001, 1, 1), "25-34"),
        (date(1981, 1, 1), "45-54"),
        (date(1971, 1, 1), "55+"),
    ],
)
def test_age_bands(born, band):
    assert age_band(born, date(2026, 1, 1)) == band


def test_the_candidates_of_another_employer_stay_hidden(employer_b_client, fair, people):
    found = rows(employer_b_client.get(url(fair)))

    assert set(found) == {people["both"].pk, people["only_b"].pk, people["interviewed_by_a"].pk}
    assert found[people["interviewed_by_a"].pk]["interviews"][0]["notes"] == "Hẹn vòng 2"


def test_an_employer_cannot_widen_its_view_with_the_employer_filter(employer_b_client, employer_a, fair, people):
    found = rows(employer_b_client.get(url(fair), {"employer": employer_a.pk}))

    assert set(found) == {people["both"].pk, people["only_b"].pk, people["interviewed_by_a"].pk}


@pytest.mark.parametrize("booth_status", [None, "applied", "waitlisted", "rejected", "withdrawn"])
def test_an_employer_without_an_approved_booth_is_refused(fair, people, booth_status):
    employer = factories.EmployerFactory()
    if booth_status:
        factories.ParticipationFactory(session=fair, employer=employer, status=booth_status)
    client = client_for(factories.EmployerUserFactory(employer=employer))

    assert client.get(url(fair)).status_code == 403


def test_a_missing_or_draft_session_is_404(employer_a_client, staff_client, employer_a):
    draft = factories.JobSessionFactory(status=SessionStatus.DRAFT)
    factories.ParticipationFactory(session=draft, employer=employer_a)

    assert employer_a_client.get("/api/v1/sessions/999999/candidates/").status_code == 404
    assert employer_a_client.get(url(draft)).status_code == 404
    assert staff_client.get(url(draft)).status_code == 200


def test_job_seekers_and_the_public_are_refused(anon_client, seeker_a_client, fair, people):
    assert anon_client.get(url(fair)).status_code == 401
    assert seeker_a_client.get(url(fair)).status_code == 403


def test_staff_see_every_registrant_with_everything(staff_client, fair, people, seeker_a):
    found = rows(staff_client.get(url(fair)))

    assert set(found) == {
        people[key].pk for key in ("both", "only_b", "interviewed_by_a", "waitlisted", "uninterested")
    }
    row = found[people["both"].pk]
    assert set(row) == EMPLOYER_FIELDS | STAFF_ONLY_FIELDS
    assert (row["citizen_id"], row["date_of_birth"], row["address"]) == (
        seeker_a.citizen_id,
        seeker_a.date_of_birth.isoformat(),
        "Số 12 ngõ 34 phố Huế",
    )
    assert sorted(row["cohorts"]) == ["disabled", "discharged_soldier", "student_graduate"]
    disabled = next(m for m in row["cohort_memberships"] if m["cohort"] == "disabled")
    assert disabled == {"cohort": "disabled", "sensitive": True, "share_with_employers": False, "verified": False}
    assert len(found[people["interviewed_by_a"].pk]["interviews"]) == 2


def test_staff_filters(staff_client, fair, people, employer_a, vacancy_b):
    by_employer = rows(staff_client.get(url(fair), {"employer": employer_a.pk}))
    assert set(by_employer) == {people["both"].pk, people["interviewed_by_a"].pk, people["waitlisted"].pk}
    by_vacancy = rows(staff_client.get(url(fair), {"vacancy": vacancy_b.pk}))
    assert set(by_vacancy) == {people["both"].pk, people["only_b"].pk, people["interviewed_by_a"].pk}
    waitlisted = rows(staff_client.get(url(fair), {"status": "waitlisted"}))
    assert set(waitlisted) == {people["waitlisted"].pk}


def test_outcomes_show_in_the_candidates_interviews(employer_b_client, fair, people):
    HiringOutcome.objects.create(
        interview=people["interview_b"], status="started", start_date=date(2026, 3, 2), reported_at=timezone.now()
    )

    row = rows(employer_b_client.get(url(fair)))[people["interviewed_by_a"].pk]

    assert row["interviews"][0]["outcome"]["status"] == "started"
    assert row["interviews"][0]["outcome"]["start_date"] == "2026-03-02"


def add_candidate(session, vacancy, index):
    job_seeker = factories.JobSeekerFactory()
    member(job_seeker, "disabled", sensitive=True, share=index % 2 == 0)
    member(job_seeker, "discharged_soldier", sensitive=False, share=True)
    registration = register(session, job_seeker, [vacancy], status=RegStatus.ATTENDED)
    interview = Interview.objects.create(registration=registration, vacancy=vacancy, result="passed")
    HiringOutcome.objects.create(interview=interview, status="offered", reported_at=timezone.now())


@pytest.mark.parametrize("who", ["employer", "staff"])
def test_candidate_list_queries_do_not_grow_with_rows(fair, booth_a, vacancy_a, employer_a_user, staff_user, who):
    user = employer_a_user if who == "employer" else staff_user
    add_candidate(fair, vacancy_a, 0)
    one, response = count_queries(user, url(fair))
    assert response.json()["count"] == 1
    for index in range(1, 50):
        add_candidate(fair, vacancy_a, index)

    fifty, response = count_queries(user, url(fair), page_size=100)

    assert response.json()["count"] == 50
    assert fifty == one


def test_booth_status_is_read_fresh(employer_a_client, fair, people, booth_a):
    Participation.objects.filter(pk=booth_a.pk).update(status=Participation.Status.WITHDRAWN)

    assert employer_a_client.get(url(fair)).status_code == 403
