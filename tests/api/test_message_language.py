"""API messages in the request's language (issue 12 item 10): the libraries' own messages (DRF's field errors, its
404, simplejwt's, django-filter's) come in Vietnamese on a Vietnamese request, like the project's own."""

import inspect

import pytest
from django.utils import translation
from rest_framework import exceptions, fields, relations, serializers

from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


def drf_messages() -> list[str]:
    """Every error message DRF's fields, relations and exceptions can answer with."""
    messages = []
    for module in (fields, relations, serializers):
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            messages += [str(text) for text in getattr(cls, "default_error_messages", {}).values()]
    for _name, cls in inspect.getmembers(exceptions, inspect.isclass):
        if issubclass(cls, exceptions.APIException) and cls is not exceptions.APIException:
            messages.append(str(cls.default_detail))
    return sorted(set(messages))


def test_every_drf_message_has_a_vietnamese_text():
    with translation.override("en"):
        english = drf_messages()
    with translation.override("vi"):
        untranslated = [text for text in english if translation.gettext(text) == text]

    assert len(english) > 60
    assert untranslated == []


def test_the_messages_of_the_issue_come_in_vietnamese(employer_a_user, employer_a, fair):
    client = client_for(employer_a_user)

    choice = client.post(
        "/api/v1/vacancies/", {"title": "Thợ hàn", "occupation": "7212", "experience": "private"}, format="json", **VI
    )
    pattern = client.post("/api/v1/vacancies/", {"title": "Thợ hàn", "occupation": "abc"}, format="json", **VI)
    missing_pk = client.post(
        f"/api/v1/sessions/{fair.pk}/participations/", {"vacancies": [999999]}, format="json", **VI
    )
    no_session = client.get("/api/v1/sessions/999999/", **VI)

    assert choice.status_code == 400 and choice.json()["experience"] == ['"private" không phải là lựa chọn hợp lệ.']
    assert pattern.json()["occupation"] == ["Giá trị không đúng định dạng yêu cầu."]
    assert missing_pk.status_code == 400
    assert missing_pk.json()["vacancies"] == ['Mã "999999" không hợp lệ: không có đối tượng này.']
    assert no_session.status_code == 404 and no_session.json()["detail"] == "Không tìm thấy."


def test_the_same_requests_answer_in_english_when_asked():
    client = client_for(factories.StaffFactory())

    no_session = client.get("/api/v1/sessions/999999/", HTTP_ACCEPT_LANGUAGE="en")

    assert no_session.json()["detail"] == "Not found."


def test_token_messages_come_in_vietnamese():
    refused = client_for(None).post("/api/v1/auth/token/refresh/", {"refresh": "x"}, format="json", **VI)

    assert refused.status_code == 401
    assert refused.json()["detail"] == "Mã truy cập không hợp lệ"
