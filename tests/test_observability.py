"""Health, readiness, metrics and the request id (issue 14 item 3)."""

import json
import logging
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from jobfair import observability
from sessions.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def _notice(minutes_overdue: int, status=Notification.Status.PENDING) -> Notification:
    return Notification.objects.create(
        channel=Notification.Channel.SMS,
        address="+84912345678",
        kind=Notification.Kind.REGISTRATION_CONFIRMED,
        subject="Xác nhận đăng ký",
        body_text="Da dang ky.",
        dedup_key=f"observability:{minutes_overdue}:{status}",
        send_after=timezone.now() - timedelta(minutes=minutes_overdue),
        status=status,
    )


def test_healthz_answers_without_the_database(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert len(queries) == 0


def test_readyz_is_ready_with_the_database_and_migrations_and_no_outbox_lag(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ready"
    assert body["checks"]["database"] == {"ok": True}
    assert body["checks"]["migrations"] == {"ok": True}
    assert body["checks"]["outbox_lag"] == {"ok": True}


def test_readyz_is_not_ready_when_a_due_notice_waits_beyond_the_bound(client, settings):
    settings.READY_MAX_OUTBOX_LAG_SECONDS = 600
    _notice(minutes_overdue=5)
    assert client.get("/readyz").status_code == 200
    _notice(minutes_overdue=30)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["outbox_lag"]["ok"] is False


def test_a_sent_notice_does_not_count_as_outbox_lag(client):
    _notice(minutes_overdue=300, status=Notification.Status.SENT)
    assert client.get("/readyz").status_code == 200


def test_readyz_checks_redis_when_it_is_configured(client, settings):
    settings.REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["redis"]["ok"] is False


def test_metrics_do_not_exist_without_the_token(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics").status_code == 404
    settings.METRICS_TOKEN = "s3cret-token"
    assert client.get("/metrics").status_code == 404
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 404


def test_metrics_with_the_token_give_latency_registrations_outbox_and_failures(client, settings):
    settings.METRICS_TOKEN = "s3cret-token"
    factories.RegistrationFactory()
    _notice(minutes_overdue=20)
    _notice(minutes_overdue=1, status=Notification.Status.FAILED)
    client.get("/healthz")
    response = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token")
    assert response.status_code == 200
    text = response.content.decode()
    assert 'jobfair_request_latency_seconds_count{method="GET",status="200",view="healthz"}' in text
    assert 'jobfair_registrations{status="confirmed"} 1.0' in text
    assert 'jobfair_outbox_notifications{status="pending"} 1.0' in text
    assert 'jobfair_notification_failures{channel="sms"} 1.0' in text
    oldest = next(line for line in text.splitlines() if line.startswith("jobfair_outbox_oldest_due_age_seconds "))
    assert float(oldest.split()[1]) >= 20 * 60


def test_the_request_id_of_the_proxy_is_kept_and_one_is_made_otherwise(client):
    assert client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32 and made != "abc-123"
    assert client.get("/healthz", HTTP_X_REQUEST_ID="bad id\n" * 30)["X-Request-ID"] != "bad id\n" * 30


def test_every_log_line_of_a_request_carries_its_request_id(rf):
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(record)

    logger = logging.getLogger("tests.observability")
    handler = Keep()
    handler.addFilter(observability.RequestIdLogFilter())
    logger.addHandler(handler)
    try:

        def view(request):
            logger.warning("inside the request")
            from django.http import HttpResponse

            return HttpResponse("ok")

        middleware = observability.RequestIdMiddleware(view)
        request = rf.get("/", HTTP_X_REQUEST_ID="req-42")
        middleware(request)
    finally:
        logger.removeHandler(handler)
    assert [r.request_id for r in records] == ["req-42"]


def test_json_log_lines_carry_the_request_id():
    from pythonjsonlogger.json import JsonFormatter

    record = logging.LogRecord("jobfair", logging.INFO, __file__, 1, "hello", None, None)
    record.request_id = "req-7"
    line = JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s").format(record)
    assert json.loads(line)["request_id"] == "req-7"


def test_readyz_is_not_ready_while_a_migration_is_unapplied(client, monkeypatch):
    from django.db.migrations.recorder import MigrationRecorder

    monkeypatch.setattr(observability, "_migrations_applied", False)
    latest = MigrationRecorder.Migration.objects.filter(app="accounts").order_by("-name").first()
    latest.delete()  # the database now lacks a migration the code has (rolled back with the test)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == {"ok": False, "error": "unapplied migrations"}


def _metric(text: str, line_start: str) -> float:
    line = next((line for line in text.splitlines() if line.startswith(line_start)), None)
    return float(line.rsplit(" ", 1)[1]) if line else 0.0


def test_metrics_count_registration_attempts_confirmed_waitlisted_and_refused(
    client, settings, django_capture_on_commit_callbacks
):
    from jobfair import errors
    from sessions.services import registrations

    settings.METRICS_TOKEN = "s3cret-token"
    names = [f'jobfair_registration_attempts_total{{outcome="{o}"}}' for o in ("confirmed", "waitlisted", "refused")]
    before = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").content.decode()
    session = factories.JobSessionFactory(job_seeker_capacity=1)
    closed = factories.JobSessionFactory(registration_closes_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        registrations.registration_create(session=session, job_seeker=factories.JobSeekerFactory(), actor=None)
        registrations.registration_create(session=session, job_seeker=factories.JobSeekerFactory(), actor=None)
    with pytest.raises(errors.BusinessRuleError):
        registrations.registration_create(session=closed, job_seeker=factories.JobSeekerFactory(), actor=None)

    after = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").content.decode()
    assert [_metric(after, name) - _metric(before, name) for name in names] == [1, 1, 1]


def test_metrics_give_booth_decisions_by_outcome(client, settings):
    from sessions.models import Participation

    settings.METRICS_TOKEN = "s3cret-token"
    factories.ParticipationFactory(status=Participation.Status.APPROVED)
    factories.ParticipationFactory(status=Participation.Status.REJECTED)
    text = client.get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").content.decode()
    assert 'jobfair_booth_decisions{status="approved"} 1.0' in text
    assert 'jobfair_booth_decisions{status="rejected"} 1.0' in text
