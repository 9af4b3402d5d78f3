"""Sign up, sign in and out, password reset, the job seeker's profile: errors inline, input kept, no 500."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import ConsentPurpose, ConsentRecord, Employer, JobSeeker, User
from accounts.validators import build_tax_code
from sessions.models import Notification
from tests import factories
from tests.helpers import (
    SIGNUP_ABOUT,
    SIGNUP_ACCOUNT,
    link_sent_to,
    refreshed,
    sign_up_in_steps,
    signup_step_url,
    sms_code_sent_to,
)
from tests.web.conftest import PASSWORD, client_for, errors_of

pytestmark = pytest.mark.django_db


def dob(day, month, year):
    return {"date_of_birth_day": day, "date_of_birth_month": month, "date_of_birth_year": year}


def finish_signup(client, phone: str):
    return client.post(reverse("accounts:signup_confirm"), {"code": sms_code_sent_to(phone)})


def test_signup_steps_have_every_consent_box_unticked(anon):
    factories.cohort()
    html = anon.get(signup_step_url(1)).content.decode()
    assert anon.post(signup_step_url(1), SIGNUP_ACCOUNT).status_code == 302
    html += anon.get(signup_step_url(2)).content.decode()
    assert anon.post(signup_step_url(2), SIGNUP_ABOUT).status_code == 302
    response = anon.get(signup_step_url(3))
    assert response.status_code == 200
    html += response.content.decode()
    for name in (
        "accept_terms",
        "notify_by_sms",
        "notify_by_email",
        "cohort_consent",
        "share_with_employers",
        "cohorts",
    ):
        tags = re.findall(rf'<input[^>]*name="{name}"[^>]*>', html)
        assert tags, name
        assert all("checked" not in tag for tag in tags), name
    assert "Who will see it" in html or "Ai sẽ thấy" in html


def test_signup_with_phone_signs_in_and_records_the_consents(anon):
    cohort = factories.cohort()
    response = sign_up_in_steps(
        anon,
        about={"notify_by_sms": "on"},
        cohort={"cohorts": [cohort.code], "cohort_consent": "on", "share_with_employers": "on"},
    )
    assert response.status_code == 302 and response.url == reverse("accounts:signup_confirm")
    assert anon.get(reverse("web:my_registrations")).status_code == 302  # not signed in before the code
    wrong = anon.post(reverse("accounts:signup_confirm"), {"code": "000000"})
    assert wrong.status_code == 200 and errors_of(wrong, "code")
    assert finish_signup(anon, "+84912345678").status_code == 302
    user = User.objects.get(phone="+84912345678")
    assert user.phone_is_verified
    assert user.check_password(SIGNUP_ACCOUNT["password1"])
    seeker = JobSeeker.objects.get(user=user)
    assert seeker.notify_by_sms is True and seeker.notify_by_email is False
    assert seeker.cohort_memberships.get().share_with_employers is True
    purposes = set(ConsentRecord.objects.filter(job_seeker=seeker).values_list("purpose", flat=True))
    assert {
        ConsentPurpose.TERMS,
        ConsentPurpose.SMS,
        ConsentPurpose.SENSITIVE_COHORT,
        ConsentPurpose.SHARE_COHORT,
    } <= purposes
    assert ConsentPurpose.EMAIL not in purposes
    assert anon.get(reverse("web:my_registrations")).status_code == 200  # signed in


def test_signup_follows_next_to_the_registration_page(anon, fair):
    target = reverse("web:register", args=[fair.pk])
    sign_up_in_steps(anon, next_url=target)
    response = finish_signup(anon, "+84912345678")
    assert response.status_code == 302 and response.url == target
    anon.post(reverse("accounts:logout"))
    sign_up_in_steps(anon, account={"phone": "0987654321"}, next_url="https://evil.example")
    evil = finish_signup(anon, "+84987654321")
    assert evil.url == reverse("web:home")


def test_signup_errors_are_next_to_the_fields_and_the_input_is_kept(anon):
    data = {**SIGNUP_ACCOUNT, "phone": "", "email": "mai@", "accept_terms": "", "password2": "other"}
    response = anon.post(signup_step_url(1), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert errors_of(response, "email")
    assert errors_of(response, "accept_terms")
    assert errors_of(response, "password2")
    assert 'value="mai@"' in html
    assert 'id="error-summary"' in html
    assert User.objects.count() == 0


def test_a_taken_phone_is_answered_as_a_new_account_and_its_owner_is_told(anon):
    factories.JobSeekerFactory(user=factories.UserFactory(phone="+84912345678"))
    users = User.objects.count()

    response = sign_up_in_steps(anon)
    page = anon.get(response.url)

    assert response.status_code == 302 and response.url == reverse("accounts:signup_confirm")
    assert "+84912345678" in page.content.decode()  # "we have sent a code to …", as for a new account
    assert User.objects.count() == users
    assert Notification.objects.filter(kind="account_notice", address="+84912345678", channel="sms").exists()
    assert not Notification.objects.filter(kind="one_time_code").exists()


def test_signup_service_errors_come_back_next_to_the_field(anon):
    response = anon.post(signup_step_url(1), {**SIGNUP_ACCOUNT, "phone": "12345"})
    assert errors_of(response, "phone")
    response = anon.post(
        signup_step_url(1), {**SIGNUP_ACCOUNT, "phone": "0977111222", "password1": "123", "password2": "123"}
    )
    assert errors_of(response, "password1")
    assert anon.post(signup_step_url(1), {**SIGNUP_ACCOUNT, "phone": "0977111223"}).status_code == 302
    response = anon.post(
        signup_step_url(2),
        {**SIGNUP_ABOUT, "citizen_id": "001098012345", "sex": "female", **dob("1", "1", "1998")},
    )
    assert errors_of(response, "citizen_id")


def test_signup_cohort_needs_its_own_consent(anon):
    cohort = factories.cohort()
    response = sign_up_in_steps(anon, cohort={"cohorts": [cohort.code]})
    assert response.status_code == 200
    assert errors_of(response, "cohort_consent")
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    "step,data",
    [
        (1, {}),
        (2, {}),
        (
            2,
            {
                "full_name": "x" * 5000,
                "date_of_birth_day": "31",
                "date_of_birth_month": "02",
                "date_of_birth_year": "1990",
                "sex": "other",
                "province": "zz",
                "ward": "<b>",
            },
        ),
        (1, {"phone": "☎☎☎", "accept_terms": "maybe"}),
        (3, {"cohorts": ["nope", "disabled"]}),
        (2, {"full_name": "\x00", "citizen_id": "１２３", "date_of_birth_day": "１", "date_of_birth_year": "x" * 5000}),
        (1, {"email": "not-an-email", "password1": "\x00"}),
    ],
)
def test_signup_never_fails_on_garbage(anon, step, data):
    if step > 1:
        assert anon.post(signup_step_url(1), SIGNUP_ACCOUNT).status_code == 302
    if step > 2:
        assert anon.post(signup_step_url(2), SIGNUP_ABOUT).status_code == 302
    assert anon.post(signup_step_url(step), data).status_code == 200


def test_employer_signup_wrong_check_digit_is_explained(anon):
    ward = factories.ward()
    good = build_tax_code("010012345")
    wrong = good[:9] + str((int(good[9]) + 1) % 10)
    data = {
        "name": "Công ty Cổ phần Bánh kẹo Hà Nội",
        "tax_code": wrong,
        "ownership": "non_state",
        "vsic_section": "C",
        "province": "01",
        "ward": ward.code,
        "contact_name": "Trần Văn Nam",
        "phone": "0903 123 456",
        "email": "tuyendung@banhkeo.vn",
        "password1": "Ke-hoach-xuan-2026",
        "password2": "Ke-hoach-xuan-2026",
    }
    response = anon.post(reverse("accounts:signup_employer"), data)
    assert response.status_code == 200
    assert "10" in errors_of(response, "tax_code")  # the 10th digit, the check digit
    assert f'value="{wrong}"' in response.content.decode()
    response = anon.post(reverse("accounts:signup_employer"), {**data, "tax_code": good})
    assert response.status_code == 302 and response.url == reverse("accounts:signup_confirm")
    assert "tuyendung@banhkeo.vn" in anon.get(response.url).content.decode()  # "open the link we sent"
    opened = anon.get(link_sent_to("tuyendung@banhkeo.vn"))
    assert opened.status_code == 302 and opened.url == reverse("employer:dashboard")
    assert User.objects.get(email="tuyendung@banhkeo.vn").email_is_verified
    employer = Employer.objects.get(tax_code=good)
    assert employer.verification == "pending"
    dashboard = anon.get(reverse("employer:dashboard"))
    assert 'id="awaiting-verification"' in dashboard.content.decode()


def test_employer_signup_survives_garbage(anon):
    assert (
        anon.post(reverse("accounts:signup_employer"), {"tax_code": "abc", "ward": "x", "ownership": "z"}).status_code
        == 200
    )


def test_login_with_phone_or_email_lands_in_the_right_area(anon, seeker, employer_user):
    seeker.user.phone = "+84911222333"
    seeker.user.save()
    response = anon.post(reverse("accounts:login"), {"username": "0911 222 333", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("web:my_registrations")
    anon.post(reverse("accounts:logout"))
    response = anon.post(reverse("accounts:login"), {"username": employer_user.email, "password": PASSWORD})
    assert response.url == reverse("employer:dashboard")


def test_login_error_is_shown_and_username_kept(anon, seeker):
    response = anon.post(reverse("accounts:login"), {"username": "lan@example.vn", "password": "wrong"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'value="lan@example.vn"' in html


def test_password_reset_by_email(anon, seeker):
    seeker.user.email = "lan@example.vn"
    seeker.user.save()
    assert anon.post(reverse("accounts:password_reset"), {"email": "lan@example.vn"}).status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = anon.get(link, follow=True)
    assert form_page.status_code == 200
    post_url = form_page.redirect_chain[-1][0]
    response = anon.post(post_url, {"new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"})
    assert response.status_code == 302 and response.url == reverse("accounts:password_reset_complete")
    assert anon.get(response.url).status_code == 200
    seeker.user.refresh_from_db()
    assert seeker.user.check_password("Mat-khau-moi-2026")


def test_password_reset_for_unknown_email_says_the_same(anon):
    assert anon.post(reverse("accounts:password_reset"), {"email": "nobody@example.vn"}).status_code == 302
    assert len(mail.outbox) == 0
    assert anon.get("/accounts/reset/xx/yy/").status_code == 200  # "link not valid", not an error


def test_profile_is_for_job_seekers(anon, seeker_client, employer_client):
    url = reverse("accounts:profile")
    assert anon.get(url).status_code == 302
    assert employer_client.get(url).status_code == 403
    assert seeker_client.get(url).status_code == 200


def test_profile_says_sms_wait_for_the_phone_to_be_verified(seeker):
    user = seeker.user
    user.phone, user.verified_phone = seeker.phone, ""  # typed in at sign-up beside the e-mail, never confirmed
    user.save(update_fields=["phone", "verified_phone"])
    url = reverse("accounts:profile")

    unverified = client_for(user).get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    user.verified_phone = user.phone
    user.save(update_fields=["verified_phone"])
    verified = client_for(user).get(url, HTTP_ACCEPT_LANGUAGE="vi").content.decode()

    hint = "Tin nhắn nhắc lịch và thông báo qua SMS chỉ được gửi đến số này sau khi số được xác minh."
    assert hint in unverified and "chưa xác minh" in unverified
    assert hint not in verified


def test_profile_saves_and_shows_errors_inline(seeker_client, seeker):
    url = reverse("accounts:profile")
    data = {
        "full_name": "Nguyễn Thị Lan Anh",
        "province": "01",
        "ward": seeker.ward_id,
        "wanted_occupation": "abc",
        "language": "vi",
        "notify_by_sms": "on",
    }
    response = seeker_client.post(url, data)
    assert response.status_code == 200
    assert errors_of(response, "wanted_occupation")
    assert 'value="Nguyễn Thị Lan Anh"' in response.content.decode()
    response = seeker_client.post(url, {**data, "wanted_occupation": "2411", "wanted_salary": "9000000"})
    assert response.status_code == 302
    seeker.refresh_from_db()
    assert (seeker.full_name, seeker.wanted_occupation, seeker.wanted_salary) == (
        "Nguyễn Thị Lan Anh",
        "2411",
        9_000_000,
    )


def test_profile_wanted_occupation_is_picked_by_name_like_a_vacancy_s(seeker_client, seeker):
    """Issue 13: the job seeker's wanted occupation uses the employer's searchable picker, not a bare code box."""
    url = reverse("accounts:profile")
    html = seeker_client.get(url).content.decode()
    assert 'list="id_wanted_occupation_options"' in html
    assert '<option value="2411 – Kế toán viên"></option>' in html
    data = {"full_name": seeker.full_name, "province": "01", "ward": seeker.ward_id, "language": "vi"}

    several = seeker_client.post(url, {**data, "wanted_occupation": "kế toán"})
    assert "2411 – Kế toán viên" in errors_of(several, "wanted_occupation")
    response = seeker_client.post(url, {**data, "wanted_occupation": "ke toan vien"})

    assert response.status_code == 302, errors_of(response, "wanted_occupation")
    assert refreshed(seeker).wanted_occupation == "2411"
    assert 'value="2411 – Kế toán viên"' in seeker_client.get(url).content.decode()


def test_profile_group_declare_and_stop_sharing(seeker_client, seeker, other_seeker):
    cohort = factories.cohort()
    response = seeker_client.post(reverse("accounts:cohort_declare"), {"cohort": cohort.code})
    assert response.status_code == 200 and errors_of(response, "cohort_consent")
    seeker_client.post(
        reverse("accounts:cohort_declare"),
        {"cohort": cohort.code, "cohort_consent": "on", "share_with_employers": "on"},
    )
    membership = seeker.cohort_memberships.get()
    assert membership.share_with_employers
    assert seeker_client.post(reverse("accounts:cohort_share_withdraw", args=[membership.pk])).status_code == 302
    membership.refresh_from_db()
    assert not membership.share_with_employers
    theirs = factories.cohort("student_graduate", sensitive=False, name_vi="Sinh viên", name_en="Student")
    from accounts.services import cohort_membership_declare

    other = cohort_membership_declare(job_seeker=other_seeker, cohort=theirs, share_with_employers=True, actor=None)
    assert seeker_client.post(reverse("accounts:cohort_share_withdraw", args=[other.pk])).status_code == 404


def test_csrf_is_required_on_forms(seeker):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "hết hạn" in response.content.decode() or "expired" in response.content.decode()
