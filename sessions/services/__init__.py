"""Every write that changes the state of a session, a booth, a registration, an interview or an outcome.

Locks are taken late and always in the same order: the session row first, then the rows under it.

Modules: `scheduling` (sessions and weekly series), `registrations`, `booths`, `outcomes` (interviews and hiring
outcomes), `venues`, `vacancies`, `erasure`, `plan`, `employers` (an employer's rejection carried through),
`surveys` (the question after the session); `_common` holds what they share (the session lock).
Callers use this package's names:
`from sessions import services` then `services.registration_create(...)`.
"""

from sessions.services._common import FROM_VENUE, SESSION_EDITABLE_FIELDS, SESSION_M2M_FIELDS, SESSION_NOTICE_FIELDS
from sessions.services.booths import (
    ACTIVE_BOOTH,
    BoothDecision,
    booths_renumber,
    check_booth_needs,
    check_employer_vacancies,
    participation_apply,
    participation_approve,
    participation_change,
    participation_reject,
    participation_set_booth_number,
    participation_set_online_room,
    participation_set_staff_notes,
    participation_withdraw,
    participations_decide,
    participations_withdraw_for_employer,
)
from sessions.services.employers import employer_rejection_carry
from sessions.services.erasure import job_seeker_erase
from sessions.services.outcomes import (
    follow_up_contact_record,
    hiring_outcome_clear,
    hiring_outcome_follow_up,
    hiring_outcome_record,
    interview_record,
    interview_result_and_outcome_record,
)
from sessions.services.plan import PLAN_TARGET_MAX, plan_target_set
from sessions.services.referrals import referral_create, referral_set_status
from sessions.services.registrations import (
    registration_alert_request,
    registration_cancel,
    registration_check_in,
    registration_create,
    registration_walk_in,
    seats_free,
    walk_in_match,
)
from sessions.services.scheduling import (
    SESSION_YEARS,
    SeriesPlan,
    default_registration_window,
    refuse_far_dates,
    series_plan,
    session_cancel,
    session_complete,
    session_create,
    session_publish,
    session_series_create,
    session_update,
    sessions_complete_ended,
    validate_session_fields,
    venue_clash_refusal,
    venue_clashes,
    vietnamese_holidays,
)
from sessions.services.surveys import survey_answer, survey_invitations_send
from sessions.services.vacancies import VACANCY_EDITABLE_FIELDS, VACANCY_M2M_FIELDS, vacancy_create, vacancy_update
from sessions.services.venues import VENUE_EDITABLE_FIELDS, venue_create, venue_update

__all__ = [
    "ACTIVE_BOOTH",
    "FROM_VENUE",
    "PLAN_TARGET_MAX",
    "SESSION_EDITABLE_FIELDS",
    "SESSION_M2M_FIELDS",
    "SESSION_NOTICE_FIELDS",
    "SESSION_YEARS",
    "VACANCY_EDITABLE_FIELDS",
    "VACANCY_M2M_FIELDS",
    "VENUE_EDITABLE_FIELDS",
    "BoothDecision",
    "SeriesPlan",
    "booths_renumber",
    "check_booth_needs",
    "check_employer_vacancies",
    "default_registration_window",
    "employer_rejection_carry",
    "follow_up_contact_record",
    "hiring_outcome_clear",
    "hiring_outcome_follow_up",
    "hiring_outcome_record",
    "interview_record",
    "interview_result_and_outcome_record",
    "job_seeker_erase",
    "participation_apply",
    "participation_approve",
    "participation_change",
    "participation_reject",
    "participation_set_booth_number",
    "participation_set_online_room",
    "participation_set_staff_notes",
    "participation_withdraw",
    "participations_decide",
    "participations_withdraw_for_employer",
    "plan_target_set",
    "referral_create",
    "referral_set_status",
    "refuse_far_dates",
    "registration_alert_request",
    "registration_cancel",
    "registration_check_in",
    "registration_create",
    "registration_walk_in",
    "seats_free",
    "series_plan",
    "session_cancel",
    "session_complete",
    "session_create",
    "session_publish",
    "session_series_create",
    "session_update",
    "sessions_complete_ended",
    "survey_answer",
    "survey_invitations_send",
    "vacancy_create",
    "vacancy_update",
    "validate_session_fields",
    "venue_clash_refusal",
    "venue_clashes",
    "venue_create",
    "venue_update",
    "vietnamese_holidays",
    "walk_in_match",
]
