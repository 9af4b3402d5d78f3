"""What accounts ask to be told to a person (a one-time code, a verification link, a warning), without importing
the outbox that delivers it: `sessions` imports `accounts`, never the reverse (DESIGN §2). The outbox connects a
receiver that writes the notification row in the sender's transaction (sessions/notifications/outbox.py)."""

from django.dispatch import Signal

# Keyword arguments: user, channel ("sms" | "email"), address, kind (a Notification kind), subject, text,
# reference (unique per message: the deduplication key), expires_at (None: no limit; an SMS code goes at once,
# quiet hours or not, and is dropped once expired).
message_to_person = Signal()

# Sent inside the transaction of accounts.services.employer_verify when staff reject an employer or revoke its
# verification. Keyword arguments: employer, actor, previous (its verification before), note (the staff's reason).
# `sessions` carries the consequences in the same transaction (sessions/services/employers.py): booths at sessions
# not yet held withdrawn and given to the booth waitlist, pending notices cancelled, the employer told why.
employer_rejected = Signal()

# Sent inside the transaction of accounts.services.employer_verify when staff verify an employer. Keyword arguments:
# employer, actor. `sessions` tells the employer (sessions/services/employers.py).
employer_verified = Signal()
