"""The session as an iCalendar event (.ics) and the check-in code as a QR image."""

import io
from datetime import UTC, datetime

import segno
from django.conf import settings

from sessions.models import JobSession, Registration


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fold(line: str) -> str:
    """RFC 5545 lines are at most 75 octets; longer ones continue on lines starting with a space."""
    encoded, parts = line.encode(), []
    while len(encoded) > 75:
        cut = 75 if not parts else 74
        while (encoded[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(encoded[:cut].decode())
        encoded = encoded[cut:]
    parts.append(encoded.decode())
    return "\r\n ".join(parts)


def session_ics(session: JobSession, registration: Registration | None = None) -> bytes:
    venue = session.venue
    location = ", ".join(p for p in (venue.name, venue.address, str(venue.ward)) if p) if venue else session.online_url
    description = session.description or session.title
    if registration is not None:
        description = f"{description}\nMã check-in / Check-in code: {registration.check_in_code}"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Trung tam Dich vu viec lam//Phien giao dich viec lam//VI",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{session.code}@vieclam",
        # A later version of the event replaces the earlier one in the person's calendar.
        f"SEQUENCE:{int(session.updated_at.timestamp()) % 2**31}",
        f"DTSTAMP:{_utc(session.updated_at)}",
        f"DTSTART:{_utc(session.starts_at)}",
        f"DTEND:{_utc(session.ends_at)}",
        f"SUMMARY:{_escape(f'{session.code} {session.title}')}",
        f"LOCATION:{_escape(location)}",
        f"DESCRIPTION:{_escape(description)}",
        f"ORGANIZER;CN={_escape(settings.JOBFAIR_CENTRE_NAME)}:mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}",
        "STATUS:CANCELLED" if session.status == "cancelled" else "STATUS:CONFIRMED",
    ]
    if session.online_url:
        lines.append(f"URL:{session.online_url}")
    lines += ["END:VEVENT", "END:VCALENDAR"]
    return ("\r\n".join(_fold(line) for line in lines) + "\r\n").encode()


def check_in_qr_png(code: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
