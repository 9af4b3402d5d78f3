"""Headers (issue 11 item 10): a Content-Security-Policy the pages pass without inline scripts, a
Permissions-Policy, and no caching of anything a signed-in person is shown."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories

pytestmark = pytest.mark.django_db
TEMPLATES = Path(__file__).resolve().parents[2]


def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    response = client.get(reverse("web:home"))

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def test_no_page_template_has_an_inline_script():
    """A script without src would be blocked by the policy: every script is a static file."""
    offenders = []
    for template in TEMPLATES.glob("*/templates/**/*.html"):
        if "notifications" in template.parts:  # e-mails, not pages
            continue
        for tag in re.findall(r"<script\b[^>]*>", template.read_text()):
            if "src=" not in tag:
                offenders.append(f"{template}: {tag}")
    assert offenders == []


def test_a_permissions_policy_allows_only_the_desk_camera(client):
    policy = client.get(reverse("web:home"))["Permissions-Policy"]

    assert "camera=(self)" in policy
    assert "geolocation=()" in policy and "microphone=()" in policy


def test_pages_for_a_signed_in_person_are_never_cached(client):
    seeker = factories.JobSeekerFactory()
    client.force_login(seeker.user)

    for name in ("web:my_registrations", "web:my_data_export", "accounts:profile"):
        cache_control = client.get(reverse(name))["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, name


def test_staff_desk_and_employer_candidates_are_never_cached(client, staff):
    session = factories.JobSessionFactory()
    client.force_login(staff)

    assert "no-store" in client.get(reverse("staff:desk", args=[session.pk]))["Cache-Control"]


def test_api_answers_with_personal_data_are_never_cached():
    seeker = factories.JobSeekerFactory()
    api = APIClient()
    api.force_authenticate(seeker.user)

    cache_control = api.get("/api/v1/registrations/")["Cache-Control"]
    assert "private" in cache_control and "no-store" in cache_control


def test_public_pages_for_visitors_may_be_cached(client):
    assert "no-store" not in client.get(reverse("web:home")).get("Cache-Control", "")
