"""jobfair.serializers.FieldsBuiltOnce: a ModelSerializer's fields built from the model once per class, each instance
with copies of its own (RegistrationOutputSerializer, the answer of every registration)."""

import pytest
from rest_framework import serializers

from sessions.api.serializers import RegistrationOutputSerializer
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_model_fields_are_built_once_and_each_instance_has_its_own_copies(monkeypatch):
    RegistrationOutputSerializer().fields  # noqa: B018 - built here if no test built them before
    monkeypatch.setattr(serializers.ModelSerializer, "get_fields", lambda self: pytest.fail("built again"))
    first, second = RegistrationOutputSerializer(), RegistrationOutputSerializer()
    assert first.fields["status"] is not second.fields["status"]
    assert first.fields["status"].parent is first and second.fields["status"].parent is second


def test_method_fields_read_the_context_of_their_own_instance():
    registration = factories.RegistrationFactory(status="waitlisted")
    answers = [
        RegistrationOutputSerializer(registration, context={"waitlist_positions": {registration.pk: place}}).data
        for place in (3, 7)
    ]
    assert [answer["waitlist_position"] for answer in answers] == [3, 7]
    assert answers[0]["status"] == "waitlisted" and answers[0]["id"] == registration.pk
