"""The outbox in the API: staff see every notice and retry failed ones; others see only the notices to them."""

from itertools import count

import pytest
from django.utils import timezone

from accounts.models import AuditEvent
from sessions.models import Notification
from tests.api.conftest import count_queries

pytestmark = pytest.mark.django_db

Status = Notification.Status
OWN_FIELDS = {
    "id",
    "kind",
    "channel",
    "address",
    "status",
    "subject",
    "session",
    "send_after",
    "sent_at",
    "attempts",
    "created_at",
}
_keys = count()


def notice(*, job_seeker=None, employer=None, **fields):
    defaults = {
        "channel": Notification.Channel.EMAIL,
        "address": "someone@example.vn",
        "kind": Notification.Kind.REGISTRATION_CANCELLED,
        "subject": "Đã hủy đăng ký",
        "body_text": "Nội dung",
        "dedup_key": f"test:{next(_keys)}",
        "send_after": timezone.now(),
        "status": Status.SENT,
    }
    return Notification.objects.create(job_seeker=job_seeker, employer=employer, **{**defaults, **fields})


@pytest.fixture
def outbox(seeker_a, seeker_b, employer_a, employer_b, fair):
    return {
        "seeker_a": notice(job_seeker=seeker_a, session=fair),
        "seeker_a_sms": notice(job_seeker=seeker_a, channel="sms", address="+84912345678", status=Status.PENDING),
        "seeker_b": notice(job_seeker=seeker_b),
        "employer_a": notice(
            employer=employer_a, kind=Notification.Kind.BOOTH_DECISION, status=Status.FAILED, last_error="SMTP 550"
        ),
        "employer_b": notice(employer=employer_b, kind=Notification.Kind.BOOTH_DECISION),
    }


def listed(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_staff_see_every_notice_with_its_last_error(staff_client, outbox):
    response = staff_client.get("/api/v1/notifications/")

    assert listed(response) == {n.pk for n in outbox.values()}
    row = next(r for r in response.json()["results"] if r["id"] == outbox["employer_a"].pk)
    assert set(row) == OWN_FIELDS | {"last_error"}
    assert row["last_error"] == "SMTP 550"


def test_a_job_seeker_sees_only_the_notices_to_them_without_errors(seeker_a_client, outbox):
    response = seeker_a_client.get("/api/v1/notifications/")

    assert listed(response) == {outbox["seeker_a"].pk, outbox["seeker_a_sms"].pk}
    assert all(set(row) == OWN_FIELDS for row in response.json()["results"])
    assert seeker_a_client.get(f"/api/v1/notifications/{outbox['seeker_b'].pk}/").status_code == 404
    assert seeker_a_client.get(f"/api/v1/notifications/{outbox['employer_a'].pk}/").status_code == 404


def test_an_employer_sees_only_the_notices_to_its_company(employer_a_client, outbox):
    response = employer_a_client.get("/api/v1/notifications/")

    assert listed(response) == {outbox["employer_a"].pk}
    assert "last_error" not in response.json()["results"][0]
    assert employer_a_client.get(f"/api/v1/notifications/{outbox['employer_b'].pk}/").status_code == 404


def test_filters(staff_client, seeker_a_client, outbox):
    assert listed(staff_client.get("/api/v1/notifications/", {"status": "failed"})) == {outbox["employer_a"].pk}
    assert listed(staff_client.get("/api/v1/notifications/", {"kind": "booth_decision"})) == {
        outbox["employer_a"].pk,
        outbox["employer_b"].pk,
    }
    assert listed(seeker_a_client.get("/api/v1/notifications/", {"channel": "sms"})) == {outbox["seeker_a_sms"].pk}
    assert staff_client.get("/api/v1/notifications/", {"status": "lost"}).status_code == 400


def test_the_public_sees_nothing(anon_client, outbox):
    assert anon_client.get("/api/v1/notifications/").status_code == 401


def test_staff_retry_a_failed_notice(staff_client, staff_user, outbox):
    failed = outbox["employer_a"]
    Notification.objects.filter(pk=failed.pk).update(attempts=6)

    response = staff_client.post(f"/api/v1/notifications/{failed.pk}/retry/")

    assert response.status_code == 200, response.content
    failed.refresh_from_db()
    # pending again with a fresh count; with tasks run inline (no REDIS_URL) it has been delivered already
    assert failed.status in (Status.PENDING, Status.SENT)
    assert failed.attempts <= 1 and failed.last_error == ""
    assert response.json()["status"] == failed.status
    assert AuditEvent.objects.filter(action="notification.retry", object_id=str(failed.pk), actor=staff_user).exists()


def test_retrying_a_notice_that_did_not_fail_is_refused(staff_client, outbox):
    response = staff_client.post(f"/api/v1/notifications/{outbox['seeker_a'].pk}/retry/")

    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_only_staff_retry(employer_a_client, seeker_a_client, outbox):
    failed = outbox["employer_a"]

    assert employer_a_client.post(f"/api/v1/notifications/{failed.pk}/retry/").status_code == 403
    assert seeker_a_client.post(f"/api/v1/notifications/{failed.pk}/retry/").status_code == 403
    failed.refresh_from_db()
    assert failed.status == Status.FAILED


@pytest.mark.parametrize("who", ["staff", "job_seeker", "employer"])
def test_notification_list_queries_do_not_grow_with_rows(staff_user, seeker_a, employer_a_user, fair, who):
    user = {"staff": staff_user, "job_seeker": seeker_a.user, "employer": employer_a_user}[who]
    mine = {"job_seeker": seeker_a} if who != "employer" else {"employer": employer_a_user.employer}
    notice(session=fair, **mine)
    one, response = count_queries(user, "/api/v1/notifications/")
    assert response.json()["count"] == 1
    for _ in range(49):
        notice(session=fair, **mine)

    fifty, response = count_queries(user, "/api/v1/notifications/", page_size=100)

    assert response.json()["count"] == 50
    assert fifty == one
