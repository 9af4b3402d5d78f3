"""Issue 13 item 4: employers choose an occupation by its name from the centre's list (VSCO 2020), see names not
codes, see where their verification stands without booth buttons that lead to a refusal, and hear the decision."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Occupation
from accounts.services import employer_verify
from sessions.models import Notification, Vacancy
from tests import factories
from tests.web.conftest import client_for, errors_of

pytestmark = pytest.mark.django_db

VACANCY = {
    "title": "Kế toán tổng hợp",
    "quantity": "2",
    "province": "01",
    "ward": "00070",
    "experience": "none",
    "working_arrangement": "full_time",
    "purpose": "long_term",
}


def test_the_migration_loads_the_10_major_groups_and_the_43_two_digit_groups():
    assert Occupation.objects.filter(level=1).count() == 10
    assert Occupation.objects.filter(level=2).count() == 43
    assert Occupation.objects.get(code="33").parent_id == "3"
    assert Occupation.objects.get(code="2411").parent_id == "24"


def test_staff_add_a_finer_occupation_under_a_known_group():
    occupation = Occupation(code="2412", name="Chuyên viên tư vấn tài chính")
    occupation.full_clean()
    occupation.save()
    assert (occupation.level, occupation.parent_id) == (4, "24")


def test_a_code_under_no_known_group_is_refused_with_the_reason():
    with pytest.raises(ValidationError) as refused:
        Occupation(code="9911", name="Nghề không có nhóm").full_clean()
    assert "99" in str(refused.value.message_dict["code"])


def test_the_admin_refuses_a_code_under_no_known_group(admin_client):
    response = admin_client.post("/admin/accounts/occupation/add/", {"code": "9911", "name": "Nghề không có nhóm"})
    assert response.status_code == 200
    assert not Occupation.objects.filter(code="9911").exists()
    assert "99" in response.content.decode()


def test_the_employer_picks_the_occupation_by_typing_part_of_its_name(employer_client, employer):
    response = employer_client.post(reverse("employer:vacancy_create"), {**VACANCY, "occupation": "kế toán viên"})
    assert response.status_code == 302, errors_of(response, "occupation")
    assert Vacancy.objects.get(employer=employer, title="Kế toán tổng hợp").occupation == "2411"


def test_the_name_typed_without_diacritics_also_finds_the_occupation(employer_client, employer):
    response = employer_client.post(reverse("employer:vacancy_create"), {**VACANCY, "occupation": "tho han"})
    assert response.status_code == 302
    assert Vacancy.objects.get(employer=employer).occupation == "7212"


def test_a_name_matching_several_occupations_comes_back_with_them_to_choose(employer_client):
    response = employer_client.post(reverse("employer:vacancy_create"), {**VACANCY, "occupation": "kế toán"})
    assert response.status_code == 200
    error = errors_of(response, "occupation")
    assert "2411 – Kế toán viên" in error and "3313 – Nhân viên kế toán" in error
    assert 'value="kế toán"' in response.content.decode()  # nothing typed is lost


def test_an_unknown_occupation_code_is_refused_on_the_form(employer_client):
    response = employer_client.post(reverse("employer:vacancy_create"), {**VACANCY, "occupation": "99999"})
    assert response.status_code == 200
    assert "99999" in errors_of(response, "occupation")


def test_the_vacancy_form_lists_the_occupation_names(employer_client):
    page = employer_client.get(reverse("employer:vacancy_create")).content.decode()
    assert 'list="id_occupation_options"' in page
    assert '<option value="2411 – Kế toán viên">' in page
    assert "Mã nghề (VSCO)" not in page


def test_an_unknown_occupation_code_is_a_400_on_the_api(employer_user):
    from rest_framework.test import APIClient

    client = APIClient()
    client.force_authenticate(employer_user)
    response = client.post(
        "/api/v1/vacancies/", {"title": "Thợ hàn", "occupation": "99999", "ward": "00070"}, format="json"
    )
    assert response.status_code == 400
    assert "99999" in response.json()["occupation"][0]


def test_pages_show_the_occupation_name_not_the_bare_code(employer_client, vacancy):
    listing = employer_client.get(reverse("employer:vacancies")).content.decode()
    assert "2411 – Kế toán viên" in listing
    detail = client_for().get(reverse("web:vacancy_detail", args=[vacancy.pk])).content.decode()
    assert "2411 – Kế toán viên" in detail


def test_a_pending_employer_sees_what_happens_next_and_no_booth_button(fair):
    employer = factories.EmployerFactory(verification="pending")
    user = factories.UserFactory(role="employer", employer=employer)
    page = client_for(user).get(reverse("employer:dashboard")).content.decode()
    assert 'id="what-happens-next"' in page
    assert 'id="booths-after-verification"' in page
    assert reverse("employer:booth_request", args=[fair.pk]) not in page


def test_a_verified_employer_sees_the_booth_button(employer_client, fair):
    page = employer_client.get(reverse("employer:dashboard")).content.decode()
    assert reverse("employer:booth_request", args=[fair.pk]) in page


def test_the_employer_is_told_when_staff_verify_it():
    employer = factories.EmployerFactory(verification="pending", notify_by_sms=True, phone="+84904111222")
    employer_verify(employer=employer, actor=factories.StaffFactory(), decision="verified")
    email = Notification.objects.get(employer=employer, kind="employer_verification", channel="email")
    assert "đã xác minh" in email.body_text
    sms = Notification.objects.get(employer=employer, kind="employer_verification", channel="sms")
    assert "da duoc xac minh" in sms.body_text


def test_the_success_message_is_a_focusable_region_at_the_top(employer_client, employer):
    response = employer_client.post(reverse("employer:vacancy_create"), {**VACANCY, "occupation": "2411"}, follow=True)
    page = response.content.decode()
    assert '<div class="messages" id="messages" tabindex="-1">' in page
