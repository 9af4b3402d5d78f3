"""The session as an iCalendar event (.ics) and the check-in code as a QR image."""

import io
from datetime import UTC

import icalendar
import segno
from django.conf import settings

from sessions.models import JobSession, Registration


def _sequence(moment) -> int:
    return int(moment.timestamp()) % 2**31


def session_ics(session: JobSession, registration: Registration | None = None) -> bytes:
    """The session as an iCalendar event. The icalendar library escapes and folds every value, so a text with
    a bare CR or LF (a title, a venue, a description typed by staff) cannot start a line of its own.

    When the session or the registration is cancelled the file is a cancellation (METHOD:CANCEL, STATUS:CANCELLED)
    of the same UID with a higher SEQUENCE, so a calendar that holds the event drops it."""
    cancelled = session.status == "cancelled" or (registration is not None and registration.status == "cancelled")
    # A later version of the event replaces the earlier one in the person's calendar: the sequence follows the
    # last change of the session or of the registration; a cancellation is one above, even within the same second.
    changed = session.updated_at
    if registration is not None and registration.updated_at and registration.updated_at > changed:
        changed = registration.updated_at
    sequence = _sequence(changed) + (1 if cancelled else 0)
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
    calendar.add("method", "CANCEL" if cancelled else "PUBLISH")
    event = icalendar.Event()
    event.add("uid", f"{session.code}@vieclam")
    event.add("sequence", sequence)
    event.add("dtstamp", changed.astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", f"{session.code} {session.title}")
    event.add("location", location)
    event.add("description", description)
    organizer = icalendar.vCalAddress(f"mailto:{settings.DEFAULT_FROM_EMAIL.split('<')[-1].rstrip('>')}")
    organizer.params["cn"] = icalendar.vText(settings.JOBFAIR_CENTRE_NAME)
    event.add("organizer", organizer)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    if session.online_url:
        event.add("url", session.online_url)
    calendar.add_component(event)
    return calendar.to_ical()


def check_in_qr_png(code: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    segno.make(code, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()
