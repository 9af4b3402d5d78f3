"""Issue 15 items 4 and 6: referrals in the API — staff record and move on anyone's, a job seeker reads their own
and records a next step they took themselves; the service's rules answer as field errors or refusals."""

import pytest

from accounts.models import AuditEvent
from sessions.models import Referral
from tests import factories

pytestmark = pytest.mark.django_db


def test_staff_refer_a_person_to_training_and_it_is_audited(staff_client, seeker_a):
    response = staff_client.post(
        "/api/v1/referrals/",
        {"job_seeker": seeker_a.pk, "kind": "training", "training_provider": "Trường Cao đẳng nghề Hà Nội"},
        format="json",
    )

    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["kind"], body["status"], body["recorded_by_the_person"]) == ("training", "referred", False)
    assert AuditEvent.objects.filter(action="referral.create", object_id=str(body["id"])).exists()


def test_what_a_kind_needs_is_a_field_error_in_the_requests_language(staff_client, seeker_a):
    response = staff_client.post(
        "/api/v1/referrals/", {"job_seeker": seeker_a.pk, "kind": "training"}, format="json", HTTP_ACCEPT_LANGUAGE="vi"
    )

    assert response.status_code == 400
    assert "training_provider" in response.json()
    assert not Referral.objects.exists()


def test_staff_move_a_referral_on_and_a_finished_one_stays(staff_client, seeker_a, staff_user):
    referral = Referral.objects.create(job_seeker=seeker_a, kind="insurance")
    url = f"/api/v1/referrals/{referral.pk}/status/"

    assert staff_client.post(url, {"status": "attended"}, format="json").json()["status"] == "attended"
    assert staff_client.post(url, {"status": "completed"}, format="json").json()["status"] == "completed"
    refused = staff_client.post(url, {"status": "referred"}, format="json")

    assert refused.status_code == 409
    referral.refresh_from_db()
    assert referral.status == "completed"


def test_staff_filter_referrals_by_person_and_status(staff_client, seeker_a, seeker_b):
    mine = Referral.objects.create(job_seeker=seeker_a, kind="insurance")
    Referral.objects.create(job_seeker=seeker_a, kind="insurance", status="dropped")
    Referral.objects.create(job_seeker=seeker_b, kind="insurance")

    rows = staff_client.get("/api/v1/referrals/", {"job_seeker": seeker_a.pk, "status": "referred"}).json()

    assert [row["id"] for row in rows["results"]] == [mine.pk]


def test_a_job_seeker_sees_only_their_own_referrals(seeker_a_client, seeker_a, seeker_b):
    mine = Referral.objects.create(job_seeker=seeker_a, kind="insurance")
    Referral.objects.create(job_seeker=seeker_b, kind="insurance")

    rows = seeker_a_client.get("/api/v1/me/referrals/").json()

    assert [row["id"] for row in rows["results"]] == [mine.pk]


def test_a_job_seeker_records_a_next_step_they_took_for_themselves_only(seeker_a_client, seeker_a, seeker_b):
    session = factories.JobSessionFactory()
    response = seeker_a_client.post(
        "/api/v1/me/referrals/",
        {"kind": "session", "session": session.pk, "job_seeker": seeker_b.pk, "note": "Tôi sẽ đi phiên này"},
        format="json",
    )

    assert response.status_code == 201, response.content
    referral = Referral.objects.get()
    assert (referral.job_seeker, referral.session, referral.referred_by) == (seeker_a, session, seeker_a.user)
    assert response.json()["recorded_by_the_person"] is True


def test_a_job_seeker_cannot_name_a_draft_session(seeker_a_client):
    draft = factories.JobSessionFactory(status="draft")

    response = seeker_a_client.post("/api/v1/me/referrals/", {"kind": "session", "session": draft.pk}, format="json")

    assert response.status_code == 400
    assert "session" in response.json()


@pytest.mark.parametrize("status", ["cancelled", "completed"])
def test_a_next_step_names_a_session_still_to_come(seeker_a_client, staff_client, seeker_a, status):
    over = factories.JobSessionFactory(status=status)

    own = seeker_a_client.post(
        "/api/v1/me/referrals/", {"kind": "session", "session": over.pk}, format="json", HTTP_ACCEPT_LANGUAGE="vi"
    )
    by_staff = staff_client.post(
        "/api/v1/referrals/", {"job_seeker": seeker_a.pk, "kind": "session", "session": over.pk}, format="json"
    )

    assert own.status_code == 400 and own.json()["session"] == ["Hãy chọn một phiên sắp diễn ra."]
    assert by_staff.status_code == 400 and "session" in by_staff.json()
    assert not Referral.objects.exists()


def test_a_job_seeker_records_no_vacancy_as_a_next_step_and_staff_only_an_open_one(
    seeker_a_client, staff_client, seeker_a
):
    vacancy = factories.VacancyFactory()
    closed = factories.VacancyFactory(status="closed")

    own = seeker_a_client.post("/api/v1/me/referrals/", {"kind": "vacancy", "vacancy": vacancy.pk}, format="json")
    to_closed = staff_client.post(
        "/api/v1/referrals/", {"job_seeker": seeker_a.pk, "kind": "vacancy", "vacancy": closed.pk}, format="json"
    )

    assert own.status_code == 400 and "kind" in own.json()  # applying for a vacancy is a registration
    assert to_closed.status_code == 400 and "vacancy" in to_closed.json()
    assert not Referral.objects.exists()
