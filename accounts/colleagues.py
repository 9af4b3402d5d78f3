"""A company's own users (issue 13 item 4): a user of the employer invites a colleague by e-mail (a link with a
secret token, valid INVITATION_DAYS days, used once) and removes one (not themselves, not the last one). Writes, like
accounts.services; the e-mail leaves through `accounts.signals.message_to_person` (the outbox)."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from accounts.models import EmployerInvitation, Role, User
from accounts.signals import message_to_person
from jobfair.errors import BusinessRuleError
from jobfair.links import page_url
from jobfair.text import normalize_name

INVITATION_DAYS = 7


class InvitationInvalid(BusinessRuleError):
    code = "invitation_invalid"


class ColleagueRemovalRefused(BusinessRuleError):
    code = "colleague_removal_refused"


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _invitation_link(token: str) -> str:
    return page_url("accounts:invitation_accept", token)


def employer_invitation_create(*, actor: User, email: str) -> tuple[EmployerInvitation, str]:
    """An invitation to act for the actor's company, and its secret token (only in the e-mail, never stored)."""
    if actor.role != Role.EMPLOYER or actor.employer_id is None or not actor.is_active:
        raise InvitationInvalid(_("Only a user of the company can invite colleagues."))
    email = (email or "").strip().lower()
    if "@" not in email:
        raise ValidationError({"email": [_("Enter an e-mail address.")]})
    if _removed_colleague(actor.employer_id, email) is None and User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": [_("This e-mail address already has an account.")]})
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        invitation = EmployerInvitation.objects.create(
            employer_id=actor.employer_id,
            email=email,
            token_hash=_hash(token),
            invited_by=actor,
            expires_at=timezone.now() + timedelta(days=INVITATION_DAYS),
        )
        audit_log(actor=actor, action="employer.invite", obj=invitation, email=email)
        with translation.override(actor.language):
            subject = _("%(company)s invites you to its account at %(centre)s") % {
                "company": actor.employer.name,
                "centre": settings.JOBFAIR_CENTRE_NAME,
            }
            text = _(
                "Hello,\n\n%(who)s invites you to act for %(company)s at %(centre)s. To accept, open this link "
                "within %(days)s days and choose your name and password:\n%(link)s\n\n"
                "If you do not know this company, ignore this message."
            ) % {
                "who": actor.get_full_name() or actor.email or actor.username,
                "company": actor.employer.name,
                "centre": settings.JOBFAIR_CENTRE_NAME,
                "days": INVITATION_DAYS,
                "link": _invitation_link(token),
            }
        message_to_person.send(
            sender=EmployerInvitation,
            user=actor,
            channel="email",
            address=email,
            kind="account_notice",
            subject=subject,
            text=text,
            reference=f"invitation:{invitation.pk}",
            expires_at=invitation.expires_at,
        )
    return invitation, token


def _removed_colleague(employer_id: int, email: str) -> User | None:
    """The company's own user of this e-mail that a colleague removed, when no one else holds the address: invited
    again, they come back as the same user (their earlier work still theirs) with the name and password they choose."""
    holders = list(User.objects.filter(email__iexact=email)[:2])
    if len(holders) == 1 and holders[0].employer_id == employer_id and not holders[0].is_active:
        return holders[0]
    return None


def employer_invitation_find(*, token: str) -> EmployerInvitation | None:
    """The invitation the link is for while it can still be used; None for an unknown, used or expired one."""
    return (
        EmployerInvitation.objects.select_related("employer")
        .filter(token_hash=_hash(token or ""), used_at__isnull=True, expires_at__gt=timezone.now())
        .first()
    )


def employer_invitation_accept(*, token: str, first_name: str, last_name: str, password: str) -> User:
    """The invitee chooses a name and password: a new user of the inviting employer (its e-mail proved by the
    link), or the company's removed user of that e-mail back again. The invitation is then used up."""
    from accounts.services import _check_password

    with transaction.atomic():
        invitation = (
            EmployerInvitation.objects.select_for_update()
            .filter(token_hash=_hash(token or ""))
            .select_related("employer")
            .first()
        )
        if invitation is None or invitation.used_at is not None or invitation.expires_at <= timezone.now():
            raise InvitationInvalid(_("This invitation is not valid any more. Ask your colleague for a new one."))
        errs = {}
        first_name, last_name = normalize_name(first_name or ""), normalize_name(last_name or "")
        if not first_name:
            errs["first_name"] = [_("Enter your name.")]
        returning = _removed_colleague(invitation.employer_id, invitation.email)
        user = returning or User(
            username=invitation.email,
            role=Role.EMPLOYER,
            email=invitation.email,
            employer=invitation.employer,
            language=invitation.employer.language,
        )
        user.first_name, user.last_name, user.verified_email = first_name, last_name, invitation.email
        if password_errors := _check_password(password, user):
            errs["password"] = password_errors
        if returning is None and User.objects.filter(email__iexact=invitation.email).exists():
            errs["email"] = [_("This e-mail address already has an account.")]
        if errs:
            raise ValidationError(errs)
        user.set_password(password)  # a new password also ends any sign-in kept from before the removal
        user.is_active = True
        user.save()
        invitation.used_at, invitation.user = timezone.now(), user
        invitation.save(update_fields=["used_at", "user"])
        audit_log(
            actor=user,
            action="employer.invitation_accept",
            obj=invitation,
            employer=invitation.employer_id,
            returned=returning is not None,
        )
    return user


def employer_user_remove(*, actor: User, user: User) -> User:
    """A user of the employer removes a colleague: the colleague can no longer sign in (their tokens end). Never
    oneself, never the company's last active user, never another company's user."""
    from accounts.services import user_tokens_revoke

    with transaction.atomic():
        colleagues = list(
            User.objects.select_for_update().filter(employer_id=actor.employer_id, is_active=True).order_by("pk")
        )
        if actor.employer_id is None or not actor.is_active or user.employer_id != actor.employer_id:
            raise ColleagueRemovalRefused(_("This person does not act for your company."))
        if user.pk == actor.pk:
            raise ColleagueRemovalRefused(_("You cannot remove yourself; ask a colleague."))
        if user.pk not in {c.pk for c in colleagues}:
            raise ColleagueRemovalRefused(_("This person has already been removed."))
        if len(colleagues) <= 1:
            raise ColleagueRemovalRefused(_("The company's last user cannot be removed."))
        User.objects.filter(pk=user.pk).update(is_active=False)
        user.is_active = False
        audit_log(actor=actor, action="employer.user_remove", obj=user, employer=actor.employer_id)
        user_tokens_revoke(user=user, actor=actor, reason="removed by the company")
    return user
