"""The admin answers bad input as a bad request, never a 500: every parameter of every list filter of every list
page given a NUL byte, a word and a number past any column; every autocomplete field of every add form given a
value that cannot be a key."""

import pytest
from django.contrib import admin
from django.urls import reverse

from accounts.models import Role
from sessions.models import JobSession
from tests import factories

pytestmark = pytest.mark.django_db

HOSTILE = ["\x00", "abc", "²", "99999999999999999999"]


@pytest.fixture
def superuser_client(client):
    client.force_login(factories.UserFactory(role=Role.STAFF, is_staff=True, is_superuser=True))
    return client


def _url(model, view):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}")


def _filter_parameters(client, model) -> set[str]:
    page = client.get(_url(model, "changelist"))
    assert page.status_code == 200, model
    changelist = page.context["cl"]
    names = {"q", "o", "p", "session"}
    for spec in changelist.filter_specs:
        names.update(spec.expected_parameters())
    if changelist.date_hierarchy:
        names.update(f"{changelist.date_hierarchy}__{part}" for part in ("year", "month", "day"))
    return names


def test_every_list_filter_answers_hostile_values_without_a_server_error(superuser_client):
    factories.RegistrationFactory()
    failures = []
    for model in admin.site._registry:
        url = _url(model, "changelist")
        for name in sorted(_filter_parameters(superuser_client, model)):
            for value in HOSTILE:
                status = superuser_client.get(url, {name: value}).status_code
                if status >= 500:
                    failures.append((model.__name__, name, value, status))

    assert failures == []


def test_a_nul_byte_in_a_filter_is_a_400_in_the_persons_language(superuser_client):
    response = superuser_client.get(_url(JobSession, "changelist"), {"status__exact": "\x00"})

    assert response.status_code == 400
    assert "Yêu cầu có giá trị không hợp lệ" in response.content.decode()


def test_every_autocomplete_field_of_an_add_form_refuses_a_value_that_cannot_be_a_key(superuser_client):
    failures = []
    for model, model_admin in admin.site._registry.items():
        fields = model_admin.get_autocomplete_fields(None)
        for field in fields:  # an admin that takes no additions answers 403
            for value in HOSTILE:
                status = superuser_client.post(_url(model, "add"), {field: value}).status_code
                if status >= 500:
                    failures.append((model.__name__, field, repr(value), status))

    assert failures == []
