"""Embedded default (no REDIS_URL): the in-process scheduler delivers due notices with no server."""

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from sessions import services
from sessions.models import Notification
from tests import factories


def test_without_redis_celery_runs_tasks_inline(settings):
    assert not settings.REDIS_URL
    assert settings.CELERY_TASK_ALWAYS_EAGER


def test_run_scheduler_once_delivers_due_reminders_and_completes_ended_sessions(db, settings, capsys):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    session = factories.JobSessionFactory()
    job_seeker = factories.JobSeekerFactory(email="lan@example.vn", notify_by_sms=False)
    registration, _ = services.registration_create(session=session, job_seeker=job_seeker, actor=None)
    # Not delivered at once here (on_commit callbacks do not run inside a test transaction): the sweep does it.
    Notification.objects.filter(registration=registration).update(send_after=timezone.now() - timedelta(minutes=1))
    ended = factories.JobSessionFactory(
        starts_at=timezone.now() - timedelta(hours=5), ends_at=timezone.now() - timedelta(hours=1)
    )

    call_command("run_scheduler", "--once")

    # The confirmation and both reminders (made due above) went out by e-mail, each once.
    assert sorted(m.subject.split(":")[0] for m in mail.outbox) == [
        "Nhắc lịch",
        "Sắp bắt đầu",
        f"Xác nhận đăng ký {session.code}",
    ]
    assert set(Notification.objects.filter(registration=registration).values_list("status", flat=True)) == {"sent"}
    ended.refresh_from_db()
    assert ended.status == "completed"
