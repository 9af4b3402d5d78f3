"""RegistrationOutputSerializer writes its answer out directly (to_representation): it must say what DRF would say
walking the declared fields, which the OpenAPI schema is made from, for every kind of registration."""

from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework import serializers

from sessions.api.serializers import RegistrationOutputSerializer
from sessions.models import SessionFormat, SessionStatus
from tests import factories

pytestmark = pytest.mark.django_db


def by_the_fields(registration, context=None) -> dict:
    """The answer as DRF makes it from the serializer's fields."""
    serializer = RegistrationOutputSerializer(registration, context=context or {})
    return dict(serializers.ModelSerializer.to_representation(serializer, registration))


def written_out(registration, context=None) -> dict:
    return dict(RegistrationOutputSerializer(registration, context=context or {}).data)


def test_a_confirmed_registration_with_vacancies_reads_the_same_both_ways():
    booth = factories.ParticipationFactory()
    registration = factories.RegistrationFactory(session=booth.session, confirmed_at=timezone.now())
    registration.vacancies.set(booth.vacancies.all())
    answer = written_out(registration)
    assert answer == by_the_fields(registration)
    assert answer["vacancies"] == [booth.vacancies.get().pk] and answer["status"] == "confirmed"
    assert answer["confirmed_at"].endswith("+07:00")  # in the centre's time zone, as DRF gives it


def test_a_waitlisted_registration_gives_its_place_from_the_context_or_from_the_database():
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    factories.RegistrationFactory(session=session)
    waiting = factories.RegistrationFactory(session=session, status="waitlisted")
    assert written_out(waiting)["waitlist_position"] == 1 == by_the_fields(waiting)["waitlist_position"]
    context = {"waitlist_positions": {waiting.pk: 4}}
    assert written_out(waiting, context) == by_the_fields(waiting, context)
    assert written_out(waiting, context)["waitlist_position"] == 4


def test_a_registration_at_a_cancelled_session_reads_as_cancelled_both_ways():
    session = factories.JobSessionFactory(status=SessionStatus.CANCELLED, cancel_reason="Bão số 3")
    registration = factories.RegistrationFactory(session=session, status="waitlisted")
    answer = written_out(registration)
    assert answer == by_the_fields(registration)
    assert answer["status"] == "cancelled" and answer["session_cancel_reason"] == "Bão số 3"
    assert answer["waitlist_position"] is None


def test_a_checked_in_registration_at_an_online_session_with_a_room_reads_the_same_both_ways():
    session = factories.JobSessionFactory(format=SessionFormat.ONLINE, venue=None, ward=None)
    booth = factories.ParticipationFactory(session=session, online_room_url="https://meet.example.vn/phong-1")
    registration = factories.RegistrationFactory(
        session=session, status="attended", checked_in_at=timezone.now() - timedelta(minutes=5)
    )
    registration.vacancies.set(booth.vacancies.all())
    answer = written_out(registration)
    assert answer == by_the_fields(registration)
    assert [room["online_room_url"] for room in answer["online_rooms"]] == ["https://meet.example.vn/phong-1"]


def test_a_list_of_registrations_reads_the_same_both_ways():
    registrations = factories.RegistrationFactory.create_batch(3)
    listed = RegistrationOutputSerializer(registrations, many=True).data
    assert [dict(row) for row in listed] == [by_the_fields(registration) for registration in registrations]
