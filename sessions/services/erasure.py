"""The right to erasure: a job seeker forgotten, statistics kept."""

from django.db import transaction
from django.utils import timezone

from accounts.models import JobSeeker, User
from accounts.services import audit_log
from sessions.models import (
    Notification,
    Referral,
    Registration,
    SessionStatus,
    SurveyInvitation,
)
from sessions.services._common import RegStatus
from sessions.services.registrations import registration_cancel


def job_seeker_erase(*, job_seeker: JobSeeker, actor: User | None) -> dict:
    """A job seeker asks for the deletion of their data (DESIGN §4 "Sensitive data"), all or nothing:

    1. every active registration (confirmed or waitlisted) at a session still to come is cancelled through
       registration_cancel, so a freed seat goes to the first person on the waitlist;
    2. the notices still waiting to be sent to them are cancelled (the cancellation notices of step 1 included:
       the person asked to be forgotten), and the outbox history keeps no address or text of theirs;
    3. their survey invitations lose the link to them: the registration, the link's token (the link stops
       working) and the comment go; the rating stays, unlinked, so the survey's figures stay true;
    4. accounts.services.job_seeker_anonymise erases what identifies them and closes the account, keeping what
       the statistics count.

    Registrations already held (attended, no-show), interviews, hiring outcomes and referrals (without their note)
    stay, without the person's identity, so the centre's reports stay true. Returns a summary of what was done."""
    from accounts.services import job_seeker_anonymise

    now = timezone.now()
    with transaction.atomic():
        active = list(
            Registration.objects.filter(
                job_seeker=job_seeker,
                status__in=(RegStatus.CONFIRMED, RegStatus.WAITLISTED),
                session__ends_at__gt=now,
            )
            .exclude(session__status__in=(SessionStatus.CANCELLED, SessionStatus.COMPLETED))
            .order_by("session_id", "id")
        )
        for registration in active:  # session by session, in id order: the lock order of registration_cancel
            registration_cancel(registration=registration, actor=actor)
        notices = Notification.objects.filter(job_seeker=job_seeker)
        cancelled_notices = notices.filter(status=Notification.Status.PENDING).update(
            status=Notification.Status.CANCELLED, updated_at=now
        )
        notices.update(address="", subject="", body_text="", updated_at=now)
        # Referrals stay for the counts by kind and outcome; the staff's free-text note about the person goes.
        Referral.objects.filter(job_seeker=job_seeker).update(note="", updated_at=now)
        survey_answers_unlinked = SurveyInvitation.objects.filter(registration__job_seeker=job_seeker).update(
            registration=None, token_hash=None, comment="", updated_at=now
        )
        job_seeker = job_seeker_anonymise(job_seeker=job_seeker, actor=actor)
        audit_log(
            actor=actor,
            action="job_seeker.erase",
            obj=job_seeker,
            registrations_cancelled=len(active),
            notifications_cancelled=cancelled_notices,
            survey_answers_unlinked=survey_answers_unlinked,
        )
    return {
        "job_seeker": job_seeker.pk,
        "registrations_cancelled": len(active),
        "notifications_cancelled": cancelled_notices,
        "anonymised_at": job_seeker.anonymised_at,
    }
