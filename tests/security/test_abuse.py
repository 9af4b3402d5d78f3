"""Brute force and abuse (issue 11 item 2): the client address comes from the proxy chain only as far as the trusted
proxies; failed sign-ins lock an account and an address out (django-axes) on the web login, the admin login and the
token endpoint alike, and staff can lift it; sign-up and password reset are limited per address and per target."""

import uuid

import pytest
from axes.models import AccessAttempt
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from accounts.models import Role, User
from jobfair.addresses import client_address
from tests import factories

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-2026"
LIMIT = 10  # LOGIN_FAILURE_LIMIT's default: the tenth failure locks


@pytest.fixture(autouse=True)
def _fresh_counters(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": f"abuse-{uuid.uuid4()}"}
    }


@pytest.fixture
def seeker():
    return factories.JobSeekerFactory(phone="+84912000111", user__phone="+84912000111")


def web_login(username, password, address="10.0.0.1", **extra):
    return Client().post(
        reverse("accounts:login"), {"username": username, "password": password}, REMOTE_ADDR=address, **extra
    )


def api_token(username, password, address="10.0.0.1", **extra):
    return APIClient().post(
        "/api/v1/auth/token/", {"username": username, "password": password}, format="json", REMOTE_ADDR=address, **extra
    )


# --- the client address --------------------------------------------------------------------------------------------


def request_from(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote} | ({"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {})
    return RequestFactory().get("/", **meta)


def test_without_a_trusted_proxy_the_socket_address_is_the_client(settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(request_from("203.0.113.7", "1.2.3.4")) == "203.0.113.7"


def test_behind_one_proxy_the_hop_it_saw_is_the_client_and_what_the_client_wrote_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 1

    assert client_address(request_from("127.0.0.1", "203.0.113.7")) == "203.0.113.7"
    assert client_address(request_from("127.0.0.1", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"  # spoofed left part
    assert client_address(request_from("127.0.0.1")) == "127.0.0.1"  # no header: the proxy itself
    assert client_address(request_from("127.0.0.1", "not-an-address")) == "127.0.0.1"


def test_rotating_forwarded_for_headers_does_not_escape_the_token_limits(seeker):
    """40 wrong passwords with a new X-Forwarded-For each time (the attack of the issue): refused long before."""
    statuses = [
        api_token(seeker.user.email, "wrong", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code for n in range(40)
    ]

    assert statuses[: LIMIT - 1] == [401] * (LIMIT - 1)
    assert set(statuses[LIMIT - 1 :]) == {429}  # the tenth failure locks


# --- lockout ---------------------------------------------------------------------------------------------------------


def test_the_web_login_locks_an_account_out_even_for_the_right_password(seeker):
    assert [web_login(seeker.user.email, "wrong").status_code for _ in range(LIMIT)] == [200] * (LIMIT - 1) + [429]

    locked = web_login(seeker.user.email, PASSWORD)

    assert locked.status_code == 429
    assert "Đăng nhập tạm dừng" in locked.content.decode()  # in the language of the page
    assert "_auth_user_id" not in locked.wsgi_request.session


def test_failures_from_many_addresses_lock_the_account(seeker):
    for n in range(LIMIT):
        web_login("0912 000 111" if n % 2 else "+84912000111", "wrong", address=f"10.1.0.{n}")  # any spelling

    assert web_login(seeker.user.email, PASSWORD, address="10.2.0.1").status_code == 429
    other = factories.JobSeekerFactory()
    assert web_login(other.user.email, PASSWORD, address="10.2.0.1").status_code == 302  # others sign in


def test_failures_on_many_accounts_lock_the_address(seeker):
    for n in range(LIMIT):
        web_login(f"nobody{n}@example.vn", "wrong", address="10.3.0.1")

    assert web_login(seeker.user.email, PASSWORD, address="10.3.0.1").status_code == 429
    assert web_login(seeker.user.email, PASSWORD, address="10.3.0.2").status_code == 302


def test_signing_in_to_ones_own_account_does_not_wipe_the_guesses_at_another(seeker):
    attacker = factories.JobSeekerFactory()
    for round_ in range(3):  # 9 guesses, the attacker signed in to their own account after every 3
        for n in range(3):
            assert web_login(seeker.user.email, f"guess-{round_}-{n}", address="10.6.0.1").status_code == 200
        assert web_login(attacker.user.email, PASSWORD, address="10.6.0.1").status_code == 302

    assert web_login(seeker.user.email, "guess-10", address="10.6.0.1").status_code == 429  # the tenth locks
    assert web_login(seeker.user.email, PASSWORD, address="10.6.0.2").status_code == 429  # the account
    assert web_login(attacker.user.email, PASSWORD, address="10.6.0.1").status_code == 429  # and the address


def test_the_admin_login_and_the_token_endpoint_share_the_lockout(seeker):
    staff = factories.StaffFactory()
    admin_login = reverse("admin:login")
    for _ in range(LIMIT // 2):
        Client().post(admin_login, {"username": staff.username, "password": "wrong"}, REMOTE_ADDR="10.4.0.1")
        api_token(staff.username, "wrong", address="10.4.0.2")

    by_admin = Client().post(admin_login, {"username": staff.username, "password": PASSWORD}, REMOTE_ADDR="10.4.0.3")
    by_token = api_token(staff.username, PASSWORD, address="10.4.0.4")

    assert by_admin.status_code == 429
    assert by_token.status_code == 429 and by_token.json()["detail"]
    assert api_token(seeker.user.email, PASSWORD, address="10.4.0.4").status_code == 200


def test_staff_lift_a_lockout_in_the_admin(seeker):
    for _ in range(LIMIT):
        web_login(seeker.user.email, "wrong")
    assert web_login(seeker.user.email, PASSWORD, address="10.5.0.1").status_code == 429
    superuser = factories.UserFactory(role=Role.STAFF, is_staff=True, is_superuser=True)
    admin = Client()
    admin.force_login(superuser)
    attempts = AccessAttempt.objects.all()
    assert admin.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200

    lifted = admin.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [a.pk for a in attempts], "post": "yes"},
    )

    assert lifted.status_code == 302
    assert web_login(seeker.user.email, PASSWORD, address="10.5.0.1").status_code == 302


def test_a_right_password_before_the_limit_starts_the_count_again(seeker):
    for _ in range(LIMIT - 1):
        web_login(seeker.user.email, "wrong")
    assert web_login(seeker.user.email, PASSWORD).status_code == 302

    assert web_login(seeker.user.email, "wrong").status_code == 200
    assert web_login(seeker.user.email, PASSWORD).status_code == 302


# --- sign-up and password reset ---------------------------------------------------------------------------------


def web_signup(address, phone, **fields):
    return Client().post(
        reverse("accounts:signup_job_seeker"),
        {"phone": phone, "email": "binh@", **fields},
        REMOTE_ADDR=address,
    )


def test_the_web_signup_is_limited_per_address_and_keeps_what_was_typed(settings):
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "signup": "3/hour"},
    }
    assert [web_signup("10.6.0.1", f"09120001{n:02d}").status_code for n in range(3)] == [200] * 3

    refused = web_signup("10.6.0.1", "0912000199")

    assert refused.status_code == 429
    html = refused.content.decode()
    assert 'value="binh@"' in html and 'id="error-summary"' in html
    assert web_signup("10.6.0.2", "0912000199").status_code == 200


def test_signups_aimed_at_one_phone_are_limited_from_any_address():
    statuses = [web_signup(f"10.7.0.{n}", "0912 000 222" if n % 2 else "+84912000222").status_code for n in range(6)]
    api = APIClient().post(
        "/api/v1/auth/signup/job-seeker/", {"phone": "0912000222"}, format="json", REMOTE_ADDR="10.7.1.1"
    )

    assert statuses == [200] * 5 + [429]
    assert api.status_code == 429  # the API counts the same target
    assert web_signup("10.7.0.9", "0912000333").status_code == 200


def test_fifteen_password_resets_for_one_victim_send_three_emails():
    victim = factories.JobSeekerFactory()
    User.objects.filter(pk=victim.user_id).update(email="victim@example.vn")

    statuses = [
        Client()
        .post(reverse("accounts:password_reset"), {"email": "victim@example.vn"}, REMOTE_ADDR=f"10.8.0.{n}")
        .status_code
        for n in range(15)
    ]

    assert statuses == [302] * 15  # the same answer every time: it tells nothing about the account
    assert len(mail.outbox) == 3


def test_password_resets_from_one_address_are_limited_with_a_message():
    statuses = [
        Client()
        .post(reverse("accounts:password_reset"), {"email": f"someone{n}@example.vn"}, REMOTE_ADDR="10.9.0.1")
        .status_code
        for n in range(11)
    ]

    assert statuses == [302] * 10 + [429]


# --- the centre's venue networks: a hall's Wi-Fi, many people behind one address -------------------------------


VENUE = "10.20.0.0/16"


def test_signups_from_a_venue_network_are_not_counted_per_address_but_per_phone(settings):
    settings.VENUE_NETWORKS = [VENUE]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "signup": "3/hour"},
    }

    at_the_venue = [web_signup("10.20.3.4", f"09120004{n:02d}").status_code for n in range(6)]
    by_api = APIClient().post(
        "/api/v1/auth/signup/job-seeker/", {"phone": "0912000499"}, format="json", REMOTE_ADDR="10.20.3.4"
    )
    elsewhere = [web_signup("10.21.3.4", f"09120005{n:02d}").status_code for n in range(4)]
    one_phone = [web_signup("10.20.3.4", "0912000600").status_code for _ in range(6)]

    assert at_the_venue == [200] * 6
    assert by_api.status_code != 429
    assert elsewhere == [200] * 3 + [429]  # outside the venue's network, the address's limit as before
    assert one_phone == [200] * 5 + [429]  # the phone number's limit holds at the venue too


def test_failed_sign_ins_at_a_venue_lock_the_account_and_not_the_hall(seeker, settings):
    settings.VENUE_NETWORKS = [VENUE]
    for n in range(LIMIT):
        web_login(f"nobody{n}@example.vn", "wrong", address="10.20.0.7")  # ten people mistyping

    assert web_login(seeker.user.email, PASSWORD, address="10.20.0.7").status_code == 302  # the hall signs in
    for _ in range(LIMIT):
        web_login("+84912000111", "wrong", address="10.20.0.7")
    assert web_login(seeker.user.email, PASSWORD, address="10.20.0.8").status_code == 429  # the account is locked
    other = factories.JobSeekerFactory()
    assert web_login(other.user.email, PASSWORD, address="10.20.0.7").status_code == 302


def test_the_token_endpoint_does_not_count_a_venue_address(seeker, settings):
    settings.VENUE_NETWORKS = [VENUE]
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "token": "3/minute"},
    }

    at_the_venue = [api_token(seeker.user.email, PASSWORD, address="10.20.1.1").status_code for _ in range(5)]
    elsewhere = [api_token(seeker.user.email, PASSWORD, address="10.22.1.1").status_code for _ in range(5)]

    assert at_the_venue == [200] * 5
    assert elsewhere == [200] * 3 + [429] * 2
