"""Staff admin for sessions: venues, weekly series, sessions, vacancies, booths, registrations, interviews,
hiring outcomes and the notification outbox.

Every change of state goes through `sessions.services`: creating and editing a session (codes, the venue-clash
check), publishing, completing, cancelling (with a reason), booth decisions, registrations, check-ins,
interviews and outcomes. A refusal by a service is shown as a message, object by object, never as a server error.

Modules: `scheduling` (venues, series, sessions), `booths` (vacancies, participations), `registrations`,
`outcomes` (interviews, hiring outcomes), `notifications`, `plan`, `surveys` (the answers after a session);
`_common` holds the shared helpers.
"""

# Importing the modules registers their ModelAdmins with the admin site.
from sessions.admin import booths, notifications, outcomes, plan, registrations, scheduling, surveys  # noqa: F401
from sessions.admin._common import FirstRowsFormSet

__all__ = ["FirstRowsFormSet"]
