"""A job seeker's own profile and groups through the API, as the profile page has them: `GET me/` gives back what
`PATCH me/` writes, and `me/cohorts/` declares a group with consent and stops sharing it with employers."""

import pytest

from accounts.api.serializers import MeUpdateSerializer
from accounts.models import AuditEvent, Cohort, CohortMembership, ConsentPurpose, ConsentRecord
from tests import factories
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

VI = {"HTTP_ACCEPT_LANGUAGE": "vi"}


def test_me_gives_back_the_profile_patch_wrote(seeker_a):
    client = client_for(seeker_a.user)

    patched = client.patch(
        "/api/v1/me/",
        {"wanted_occupation": "2411", "skills": "Excel, MISA", "needs_sign_language": True},
        format="json",
    )
    profile = client.get("/api/v1/me/").json()["profile"]

    assert patched.status_code == 200
    assert patched.json()["profile"]["skills"] == "Excel, MISA"
    assert profile["full_name"] == seeker_a.full_name
    assert profile["wanted_occupation"] == "2411"
    assert profile["skills"] == "Excel, MISA"
    assert profile["needs_sign_language"] is True
    assert profile["cohorts"] == []


def test_every_field_patch_me_writes_is_in_the_profile(seeker_a):
    profile = client_for(seeker_a.user).get("/api/v1/me/").json()["profile"]

    written = set(MeUpdateSerializer().fields) - {"language"}  # the language is the user's: `language` beside it
    assert written <= set(profile), written - set(profile)


def test_the_profile_says_a_citizen_id_is_on_file_without_giving_it(seeker_a):
    seeker_a.citizen_id = "001203004512"
    seeker_a.save(update_fields=["citizen_id"])

    response = client_for(seeker_a.user).get("/api/v1/me/")

    assert response.json()["profile"]["has_citizen_id"] is True
    assert "001203004512" not in response.content.decode()


def test_staff_and_employers_have_no_profile(staff_user, employer_a_user):
    assert client_for(staff_user).get("/api/v1/me/").json()["profile"] is None
    assert client_for(employer_a_user).get("/api/v1/me/").json()["profile"] is None


def test_declaring_a_sensitive_group_keeps_its_consent(seeker_a):
    client = client_for(seeker_a.user)

    response = client.post("/api/v1/me/cohorts/", {"cohort": "disabled", "consent": True}, format="json")

    assert response.status_code == 201
    body = response.json()
    assert body["cohort"] == "disabled" and body["sensitive"] is True
    assert body["share_with_employers"] is False and body["verified"] is False
    consents = ConsentRecord.objects.filter(job_seeker=seeker_a, cohort_id="disabled", withdrawn_at__isnull=True)
    assert list(consents.values_list("purpose", flat=True)) == [ConsentPurpose.SENSITIVE_COHORT]
    assert AuditEvent.objects.filter(action="cohort.declare", actor=seeker_a.user).count() == 1
    assert [c["cohort"] for c in client.get("/api/v1/me/cohorts/").json()] == ["disabled"]
    assert [c["cohort"] for c in client.get("/api/v1/me/").json()["profile"]["cohorts"]] == ["disabled"]


def test_a_group_is_not_kept_without_consent(seeker_a):
    response = client_for(seeker_a.user).post(
        "/api/v1/me/cohorts/", {"cohort": "released_prisoner", "consent": False}, format="json", **VI
    )

    assert response.status_code == 400
    assert response.json()["consent"] == ["Trung tâm chỉ lưu nhóm khi bạn đồng ý: hãy gửi consent là true."]
    assert not CohortMembership.objects.filter(job_seeker=seeker_a).exists()


def test_an_unknown_group_is_refused_by_name(seeker_a):
    response = client_for(seeker_a.user).post(
        "/api/v1/me/cohorts/", {"cohort": "astronaut", "consent": True}, format="json"
    )

    assert response.status_code == 400
    assert "cohort" in response.json()


def test_declaring_again_without_sharing_withdraws_the_share_consent(seeker_a):
    client = client_for(seeker_a.user)
    shared = client.post(
        "/api/v1/me/cohorts/",
        {"cohort": "discharged_soldier", "consent": True, "share_with_employers": True},
        format="json",
    )

    again = client.post("/api/v1/me/cohorts/", {"cohort": "discharged_soldier", "consent": True}, format="json")

    assert (shared.status_code, again.status_code) == (201, 200)
    assert shared.json()["share_with_employers"] is True
    assert again.json()["share_with_employers"] is False
    share = ConsentRecord.objects.get(job_seeker=seeker_a, purpose=ConsentPurpose.SHARE_COHORT)
    assert share.withdrawn_at is not None
    assert CohortMembership.objects.filter(job_seeker=seeker_a).count() == 1


def test_stop_sharing_hides_the_group_from_employers_and_keeps_it(seeker_a):
    client = client_for(seeker_a.user)
    membership = client.post(
        "/api/v1/me/cohorts/", {"cohort": "disabled", "consent": True, "share_with_employers": True}, format="json"
    ).json()

    response = client.post(f"/api/v1/me/cohorts/{membership['id']}/stop-sharing/")

    assert response.status_code == 200
    assert response.json()["share_with_employers"] is False
    assert CohortMembership.objects.get(pk=membership["id"]).share_with_employers is False
    open_consents = ConsentRecord.objects.filter(job_seeker=seeker_a, withdrawn_at__isnull=True)
    assert list(open_consents.values_list("purpose", flat=True)) == [ConsentPurpose.SENSITIVE_COHORT]
    assert AuditEvent.objects.filter(action="cohort.share_withdraw", actor=seeker_a.user).count() == 1


def test_nobody_stops_sharing_someone_elses_group(seeker_a, seeker_b):
    membership = CohortMembership.objects.create(
        job_seeker=seeker_b, cohort=Cohort.objects.get(code="disabled"), share_with_employers=True
    )

    response = client_for(seeker_a.user).post(f"/api/v1/me/cohorts/{membership.pk}/stop-sharing/")

    assert response.status_code == 404
    membership.refresh_from_db()
    assert membership.share_with_employers is True


def test_only_a_job_seeker_declares_groups(employer_a_user, anon_client):
    employer = client_for(employer_a_user)

    assert employer.get("/api/v1/me/cohorts/").status_code == 403
    assert (
        employer.post("/api/v1/me/cohorts/", {"cohort": "disabled", "consent": True}, format="json").status_code == 403
    )
    assert anon_client.get("/api/v1/me/cohorts/").status_code == 401
    assert not CohortMembership.objects.exists()


def test_the_groups_declared_come_in_one_query(seeker_a, django_assert_num_queries):
    for code in ("disabled", "part_time_worker", "post_rehab"):
        CohortMembership.objects.create(job_seeker=seeker_a, cohort=Cohort.objects.get(code=code))
    factories.JobSeekerFactory()  # someone else's groups are not counted in

    client = client_for(seeker_a.user)
    with django_assert_num_queries(1):  # the groups with their cohorts (the token's read brings the job seeker)
        body = client.get("/api/v1/me/cohorts/").json()

    assert [c["cohort"] for c in body] == ["disabled", "part_time_worker", "post_rehab"]
