"""A signed-in person changes their password: the current one first, tries limited, told on their own channel, and
every other sign-in and token ends."""

import pytest
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import AuditEvent
from sessions.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db
CURRENT = "Mat-khau-2026"  # the factories' password
NEW = "Mật-khẩu-mới-rất-dài-2026"
URL = reverse("accounts:password_change")


def _change(client, old=CURRENT, new=NEW, again=None):
    return client.post(URL, {"old_password": old, "new_password1": new, "new_password2": again or new})


@pytest.fixture
def seeker_client():
    user = factories.JobSeekerFactory(user__email="nguoi.tim.viec@example.vn").user
    client = Client()
    client.force_login(user)
    return client, user


def test_the_page_asks_for_a_sign_in_first(client):
    response = client.get(URL)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_the_page_is_in_vietnamese_and_reached_from_every_page(seeker_client):
    client, _user = seeker_client
    assert "Đổi mật khẩu" in client.get(reverse("web:home")).content.decode()
    page = client.get(URL).content.decode()
    assert "Nhập mật khẩu hiện tại" in page and 'name="old_password"' in page


def test_the_right_current_password_changes_it_keeps_this_sign_in_and_tells_the_person(seeker_client):
    client, user = seeker_client

    response = _change(client)

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW)
    assert client.get(reverse("web:my_registrations")).status_code == 200  # still signed in here
    assert AuditEvent.objects.filter(action="user.password_change", object_id=str(user.pk)).exists()
    notice = Notification.objects.get(address="nguoi.tim.viec@example.vn", kind="account_notice")
    assert notice.body_text.startswith("Mật khẩu của bạn tại") and "gọi cho trung tâm" in notice.body_text


def test_other_sign_ins_and_earlier_tokens_end(seeker_client):
    client, user = seeker_client
    elsewhere = Client()
    elsewhere.force_login(user)
    token = AccessToken.for_user(user)

    _change(client)

    assert elsewhere.get(reverse("web:my_registrations")).status_code == 302  # signed out there
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.get("/api/v1/me/").status_code == 401


def test_a_phone_only_person_is_told_by_sms(db):
    seeker = factories.JobSeekerFactory()
    user = seeker.user
    user.email, user.phone = None, seeker.phone  # signed up with a phone only: it is the login
    user.save(update_fields=["email", "phone"])
    client = Client()
    client.force_login(user)

    assert _change(client).status_code == 302

    notice = Notification.objects.get(address=user.phone, kind="account_notice")
    assert notice.channel == "sms" and notice.body_text.startswith("Mat khau cua ban tai")


def test_a_wrong_current_password_changes_nothing_and_says_so(seeker_client):
    client, user = seeker_client

    response = _change(client, old="khong-dung")

    assert response.status_code == 200
    assert response.context["form"].errors["old_password"]
    user.refresh_from_db()
    assert user.check_password(CURRENT)
    assert not AuditEvent.objects.filter(action="user.password_change").exists()


def test_a_weak_or_mistyped_new_password_is_refused(seeker_client):
    client, user = seeker_client

    assert _change(client, new="12345678").context["form"].errors["new_password2"]
    assert _change(client, again="Khac-hoan-toan-2026").context["form"].errors["new_password2"]
    user.refresh_from_db()
    assert user.check_password(CURRENT)


def test_tries_are_limited_per_account(seeker_client):
    client, user = seeker_client
    for _ in range(5):
        assert _change(client, old="khong-dung").status_code == 200

    response = _change(client)  # the right one, but past the limit

    assert response.status_code == 429
    assert response.context["form"].non_field_errors()
    user.refresh_from_db()
    assert user.check_password(CURRENT)
