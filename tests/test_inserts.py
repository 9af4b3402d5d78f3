"""jobfair.inserts.insert_new: the rows it writes are those `save()` writes, in one statement."""

import pytest
from django.db import IntegrityError, transaction
from django.forms.models import model_to_dict
from django.utils import timezone

from accounts.models import AuditEvent
from jobfair.inserts import insert_new
from sessions.models import Notification, Registration
from tests.factories import JobSeekerFactory, JobSessionFactory, UserFactory, VenueFactory

pytestmark = pytest.mark.django_db


def _notice(person, key, text="x"):
    return Notification(
        channel=Notification.Channel.EMAIL,
        address="p@example.vn",
        kind=Notification.Kind.REGISTRATION_CONFIRMED,
        body_text=text,
        dedup_key=key,
        send_after=timezone.now(),
        job_seeker=person,
    )


def _stored(obj):
    row = type(obj).objects.get(pk=obj.pk)
    return {name: value for name, value in model_to_dict(row).items() if name != "id"}, row


def test_an_audit_event_is_stored_as_save_stores_it():
    actor = UserFactory()
    made = {"actor": actor, "action": "test.insert", "object_type": "x.y", "object_id": "7", "data": {"a": [1, "b"]}}
    saved = AuditEvent.objects.create(**made)
    inserted = AuditEvent(**made)

    insert_new([inserted])

    assert inserted.pk is not None and inserted.pk != saved.pk
    assert not inserted._state.adding and inserted._state.db == "default"
    saved_values, _saved_row = _stored(saved)
    inserted_values, inserted_row = _stored(inserted)
    assert inserted_values == saved_values  # the actor's id, the JSON data, every column
    assert inserted_row.created_at == inserted.created_at  # the automatic timestamp, set on the instance too
    assert abs(inserted_row.created_at - timezone.now()).total_seconds() < 60


def test_a_registration_keeps_its_defaults_and_timestamps():
    session, person = JobSessionFactory(), JobSeekerFactory()
    registration = Registration(session=session, job_seeker=person, status=Registration.Status.CONFIRMED)

    insert_new([registration])

    stored = Registration.objects.get(pk=registration.pk)
    assert stored.check_in_code == registration.check_in_code and len(stored.check_in_code) > 10
    assert stored.short_code == registration.short_code
    assert stored.source == Registration.Source.ONLINE
    assert stored.created_at == registration.created_at and stored.updated_at == registration.updated_at
    assert (stored.session_id, stored.job_seeker_id) == (session.pk, person.pk)


def test_several_rows_are_one_statement_and_get_their_keys_in_order(django_assert_num_queries):
    person = JobSeekerFactory()
    rows = [_notice(person, f"test-insert:{n}", text=f"text {n}") for n in range(3)]

    with django_assert_num_queries(1):
        insert_new(rows)

    assert [Notification.objects.get(pk=row.pk).body_text for row in rows] == ["text 0", "text 1", "text 2"]
    assert Notification.objects.get(pk=rows[0].pk).status == Notification.Status.PENDING  # the model's default


def test_a_parent_saved_after_it_was_assigned_gives_its_key():
    person = JobSeekerFactory()
    session = JobSessionFactory.build(venue=VenueFactory())
    registration = Registration(session=session, job_seeker=person, status=Registration.Status.CONFIRMED)
    session.save()

    insert_new([registration])

    assert Registration.objects.get(pk=registration.pk).session_id == session.pk


def test_a_refused_row_raises_integrity_error_and_writes_nothing():
    person = JobSeekerFactory()

    insert_new([_notice(person, "test-insert:taken")])
    with pytest.raises(IntegrityError), transaction.atomic():
        insert_new([_notice(person, "test-insert:new"), _notice(person, "test-insert:taken")])

    assert list(Notification.objects.values_list("dedup_key", flat=True)) == ["test-insert:taken"]


def test_nothing_to_insert_asks_nothing(django_assert_num_queries):
    with django_assert_num_queries(0):
        insert_new([])
