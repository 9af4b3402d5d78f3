"""Issue 15 item 1: the match score's factors, each shown as its reason, the order, and the redaction of
suggested candidates."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import AdministrativeUnit, CohortMembership, ConsentPurpose, ConsentRecord
from sessions import matching
from sessions.models import SessionFormat
from tests.factories import (
    EmployerUserFactory,
    JobSeekerFactory,
    JobSessionFactory,
    ParticipationFactory,
    RegistrationFactory,
    VacancyFactory,
    cohort,
    ward,
)

pytestmark = pytest.mark.django_db

# Neutral vacancy fields: no factor holds unless a test sets it.
FAR = {"salary_min": None, "salary_max": None, "min_qualification": "master", "working_arrangement": "part_time"}


def other_province_ward():
    province, _ = AdministrativeUnit.objects.get_or_create(
        code="79", defaults={"name": "Thành phố Hồ Chí Minh", "level": "province", "unit_type": "thành phố"}
    )
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code="26734", defaults={"name": "Phường Sài Gòn", "level": "ward", "unit_type": "phường", "province": province}
    )
    return unit


def person(**fields):
    return JobSeekerFactory(**{"ward": other_province_ward(), "qualification": "", "working_arrangement": "", **fields})


def only_match(job_seeker, **vacancy_fields):
    vacancy = VacancyFactory(**{"occupation": "9999", "ward": ward(), **FAR, **vacancy_fields})
    row = matching.matches_for(job_seeker).get(pk=vacancy.pk)
    return row.match_score, matching.reasons(row)


def test_same_occupation_code_scores_highest_with_its_reason():
    assert only_match(person(wanted_occupation="2411"), occupation="2411") == (40, ["cùng nghề"])


def test_same_two_digit_group_counts_as_occupation_group():
    assert only_match(person(wanted_occupation="2411"), occupation="2432") == (25, ["cùng nhóm nghề"])


def test_same_major_group_counts_least():
    assert only_match(person(wanted_occupation="2411"), occupation="2611") == (10, ["cùng nhóm nghề lớn"])


def test_qualification_at_or_above_the_minimum():
    seeker = person(qualification="university")
    assert only_match(seeker, min_qualification="college") == (15, ["đạt trình độ yêu cầu"])
    vacancy = VacancyFactory(occupation="9999", ward=ward(), **{**FAR, "min_qualification": "doctorate"})
    assert not matching.matches_for(seeker).filter(pk=vacancy.pk).exists()


def test_working_arrangement():
    assert only_match(person(working_arrangement="part_time")) == (10, ["đúng hình thức làm việc"])


def test_same_ward_is_near_home():
    assert only_match(JobSeekerFactory(ward=ward(), qualification="", working_arrangement="")) == (15, ["gần nơi ở"])


def test_same_province():
    seeker = JobSeekerFactory(ward=ward("00175", "Phường Yên Hòa"), qualification="", working_arrangement="")
    assert only_match(seeker) == (10, ["cùng tỉnh, thành phố"])


def test_linked_province_of_an_online_session():
    seeker = person()
    vacancy = VacancyFactory(occupation="9999", ward=ward(), **FAR)
    session = JobSessionFactory(format=SessionFormat.ONLINE, venue=None, ward=None)
    session.linked_provinces.set([seeker.ward.province])
    ParticipationFactory(session=session, employer=vacancy.employer, vacancies=[vacancy])
    row = matching.matches_for(seeker).get(pk=vacancy.pk)
    assert (row.match_score, matching.reasons(row)) == (5, ["tỉnh liên kết"])


def test_salary_within_the_range():
    seeker = person(wanted_salary=10_000_000)
    assert only_match(seeker, salary_min=9_000_000, salary_max=14_000_000) == (10, ["đúng mức lương mong muốn"])
    vacancy = VacancyFactory(occupation="9999", ward=ward(), **{**FAR, "salary_min": 11_000_000})
    assert not matching.matches_for(seeker).filter(pk=vacancy.pk).exists()


def test_priority_cohort_counts_a_plain_cohort():
    seeker = person()
    CohortMembership.objects.create(job_seeker=seeker, cohort=cohort("youth", sensitive=False))
    vacancy = VacancyFactory(occupation="9999", ward=ward(), **FAR)
    vacancy.priority_cohorts.set([cohort("youth", sensitive=False)])
    row = matching.matches_for(seeker).get(pk=vacancy.pk)
    assert matching.reasons(row) == ["thuộc nhóm ưu tiên của vị trí"]


def test_sensitive_cohort_counts_only_with_consent():
    seeker = person()
    disabled = cohort("disabled", sensitive=True)
    CohortMembership.objects.create(job_seeker=seeker, cohort=disabled)
    vacancy = VacancyFactory(occupation="9999", ward=ward(), **FAR)
    vacancy.priority_cohorts.set([disabled])
    assert not matching.matches_for(seeker).filter(pk=vacancy.pk).exists()
    ConsentRecord.objects.create(
        job_seeker=seeker, purpose=ConsentPurpose.SENSITIVE_COHORT, cohort=disabled, text_version="1",
        given_at=timezone.now(),
    )  # fmt: skip
    assert matching.matches_for(seeker).get(pk=vacancy.pk).match_score == 15


def test_vacancies_at_upcoming_sessions_come_first_then_by_score():
    seeker = person(wanted_occupation="2411")
    best_without_session = VacancyFactory(occupation="2411", ward=ward(), **FAR)
    weak_soon = VacancyFactory(occupation="2611", ward=ward(), **FAR)
    strong_later = VacancyFactory(occupation="2432", ward=ward(), **FAR)
    ParticipationFactory(session=JobSessionFactory(), employer=weak_soon.employer, vacancies=[weak_soon])
    later = JobSessionFactory(starts_at=timezone.now().replace(microsecond=0) + timedelta(days=20))
    ParticipationFactory(session=later, employer=strong_later.employer, vacancies=[strong_later])
    order = [v.pk for v in matching.matches_for(seeker)]
    assert order == [weak_soon.pk, strong_later.pk, best_without_session.pk]


def test_employer_sees_only_registered_or_consenting_people():
    vacancy = VacancyFactory(occupation="2411")
    registered, consenting, silent = (JobSeekerFactory(wanted_occupation="2411") for _ in range(3))
    consenting.allow_employer_suggestions = True
    consenting.save()
    participation = ParticipationFactory(employer=vacancy.employer, vacancies=[vacancy])
    RegistrationFactory(session=participation.session, job_seeker=registered).vacancies.set([vacancy])
    seen = set(matching.candidates_for(vacancy, for_employer=True).values_list("pk", flat=True))
    assert seen == {registered.pk, consenting.pk}
    everyone = set(matching.candidates_for(vacancy, for_employer=False).values_list("pk", flat=True))
    assert silent.pk in everyone


def test_employer_candidates_api_hides_other_employers_and_redacts(client):
    from tests.api.conftest import client_for

    vacancy = VacancyFactory(occupation="2411")
    seeker = JobSeekerFactory(wanted_occupation="2411", allow_employer_suggestions=True)
    own = EmployerUserFactory(employer=vacancy.employer)
    other = EmployerUserFactory()
    response = client_for(own).get(f"/api/v1/vacancies/{vacancy.pk}/candidates/")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["id"] == seeker.pk
    assert "cùng nghề" in row["reasons"]
    assert not {"citizen_id", "date_of_birth", "address", "ward"} & row.keys()
    assert client_for(other).get(f"/api/v1/vacancies/{vacancy.pk}/candidates/").status_code == 404
    assert client_for(seeker.user).get(f"/api/v1/vacancies/{vacancy.pk}/candidates/").status_code == 403


def test_my_matches_query_count_does_not_grow(django_assert_max_num_queries):
    from tests.api.conftest import count_queries

    seeker = JobSeekerFactory(wanted_occupation="2411")
    VacancyFactory(occupation="2411")
    one, response = count_queries(seeker.user, "/api/v1/me/matches/")
    assert response.json()["count"] == 1
    for _ in range(49):
        VacancyFactory(occupation="2411")
    fifty, response = count_queries(seeker.user, "/api/v1/me/matches/", page_size=100)
    assert response.json()["count"] == 50
    assert one == fifty


def test_my_matches_page_shows_reasons_and_register_link(client):
    seeker = JobSeekerFactory(wanted_occupation="2411")
    vacancy = VacancyFactory(occupation="2411")
    participation = ParticipationFactory(employer=vacancy.employer, vacancies=[vacancy])
    client.force_login(seeker.user)
    page = client.get("/my/matches/").content.decode()
    assert "Việc làm phù hợp" in page and "cùng nghề" in page
    assert f"/sessions/{participation.session_id}/register/" in page


def test_staff_person_page_lists_the_persons_matches(client):
    from tests.factories import StaffFactory

    seeker = JobSeekerFactory(wanted_occupation="2411")
    VacancyFactory(occupation="2411", title="Kế toán kho")
    client.force_login(StaffFactory())
    page = client.get(f"/staff/people/{seeker.pk}/").content.decode()
    assert "Kế toán kho" in page and "cùng nghề" in page


def test_employer_vacancy_page_suggests_only_consenting_people(client):
    vacancy = VacancyFactory(occupation="2411")
    JobSeekerFactory(wanted_occupation="2411", full_name="Người đồng ý", allow_employer_suggestions=True)
    JobSeekerFactory(wanted_occupation="2411", full_name="Người không đồng ý")
    client.force_login(EmployerUserFactory(employer=vacancy.employer))
    page = client.get(f"/employer/vacancies/{vacancy.pk}/edit/").content.decode()
    assert "Người đồng ý" in page and "Người không đồng ý" not in page
    assert "Ứng viên được gợi ý" in page


def test_a_person_turns_employer_suggestions_on_and_off_by_the_api(client):
    vacancy = VacancyFactory(occupation="2411")
    seeker = JobSeekerFactory(wanted_occupation="2411")
    client.force_login(seeker.user)

    def suggested():
        return matching.candidates_for(vacancy, for_employer=True).filter(pk=seeker.pk).exists()

    assert not suggested()
    assert client.patch("/api/v1/me/", {"allow_employer_suggestions": True}, "application/json").status_code == 200
    assert suggested()
    assert client.patch("/api/v1/me/", {"allow_employer_suggestions": False}, "application/json").status_code == 200
    assert not suggested()


def test_the_profile_page_offers_the_suggestion_switch_and_saves_it(client):
    from accounts.forms import JobSeekerProfileForm

    seeker = JobSeekerFactory(wanted_occupation="2411")
    client.force_login(seeker.user)
    page = client.get("/accounts/profile/").content.decode()
    assert 'name="allow_employer_suggestions"' in page
    assert "không bao giờ thấy số căn cước" in page  # what employers see is said next to the switch

    form = JobSeekerProfileForm(job_seeker=seeker)
    data = {name: value for name, value in form.initial.items() if value not in (None, False)}
    data |= {"province": seeker.ward.province_id, "ward": seeker.ward_id, "allow_employer_suggestions": "on"}
    response = client.post("/accounts/profile/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    seeker.refresh_from_db()
    assert seeker.allow_employer_suggestions


def test_the_data_export_says_whether_employers_may_suggest_the_person(client):
    seeker = JobSeekerFactory(allow_employer_suggestions=True)
    client.force_login(seeker.user)
    assert client.get("/api/v1/me/data-export/").json()["profile"]["allow_employer_suggestions"] is True
