"""Reference data (cohorts, administrative units) for anyone; employers: staff see and verify all, an employer user
sees and edits only its own company."""

import pytest

from accounts.models import AuditEvent, Employer
from tests import factories

pytestmark = pytest.mark.django_db

EMPLOYER_FIELDS = {
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


# --- cohorts --------------------------------------------------------------------------------------------------


def test_cohorts_are_public_reference_data(anon_client):
    response = anon_client.get("/api/v1/cohorts/")

    assert response.status_code == 200
    cohorts = {row["code"]: row for row in response.json()}
    assert len(cohorts) == 8
    assert set(cohorts["disabled"]) == {"code", "name", "name_vi", "name_en", "sensitive"}
    assert cohorts["disabled"]["sensitive"] is True and cohorts["student_graduate"]["sensitive"] is False
    assert cohorts["disabled"]["name_vi"] == "Người khuyết tật"


def test_cohort_name_follows_the_request_language(anon_client):
    vietnamese = anon_client.get("/api/v1/cohorts/disabled/", HTTP_ACCEPT_LANGUAGE="vi").json()
    english = anon_client.get("/api/v1/cohorts/disabled/", HTTP_ACCEPT_LANGUAGE="en").json()

    assert vietnamese["name"] == "Người khuyết tật"
    assert english["name"] == "Person with disability"


def test_an_unknown_cohort_is_404(anon_client):
    assert anon_client.get("/api/v1/cohorts/astronaut/").status_code == 404


# --- administrative units -------------------------------------------------------------------------------------


def test_ha_noi_has_126_units(anon_client):
    response = anon_client.get("/api/v1/administrative-units/", {"province": "01", "page_size": 100})

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 126
    assert len(body["results"]) == 100 and body["next"]
    assert {row["province"] for row in body["results"]} == {"01"}
    assert {row["level"] for row in body["results"]} == {"ward"}
    rest = anon_client.get("/api/v1/administrative-units/", {"province": "01", "page_size": 100, "page": 2}).json()
    assert len(rest["results"]) == 26


def test_34_provinces(anon_client):
    response = anon_client.get("/api/v1/administrative-units/", {"level": "province", "page_size": 100})

    assert response.json()["count"] == 34
    assert {row["province"] for row in response.json()["results"]} == {None}


@pytest.mark.parametrize("q", ["dong da", "DONG DA", "Đống Đa", "đống đa", "Dong  Da", "phuong dong da"])
def test_unit_search_ignores_accents_and_case(anon_client, q):
    response = anon_client.get("/api/v1/administrative-units/", {"q": q, "province": "01"})

    assert response.status_code == 200
    names = [row["name"] for row in response.json()["results"]]
    assert "Phường Đống Đa" in names
    assert all("Đống Đa" in name for name in names)


def test_d_and_dj_are_the_same_letter_in_unit_search(anon_client):
    response = anon_client.get("/api/v1/administrative-units/", {"q": "da nang", "level": "province"})

    assert [row["name"] for row in response.json()["results"]] == ["Thành phố Đà Nẵng"]


def test_unit_detail_by_code(anon_client):
    response = anon_client.get("/api/v1/administrative-units/00235/")

    assert response.status_code == 200
    assert response.json() == {
        "code": "00235",
        "name": "Phường Đống Đa",
        "level": "ward",
        "unit_type": "phường",
        "province": "01",
    }


# --- employers ------------------------------------------------------------------------------------------------


def test_staff_list_every_employer(staff_client, employer_a, employer_b):
    pending = factories.EmployerFactory(verification="pending")

    response = staff_client.get("/api/v1/employers/")

    assert response.status_code == 200
    assert {row["id"] for row in response.json()["results"]} == {employer_a.pk, employer_b.pk, pending.pk}
    assert set(response.json()["results"][0]) == EMPLOYER_FIELDS


def test_staff_filter_employers(staff_client, employer_a, employer_b):
    pending = factories.EmployerFactory(verification="pending", name="Công ty TNHH May mặc Đống Đa", vsic_section="G")

    by_verification = staff_client.get("/api/v1/employers/", {"verification": "pending"}).json()
    by_section = staff_client.get("/api/v1/employers/", {"vsic_section": "G"}).json()
    by_words = staff_client.get("/api/v1/employers/", {"q": "may mac dong da"}).json()
    by_tax_code = staff_client.get("/api/v1/employers/", {"q": employer_a.tax_code}).json()

    assert [row["id"] for row in by_verification["results"]] == [pending.pk]
    assert [row["id"] for row in by_section["results"]] == [pending.pk]
    assert [row["id"] for row in by_words["results"]] == [pending.pk]
    assert [row["id"] for row in by_tax_code["results"]] == [employer_a.pk]


def test_an_employer_user_sees_only_its_own_company(employer_a_client, employer_a, employer_b):
    response = employer_a_client.get("/api/v1/employers/")

    assert [row["id"] for row in response.json()["results"]] == [employer_a.pk]
    assert employer_a_client.get(f"/api/v1/employers/{employer_a.pk}/").status_code == 200
    assert employer_a_client.get(f"/api/v1/employers/{employer_b.pk}/").status_code == 404


def test_job_seekers_see_no_employers_and_the_public_must_sign_in(seeker_a_client, anon_client, employer_a):
    assert seeker_a_client.get("/api/v1/employers/").json()["count"] == 0
    assert seeker_a_client.get(f"/api/v1/employers/{employer_a.pk}/").status_code == 404
    assert anon_client.get("/api/v1/employers/").status_code == 401


def test_an_employer_edits_its_own_record(employer_a_client, employer_a, employer_a_user):
    response = employer_a_client.patch(
        f"/api/v1/employers/{employer_a.pk}/",
        {"phone": "0912 345 678", "main_products": "Bàn ghế gỗ", "website": "https://noithat.example.vn"},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert set(response.json()) == EMPLOYER_FIELDS
    employer_a.refresh_from_db()
    assert employer_a.main_products == "Bàn ghế gỗ" and employer_a.website == "https://noithat.example.vn"
    assert employer_a.phone == "+84912345678"
    assert AuditEvent.objects.filter(action="employer.update", object_id=str(employer_a.pk)).exists()


def test_an_employer_cannot_edit_another(employer_a_client, employer_b):
    response = employer_a_client.patch(f"/api/v1/employers/{employer_b.pk}/", {"name": "Bị chiếm"}, format="json")

    assert response.status_code == 404
    assert Employer.objects.get(pk=employer_b.pk).name != "Bị chiếm"


def test_employer_patch_validates(employer_a_client, employer_a):
    response = employer_a_client.patch(
        f"/api/v1/employers/{employer_a.pk}/", {"vsic_section": "Z", "ward": "01", "email": "no"}, format="json"
    )

    assert response.status_code == 400
    assert set(response.json()) == {"vsic_section", "ward", "email"}


def test_staff_verify_a_pending_employer(staff_client, staff_user):
    pending = factories.EmployerFactory(verification="pending")

    response = staff_client.post(
        f"/api/v1/employers/{pending.pk}/verify/", {"decision": "verified", "note": "Đã đối chiếu ĐKKD"}, format="json"
    )

    assert response.status_code == 200, response.content
    assert response.json()["verification"] == "verified" and response.json()["verified_at"]
    pending.refresh_from_db()
    assert pending.verified_by == staff_user and pending.verification_note == "Đã đối chiếu ĐKKD"


def test_staff_reject_then_the_same_decision_again_is_refused(staff_client):
    pending = factories.EmployerFactory(verification="pending")
    url = f"/api/v1/employers/{pending.pk}/verify/"

    assert staff_client.post(url, {"decision": "rejected"}, format="json").json()["verification"] == "rejected"
    again = staff_client.post(url, {"decision": "rejected"}, format="json")

    assert again.status_code == 409
    assert again.json()["code"] == "invalid_transition"


@pytest.mark.parametrize("decision", ["pending", "yes", ""])
def test_verify_needs_a_real_decision(staff_client, decision):
    pending = factories.EmployerFactory(verification="pending")

    response = staff_client.post(f"/api/v1/employers/{pending.pk}/verify/", {"decision": decision}, format="json")

    assert response.status_code == 400
    assert "decision" in response.json()


def test_only_staff_verify(employer_a_client, employer_a, seeker_a_client):
    url = f"/api/v1/employers/{employer_a.pk}/verify/"

    assert employer_a_client.post(url, {"decision": "verified"}, format="json").status_code == 403
    assert seeker_a_client.post(url, {"decision": "verified"}, format="json").status_code == 403
