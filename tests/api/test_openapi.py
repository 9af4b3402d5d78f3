"""The OpenAPI contract: the schema generates without a warning and validates; it is served at /api/schema/ and
the Swagger UI at /api/docs/ loads only our own static files (no CDN: the network is closed, DESIGN §6); each
operation lists the refusals it can give, and a refusal's body is as documented."""

import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from django.conf import settings as django_settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import override_settings
from django.urls import URLResolver, get_resolver
from rest_framework.test import APIClient

from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db


def test_spectacular_validates_without_warnings(tmp_path):
    target = tmp_path / "schema.yaml"

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    schema = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert schema["openapi"].startswith("3.")
    assert "jwtAuth" in schema["components"]["securitySchemes"]


def test_the_schema_is_served(client):
    yaml_response = client.get("/api/schema/")
    json_response = client.get("/api/schema/", {"format": "json"})

    assert yaml_response.status_code == 200
    assert json_response.status_code == 200
    assert json_response.json()["info"]["title"] == "Job-fair management API"


def _api_templates():
    def walk(patterns, prefix):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    for route in walk(get_resolver().url_patterns, ""):
        route = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", route)
        route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route).replace("^", "").replace("$", "")
        if route.startswith("api/v1/"):
            yield "/" + route


def test_every_api_route_is_in_the_schema(client):
    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]
    documented = {re.sub(r"\{\w+\}", "{}", path) for path in paths}

    missing = {route for route in _api_templates() if re.sub(r"\{\w+\}", "{}", route) not in documented}

    assert not missing


def test_swagger_ui_uses_only_our_own_static_files(client):
    response = client.get("/api/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert not re.search(r"https?://", html), re.findall(r"https?://[^\s\"'<>]+", html)
    assert not re.search(r"""(src|href)=["']//""", html)  # no protocol-relative links either
    assets = re.findall(r"""(?:src|href)=["'](/[^"']+)["']""", html)
    assert len(assets) >= 3, assets
    # the setup script is a file of its own (no inline script, for the Content-Security-Policy)
    [setup] = [asset for asset in assets if asset.startswith("/api/docs/?script")]
    assert "<script>" not in html
    for asset in assets:
        if asset == setup:
            continue
        assert asset.startswith("/static/"), asset
        assert finders.find(asset.removeprefix("/static/")), f"{asset} is not among our static files"
    script = client.get(setup.replace("&amp;", "&"))
    assert script.status_code == 200
    assert '"/api/schema/"' in script.content.decode()


def test_the_bundled_swagger_ui_loads_nothing_from_elsewhere():
    """The vendored bundle itself must not fetch code from a CDN (links in its licence text are fine)."""
    for name in ("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js"):
        path = finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{name}")
        text = Path(path).read_text(encoding="utf-8")
        assert not re.search(r"https?://(cdn\.jsdelivr|unpkg|cdnjs)", text), name


REGISTER = "/api/v1/sessions/{id}/registrations/"


@pytest.fixture
def schema(client):
    return client.get("/api/schema/", {"format": "json"}).json()


def documented(schema, path, method) -> dict:
    return schema["paths"][path][method]["responses"]


def test_each_operation_lists_the_refusals_it_can_give(schema):
    register = documented(schema, REGISTER, "post")
    public_list = documented(schema, "/api/v1/sessions/", "get")
    public_detail = documented(schema, "/api/v1/sessions/{id}/", "get")
    staff_report = documented(schema, "/api/v1/reports/summary/", "get")

    assert {"201", "200", "400", "401", "403", "404", "409", "429", "503"} <= set(register)
    assert "Retry-After" in register["429"]["headers"]
    assert "Retry-After" in register["503"]["headers"]
    assert {"400", "401"} <= set(public_list)  # its filters; a forged token
    assert "403" not in public_list and "404" not in public_list  # anyone may read the list
    assert "400" not in public_detail and "404" in public_detail
    assert "403" in staff_report


def _matches(schema, path, method, response):
    """The answer's status is documented for the operation, and its body is valid against what is documented."""
    answers = documented(schema, path, method)
    assert str(response.status_code) in answers, (response.status_code, sorted(answers))
    body_schema = answers[str(response.status_code)]["content"]["application/json"]["schema"]
    jsonschema.validate(response.json(), {**body_schema, "components": schema["components"]})


def test_the_refusals_are_answered_as_documented(schema, fair, seeker_a, seeker_b):
    seeker = client_for(seeker_a.user)
    register = REGISTER.replace("{id}", str(fair.pk))
    forged = APIClient(HTTP_AUTHORIZATION="Bearer not-a-token")

    invalid = seeker.post(register, {"vacancies": ["x"]}, format="json")
    unauthenticated = forged.post(register, {}, format="json")
    forbidden = seeker.get("/api/v1/reports/summary/")
    unknown = seeker.post(REGISTER.replace("{id}", "999999"), {}, format="json")
    rates = {**django_settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "registration": "1/minute"}
    with override_settings(REST_FRAMEWORK={**django_settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        first = client_for(seeker_b.user).post(register, {}, format="json")
        throttled = client_for(seeker_b.user).post(register, {}, format="json")

    assert [r.status_code for r in (invalid, unauthenticated, forbidden, unknown, throttled)] == [
        400,
        401,
        403,
        404,
        429,
    ]
    for response in (invalid, unauthenticated, unknown, throttled):
        _matches(schema, REGISTER, "post", response)
    _matches(schema, "/api/v1/reports/summary/", "get", forbidden)
    assert first.status_code == 201
    assert int(throttled["Retry-After"]) > 0
