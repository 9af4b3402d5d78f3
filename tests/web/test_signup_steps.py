"""The job seeker's sign-up in three short steps (issue 13 item 1): every error of a step at once, the draft kept
between the steps and on going back, the date of birth in day/month/year boxes, the account made at the end."""

import pytest

from accounts.models import JobSeeker, User
from tests.helpers import SIGNUP_ABOUT, SIGNUP_ACCOUNT, sign_up_in_steps, signup_step_url
from tests.web.conftest import errors_of

pytestmark = pytest.mark.django_db

NO_PASSWORD = {"password1": "", "password2": ""}


def dob(day, month, year):
    return {"date_of_birth_day": day, "date_of_birth_month": month, "date_of_birth_year": year}


def test_each_step_shows_its_progress(anon):
    assert "Bước 1/3" in anon.get(signup_step_url(1)).content.decode()
    anon.post(signup_step_url(1), SIGNUP_ACCOUNT)
    assert "Bước 2/3" in anon.get(signup_step_url(2)).content.decode()
    anon.post(signup_step_url(2), SIGNUP_ABOUT)
    assert "Bước 3/3" in anon.get(signup_step_url(3)).content.decode()


def test_a_later_step_is_reached_only_through_the_earlier_ones(anon):
    response = anon.get(signup_step_url(3))
    assert response.status_code == 302 and response.url == signup_step_url(1)


def test_step_one_shows_every_error_at_once_in_the_summary_and_next_to_each_field(anon):
    response = anon.post(
        signup_step_url(1), {"phone": "12345", "email": "mai@", "password1": "", "password2": "", "accept_terms": ""}
    )
    html = response.content.decode()
    assert response.status_code == 200
    for field in ("phone", "email", "password1", "password2", "accept_terms"):
        assert errors_of(response, field), field
        assert f'href="#id_{field}"' in html, field  # the summary links to the field
    assert 'id="error-summary"' in html


def test_the_summary_gives_a_ticked_box_s_error_alone_not_after_its_sentence(anon):
    response = anon.post(signup_step_url(1), {**SIGNUP_ACCOUNT, "accept_terms": ""})
    html = response.content.decode()
    assert '<a href="#id_accept_terms">Hãy đánh dấu ô này để tạo tài khoản.</a>' in html
    assert ".:" not in html


def test_an_empty_password_is_told_what_to_do_not_that_a_field_is_required(anon):
    response = anon.post(signup_step_url(1), {**SIGNUP_ACCOUNT, "password1": "", "password2": ""})
    assert "Hãy đặt mật khẩu." in errors_of(response, "password1")
    assert "Hãy nhập lại mật khẩu" in errors_of(response, "password2")
    assert "Trường này là bắt buộc" not in response.content.decode()


def test_the_password_rule_speaks_of_the_phone_typed(anon):
    response = anon.post(signup_step_url(1), {**SIGNUP_ACCOUNT, "password1": "0912345678a", "password2": "0912345678a"})
    assert "số điện thoại của bạn" in errors_of(response, "password1")
    assert "username" not in response.content.decode().lower().replace('autocomplete="username"', "")


def test_step_two_shows_every_error_at_once(anon):
    anon.post(signup_step_url(1), SIGNUP_ACCOUNT)
    response = anon.post(
        signup_step_url(2), {"full_name": " ", "citizen_id": "12", "province": "01", **dob("31", "02", "1990")}
    )
    assert response.status_code == 200
    assert errors_of(response, "full_name")
    assert errors_of(response, "date_of_birth")
    assert errors_of(response, "citizen_id")


def test_31_february_is_refused_with_a_clear_message(anon):
    anon.post(signup_step_url(1), SIGNUP_ACCOUNT)
    response = anon.post(signup_step_url(2), {**SIGNUP_ABOUT, **dob("31", "02", "1990")})
    assert errors_of(response, "date_of_birth") == "Tháng 2 năm 1990 không có ngày 31: hãy xem lại ngày."
    assert 'value="31"' in response.content.decode()


@pytest.mark.parametrize(
    "boxes,message",
    [
        (("", "3", "1998"), "Hãy nhập cả ngày."),
        (("27", "", ""), "Hãy nhập cả tháng và năm."),
        (("27", "13", "1998"), "Tháng phải là một số từ 1 đến 12."),
        (("27", "3", "98"), "Năm phải có 4 chữ số, ví dụ 1998."),
        (("a", "3", "1998"), "Hãy nhập ngày, tháng và năm bằng chữ số."),
        (("1", "1", "2999"), "Ngày phải là một ngày đã qua."),
    ],
)
def test_the_date_of_birth_boxes_say_what_is_wrong(anon, boxes, message):
    anon.post(signup_step_url(1), SIGNUP_ACCOUNT)
    response = anon.post(signup_step_url(2), {**SIGNUP_ABOUT, **dob(*boxes)})
    assert errors_of(response, "date_of_birth") == message


def test_the_draft_is_kept_going_back_and_forth_and_the_password_is_not_asked_again(anon):
    anon.post(signup_step_url(1), {**SIGNUP_ACCOUNT, "email": "mai@example.vn"})
    typed = {**SIGNUP_ABOUT, "citizen_id": "001198012345", "sex": "female", **dob("27", "3", "1998")}
    back = anon.post(signup_step_url(2), {**typed, "back": "1"})  # back without sending: nothing is lost
    assert back.status_code == 302 and back.url == signup_step_url(1)

    first = anon.get(signup_step_url(1)).content.decode()
    assert 'value="0912 345 678"' in first and 'value="mai@example.vn"' in first
    assert "Viec-lam-2026!" not in first  # the password is never shown back, nor kept in clear
    assert "Viec-lam-2026!" not in str(dict(anon.session))
    again = anon.post(signup_step_url(1), {**SIGNUP_ACCOUNT, "email": "mai@example.vn", **NO_PASSWORD})
    assert again.status_code == 302  # the password accepted first is kept (hashed)

    second = anon.get(signup_step_url(2)).content.decode()
    for value in ("Lê Thị Mai", "001198012345", "27", "1998"):
        assert f'value="{value}"' in second, value
    assert anon.post(signup_step_url(2), typed).status_code == 302
    assert anon.post(signup_step_url(3), {}).status_code == 302
    user = User.objects.get(phone="+84912345678")
    assert user.check_password("Viec-lam-2026!")
    seeker = JobSeeker.objects.get(user=user)
    assert seeker.citizen_id == "001198012345" and seeker.date_of_birth.isoformat() == "1998-03-27"


def test_a_changed_phone_asks_the_password_again(anon):
    anon.post(signup_step_url(1), SIGNUP_ACCOUNT)
    response = anon.post(signup_step_url(1), {**SIGNUP_ACCOUNT, "phone": "0987 654 321", **NO_PASSWORD})
    assert response.status_code == 200
    assert errors_of(response, "password1") == "Bạn đã đổi số điện thoại hoặc e-mail: hãy nhập lại mật khẩu."


def test_an_error_on_a_step_keeps_what_was_typed(anon):
    anon.post(signup_step_url(1), SIGNUP_ACCOUNT)
    response = anon.post(signup_step_url(2), {**SIGNUP_ABOUT, "citizen_id": "12", **dob("31", "02", "1990")})
    html = response.content.decode()
    assert 'value="Lê Thị Mai"' in html and 'value="12"' in html and 'value="1990"' in html


def test_the_last_step_creates_the_account_and_forgets_the_draft(anon):
    response = sign_up_in_steps(anon, about={**dob("27", "3", "1998"), "notify_by_email": "on"})
    assert response.status_code == 302
    seeker = JobSeeker.objects.get(user__phone="+84912345678")
    assert seeker.full_name == "Lê Thị Mai" and seeker.notify_by_email is True
    assert "job_seeker_signup_draft" not in anon.session


def test_the_service_takes_only_a_real_hash_as_the_kept_password():
    from django.core.exceptions import ValidationError

    from accounts import services

    with pytest.raises(ValidationError) as refused:
        services.job_seeker_signup(
            password_hash="Viec-lam-2026!", full_name="Lê Thị Mai", accept_terms=True, phone="0912345678"
        )
    assert "password" in refused.value.message_dict
    assert User.objects.count() == 0
