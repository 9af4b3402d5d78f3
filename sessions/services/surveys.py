"""One question after the session (issue 15 item 5): a 1–5 rating and an optional comment, asked of the people who
came and of the employers whose booths attended, by a personal link, once each.

- `survey_invitations_send` (beat, every minute) finds, among the sessions completed in the last
  SURVEY_INVITE_WITHIN_DAYS days, the attended registrations and attending booths without an invitation, gives each
  one an invitation with a random token (stored hashed) and writes its notices in the same transaction: by the
  person's or employer's channels, SMS outside the quiet hours, never after the survey closes. Exactly once: the rows
  it takes are locked (`skip_locked`, two runs share the work), an invitation is unique per registration and per
  booth, and each notice has its dedup key. Completing a session twice, or running the sweep again, asks nobody
  again.
- `survey_answer` records the one answer a link takes, until the survey closes (SURVEY_OPEN_DAYS after the
  session's completion). A second answer with the same link is refused (the first stands); the page says so.
"""

from datetime import datetime, timedelta

from celery import shared_task
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.services import audit_log
from jobfair import errors
from jobfair.links import page_url
from sessions import selectors
from sessions.models import SurveyInvitation, new_survey_token, survey_token_hash
from sessions.notifications import outbox

# A session completed longer ago than this is not asked about any more (a scheduler that was down catches up
# within it; a question weeks after the day is noise).
SURVEY_INVITE_WITHIN_DAYS = 3
SURVEY_COMMENT_MAX_LENGTH = 2000
Respondent = SurveyInvitation.Respondent


def survey_url(token: str) -> str:
    return page_url("web:survey", token)


def survey_invitations_send(*, now: datetime | None = None) -> int:
    """Invite the attendees and attending employers of recently completed sessions to answer; returns the number
    of notices written. Idempotent: beat runs it every minute; a second run, or two at once, invites nobody twice."""
    now = now or timezone.now()
    since = now - timedelta(days=SURVEY_INVITE_WITHIN_DAYS)
    batch = settings.NOTIFY_SWEEP_BATCH
    with transaction.atomic():
        registrations = list(
            selectors.attendees_to_survey(completed_since=since, until=now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("session__venue__ward", "job_seeker__user")
            .prefetch_related("session__target_cohorts")
            .order_by("id")[:batch]
        )
        booths = list(
            selectors.attending_booths_to_survey(completed_since=since, until=now)
            .select_for_update(skip_locked=True, of=("self",))
            .select_related("session__venue__ward", "employer")
            .prefetch_related("session__target_cohorts")
            .order_by("id")[:batch]
        )
        invitations, rows = [], []
        links = [(Respondent.JOB_SEEKER, registration, None) for registration in registrations] + [
            (Respondent.EMPLOYER, None, booth) for booth in booths
        ]
        for respondent, registration, booth in links:
            session = (registration or booth).session
            # a survey closed already still gets its row (no notice: they expire at closes_at): nobody is taken twice
            closes_at = session.completed_at + timedelta(days=settings.SURVEY_OPEN_DAYS)
            token = new_survey_token()
            invitation = SurveyInvitation(
                session=session,
                respondent=respondent,
                registration=registration,
                participation=booth,
                token_hash=survey_token_hash(token),
                closes_at=closes_at,
            )
            notices = outbox.survey_invitation_rows(invitation, url=survey_url(token), now=now)
            # Kept even when no channel reaches the person (no contact, notices turned off): the row says they were
            # considered, so the sweep does not take them up again; `notices` = 0 keeps them out of "invited".
            invitation.notices = len(notices)
            invitations.append(invitation)
            rows += notices
        # A run that raced another to a row (its invitation committed meanwhile) adds nothing: the invitation and
        # the notice keys are unique, so its duplicates are dropped and the first link stays the only one.
        SurveyInvitation.objects.bulk_create(invitations, ignore_conflicts=True)
        outbox.write_survey_invitations(rows)
    return len(rows)


@shared_task(name="surveys.send_invitations", acks_late=True)
def survey_invitations_send_task() -> int:
    return survey_invitations_send()


def survey_answer(
    *, invitation: SurveyInvitation, rating, comment: str = "", now: datetime | None = None
) -> SurveyInvitation:
    """Record the answer of a link: a rating 1–5 and an optional comment. Refused once the survey has closed, and
    for a link already answered (the first answer stands): exactly once, whatever two tabs post at once."""
    now = now or timezone.now()
    comment = (comment or "").strip()
    errs = {}
    if rating not in SurveyInvitation.RATINGS:
        errs["rating"] = _("Choose a rating from 1 to 5.")
    if len(comment) > SURVEY_COMMENT_MAX_LENGTH:
        errs["comment"] = _("Keep the comment under %(count)s characters.") % {"count": SURVEY_COMMENT_MAX_LENGTH}
    if invitation.answered_at is not None:
        raise errors.SurveyAnswered()
    if now >= invitation.closes_at:
        raise errors.SurveyClosed()
    if errs:
        raise ValidationError(errs)
    with transaction.atomic():
        answered = SurveyInvitation.objects.filter(
            pk=invitation.pk, answered_at__isnull=True, token_hash__isnull=False
        ).update(rating=rating, comment=comment, answered_at=now, updated_at=now)
        if not answered:
            raise errors.SurveyAnswered()
        # The trail holds the rating, not the comment (free text may name people).
        audit_log(actor=None, action="survey.answer", obj=invitation, rating=rating)
    invitation.rating, invitation.comment, invitation.answered_at = rating, comment, now
    return invitation
