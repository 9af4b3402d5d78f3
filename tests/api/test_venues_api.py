"""Venues: anyone reads active venues, staff also retired ones; only staff create and change them."""

import pytest

from accounts.models import AuditEvent
from sessions.models import Venue
from tests import factories
from tests.api.conftest import count_queries

pytestmark = pytest.mark.django_db

VENUE_FIELDS = {
    "id",
    "name",
    "kind",
    "address",
    "ward",
    "booth_count",
    "seat_capacity",
    "accessible",
    "accessibility_notes",
    "is_active",
}


def new_venue(**overrides):
    return {
        "name": "Sàn giao dịch việc làm vệ tinh Đông Anh",
        "kind": "satellite_floor",
        "address": "Số 68 đường Cao Lỗ",
        "ward": "00070",
        "booth_count": 12,
        "seat_capacity": 150,
        "accessible": True,
        **overrides,
    }


def test_anyone_lists_active_venues_only(anon_client):
    active = factories.VenueFactory()
    factories.VenueFactory(is_active=False)

    response = anon_client.get("/api/v1/venues/")

    assert response.status_code == 200
    assert [row["id"] for row in response.json()["results"]] == [active.pk]
    assert set(response.json()["results"][0]) == VENUE_FIELDS
    assert response.json()["results"][0]["ward"] == active.ward_id


def test_staff_also_see_retired_venues(staff_client):
    factories.VenueFactory()
    factories.VenueFactory(is_active=False)

    response = staff_client.get("/api/v1/venues/")

    assert response.json()["count"] == 2


def test_venue_detail_for_anyone_and_filters(anon_client):
    venue = factories.VenueFactory(kind=Venue.Kind.EXTERNAL, accessible=False)
    factories.VenueFactory(kind=Venue.Kind.CENTRAL_FLOOR)

    assert anon_client.get(f"/api/v1/venues/{venue.pk}/").json()["name"] == venue.name
    by_kind = anon_client.get("/api/v1/venues/", {"kind": "external"}).json()
    assert [row["id"] for row in by_kind["results"]] == [venue.pk]
    accessible = anon_client.get("/api/v1/venues/", {"accessible": "false"}).json()
    assert [row["id"] for row in accessible["results"]] == [venue.pk]


def test_staff_create_a_venue_with_an_audit_event(staff_client, staff_user):
    response = staff_client.post("/api/v1/venues/", new_venue(), format="json")

    assert response.status_code == 201, response.content
    body = response.json()
    assert body["ward"] == "00070" and body["booth_count"] == 12 and body["is_active"] is True
    venue = Venue.objects.get(pk=body["id"])
    assert venue.name == "Sàn giao dịch việc làm vệ tinh Đông Anh"
    assert AuditEvent.objects.filter(action="venue.create", object_id=str(venue.pk), actor=staff_user).exists()


def test_staff_change_a_venue(staff_client):
    venue = factories.VenueFactory(booth_count=20)

    response = staff_client.patch(f"/api/v1/venues/{venue.pk}/", {"booth_count": 25}, format="json")

    assert response.status_code == 200
    assert response.json()["booth_count"] == 25
    venue.refresh_from_db()
    assert venue.booth_count == 25
    assert AuditEvent.objects.filter(action="venue.update", object_id=str(venue.pk)).get().data == {
        "fields": ["booth_count"],
        "changes": {"booth_count": [20, 25]},  # old → new (issue 12 item 3)
    }


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ward": "01"}, "ward"),  # a province, not a ward
        ({"ward": "99999"}, "ward"),
        ({"kind": "stadium"}, "kind"),
        ({"booth_count": -1}, "booth_count"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_venue_input_is_a_400_with_field_errors(staff_client, change, field):
    response = staff_client.post("/api/v1/venues/", new_venue(**change), format="json")

    assert response.status_code == 400
    assert field in response.json()


def test_blank_name_after_trimming_is_refused(staff_client):
    response = staff_client.post("/api/v1/venues/", new_venue(name="   "), format="json")

    assert response.status_code == 400
    assert "name" in response.json()


def test_only_staff_write_venues(anon_client, employer_a_client, seeker_a_client):
    venue = factories.VenueFactory()

    assert anon_client.post("/api/v1/venues/", new_venue(), format="json").status_code == 401
    assert employer_a_client.post("/api/v1/venues/", new_venue(), format="json").status_code == 403
    assert seeker_a_client.patch(f"/api/v1/venues/{venue.pk}/", {"name": "X"}, format="json").status_code == 403
    assert not Venue.objects.exclude(pk=venue.pk).exists()


def test_a_retired_venue_is_not_found_by_the_public(anon_client):
    venue = factories.VenueFactory(is_active=False)

    assert anon_client.get(f"/api/v1/venues/{venue.pk}/").status_code == 404


def test_read_only_fields_are_ignored(staff_client):
    response = staff_client.post(
        "/api/v1/venues/", new_venue(id=999_999, created_at="2020-01-01T00:00:00Z"), format="json"
    )

    assert response.status_code == 201
    assert response.json()["id"] != 999_999


def test_venue_list_queries_do_not_grow_with_rows(staff_user):
    factories.VenueFactory()
    one, response = count_queries(staff_user, "/api/v1/venues/")
    assert response.json()["count"] == 1
    factories.VenueFactory.create_batch(49)

    fifty, response = count_queries(staff_user, "/api/v1/venues/", page_size=100)

    assert response.json()["count"] == 50
    assert fifty == one
