"""Staff sign in with a second factor (issue 11 item 5): an authenticator app (TOTP, django-otp) and recovery codes,
for the staff console, the admin and the token endpoint; required whenever DEBUG is off unless STAFF_2FA=off."""

import re
import sys
import time

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.models import Role
from tests import factories
from tests.security.test_deploy_settings import PRODUCTION, run

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-2026"


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    settings.STAFF_2FA_REQUIRED = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "2fa"}}


@pytest.fixture
def staff():
    return factories.StaffFactory()


def signed_in(user) -> Client:
    client = Client()
    response = client.post(reverse("accounts:login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def current_code(device, steps_ahead: int = 0) -> str:
    """The app's code; a code once used is refused (django-otp), so a second one comes from the next time step,
    which the device's tolerance accepts."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def enrol(client) -> tuple[TOTPDevice, list[str]]:
    page = client.get(reverse("accounts:two_factor_setup"))
    assert page.status_code == 200 and page.context["qr"].startswith("data:image/svg+xml")
    device = TOTPDevice.objects.get(user=page.wsgi_request.user, confirmed=False)
    done = client.post(reverse("accounts:two_factor_setup"), {"code": current_code(device), "next": "/staff/"})
    assert done.status_code == 200, done.content.decode()[:2000]
    codes = re.findall(r"<li>([a-z0-9]+)</li>", done.content.decode())
    return TOTPDevice.objects.get(pk=device.pk), codes


def test_a_staff_member_without_an_authenticator_is_sent_to_enrol_and_then_gets_in(staff):
    client = signed_in(staff)

    first = client.get("/staff/")
    to_setup = client.get(first.url)
    device, codes = enrol(client)

    assert first.status_code == 302 and first.url.startswith(reverse("accounts:two_factor"))
    assert to_setup.status_code == 302 and to_setup.url.startswith(reverse("accounts:two_factor_setup"))
    assert device.confirmed and len(codes) == 10
    assert client.get("/staff/").status_code == 200


def test_the_next_sign_in_asks_for_the_code_for_the_admin_and_the_console(staff):
    device, _codes = enrol(signed_in(staff))
    client = signed_in(staff)

    blocked = client.get("/admin/")
    right = client.post(reverse("accounts:two_factor"), {"code": current_code(device, 1), "next": "/admin/"})

    assert blocked.status_code == 302 and "two-factor" in blocked.url
    assert right.status_code == 302 and right.url == "/admin/"
    assert client.get("/admin/").status_code == 200
    assert client.get("/staff/").status_code == 200


def test_a_wrong_code_is_refused_and_slows_down_the_next_tries(staff):
    device, _codes = enrol(signed_in(staff))
    client = signed_in(staff)

    wrong = client.post(reverse("accounts:two_factor"), {"code": "000000", "next": "/admin/"})
    right_at_once = client.post(reverse("accounts:two_factor"), {"code": current_code(device, 1), "next": "/admin/"})

    assert wrong.status_code == 200 and "error-summary" in wrong.content.decode()
    assert right_at_once.status_code == 200  # django-otp's throttle: after a failure, a pause before the next try
    assert client.get("/admin/").status_code == 302


def test_a_recovery_code_works_once(staff):
    _device, codes = enrol(signed_in(staff))

    first = signed_in(staff)
    used = first.post(reverse("accounts:two_factor"), {"code": codes[0], "next": "/staff/"})
    again = signed_in(staff).post(reverse("accounts:two_factor"), {"code": codes[0], "next": "/staff/"})

    assert used.status_code == 302 and first.get("/staff/").status_code == 200
    assert again.status_code == 200  # refused: used up


def test_new_recovery_codes_replace_the_old_ones(staff):
    client = signed_in(staff)
    _device, old = enrol(client)

    page = client.post(reverse("accounts:two_factor_recovery"), {"next": "/staff/"})
    new = re.findall(r"<li>([a-z0-9]+)</li>", page.content.decode())

    assert len(new) == 10 and not set(new) & set(old)
    assert signed_in(staff).post(reverse("accounts:two_factor"), {"code": old[1]}).status_code == 200  # refused


def test_without_the_code_a_staff_session_reaches_no_api_and_cannot_enrol_another_phone(staff):
    enrol(signed_in(staff))
    client = signed_in(staff)

    api = client.get("/api/v1/employers/")
    setup = client.get(reverse("accounts:two_factor_setup"))

    assert api.status_code == 403 and api.json()["code"] == "second_factor_required"
    assert setup.status_code == 302  # an authenticator is set up: no second one without the code
    assert TOTPDevice.objects.filter(user=staff).count() == 1


def test_the_token_endpoint_asks_staff_for_the_code(staff):
    device, _codes = enrol(signed_in(staff))
    url = "/api/v1/auth/token/"
    credentials = {"username": staff.email, "password": PASSWORD}

    without = APIClient().post(url, credentials, format="json")
    right = APIClient().post(url, {**credentials, "otp": current_code(device, 1)}, format="json")
    wrong = APIClient().post(url, {**credentials, "otp": "123456"}, format="json")

    assert without.status_code == 401 and without.json()["code"] == "second_factor_required"
    assert right.status_code == 200 and set(right.json()) == {"access", "refresh"}
    assert wrong.status_code == 401


def test_employers_and_job_seekers_sign_in_as_before():
    seeker = factories.JobSeekerFactory()
    employer_user = factories.EmployerUserFactory()

    assert signed_in(seeker.user).get(reverse("web:my_registrations")).status_code == 200
    assert signed_in(employer_user).get(reverse("employer:dashboard")).status_code == 200
    body = {"username": seeker.user.email, "password": PASSWORD}
    token = APIClient().post("/api/v1/auth/token/", body, format="json")
    assert token.status_code == 200


def test_a_superuser_needs_it_too():
    superuser = factories.UserFactory(role=Role.STAFF, is_staff=True, is_superuser=True)

    response = signed_in(superuser).get("/admin/")

    assert response.status_code == 302 and response.url.startswith(reverse("accounts:two_factor"))


def setting_in_a_new_process(**env) -> str:
    code = "from django.conf import settings; print(settings.STAFF_2FA_REQUIRED)"
    result = run([sys.executable, "manage.py", "shell", "-c", code], **env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_required_whenever_debug_is_off_unless_turned_off_explicitly():
    assert setting_in_a_new_process(**PRODUCTION) == "True"
    assert setting_in_a_new_process(DEBUG="true") == "False"  # make run's demo staff sign in as before
    assert setting_in_a_new_process(**PRODUCTION, STAFF_2FA="off") == "False"


def test_check_deploy_warns_when_it_is_turned_off():
    result = run([sys.executable, "manage.py", "check", "--deploy"], **PRODUCTION, STAFF_2FA="off")

    assert "jobfair.W002" in result.stdout + result.stderr
