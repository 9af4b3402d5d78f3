"""Who receives a notice and what it says: recipients by their chosen channels, the subject, text and SMS rendered
from the templates of the recipient's language, and an e-mail's HTML made from its text when it is sent."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.template import Context
from django.template.loader import get_template, render_to_string
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe

from accounts.models import Employer, JobSeeker
from jobfair.text import strip_diacritics
from sessions.models import JobSession, Notification, Participation, Registration, SessionFormat
from sessions.selectors import registration_online_rooms, waitlist_position

Channel = Notification.Channel


@dataclass(frozen=True)
class Recipient:
    channel: str
    address: str
    language: str


def job_seeker_recipients(job_seeker: JobSeeker) -> list[Recipient]:
    recipients = []
    if job_seeker.anonymised_at is not None:
        return recipients
    if job_seeker.notify_by_email and job_seeker.email:
        recipients.append(Recipient(Channel.EMAIL, job_seeker.email, job_seeker.language))
    if job_seeker.notify_by_sms and job_seeker.phone and phone_proven(job_seeker):
        recipients.append(Recipient(Channel.SMS, job_seeker.phone, job_seeker.language))
    return recipients


def phone_proven(job_seeker: JobSeeker) -> bool:
    """Whether SMS may go to the person's phone: one they proved they hold (the sign-up code, or the check on their
    profile), or one staff recorded for a person without an account (at the desk, the person in front of them). A
    number typed in at sign-up beside an e-mail, and never confirmed, may be a stranger's."""
    return job_seeker.user_id is None or job_seeker.user.verified_phone == job_seeker.phone


def employer_recipients(employer: Employer) -> list[Recipient]:
    recipients = []
    if employer.notify_by_email and employer.email:
        recipients.append(Recipient(Channel.EMAIL, employer.email, employer.language))
    if employer.notify_by_sms and employer.phone:
        recipients.append(Recipient(Channel.SMS, employer.phone, employer.language))
    return recipients


def _render_plain(template_name: str, context: dict) -> str:
    """Plain text (subject, e-mail text, SMS) is not HTML: "A&B" stays "A&B", not "A&amp;B"."""
    return get_template(template_name).template.render(Context(context, autoescape=False))


def sms_text(text: str) -> str:
    """An SMS: one line, plain ASCII (GSM-7 fits 160 characters a part; diacritics would halve it)."""
    return strip_diacritics(" ".join(text.split()))


# What a notice's text links: the centre's own addresses (http and https) and e-mail addresses. Django's urlize
# would do it too, at several times the cost per paragraph, for kinds of links the notices never hold.
_LINKABLE = re.compile(r"(?P<url>https?://[^\s<>\"']+[^\s<>\"'.,;:!?)])|(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")


def html_paragraph(text: str) -> str:
    """A paragraph of a notice's plain text as HTML: escaped, its addresses linked, its line breaks kept."""
    parts, end = [], 0
    for match in _LINKABLE.finditer(text):
        address = escape(match.group(0))
        href = address if match.group("url") else f"mailto:{address}"
        parts += [escape(text[end : match.start()]), f'<a href="{href}">{address}</a>']
        end = match.end()
    parts.append(escape(text[end:]))
    return mark_safe("".join(parts).replace("\n", "<br>"))


def render(kind: str, language: str, context: dict, *, channel: str | None = None) -> tuple[str, str, str]:
    """(subject, text, sms) from the templates of the recipient's language. `channel`: only what a notice of that
    channel keeps (an e-mail: no SMS text), the rest left empty. An e-mail's HTML is made from its subject and text
    when it is sent (email_html)."""
    with translation.override(language):
        subject, _blank, text = _render_plain(f"notifications/{language}/{kind}.txt", context).partition("\n")
        sms = ""
        if channel != Channel.EMAIL:
            sms = sms_text(_render_plain(f"notifications/{language}/{kind}.sms.txt", context))
    return subject.removeprefix("Subject:").strip(), text.strip(), sms


def centre_context() -> dict:
    """What every notice may say of the centre: its name and its site's address."""
    return {"centre_name": settings.JOBFAIR_CENTRE_NAME, "site_url": settings.SITE_URL.rstrip("/")}


def email_html(notification: Notification, *, check_in_code: str = "") -> str:
    """The HTML part of an e-mail: its subject and text in the centre's layout and its recipient's language, with
    the check-in QR code (attached under cid:check-in-qr) shown when `check_in_code` is given. Made when the e-mail
    is sent, as its attachments are (channels.build_email): the row keeps the text alone, and the two parts cannot
    say different things."""
    language = notification.language
    with translation.override(language):
        return render_to_string(
            "notifications/email.html",
            {
                "LANGUAGE_CODE": language,
                "subject": notification.subject,
                "paragraphs": [html_paragraph(p) for p in notification.body_text.split("\n\n") if p.strip()],
                "check_in_code": check_in_code,
                **centre_context(),
            },
        )


def session_named(title: str) -> str:
    """How a Vietnamese sentence names a session: "phiên <title>", unless the title already begins with "Phiên"
    (no "phiên Phiên giao dịch…")."""
    return title if title.strip().casefold().startswith("phiên") else f"phiên {title}"


def session_context(session: JobSession) -> dict:
    venue = session.venue
    return {
        "session": session,
        "session_named": session_named(session.title),
        "in_person": session.format != SessionFormat.ONLINE,  # an online session has no desk, QR or card to bring
        "venue": venue,
        "place": ", ".join(part for part in (venue.name, venue.address, str(venue.ward)) if part) if venue else "",
        **centre_context(),
    }


_UNKNOWN = object()


def registration_context(registration: Registration, *, waitlist_place=_UNKNOWN, online_rooms=_UNKNOWN) -> dict:
    """The context of a registration's notices; a caller that knows the waitlist place or the online rooms already
    (registration_create, before the session lock) passes them and saves the queries."""
    return {
        **session_context(registration.session),
        "registration": registration,
        "person": registration.job_seeker,
        "waitlist_position": waitlist_position(registration) if waitlist_place is _UNKNOWN else waitlist_place,
        # the rooms of the employers whose vacancies the person registered for (nobody else is told them)
        "online_rooms": registration_online_rooms(registration) if online_rooms is _UNKNOWN else online_rooms,
    }


def participation_context(participation: Participation) -> dict:
    return {
        **session_context(participation.session),
        "participation": participation,
        "employer": participation.employer,
    }
