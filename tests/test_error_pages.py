"""A database out of reach for a moment (a restart, a failover) answers 503 with Retry-After, in the request's
language, on the API and on the pages; any other server error stays a 500 (jobfair/error_pages.py)."""

import json

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.utils import translation
from rest_framework.test import APIClient

from jobfair.error_pages import server_error
from sessions import selectors

pytestmark = pytest.mark.django_db


def _database_gone(*args, **kwargs):
    raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')


def test_the_api_answers_503_with_retry_after_while_the_database_is_out_of_reach(monkeypatch):
    monkeypatch.setattr(selectors, "sessions_visible_to", _database_gone)
    response = APIClient().get("/api/v1/sessions/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response.json() == {
        "code": "service_unavailable",
        "detail": "Hệ thống đang tạm gián đoạn. Vui lòng thử lại sau vài giây.",
    }


def _answer_while_raising(exc, path):
    request = RequestFactory().get(path)
    try:
        raise exc
    except Exception:  # handler500 runs while the exception is being handled
        return server_error(request)


def test_a_page_answers_503_in_both_languages_while_the_database_is_out_of_reach():
    response = _answer_while_raising(OperationalError("server closed the connection unexpectedly"), "/sessions/")
    assert response.status_code == 503 and response["Retry-After"] == "5"
    page = response.content.decode()
    assert "Hệ thống đang tạm gián đoạn" in page and "The service is briefly unavailable" in page


def test_an_api_path_failing_before_the_view_answers_json():
    with translation.override("en"):
        response = _answer_while_raising(OperationalError("connection refused"), "/api/v1/registrations/")
    assert response.status_code == 503
    assert (
        json.loads(response.content)["detail"]
        == "The service is briefly unavailable. Please try again in a few seconds."
    )


def test_any_other_server_error_stays_a_500_without_retry_after():
    page = _answer_while_raising(RuntimeError("a bug"), "/sessions/")
    api = _answer_while_raising(RuntimeError("a bug"), "/api/v1/sessions/")
    assert (page.status_code, api.status_code) == (500, 500)
    assert "Retry-After" not in page and "Retry-After" not in api
    assert "Xin lỗi, hệ thống đang gặp sự cố" in page.content.decode()
