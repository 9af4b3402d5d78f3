"""Sensitive reads are on the record (issue 11 item 7): every view of a candidate's contact details or of a sensitive
cohort, every data export and every staff search of people writes who, what, when and from where; staff with the
permission list them; a job seeker's data export says who saw their data."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import CohortMembership, PersonalDataAccess, Role
from tests import factories

pytestmark = pytest.mark.django_db

Kind = PersonalDataAccess.Kind


@pytest.fixture
def world():
    """A session where employer A has an approved booth; Lan chose its vacancy and shares a sensitive cohort with
    employers; Minh chose it too and shares nothing."""
    session = factories.JobSessionFactory()
    employer = factories.EmployerFactory(name="Công ty TNHH Cơ khí Đông Anh")
    vacancy = factories.VacancyFactory(employer=employer)
    factories.ParticipationFactory(session=session, employer=employer, vacancies=[vacancy])
    lan, minh = factories.JobSeekerFactory(full_name="Lê Thị Lan"), factories.JobSeekerFactory(full_name="Trần Minh")
    CohortMembership.objects.create(job_seeker=lan, cohort=factories.cohort("disabled"), share_with_employers=True)
    registrations = {}
    for person in (lan, minh):
        registrations[person.pk] = factories.RegistrationFactory(session=session, job_seeker=person)
        registrations[person.pk].vacancies.set([vacancy])
    return {
        "session": session,
        "employer_user": factories.EmployerUserFactory(employer=employer),
        "lan": lan,
        "minh": minh,
        "registrations": registrations,
    }


def rows(**filters):
    return list(PersonalDataAccess.objects.filter(**filters).order_by("kind", "job_seeker_id"))


def api_client(user, **extra):
    client = APIClient(**extra)
    client.force_authenticate(user)
    return client


def web_client(user):
    client = Client()
    client.force_login(user)
    return client


def test_an_employer_reading_its_candidates_in_the_api_is_on_the_record(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client = api_client(world["employer_user"], REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.9")

    response = client.get(f"/api/v1/sessions/{world['session'].pk}/candidates/")

    assert response.status_code == 200 and len(response.json()["results"]) == 2
    contact = rows(kind=Kind.CONTACT)
    assert {row.job_seeker_id for row in contact} == {world["lan"].pk, world["minh"].pk}
    row = contact[0]
    assert row.actor == world["employer_user"] and row.actor_role == Role.EMPLOYER
    assert row.actor_employer == world["employer_user"].employer
    assert row.address == "203.0.113.9"  # the hop nginx saw, not what the client wrote
    assert row.where == f"GET /api/v1/sessions/{world['session'].pk}/candidates/"
    assert [r.job_seeker_id for r in rows(kind=Kind.SENSITIVE_COHORT)] == [world["lan"].pk]  # shared, so shown


def test_staff_reading_candidates_is_on_the_record(world):
    staff = factories.StaffFactory()

    api_client(staff).get(f"/api/v1/sessions/{world['session'].pk}/candidates/")

    assert {r.job_seeker_id for r in rows(kind=Kind.CONTACT, actor=staff)} == {world["lan"].pk, world["minh"].pk}
    assert [r.job_seeker_id for r in rows(kind=Kind.SENSITIVE_COHORT, actor=staff)] == [world["lan"].pk]


def test_the_employers_candidates_page_is_on_the_record(world):
    page = web_client(world["employer_user"]).get(
        reverse("employer:candidates", kwargs={"session_pk": world["session"].pk})
    )

    assert page.status_code == 200
    assert {r.job_seeker_id for r in rows(kind=Kind.CONTACT)} == {world["lan"].pk, world["minh"].pk}
    assert [r.job_seeker_id for r in rows(kind=Kind.SENSITIVE_COHORT)] == [world["lan"].pk]


def test_a_staff_search_of_people_in_the_admin_and_the_record_opened_are_on_the_record(world):
    superuser = factories.UserFactory(role=Role.STAFF, is_staff=True, is_superuser=True)
    admin = web_client(superuser)

    listing = admin.get(reverse("admin:accounts_jobseeker_changelist"), {"q": "Lan"})
    opened = admin.get(reverse("admin:accounts_jobseeker_change", args=[world["lan"].pk]))

    assert listing.status_code == 200 and opened.status_code == 200
    (search,) = rows(kind=Kind.SEARCH)
    assert search.detail == {"query": "Lan", "model": "accounts.jobseeker"} and search.actor == superuser
    assert [r.job_seeker_id for r in rows(kind=Kind.CONTACT)] == [world["lan"].pk] * 2  # listed, then opened
    assert [r.job_seeker_id for r in rows(kind=Kind.SENSITIVE_COHORT)] == [world["lan"].pk]  # the opened record


def test_the_list_of_cohort_memberships_records_the_sensitive_ones(world):
    CohortMembership.objects.create(job_seeker=world["minh"], cohort=factories.cohort("student", sensitive=False))
    superuser = factories.UserFactory(role=Role.STAFF, is_staff=True, is_superuser=True)

    web_client(superuser).get(reverse("admin:accounts_cohortmembership_changelist"))

    assert [r.job_seeker_id for r in rows(kind=Kind.SENSITIVE_COHORT)] == [world["lan"].pk]


def test_a_check_in_at_the_desk_is_a_search_of_people_on_the_record(world):
    staff = factories.StaffFactory()
    registration = world["registrations"][world["lan"].pk]

    web_client(staff).post(
        reverse("staff:desk_check_in", args=[world["session"].pk]), {"code": registration.check_in_code}
    )
    web_client(staff).post(reverse("staff:desk_check_in", args=[world["session"].pk]), {"code": "NOBODY"})

    found, not_found = sorted(rows(kind=Kind.SEARCH), key=lambda r: r.job_seeker_id is None)
    assert found.job_seeker_id == world["lan"].pk and not_found.job_seeker_id is None
    assert registration.check_in_code not in str(found.detail)  # the QR secret stays out of the record


def test_the_data_export_is_on_the_record_and_tells_who_saw_the_data(world):
    api_client(world["employer_user"]).get(f"/api/v1/sessions/{world['session'].pk}/candidates/")
    lan = world["lan"]

    export = api_client(lan.user).get("/api/v1/me/data-export/")
    web_export = web_client(lan.user).get(reverse("web:my_data_export"))

    assert export.status_code == 200 and web_export.status_code == 200
    seen_by = export.json()["seen_by"]
    assert [(r["kind"], r["reader_role"], r["reader_company"]) for r in seen_by] == [
        ("contact", "employer", "Công ty TNHH Cơ khí Đông Anh"),
        ("sensitive_cohort", "employer", "Công ty TNHH Cơ khí Đông Anh"),
    ]
    assert len(rows(kind=Kind.EXPORT, job_seeker=lan, actor=lan.user)) == 2  # the person's own exports, recorded
    assert "address" not in seen_by[0]  # readers' addresses are for staff, not for the export


def test_staff_with_the_permission_list_the_record_and_others_cannot(world):
    api_client(world["employer_user"]).get(f"/api/v1/sessions/{world['session'].pk}/candidates/")
    url = reverse("admin:accounts_personaldataaccess_changelist")
    allowed = factories.StaffFactory()
    allowed.user_permissions.add(Permission.objects.get(codename="view_personaldataaccess"))
    other = factories.StaffFactory()

    listing = web_client(allowed).get(url)

    assert listing.status_code == 200 and "Lê Thị Lan" in listing.content.decode()
    assert web_client(other).get(url).status_code == 403
