"""Tokens that can be revoked (issue 11 item 4): a refresh token works once, logging out revokes it, and a password
change or reset, a deactivation by staff and an erasure end every token of that user; access tokens stay short."""

import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from accounts.models import Role
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-2026"


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tokens"}}


def sign_in(user) -> dict:
    response = APIClient().post("/api/v1/auth/token/", {"username": user.email, "password": PASSWORD}, format="json")
    assert response.status_code == 200, response.content
    return response.json()


def me_status(access: str) -> int:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client.get("/api/v1/me/").status_code


def refresh(token: str):
    return APIClient().post("/api/v1/auth/token/refresh/", {"refresh": token}, format="json")


def assert_every_token_ended(tokens: dict):
    assert me_status(tokens["access"]) == 401
    assert refresh(tokens["refresh"]).status_code == 401


@pytest.fixture
def seeker():
    return factories.JobSeekerFactory()


@pytest.fixture
def admin_client():
    superuser = factories.UserFactory(role=Role.STAFF, is_staff=True, is_superuser=True)
    client = Client()
    client.force_login(superuser)
    return client


def test_a_refresh_token_works_once_and_its_successor_works(seeker):
    tokens = sign_in(seeker.user)

    first = refresh(tokens["refresh"])
    again = refresh(tokens["refresh"])

    assert first.status_code == 200 and set(first.json()) == {"access", "refresh"}
    assert again.status_code == 401  # blacklisted after rotation
    assert refresh(first.json()["refresh"]).status_code == 200
    assert me_status(first.json()["access"]) == 200


def test_logout_revokes_the_refresh_token(seeker):
    tokens = sign_in(seeker.user)

    response = APIClient().post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]}, format="json")

    assert response.status_code == 204
    assert refresh(tokens["refresh"]).status_code == 401
    assert APIClient().post("/api/v1/auth/logout/", {"refresh": tokens["refresh"]}, format="json").status_code == 401
    assert APIClient().post("/api/v1/auth/logout/", {"refresh": "not-a-token"}, format="json").status_code == 401
    assert APIClient().post("/api/v1/auth/logout/", {}, format="json").status_code == 400


def test_resetting_the_password_ends_every_token(seeker):
    seeker.user.email = "lan@example.vn"
    seeker.user.save()
    tokens = sign_in(seeker.user)
    web = Client()
    web.post(reverse("accounts:password_reset"), {"email": "lan@example.vn"})
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    form_page = web.get(link, follow=True)

    done = web.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"}
    )

    assert done.status_code == 302
    assert_every_token_ended(tokens)


def test_changing_the_password_in_the_admin_ends_every_token(seeker, admin_client):
    tokens = sign_in(seeker.user)

    response = admin_client.post(
        reverse("admin:auth_user_password_change", args=[seeker.user.pk]),
        {"password1": "Mat-khau-moi-2026", "password2": "Mat-khau-moi-2026", "usable_password": "true"},
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert_every_token_ended(tokens)


def test_staff_deactivating_a_user_ends_every_token_even_after_reactivation(seeker, admin_client):
    tokens = sign_in(seeker.user)
    url = reverse("admin:accounts_user_change", args=[seeker.user.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None and name != "password"}
    data.update(groups=[], user_permissions=[], employer="", last_login_0="", last_login_1="")
    data["date_joined_0"], data["date_joined_1"] = "01/01/2026", "10:00:00"

    deactivated = admin_client.post(url, {**data, "is_active": ""})
    assert deactivated.status_code == 302, deactivated.context["adminform"].form.errors
    assert_every_token_ended(tokens)

    admin_client.post(url, {**data, "is_active": "on"})
    seeker.user.refresh_from_db()
    assert seeker.user.is_active
    assert refresh(tokens["refresh"]).status_code == 401  # blacklisted, not merely refused while inactive
    assert me_status(sign_in(seeker.user)["access"]) == 200  # signing in again works


def test_erasure_ends_every_token(seeker):
    tokens = sign_in(seeker.user)
    other_device = sign_in(seeker.user)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens['access']}")

    assert client.post("/api/v1/me/erasure-request/").status_code == 202

    assert_every_token_ended(tokens)
    assert_every_token_ended(other_device)


def test_access_tokens_stay_short(seeker):
    access = AccessToken(sign_in(seeker.user)["access"])

    assert 0 < access["exp"] - access["iat"] <= 15 * 60
