"""Signing in with the e-mail, the mobile number in any usual spelling, or the username (EmailOrPhoneBackend)."""

import pytest
from django.contrib.auth import authenticate
from django.test import RequestFactory

from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-2026"  # the factories' password


@pytest.fixture
def phone_user(db):
    return factories.UserFactory(
        username="+84912345678", email="huong.nguyen@example.vn", phone="+84912345678", password=PASSWORD
    )


@pytest.mark.parametrize(
    "login",
    ["huong.nguyen@example.vn", "Huong.Nguyen@Example.VN", "HUONG.NGUYEN@EXAMPLE.VN", " huong.nguyen@example.vn "],
)
def test_login_with_email_in_any_case(phone_user, login):
    assert authenticate(request=RequestFactory().post("/"), username=login, password=PASSWORD) == phone_user


@pytest.mark.parametrize(
    "login", ["0912345678", "+84912345678", "84912345678", "0912 345 678", "0912.345.678", "+84 912 345 678"]
)
def test_login_with_phone_in_any_spelling(phone_user, login):
    assert authenticate(request=RequestFactory().post("/"), username=login, password=PASSWORD) == phone_user


def test_login_with_username():
    admin = factories.StaffFactory(username="canbo.trungtam", email=None, password=PASSWORD)

    assert authenticate(request=RequestFactory().post("/"), username="canbo.trungtam", password=PASSWORD) == admin


@pytest.mark.parametrize("login", ["0912345678", "huong.nguyen@example.vn"])
def test_wrong_password_is_refused(phone_user, login):
    assert authenticate(request=RequestFactory().post("/"), username=login, password="mat-khau-sai") is None


@pytest.mark.parametrize("login", ["0912345678", "+84912345678", "huong.nguyen@example.vn"])
def test_inactive_user_is_refused(phone_user, login):
    phone_user.is_active = False
    phone_user.save(update_fields=["is_active"])

    assert authenticate(request=RequestFactory().post("/"), username=login, password=PASSWORD) is None


@pytest.mark.parametrize("login", ["0987654321", "khac@example.vn", "nguoi.la", ""])
def test_unknown_login_is_refused(phone_user, login):
    assert authenticate(request=RequestFactory().post("/"), username=login, password=PASSWORD) is None


def test_missing_password_is_refused(phone_user):
    assert authenticate(request=RequestFactory().post("/"), username="0912345678", password=None) is None
