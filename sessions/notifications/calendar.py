"""The session as an iCalendar event (.ics) and the check-in code as a QR image."""

import io
from datetime import UTC

import icalendar
import segno
from django.conf import settings

from sessions.models import JobSession, Registration


def session_ics(session: JobSession, registration: Registration | None = None) -> bytes:
    """The session as an iCalendar event. The icalendar library escapes and folds every value, so a text with
    a bare CR or LF (a title, a venue, a description typed by staff) cannot start a line of its own."""
    venue = session.venue
    location = ", ".join(p for p in (venue.name, venue.address, str(venue.ward)) if p) if venue else session.online_url
    description = session.description or session.title
    if registration is not None:
        description = f"{description}\nMã check-in / Check-in code: {registration.check_in_code}"
        if session.format != "online":  # an online session has no desk
            code = registration.short_code
            description = f"{description}\nMã tại quầy / Desk code: {code[:3]}-{code[3:]}"
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Trung tam Dich vu viec lam//Phien giao dich viec lam//VI")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"{session.code}@vieclam")
    # A later version of the event replaces the earlier one in the person's calendar.
    event.add("sequence", int(session.updated_at.timestamp()) % 2**31)
    event.add("dtstamp", session.updated_at.astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", f"{session.code} {session.title}")
    event.add("location", location)
    event.add("description", description)
    organizer = icalendar.vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organizer.params["cn"] = icalendar.vText(settings.JOBFAIR_CENTRE_NAME)
    event.add("organizer", organizer)
    event.add("status", "CANCELLED" if session.status == "cancelled" else "CONFIRMED")
    if session.online_url:
        event.add("url", session.online_url)
    calendar.add_component(event)
    return calendar.to_ical()


def check_in_qr_png(code: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
