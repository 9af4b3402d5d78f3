"""Vacancies: who sees which, the search filters, and posting/changing by employers (own) and staff."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from sessions.models import Participation, Vacancy
from tests import factories
from tests.api.conftest import client_for, count_queries

pytestmark = pytest.mark.django_db

DESIGN_FIELDS = {
    "id",
    "employer",
    "title",
    "occupation",
    "quantity",
    "description",
    "min_qualification",
    "working_arrangement",
    "ward",
    "salary_min",
    "salary_max",
    "salary_negotiable",
    "priority_cohorts",
    "disability_accessible",
    "deadline",
    "status",
}
VACANCY_FIELDS = DESIGN_FIELDS | {
    "employer_name",
    "min_education",
    "major",
    "experience",
    "purpose",
    "contract_type",
    "benefits",
    "recruitment_methods",
    "created_at",
    "updated_at",
}


def new_vacancy(**overrides):
    return {
        "title": "Nhân viên kinh doanh",
        "occupation": "3322",
        "quantity": 4,
        "description": "Tư vấn, bán hàng cho khách doanh nghiệp",
        "min_education": "upper_secondary",
        "min_qualification": "college",
        "working_arrangement": "full_time",
        "ward": "00070",
        "salary_min": 8_000_000,
        "salary_max": 15_000_000,
        "priority_cohorts": ["discharged_soldier", "student_graduate"],
        "disability_accessible": True,
        "deadline": (timezone.localdate() + timedelta(days=60)).isoformat(),
        "benefits": ["social_insurance", "meals"],
        "recruitment_methods": ["in_person", "cv"],
        **overrides,
    }


def ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


# --- reading ----------------------------------------------------------------------------------------------------


def test_the_public_sees_open_vacancies_of_verified_employers(anon_client, employer_a):
    open_one = factories.VacancyFactory(employer=employer_a)
    factories.VacancyFactory(employer=employer_a, status=Vacancy.Status.CLOSED)
    factories.VacancyFactory(employer=factories.EmployerFactory(verification="pending"))

    response = anon_client.get("/api/v1/vacancies/")

    assert ids(response) == {open_one.pk}
    row = response.json()["results"][0]
    assert set(row) == VACANCY_FIELDS
    assert row["employer"] == employer_a.pk and row["ward"] == "00070" and row["status"] == "open"


def test_an_employer_also_sees_its_own_closed_and_unverified_vacancies(employer_a_client, employer_a, employer_b):
    own_closed = factories.VacancyFactory(employer=employer_a, status=Vacancy.Status.CLOSED)
    others_open = factories.VacancyFactory(employer=employer_b)
    others_closed = factories.VacancyFactory(employer=employer_b, status=Vacancy.Status.CLOSED)

    assert ids(employer_a_client.get("/api/v1/vacancies/")) == {own_closed.pk, others_open.pk}
    assert employer_a_client.get(f"/api/v1/vacancies/{own_closed.pk}/").status_code == 200
    assert employer_a_client.get(f"/api/v1/vacancies/{others_closed.pk}/").status_code == 404


def test_a_pending_employer_sees_its_own_vacancies(db):
    pending = factories.EmployerFactory(verification="pending")
    vacancy = factories.VacancyFactory(employer=pending)
    user = factories.EmployerUserFactory(employer=pending)

    assert ids(client_for(user).get("/api/v1/vacancies/")) == {vacancy.pk}
    assert ids(client_for(None).get("/api/v1/vacancies/")) == set()


def test_staff_see_every_vacancy(staff_client, employer_a):
    factories.VacancyFactory(employer=employer_a)
    factories.VacancyFactory(employer=employer_a, status=Vacancy.Status.CLOSED)
    factories.VacancyFactory(employer=factories.EmployerFactory(verification="rejected"))

    assert staff_client.get("/api/v1/vacancies/").json()["count"] == 3


def test_closed_vacancy_detail_is_404_for_the_public(anon_client, seeker_a_client, employer_a):
    closed = factories.VacancyFactory(employer=employer_a, status=Vacancy.Status.CLOSED)

    assert anon_client.get(f"/api/v1/vacancies/{closed.pk}/").status_code == 404
    assert seeker_a_client.get(f"/api/v1/vacancies/{closed.pk}/").status_code == 404


def test_search_ignores_accents(anon_client, employer_a):
    accountant = factories.VacancyFactory(employer=employer_a, title="Kế toán tổng hợp")
    factories.VacancyFactory(employer=employer_a, title="Thợ hàn điện")

    assert ids(anon_client.get("/api/v1/vacancies/", {"q": "ke toan"})) == {accountant.pk}
    assert ids(anon_client.get("/api/v1/vacancies/", {"q": "KẾ TOÁN tổng"})) == {accountant.pk}


def test_occupation_filter_matches_the_code_prefix(anon_client, employer_a):
    accountant = factories.VacancyFactory(employer=employer_a, occupation="2411")
    factories.VacancyFactory(employer=employer_a, occupation="7212")

    assert ids(anon_client.get("/api/v1/vacancies/", {"occupation": "24"})) == {accountant.pk}
    assert ids(anon_client.get("/api/v1/vacancies/", {"occupation": "2411"})) == {accountant.pk}
    assert ids(anon_client.get("/api/v1/vacancies/", {"occupation": "3"})) == set()


def test_education_filter_finds_vacancies_open_to_that_level(anon_client, employer_a):
    no_minimum = factories.VacancyFactory(employer=employer_a, min_education="")
    lower = factories.VacancyFactory(employer=employer_a, min_education="lower_secondary")
    upper = factories.VacancyFactory(employer=employer_a, min_education="upper_secondary")

    assert ids(anon_client.get("/api/v1/vacancies/", {"education": "lower_secondary"})) == {no_minimum.pk, lower.pk}
    assert ids(anon_client.get("/api/v1/vacancies/", {"education": "upper_secondary"})) == {
        no_minimum.pk,
        lower.pk,
        upper.pk,
    }
    assert anon_client.get("/api/v1/vacancies/", {"education": "phd"}).status_code == 400


def test_cohort_ward_and_province_filters(anon_client, employer_a):
    for_soldiers = factories.VacancyFactory(employer=employer_a)
    for_soldiers.priority_cohorts.set([factories.cohort("discharged_soldier", sensitive=False)])
    elsewhere = factories.VacancyFactory(employer=employer_a, ward=factories.ward("00167", "Phường Yên Hòa"))

    assert ids(anon_client.get("/api/v1/vacancies/", {"cohort": "discharged_soldier"})) == {for_soldiers.pk}
    assert ids(anon_client.get("/api/v1/vacancies/", {"ward": "00167"})) == {elsewhere.pk}
    assert ids(anon_client.get("/api/v1/vacancies/", {"province": "01"})) == {for_soldiers.pk, elsewhere.pk}
    assert ids(anon_client.get("/api/v1/vacancies/", {"province": "79"})) == set()


def test_salary_min_filter(anon_client, employer_a):
    low = factories.VacancyFactory(employer=employer_a, salary_min=5_000_000, salary_max=7_000_000)
    high = factories.VacancyFactory(employer=employer_a, salary_min=10_000_000, salary_max=20_000_000)
    negotiable = factories.VacancyFactory(employer=employer_a, salary_min=None, salary_max=None, salary_negotiable=True)
    open_ended = factories.VacancyFactory(employer=employer_a, salary_min=9_000_000, salary_max=None)
    unstated = factories.VacancyFactory(employer=employer_a, salary_min=None, salary_max=None)

    found = ids(anon_client.get("/api/v1/vacancies/", {"salary_min": 12_000_000}))

    assert found == {high.pk, negotiable.pk, open_ended.pk}
    assert low.pk not in found and unstated.pk not in found


def test_session_filter_lists_vacancies_brought_by_approved_booths(anon_client, fair, booth_a, vacancy_a, employer_b):
    applied = factories.VacancyFactory(employer=employer_b)
    factories.ParticipationFactory(
        session=fair, employer=employer_b, vacancies=[applied], status=Participation.Status.APPLIED
    )
    factories.VacancyFactory(employer=booth_a.employer)  # not brought

    assert ids(anon_client.get("/api/v1/vacancies/", {"session": fair.pk})) == {vacancy_a.pk}


def test_employer_filter(anon_client, vacancy_a, vacancy_b, employer_b):
    assert ids(anon_client.get("/api/v1/vacancies/", {"employer": employer_b.pk})) == {vacancy_b.pk}


# --- writing ----------------------------------------------------------------------------------------------------


def test_an_employer_posts_a_vacancy_for_itself(employer_a_client, employer_a, employer_a_user):
    response = employer_a_client.post(
        "/api/v1/vacancies/", new_vacancy(employer=999_999, status="closed"), format="json"
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["employer"] == employer_a.pk  # from the account, never from the body
    assert body["status"] == "open"  # status cannot be set when posting
    assert sorted(body["priority_cohorts"]) == ["discharged_soldier", "student_graduate"]
    assert body["benefits"] == ["social_insurance", "meals"]
    vacancy = Vacancy.objects.get(pk=body["id"])
    assert vacancy.employer == employer_a and vacancy.search_text.startswith("nhan vien kinh doanh")
    assert AuditEvent.objects.filter(action="vacancy.create", object_id=str(vacancy.pk), actor=employer_a_user).exists()


def test_staff_post_a_vacancy_for_the_employer_they_name(staff_client, employer_b):
    missing = staff_client.post("/api/v1/vacancies/", new_vacancy(), format="json")
    assert missing.status_code == 400
    assert "employer" in missing.json()

    response = staff_client.post("/api/v1/vacancies/", new_vacancy(employer=employer_b.pk), format="json")

    assert response.status_code == 201
    assert response.json()["employer"] == employer_b.pk


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"salary_min": 20_000_000, "salary_max": 10_000_000}, "salary_max"),
        ({"quantity": 0}, "quantity"),
        ({"occupation": "ke toan"}, "occupation"),
        ({"ward": "01"}, "ward"),
        ({"priority_cohorts": ["astronaut"]}, "priority_cohorts"),
        ({"benefits": ["yacht"]}, "benefits"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_vacancy_input_is_a_400(employer_a_client, change, field):
    response = employer_a_client.post("/api/v1/vacancies/", new_vacancy(**change), format="json")

    assert response.status_code == 400
    assert field in response.json()
    assert not Vacancy.objects.exists()


def test_only_employers_and_staff_post(anon_client, seeker_a_client):
    assert anon_client.post("/api/v1/vacancies/", new_vacancy(), format="json").status_code == 401
    assert seeker_a_client.post("/api/v1/vacancies/", new_vacancy(), format="json").status_code == 403
    assert not Vacancy.objects.exists()


def test_an_employer_changes_and_closes_its_own_vacancy(employer_a_client, vacancy_a):
    response = employer_a_client.patch(
        f"/api/v1/vacancies/{vacancy_a.pk}/", {"title": "Kế toán trưởng", "quantity": 1}, format="json"
    )
    assert response.status_code == 200
    assert (response.json()["title"], response.json()["quantity"]) == ("Kế toán trưởng", 1)

    closed = employer_a_client.patch(f"/api/v1/vacancies/{vacancy_a.pk}/", {"status": "closed"}, format="json")

    assert closed.status_code == 200
    assert closed.json()["status"] == "closed"
    assert AuditEvent.objects.filter(action="vacancy.close", object_id=str(vacancy_a.pk)).exists()
    reopened = employer_a_client.patch(f"/api/v1/vacancies/{vacancy_a.pk}/", {"status": "open"}, format="json")
    assert reopened.json()["status"] == "open"


def test_salary_range_is_checked_against_the_stored_values(employer_a_client, vacancy_a):
    response = employer_a_client.patch(
        f"/api/v1/vacancies/{vacancy_a.pk}/", {"salary_min": vacancy_a.salary_max + 1}, format="json"
    )

    assert response.status_code == 400
    assert "salary_max" in response.json()


def test_another_employers_vacancy_cannot_be_changed(employer_a_client, vacancy_b, seeker_a_client):
    response = employer_a_client.patch(f"/api/v1/vacancies/{vacancy_b.pk}/", {"title": "Hacked"}, format="json")

    assert response.status_code == 404  # though it can be read
    assert employer_a_client.get(f"/api/v1/vacancies/{vacancy_b.pk}/").status_code == 200
    assert seeker_a_client.patch(f"/api/v1/vacancies/{vacancy_b.pk}/", {"title": "X"}, format="json").status_code == 403
    vacancy_b.refresh_from_db()
    assert vacancy_b.title == "Thợ hàn"


def test_staff_change_any_vacancy(staff_client, vacancy_b):
    response = staff_client.patch(f"/api/v1/vacancies/{vacancy_b.pk}/", {"quantity": 9}, format="json")

    assert response.status_code == 200
    assert response.json()["quantity"] == 9


def test_the_employer_of_a_vacancy_cannot_be_changed(staff_client, employer_a_client, vacancy_a, employer_b):
    for client in (staff_client, employer_a_client):
        response = client.patch(
            f"/api/v1/vacancies/{vacancy_a.pk}/", {"employer": employer_b.pk, "id": 1, "title": "X"}, format="json"
        )
        assert response.status_code == 200
        assert response.json()["employer"] == vacancy_a.employer_id
    vacancy_a.refresh_from_db()
    assert vacancy_a.employer_id != employer_b.pk


def test_vacancy_list_queries_do_not_grow_with_rows(employer_a, employer_a_user):
    cohorts = [factories.cohort("discharged_soldier", sensitive=False), factories.cohort()]
    factories.VacancyFactory(employer=employer_a).priority_cohorts.set(cohorts)
    one, response = count_queries(employer_a_user, "/api/v1/vacancies/")
    assert response.json()["count"] == 1
    for _ in range(49):
        factories.VacancyFactory(employer=factories.EmployerFactory()).priority_cohorts.set(cohorts)

    fifty, response = count_queries(employer_a_user, "/api/v1/vacancies/", page_size=100)

    assert response.json()["count"] == 50
    assert fifty == one


@pytest.mark.parametrize("deadline", ["9999-12-31", "1900-01-01", "past"])
def test_a_deadline_past_or_beyond_a_year_is_a_400_naming_it(employer_a_client, deadline):
    if deadline == "past":
        deadline = (timezone.localdate() - timedelta(days=1)).isoformat()

    response = employer_a_client.post("/api/v1/vacancies/", new_vacancy(deadline=deadline), format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"deadline"}
