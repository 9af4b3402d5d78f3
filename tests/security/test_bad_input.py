"""Bad input never gets a 500 (issue 11 item 9): each case answers 400 with a message, and a corpus of hostile
values sent to every JSON endpoint of the API never reaches a server error."""

import json

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from tests import factories

DEEP_JSON = "[" * 1000 + "]" * 1000  # 2 KB that a recursive parser cannot read


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def staff_api(staff):
    api = APIClient()
    api.force_authenticate(staff)
    return api


def test_deeply_nested_json_is_a_400_for_the_anonymous_signup(db):
    response = APIClient().post("/api/v1/auth/signup/job-seeker/", data=DEEP_JSON, content_type="application/json")

    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]


def test_a_nul_byte_in_the_ward_lookup_is_a_400(client, db):
    response = client.get(reverse("accounts:ward_options"), {"province": "\x00"})

    assert response.status_code == 400


def test_a_nul_byte_in_the_signup_province_is_shown_next_to_the_field(client, db):
    from tests.helpers import SIGNUP_ACCOUNT, signup_step_url

    assert client.post(signup_step_url(1), SIGNUP_ACCOUNT).status_code == 302
    response = client.post(signup_step_url(2), {"province": "0\x001", "full_name": "Lê Mai"})

    assert response.status_code == 200
    assert "province" in response.context["form"].errors


@pytest.mark.parametrize("week", ["0001-01-01", "9999-12-31"])
def test_a_planner_week_at_the_end_of_the_calendar_is_a_400(staff_client, week):
    response = staff_client.get(reverse("staff:planner"), {"week": week})

    assert response.status_code == 400


def test_an_interview_row_that_is_not_a_number_is_a_400(staff_client):
    session = factories.JobSessionFactory()

    response = staff_client.post(reverse("staff:interviews", args=[session.pk]), {"interview": "abc"})

    assert response.status_code == 400


def test_a_session_in_year_1_is_a_400_on_the_api(staff_api):
    venue = factories.VenueFactory()
    response = staff_api.post(
        "/api/v1/sessions/",
        {
            "title": "Phiên năm 1",
            "kind": "periodic",
            "format": "in_person",
            "venue": venue.pk,
            "starts_at": "0001-01-01T08:00:00+07:00",
            "ends_at": "0001-01-01T11:00:00+07:00",
        },
        format="json",
    )

    assert response.status_code == 400
    assert "starts_at" in response.json()


def _json_endpoints():
    """Every API path that takes a JSON body (POST/PUT/PATCH), from the OpenAPI schema."""
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        for method in ("post", "put", "patch"):
            body = operations.get(method, {}).get("requestBody", {})
            if "application/json" in body.get("content", {}):
                yield method, path


HOSTILE_BODIES = [
    DEEP_JSON,
    '{"a": "\\u0000"}',
    json.dumps({"title": "\x00", "name": "\x00", "full_name": "\x00", "phone": "\x00", "code": "\x00"}),
    json.dumps({"quantity": 10**30, "job_seeker_capacity": 10**30, "employer_capacity": -(10**30), "year": 10**30}),
    json.dumps({"starts_at": "9999-12-31T23:59:59+07:00", "ends_at": "0001-01-01T00:00:00Z", "date": "0000-00-00"}),
    json.dumps({"vacancies": "abc", "venue": [1], "session": {"x": 1}, "status": 5, "result": None}),
    "[]",
    '"text"',
    "{not json",
]


def test_hostile_bodies_never_get_a_server_error(staff_api, staff):
    factories.JobSessionFactory()
    paths = list(_json_endpoints())
    assert len(paths) > 10
    failures = []
    for method, path in paths:
        url = path.replace("{id}", "1").replace("{pk}", "1")
        for body in HOSTILE_BODIES:
            response = getattr(staff_api, method)(url, data=body, content_type="application/json")
            if response.status_code >= 500:
                failures.append((method, url, body[:40], response.status_code))
    assert failures == []
