"""Sign-up, tokens and the signed-in user (DESIGN §5): login by phone in any usual spelling or by e-mail, explicit
consents, clear messages for duplicates and bad tax codes, employers pending until the centre verifies them."""

import pytest
from rest_framework.test import APIClient

from accounts.models import CitizenIdClaim, CohortMembership, ConsentPurpose, ConsentRecord, Employer, JobSeeker, User
from accounts.validators import build_citizen_id, build_tax_code
from sessions.models import Notification
from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-2026!"


def seeker_payload(**overrides):
    return {
        "password": PASSWORD,
        "full_name": "Nguyễn Thị Lan",
        "phone": "0987654321",
        "email": "lan.nguyen@example.vn",
        "citizen_id": build_citizen_id(province_code="001", sex="female", birth_year=1999, serial=4321),
        "date_of_birth": "1999-03-04",
        "sex": "female",
        "ward": "00070",
        "accept_terms": True,
        **overrides,
    }


def employer_payload(**overrides):
    return {
        "password": PASSWORD,
        "email": "tuyendung@hoaphat-demo.vn",
        "phone": "0912345678",
        "name": "Công ty Cổ phần Cơ khí Đống Đa",
        "tax_code": build_tax_code("010123456"),
        "ward": "00070",
        "vsic_section": "C",
        "ownership": "non_state",
        "contact_name": "Phạm Văn Minh",
        **overrides,
    }


def signup_seeker(**overrides):
    return APIClient().post("/api/v1/auth/signup/job-seeker/", seeker_payload(**overrides), format="json")


def signup_employer(**overrides):
    return APIClient().post("/api/v1/auth/signup/employer/", employer_payload(**overrides), format="json")


def token(username, password=PASSWORD):
    return APIClient().post("/api/v1/auth/token/", {"username": username, "password": password}, format="json")


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


# --- tokens ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["0987654321", "+84987654321", "84987654321", "0987 654 321", "098.765.4321"])
def test_token_with_the_phone_in_any_usual_spelling(username):
    assert signup_seeker().status_code == 202

    response = token(username)

    assert response.status_code == 200, response.content
    assert set(response.json()) == {"access", "refresh"}
    me = bearer(response.json()["access"]).get("/api/v1/me/")
    assert me.status_code == 200
    assert me.json()["username"] == "+84987654321" and me.json()["role"] == "job_seeker"


@pytest.mark.parametrize("username", ["lan.nguyen@example.vn", "LAN.Nguyen@Example.VN"])
def test_token_with_the_email(username):
    assert signup_seeker().status_code == 202

    response = token(username)

    assert response.status_code == 200, response.content
    assert bearer(response.json()["access"]).get("/api/v1/me/").json()["email"] == "lan.nguyen@example.vn"


def test_employer_signs_in_with_its_email():
    assert signup_employer().status_code == 202

    response = token("tuyendung@hoaphat-demo.vn")

    assert response.status_code == 200
    assert bearer(response.json()["access"]).get("/api/v1/me/").json()["role"] == "employer"


@pytest.mark.parametrize(
    ("username", "password", "expected"),
    [
        ("0987654321", "Sai-mat-khau-1", 401),
        ("0900000000", PASSWORD, 401),
        ("nobody@example.vn", PASSWORD, 401),
        ("0987654321", "", 400),  # a blank field is bad input, not a failed sign-in
    ],
)
def test_wrong_credentials_get_no_token(username, password, expected):
    assert signup_seeker().status_code == 202

    response = token(username, password)

    assert response.status_code == expected
    assert "access" not in response.json()


def test_wrong_password_is_exactly_a_401():
    assert signup_seeker().status_code == 202

    response = token("0987654321", "Sai-mat-khau-1")

    assert response.status_code == 401
    assert response.json()["detail"]


def test_refresh_gives_a_new_access_token():
    assert signup_seeker().status_code == 202
    refresh = token("0987654321").json()["refresh"]

    response = APIClient().post("/api/v1/auth/token/refresh/", {"refresh": refresh}, format="json")

    assert response.status_code == 200, response.content
    assert bearer(response.json()["access"]).get("/api/v1/me/").status_code == 200


def test_a_bad_refresh_token_is_a_401():
    response = APIClient().post("/api/v1/auth/token/refresh/", {"refresh": "not-a-token"}, format="json")

    assert response.status_code == 401
    assert response.json()["code"] == "token_not_valid"


def test_an_access_token_is_not_a_refresh_token():
    assert signup_seeker().status_code == 202
    access = token("0987654321").json()["access"]

    response = APIClient().post("/api/v1/auth/token/refresh/", {"refresh": access}, format="json")

    assert response.status_code == 401


def test_a_garbage_bearer_token_is_a_401():
    assert bearer("garbage").get("/api/v1/me/").status_code == 401


# --- job-seeker sign-up ---------------------------------------------------------------------------------------


def test_job_seeker_signup_creates_the_account_and_profile_with_the_terms_consent():
    response = signup_seeker()

    assert response.status_code == 202, response.content
    assert response.json()["confirm_by"] == "sms_code"  # the account says nothing more until the phone is proved
    user = User.objects.get(phone="+84987654321")
    assert user.role == "job_seeker" and user.username == "+84987654321" and user.email == "lan.nguyen@example.vn"
    assert not user.phone_is_verified
    job_seeker = JobSeeker.objects.get(user=user)
    assert job_seeker.full_name == "Nguyễn Thị Lan" and job_seeker.ward_id == "00070"
    assert job_seeker.citizen_id == seeker_payload()["citizen_id"]
    consents = list(job_seeker.consents.values_list("purpose", "withdrawn_at"))
    assert consents == [(ConsentPurpose.TERMS, None)]
    assert Notification.objects.filter(kind="one_time_code", address="+84987654321", channel="sms").count() == 1


def test_signup_with_only_an_email_logs_in_with_it():
    response = signup_seeker(phone="", citizen_id="")

    assert response.status_code == 202, response.content
    assert response.json()["confirm_by"] == "email_link"
    assert User.objects.get(email="lan.nguyen@example.vn").username == "lan.nguyen@example.vn"
    assert Notification.objects.filter(kind="account_notice", address="lan.nguyen@example.vn").count() == 1


def test_signup_needs_a_phone_or_an_email():
    response = signup_seeker(phone="", email="")

    assert response.status_code == 400
    assert "phone" in response.json()


@pytest.mark.parametrize("accept", [False, None, "missing"])
def test_terms_must_be_accepted(accept):
    payload = seeker_payload()
    if accept == "missing":
        del payload["accept_terms"]
    else:
        payload["accept_terms"] = accept

    response = APIClient().post("/api/v1/auth/signup/job-seeker/", payload, format="json")

    assert response.status_code == 400
    assert "accept_terms" in response.json()
    assert not User.objects.filter(phone="+84987654321").exists()
    assert not ConsentRecord.objects.exists()


def test_false_terms_say_why():
    response = signup_seeker(accept_terms=False)

    assert response.json()["accept_terms"] == [
        "You must accept the terms of use and the processing of your personal data."
    ]


def test_declared_cohorts_carry_their_own_share_consent():
    response = signup_seeker(
        cohorts=[
            {"cohort": "disabled", "share_with_employers": True},
            {"cohort": "released_prisoner", "share_with_employers": False},
            {"cohort": "student_graduate"},  # no sharing unless asked: silence is not consent
        ]
    )

    assert response.status_code == 202, response.content
    job_seeker = JobSeeker.objects.get(user__phone="+84987654321")
    memberships = dict(
        CohortMembership.objects.filter(job_seeker=job_seeker).values_list("cohort", "share_with_employers")
    )
    assert memberships == {"disabled": True, "released_prisoner": False, "student_graduate": False}
    consents = sorted(
        (purpose, cohort or "") for purpose, cohort in job_seeker.consents.values_list("purpose", "cohort")
    )
    assert consents == [
        ("sensitive_cohort", "disabled"),
        ("sensitive_cohort", "released_prisoner"),
        ("share_cohort", "disabled"),
        ("terms", ""),
    ]
    assert all(text_version for text_version in job_seeker.consents.values_list("text_version", flat=True))


def test_an_unknown_cohort_is_a_400():
    response = signup_seeker(cohorts=[{"cohort": "astronaut", "share_with_employers": True}])

    assert response.status_code == 400
    assert "cohorts" in response.json()
    assert not JobSeeker.objects.exists()


@pytest.mark.parametrize(
    ("second", "owner_told_at"),
    [
        ({"phone": "+84 987 654 321", "email": "other@example.vn", "citizen_id": ""}, "+84987654321"),
        ({"phone": "0911111111", "email": "LAN.NGUYEN@example.vn", "citizen_id": ""}, "lan.nguyen@example.vn"),
    ],
)
def test_a_taken_phone_or_email_is_answered_as_a_new_account_and_its_owner_is_told(second, owner_told_at):
    """Issue 11 item 2: sign-up tells a stranger nothing about who is registered."""
    first = signup_seeker()

    response = signup_seeker(**second)

    assert response.status_code == first.status_code == 202
    assert set(response.json()) == set(first.json())
    assert JobSeeker.objects.count() == 1 and User.objects.count() == 1
    warning = Notification.objects.get(kind="account_notice", address=owner_told_at)
    assert "127.0.0.1:8000" in warning.body_text  # where to sign in or reset the password
    assert Notification.objects.filter(kind="one_time_code").count() == 1  # only the first account got a code


def test_a_citizen_id_held_by_another_record_goes_to_staff_and_does_not_refuse_its_owner():
    assert signup_seeker().status_code == 202

    response = signup_seeker(phone="0911111111", email="other@example.vn")

    assert response.status_code == 202, response.content
    claimant = JobSeeker.objects.get(user__phone="+84911111111")
    assert claimant.citizen_id is None
    claim = CitizenIdClaim.objects.get()
    assert (claim.claimant, claim.citizen_id, claim.status) == (claimant, seeker_payload()["citizen_id"], "open")
    assert claim.holder == JobSeeker.objects.get(user__phone="+84987654321")


def test_citizen_id_must_agree_with_sex_and_birth_year():
    wrong = build_citizen_id(province_code="001", sex="male", birth_year=1999, serial=1)

    response = signup_seeker(citizen_id=wrong)

    assert response.status_code == 400
    assert "citizen_id" in response.json()


def test_a_weak_password_is_refused():
    response = signup_seeker(password="12345678")

    assert response.status_code == 400
    assert "password" in response.json()


def test_a_province_is_not_a_ward():
    response = signup_seeker(ward="01")

    assert response.status_code == 400
    assert "ward" in response.json()


def test_signup_cannot_choose_its_role():
    response = signup_seeker(role="staff", is_staff=True, is_superuser=True)

    assert response.status_code == 202
    user = User.objects.get(phone="+84987654321")
    assert (user.role, user.is_staff, user.is_superuser) == ("job_seeker", False, False)


# --- employer sign-up ------------------------------------------------------------------------------------------


def test_employer_signup_is_pending_verification():
    response = signup_employer()

    assert response.status_code == 202, response.content
    assert response.json()["confirm_by"] == "email_link"
    user = User.objects.get(email="tuyendung@hoaphat-demo.vn")
    assert user.role == "employer" and user.username == "tuyendung@hoaphat-demo.vn"
    employer = user.employer
    assert employer.verification == "pending" and employer.verified_at is None
    assert employer.tax_code == employer_payload()["tax_code"]
    assert employer.phone == "+84912345678"


def test_employer_signup_cannot_verify_itself():
    response = signup_employer(verification="verified", verified_at="2026-01-01T00:00:00+07:00")

    assert response.status_code == 202
    assert Employer.objects.get().verification == "pending"


def test_wrong_tax_code_check_digit_is_a_400_with_the_message():
    good = build_tax_code("010123456")
    bad = good[:9] + str((int(good[9]) + 1) % 10)

    response = signup_employer(tax_code=bad)

    assert response.status_code == 400
    assert response.json()["tax_code"] == ["The tax code's check digit (10th digit) is wrong: please check the number."]
    assert not Employer.objects.exists()


def test_a_branch_tax_code_is_accepted():
    response = signup_employer(tax_code=build_tax_code("010123456") + "-001")

    assert response.status_code == 202, response.content
    assert Employer.objects.get().tax_code.endswith("-001")


def test_duplicate_tax_code_is_a_400():
    factories.EmployerFactory(tax_code=build_tax_code("010123456"))

    response = signup_employer()

    assert response.status_code == 400
    assert response.json()["tax_code"] == ["A company with this tax code is already registered."]


def test_a_taken_employer_email_is_answered_as_a_new_account():
    assert signup_employer().status_code == 202

    response = signup_employer(tax_code=build_tax_code("010123457") or build_tax_code("010123458"), phone="0912000111")

    assert response.status_code == 202
    assert Employer.objects.count() == 1
    assert Notification.objects.filter(kind="account_notice", address="tuyendung@hoaphat-demo.vn").count() == 2


def test_an_unverified_employer_cannot_ask_for_a_booth(fair):
    assert signup_employer().status_code == 202
    access = token("tuyendung@hoaphat-demo.vn").json()["access"]
    client = bearer(access)
    vacancy = client.post(
        "/api/v1/vacancies/", {"title": "Thợ tiện CNC", "occupation": "7223", "ward": "00070"}, format="json"
    )
    assert vacancy.status_code == 201, vacancy.content

    response = client.post(
        f"/api/v1/sessions/{fair.pk}/participations/", {"vacancies": [vacancy.json()["id"]]}, format="json"
    )

    assert response.status_code == 409
    assert response.json()["code"] == "employer_not_verified"
    assert response.json()["detail"]


# --- me -------------------------------------------------------------------------------------------------------

ME_FIELDS = {
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
    "profile",
}


def test_me_for_each_role(staff_user, employer_a_user, employer_a, seeker_a):
    staff = client_for(staff_user).get("/api/v1/me/").json()
    employer = client_for(employer_a_user).get("/api/v1/me/").json()
    seeker = client_for(seeker_a.user).get("/api/v1/me/").json()

    assert set(staff) == set(employer) == set(seeker) == ME_FIELDS
    assert (staff["role"], staff["employer"], staff["job_seeker"]) == ("staff", None, None)
    assert (employer["role"], employer["employer"], employer["job_seeker"]) == ("employer", employer_a.pk, None)
    assert (seeker["role"], seeker["employer"], seeker["job_seeker"]) == ("job_seeker", None, seeker_a.pk)
    assert staff["profile"] is employer["profile"] is None
    assert seeker["profile"]["full_name"] == seeker_a.full_name


def test_me_needs_signing_in(anon_client):
    assert anon_client.get("/api/v1/me/").status_code == 401
    assert anon_client.patch("/api/v1/me/", {"language": "en"}, format="json").status_code == 401


def test_a_job_seeker_changes_their_profile(seeker_a_client, seeker_a):
    response = seeker_a_client.patch(
        "/api/v1/me/",
        {"full_name": "  Trần  Văn   An  ", "ward": "00175", "language": "en", "wanted_salary": 12_000_000},
        format="json",
    )

    assert response.status_code == 200, response.content
    assert response.json()["language"] == "en"
    seeker_a.refresh_from_db()
    assert (seeker_a.full_name, seeker_a.ward_id, seeker_a.wanted_salary) == ("Trần Văn An", "00175", 12_000_000)
    assert User.objects.get(pk=seeker_a.user_id).language == "en"


def test_me_patch_cannot_change_role_or_identity(seeker_a_client, seeker_a):
    before = User.objects.values("role", "username", "email", "phone", "is_staff", "employer").get(pk=seeker_a.user_id)

    response = seeker_a_client.patch(
        "/api/v1/me/",
        {"role": "staff", "username": "admin", "email": "x@example.vn", "is_staff": True, "employer": 1, "id": 999},
        format="json",
    )

    assert response.status_code == 200
    after = User.objects.values("role", "username", "email", "phone", "is_staff", "employer").get(pk=seeker_a.user_id)
    assert after == before
    assert response.json()["role"] == "job_seeker" and response.json()["id"] == seeker_a.user_id


def test_an_employer_user_changes_its_language(employer_a_client, employer_a_user):
    response = employer_a_client.patch("/api/v1/me/", {"language": "en"}, format="json")

    assert response.status_code == 200
    assert User.objects.get(pk=employer_a_user.pk).language == "en"


def test_me_patch_validates(seeker_a_client):
    response = seeker_a_client.patch("/api/v1/me/", {"language": "fr", "wanted_salary": -1}, format="json")

    assert response.status_code == 400
    assert set(response.json()) == {"language", "wanted_salary"}


def test_me_patch_saves_what_the_web_profile_saves(seeker_a_client, seeker_a):
    changes = {
        "working_arrangement": "part_time",
        "experience": "lt1",
        "needs_wheelchair_access": True,
        "needs_sign_language": True,
        "needs_visual_assistance": True,
    }

    response = seeker_a_client.patch("/api/v1/me/", changes, format="json")

    assert response.status_code == 200
    seeker_a.refresh_from_db()
    assert {name: getattr(seeker_a, name) for name in changes} == changes


def test_me_patch_refuses_by_name_what_it_does_not_change_instead_of_dropping_it(seeker_a_client, seeker_a):
    before = (seeker_a.date_of_birth, seeker_a.sex, seeker_a.full_name)

    response = seeker_a_client.patch(
        "/api/v1/me/",
        {"date_of_birth": "1990-05-01", "sex": "female", "cohorts": [], "full_name": "Nguyễn Thị Mới"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="vi",
    )

    assert response.status_code == 400
    assert set(response.json()) == {"date_of_birth", "sex", "cohorts"}
    assert response.json()["sex"] == [
        "Không thay đổi được ở đây: cán bộ Trung tâm sửa sau khi kiểm tra giấy tờ; hãy gọi Trung tâm."
    ]
    seeker_a.refresh_from_db()
    assert (seeker_a.date_of_birth, seeker_a.sex, seeker_a.full_name) == before  # nothing saved


def test_me_patch_takes_a_wanted_occupation_of_the_list_only(seeker_a_client, seeker_a):
    refused = seeker_a_client.patch("/api/v1/me/", {"wanted_occupation": "99999"}, format="json")
    taken = seeker_a_client.patch("/api/v1/me/", {"wanted_occupation": "2411"}, format="json")

    assert refused.status_code == 400 and "99999" in str(refused.json()["wanted_occupation"])
    assert taken.status_code == 200
    seeker_a.refresh_from_db()
    assert seeker_a.wanted_occupation == "2411"


@pytest.mark.parametrize("born", ["2999-01-01", "1899-12-31"])
def test_signup_with_a_date_of_birth_that_cannot_be_is_a_400_naming_it(born):
    response = signup_seeker(date_of_birth=born, citizen_id="")

    assert response.status_code == 400
    assert set(response.json()) == {"date_of_birth"}
    assert not User.objects.exists()
