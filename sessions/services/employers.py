"""What follows when staff reject an employer or revoke its verification (issue 12 item 2).

`accounts` cannot import `sessions` (DESIGN §2), so accounts.services.employer_verify sends
accounts.signals.employer_rejected inside its transaction and this receiver (connected in sessions/apps.py) carries
the consequences in that same transaction, whichever way staff decided: the staff pages, the API or the admin.

- Its booth requests and booths at sessions not yet held are withdrawn through the booth service (one audit event
  each; each freed booth goes to the first request on that session's booth waitlist, whose employer is told).
- Its vacancies leave the public pages and the public API: they list verified employers only
  (selectors.vacancy_list, selectors.session_booths/session_vacancies with `public=True`).
- Its pending notices are cancelled, and it is told why, in its language, with the staff's reason.
- People registered for its vacancies keep their registration and seat (the session still takes place with the
  other employers); their page marks the vacancy as no longer at the session, their pending reminders no longer
  carry its online room.
"""

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from accounts.audit import audit_log
from accounts.models import Employer, User
from sessions.notifications import outbox
from sessions.services.booths import participations_withdraw_for_employer


def employer_rejection_carry(
    *, employer: Employer, actor: User | None, previous: str, note: str = "", now=None
) -> dict:
    """Carry an employer's rejection through (call inside the transaction that rejects it). Returns what was done:
    {"withdrawn": [participation ids], "notices_cancelled": n}."""
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):  # stored text, read by staff and the employer
        booth_note = str(_("The employer's verification was rejected."))
    if note:
        booth_note = f"{booth_note} {note}"
    withdrawn = participations_withdraw_for_employer(employer=employer, actor=actor, note=booth_note, now=now)
    cancelled = outbox.cancel_pending_for_employer(employer)
    outbox.notify_employer_rejected(employer, reason=note, withdrawn=withdrawn)
    done = {"withdrawn": [participation.pk for participation in withdrawn], "notices_cancelled": cancelled}
    audit_log(actor=actor, action="employer.rejection_carried", obj=employer, previous=previous, **done)
    return done


def employer_rejected_receiver(sender, *, employer, actor, previous, note, **kwargs) -> None:
    """The receiver of accounts.signals.employer_rejected."""
    employer_rejection_carry(employer=employer, actor=actor, previous=previous, note=note)


def employer_verified_receiver(sender, *, employer, actor, **kwargs) -> None:
    """The receiver of accounts.signals.employer_verified: the employer hears that it can now ask for booths."""
    outbox.notify_employer_verified(employer)
