"""The two channels: e-mail through Django's mail backends, SMS through a pluggable backend (the console for
development, an HTTP gateway taking a JSON POST with a bearer token in production)."""

import json
import smtplib
import sys
import urllib.error
import urllib.request
from email.mime.image import MIMEImage

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.utils.module_loading import import_string

from sessions.models import Notification, SessionFormat
from sessions.notifications.calendar import check_in_qr_png, session_ics
from sessions.notifications.content import email_html

Kind = Notification.Kind

# Notices that carry the session as an .ics file, and those that carry the check-in QR code. The cancellations
# carry it too: their file cancels the event (METHOD:CANCEL), so the person's calendar drops it.
ICS_KINDS = {
    Kind.REGISTRATION_CONFIRMED,
    Kind.REGISTRATION_PROMOTED,
    Kind.REGISTRATION_CANCELLED,
    Kind.REMINDER_DAY_BEFORE,
    Kind.REMINDER_TWO_HOURS,
    Kind.SESSION_CHANGED,
    Kind.SESSION_CANCELLED,
    Kind.BOOTH_DECISION,
    Kind.EMPLOYER_DAY_BEFORE,
}
QR_KINDS = {Kind.REGISTRATION_CONFIRMED, Kind.REGISTRATION_PROMOTED, Kind.REMINDER_DAY_BEFORE, Kind.REMINDER_TWO_HOURS}


class TransientSendError(Exception):
    """Worth trying again later: a connection error, SMTP 4xx, HTTP 429 or 5xx."""


class PermanentSendError(Exception):
    """Trying again will not help: a refused address, HTTP 4xx, a malformed answer."""


class ConsoleSmsBackend:
    def send(self, *, to: str, text: str, reference: str) -> None:
        sys.stdout.write(f"SMS to {to} [{reference}]: {text}\n")
        sys.stdout.flush()


class HttpSmsBackend:
    """POST {"to", "text", "sender", "reference"} to SMS_URL; a 2xx answer with a JSON object whose `status` is
    not "error" means accepted. The reference (the notification's dedup key) lets the gateway drop repeats."""

    def send(self, *, to: str, text: str, reference: str) -> None:
        if not settings.SMS_URL:
            raise PermanentSendError("SMS_URL is not configured")
        payload = json.dumps({"to": to, "text": text, "sender": settings.SMS_SENDER, "reference": reference})
        request = urllib.request.Request(
            settings.SMS_URL,
            data=payload.encode(),
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {settings.SMS_TOKEN}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=settings.SMS_TIMEOUT_SECONDS) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            if exc.code == 429 or exc.code >= 500:
                raise TransientSendError(f"SMS gateway answered {exc.code}") from exc
            raise PermanentSendError(f"SMS gateway refused the message: {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise TransientSendError(f"SMS gateway unreachable: {exc}") from exc
        try:
            answer = json.loads(body or b"{}")
        except ValueError as exc:
            raise PermanentSendError("SMS gateway answered something that is not JSON") from exc
        if not isinstance(answer, dict) or answer.get("status") == "error":
            raise PermanentSendError(f"SMS gateway did not accept the message: {answer!r}"[:500])


BACKENDS = {"console": ConsoleSmsBackend, "http": HttpSmsBackend}


def get_sms_backend():
    name = settings.SMS_BACKEND
    backend_class = BACKENDS.get(name) or import_string(name)
    return backend_class()


def send_sms(notification: Notification) -> None:
    get_sms_backend().send(to=notification.address, text=notification.body_text, reference=notification.dedup_key)


def build_email(notification: Notification) -> EmailMultiAlternatives:
    """The e-mail of a row: its text, the same text as HTML (content.email_html), and the attachments of its kind."""
    registration = notification.registration
    carries_qr = (
        registration is not None
        and notification.kind in QR_KINDS
        and notification.session.format != SessionFormat.ONLINE
    )
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.address],
        headers={"X-Notification-Key": notification.dedup_key},
    )
    html = email_html(notification, check_in_code=registration.check_in_code if carries_qr else "")
    message.attach_alternative(html, "text/html")
    if notification.session_id and notification.kind in ICS_KINDS:
        message.attach("phien-giao-dich-viec-lam.ics", session_ics(notification.session, registration), "text/calendar")
    if carries_qr:
        image = MIMEImage(check_in_qr_png(registration.check_in_code), "png")
        image.add_header("Content-ID", "<check-in-qr>")
        image.add_header("Content-Disposition", "inline", filename="ma-check-in.png")
        message.attach(image)
    return message


def send_email(notification: Notification) -> None:
    try:
        build_email(notification).send(fail_silently=False)
    except smtplib.SMTPRecipientsRefused as exc:
        codes = [code for code, _message in exc.recipients.values()]
        if all(400 <= code < 500 for code in codes):
            raise TransientSendError(f"recipient deferred: {exc.recipients}") from exc
        raise PermanentSendError(f"recipient refused: {exc.recipients}") from exc
    except smtplib.SMTPResponseException as exc:
        if 400 <= exc.smtp_code < 500:
            raise TransientSendError(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}") from exc
        raise PermanentSendError(f"SMTP {exc.smtp_code}: {exc.smtp_error!r}") from exc
    except (smtplib.SMTPServerDisconnected, smtplib.SMTPConnectError, ConnectionError, TimeoutError, OSError) as exc:
        raise TransientSendError(f"mail server unreachable: {exc}") from exc


def send(notification: Notification) -> None:
    if notification.channel == Notification.Channel.EMAIL:
        send_email(notification)
    else:
        send_sms(notification)
