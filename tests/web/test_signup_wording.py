"""Issue 13 items 1 and 5: the words a job seeker meets (password rule, experience) and the centre's province
first."""

import re

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.urls import reverse

from accounts.forms import JobSeekerProfileForm, SignupAboutForm
from accounts.models import User
from accounts.provinces import provinces_centre_first
from sessions.models import JobSession
from sessions.web.public.forms import VacancySearchForm
from tests import factories
from tests.helpers import SIGNUP_ACCOUNT

pytestmark = pytest.mark.django_db


def _messages(password: str, user: User) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        return exc.messages
    return []


def test_a_password_like_the_phone_number_is_refused_naming_the_phone_number():
    messages = _messages("84912345678x", User(phone="+84912345678", username="+84912345678"))
    assert "Mật khẩu quá giống số điện thoại của bạn." in messages
    assert not any("tên đăng nhập" in message or "username" in message for message in messages)


def test_a_password_like_the_email_is_refused_naming_the_email():
    messages = _messages("maile1998", User(email="maile1998@example.com"))
    assert "Mật khẩu quá giống e-mail của bạn." in messages


def test_a_password_like_the_email_is_refused_in_english_too(settings):
    from django.utils import translation

    with translation.override("en"):
        messages = _messages("maile1998", User(email="maile1998@example.com"))
    assert "The password is too similar to your e-mail." in messages


def test_a_job_seeker_chooses_no_experience_yet_not_none_required():
    seeker = factories.JobSeekerFactory()
    labels = dict(JobSeekerProfileForm(job_seeker=seeker).fields["experience"].choices)
    assert labels["none"] == "Chưa có kinh nghiệm"


def test_province_lists_start_with_the_centre_province():
    assert provinces_centre_first().first().code == "01"
    assert VacancySearchForm(sessions=JobSession.objects.none()).fields["province"].queryset.first().code == "01"


@override_settings(CENTRE_PROVINCE_CODE="79")
def test_the_centre_province_is_a_setting():
    codes = [unit.code for unit in provinces_centre_first()]
    assert codes[0] == "79" and codes.index("01") > 0
    assert SignupAboutForm().initial["province"] == "79"


def test_the_signup_page_preselects_the_centre_province(anon):
    anon.post(reverse("accounts:signup_job_seeker"), SIGNUP_ACCOUNT)
    html = anon.get(reverse("accounts:signup_job_seeker_step", args=[2])).content.decode()
    options = re.findall(r'<option value="(\d+)"[^>]*>', re.search(r'name="province".*?</select>', html, re.S)[0])
    assert options[0] == "01"
    assert re.search(r'<option value="01"[^>]*selected', html)
