"""Domain errors raised by services: a machine code for clients and a translatable message for people."""

from django.utils.translation import gettext_lazy as _

from jobfair.dates import local_moment_text


class BusinessRuleError(Exception):
    """A refusal by a business rule (HTTP 409 in the API). Subclasses fix the code and default message."""

    code = "business_rule"
    default_message = _("This action is not allowed.")

    def __init__(self, message=None, **params):
        self.message = message if message is not None else self.default_message
        self.params = params
        super().__init__(self.detail)

    @property
    def detail(self) -> str:
        text = str(self.message)
        return text % self.params if self.params else text


class RegistrationClosed(BusinessRuleError):
    """Online registration outside the session's window: the refusal says when it opens, or when it closed (one
    code for both, as clients know it; the person learns when to come back)."""

    code = "registration_closed"
    default_message = _("Registration for this session is not open now.")

    @classmethod
    def for_session(cls, session, now) -> "RegistrationClosed":
        if session.registration_state(now) == "not_yet":
            opens = local_moment_text(session.registration_opens_at)
            return cls(_("Registration for this session opens at %(opens)s."), opens=opens)
        closed = local_moment_text(session.registration_closes_at)
        return cls(_("Registration for this session closed at %(closed)s."), closed=closed)


class SessionNotOpen(BusinessRuleError):
    code = "session_not_open"
    default_message = _("This session is not open for registration.")


class SessionCancelled(BusinessRuleError):
    code = "session_cancelled"
    default_message = _("This session has been cancelled.")


class SessionCompleted(BusinessRuleError):
    code = "session_completed"
    default_message = _("This session has already taken place.")


class NotEligible(BusinessRuleError):
    code = "not_eligible"
    default_message = _("You are not eligible for this session.")


class BoothsFull(BusinessRuleError):
    code = "booths_full"
    default_message = _("All booths of this session are taken.")


class WalkInNeedsConfirmation(BusinessRuleError):
    """The desk found a record that may be this person, but not by a verified phone: staff look and decide."""

    code = "walk_in_match"
    default_message = _(
        "A person with this phone number or citizen ID is already on file: check it is the same person."
    )

    def __init__(self, match, message=None):
        self.match = match
        super().__init__(message)


class SessionFull(BusinessRuleError):
    code = "session_full"
    default_message = _("All seats of this session are taken.")


class InvalidTransition(BusinessRuleError):
    code = "invalid_transition"
    default_message = _("This change of status is not allowed.")


class VenueClash(BusinessRuleError):
    code = "venue_clash"
    default_message = _("Another session is already booked at this venue at that time.")


class EmployerNotVerified(BusinessRuleError):
    code = "employer_not_verified"
    default_message = _("The employer has not been verified by the centre yet.")


class InvalidCheckInCode(BusinessRuleError):
    code = "invalid_check_in_code"
    default_message = _("This check-in code is not valid.")


class NotSessionDay(BusinessRuleError):
    """Check-in (and interviews) outside the session's day: the desk says when it opens or that it has ended."""

    code = "not_session_day"
    default_message = _("Check-in is not open at this time.")

    @classmethod
    def for_session(cls, session, now) -> "NotSessionDay":
        if session.check_in_state(now) == "not_yet":
            opens = local_moment_text(session.check_in_opens_at)
            return cls(_("Check-in for this session opens at %(opens)s."), opens=opens)
        ended = local_moment_text(session.ends_at)
        return cls(_("This session ended at %(ended)s: check-in is closed."), ended=ended)


class BoothNumberTaken(BusinessRuleError):
    """Two booths of one session never share a number: the message names the booth that holds it."""

    code = "booth_number_taken"
    default_message = _("This booth number is already taken at this session.")

    @classmethod
    def held_by(cls, label: str, holder) -> "BoothNumberTaken":
        return cls(
            _("Booth number %(label)s is already held by %(employer)s at this session: choose another number."),
            label=label,
            employer=holder.employer.name,
        )


class ChangedMeanwhile(BusinessRuleError):
    """A save from a page older than the last save of the same thing: refused, so that it does not undo the other
    person's save unseen. The message says what this person had entered."""

    code = "changed_meanwhile"
    default_message = _("Someone else saved this after you opened the page. Open it again and check.")


class SurveyClosed(BusinessRuleError):
    code = "survey_closed"
    default_message = _("This survey has closed: answers are no longer taken.")


class SurveyAnswered(BusinessRuleError):
    code = "survey_answered"
    default_message = _("This survey has already been answered with this link. Thank you!")
