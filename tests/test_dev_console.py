"""`make run` is readable: one line per e-mail (the full message in a file), links that follow PORT, the logins last."""

import io
import subprocess
import sys

from django.core.mail import EmailMultiAlternatives
from django.core.management import call_command

from jobfair.mail import OneLineConsoleEmailBackend


def test_console_email_backend_prints_one_line_per_message_with_recipient_subject_and_link(tmp_path):
    stream = io.StringIO()
    backend = OneLineConsoleEmailBackend(stream=stream, log_file=tmp_path / "mail.log")
    message = EmailMultiAlternatives(
        subject="Xác nhận đăng ký phiên PGD-2026-0001",
        body="Xin chào,\nXem đăng ký: http://127.0.0.1:7400/dang-ky/5/.\nCảm ơn.",
        to=["an@example.vn"],
    )
    message.attach_alternative("<p>Xin chào</p>", "text/html")
    message.attach("phien.ics", "BEGIN:VCALENDAR", "text/calendar")

    sent = backend.send_messages([message, message])

    assert sent == 2
    assert (
        stream.getvalue().splitlines()
        == ["E-mail to an@example.vn: Xác nhận đăng ký phiên PGD-2026-0001 — http://127.0.0.1:7400/dang-ky/5/"] * 2
    )


def test_console_email_backend_keeps_the_whole_message_in_the_log_file(tmp_path):
    log_file = tmp_path / "var" / "mail.log"
    backend = OneLineConsoleEmailBackend(stream=io.StringIO(), log_file=log_file)
    message = EmailMultiAlternatives(subject="Nhắc lịch", body="Ngày mai", to=["an@example.vn"])
    message.attach("phien.ics", "BEGIN:VCALENDAR", "text/calendar")

    backend.send_messages([message])

    text = log_file.read_text()
    assert "To: an@example.vn" in text and "text/calendar" in text


def test_site_url_follows_port_unless_set():
    code = "from django.conf import settings; print(settings.SITE_URL, settings.EMAIL_BACKEND)"
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "jobfair.settings", "PORT": "7400", "SECRET_KEY": "x"}
    answer = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"], env=env, capture_output=True, text=True
    )
    assert answer.stdout.split() == ["http://127.0.0.1:7400", "jobfair.mail.OneLineConsoleEmailBackend"], answer.stderr
    env["SITE_URL"] = "https://vieclam.example.vn"
    answer = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"], env=env, capture_output=True, text=True
    )
    assert answer.stdout.split()[0] == "https://vieclam.example.vn", answer.stderr


def test_demo_welcome_ends_with_the_logins_and_the_address(db, settings):
    settings.SITE_URL = "http://127.0.0.1:7400"
    out = io.StringIO()

    call_command("demo_welcome", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0] == "Demo logins (e-mail / password):"
    assert lines[-1].startswith("Open http://127.0.0.1:7400/")


def test_embedded_scheduler_at_verbosity_0_prints_nothing_at_start(db):
    out = io.StringIO()

    call_command("run_scheduler", "--once", verbosity=0, stdout=out)

    assert out.getvalue() == ""
