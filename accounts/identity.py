"""Identity claims verified before they count (issue 11 item 6): a phone number by a code sent by SMS, an e-mail by
a signed link; a citizen ID that another record holds goes to a staff queue instead of refusing its real owner.

Writes, like accounts.services; the messages leave through `accounts.signals.message_to_person` (the outbox)."""

import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone, translation
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts.audit import audit_log
from accounts.models import CitizenIdClaim, JobSeeker, OneTimeCode, User
from accounts.signals import message_to_person
from jobfair.dates import local_moment_text
from jobfair.errors import InvalidTransition
from jobfair.links import page_url

CODE_MINUTES = 10
CODE_TRIES = 5
EMAIL_LINK_DAYS = 3
_EMAIL_SALT = "accounts.verify-email"


def _code_hash(user: User, purpose: str, code: str) -> str:
    return salted_hmac("accounts.one-time-code", f"{user.pk}:{purpose}:{code}").hexdigest()


def phone_code_send(*, user: User, purpose: str) -> OneTimeCode | None:
    """A new 6-digit code by SMS to the user's phone (the previous one of the same purpose stops working)."""
    if not user.phone or not user.is_active:
        return None
    code = f"{secrets.randbelow(10**6):06d}"
    now = timezone.now()
    with transaction.atomic():
        OneTimeCode.objects.filter(user=user, purpose=purpose, used_at__isnull=True, expires_at__gt=now).update(
            expires_at=now
        )
        row = OneTimeCode.objects.create(
            user=user,
            purpose=purpose,
            phone=user.phone,
            code_hash=_code_hash(user, purpose, code),
            expires_at=now + timedelta(minutes=CODE_MINUTES),
        )
        with translation.override(user.language):
            text = _(
                "%(centre)s: %(code)s is your code (valid %(minutes)s minutes). Never give it to anyone, "
                "not even the centre's staff."
            ) % {"code": code, "centre": settings.JOBFAIR_CENTRE_NAME, "minutes": CODE_MINUTES}
        message_to_person.send(
            sender=OneTimeCode,
            user=user,
            channel="sms",
            address=user.phone,
            kind="one_time_code",
            subject="",
            text=text,
            reference=f"code{row.pk}",
            expires_at=row.expires_at,
        )
    return row


def phone_code_check(*, user: User, purpose: str, code: str) -> bool:
    """Whether the code is the last one sent for this purpose, unexpired and within its tries (each try counts).
    A right code for `verify_phone` verifies the phone it was sent to."""
    code = "".join((code or "").split())
    with transaction.atomic():
        row = (
            OneTimeCode.objects.select_for_update()
            .filter(user=user, purpose=purpose, used_at__isnull=True, expires_at__gt=timezone.now())
            .order_by("-created_at")
            .first()
        )
        if row is None or row.attempts >= CODE_TRIES:
            return False
        row.attempts += 1
        right = bool(code) and constant_time_compare(row.code_hash, _code_hash(user, purpose, code))
        if right:
            row.used_at = timezone.now()
        row.save(update_fields=["attempts", "used_at"])
        if right and purpose == OneTimeCode.Purpose.VERIFY_PHONE and row.phone == user.phone:
            User.objects.filter(pk=user.pk).update(verified_phone=row.phone)
            user.verified_phone = row.phone
            audit_log(actor=user, action="user.phone_verified", obj=user)
    return right


def password_set_by_code(*, user: User, password: str, phone: str) -> None:
    """A new password after a right reset code; the code proved the phone too. Every earlier token of the user ends
    (tokens carry a fingerprint of the password hash)."""
    user.set_password(password)
    user.verified_phone = phone
    user.save(update_fields=["password", "verified_phone"])
    audit_log(actor=user, action="user.password_reset_by_sms", obj=user)


def _account_notice(user: User, channel: str, address: str, subject: str, text: str, *, reference: str) -> None:
    """A message about the account itself, through the outbox; each one its own (a unique key, never deduplicated)."""
    message_to_person.send(
        sender=User,
        user=user,
        channel=channel,
        address=address,
        kind="account_notice",
        subject=subject,
        text=text,
        reference=f"{reference}:{user.pk}:{secrets.token_hex(8)}",
        expires_at=None,
    )


def password_change(*, user: User, password: str) -> None:
    """A signed-in person changes their password (the current one checked by the form). Every earlier token ends
    (tokens carry a fingerprint of the password hash), and the person is told on their own channel, so that a change
    made by someone else with their sign-in does not go unseen."""
    user.set_password(password)
    user.save(update_fields=["password"])
    audit_log(actor=user, action="user.password_change", obj=user)
    channel, address = ("email", user.email) if user.email else ("sms", user.phone)
    if not address:
        return
    when = local_moment_text(timezone.now())
    with translation.override(user.language):
        text = _(
            "Your password at %(centre)s was changed at %(when)s. If it was not you, reset it now and call the centre."
        ) % {"centre": settings.JOBFAIR_CENTRE_NAME, "when": when}
        subject = _("Your password was changed")
    _account_notice(user, channel, address, subject, text, reference="password-change")


def email_link_send(*, user: User) -> None:
    """A link that proves the e-mail is the person's (valid EMAIL_LINK_DAYS days, only for that address)."""
    if not user.email:
        return
    token = signing.dumps({"user": user.pk, "email": user.email}, salt=_EMAIL_SALT)
    link = page_url("accounts:verify_email", token)
    with translation.override(user.language):
        subject = _("Confirm your e-mail address")
        text = _(
            "Hello,\n\nto confirm that %(email)s is your address at %(centre)s, open this link within %(days)s days:\n"
            "%(link)s\n\nIf you did not ask for it, ignore this message."
        ) % {"email": user.email, "centre": settings.JOBFAIR_CENTRE_NAME, "days": EMAIL_LINK_DAYS, "link": link}
    _account_notice(user, "email", user.email, subject, text, reference="verify-email")


def email_verify(*, token: str) -> User | None:
    """The user whose e-mail the link proves, now verified; None for a bad, expired or outdated link."""
    try:
        data = signing.loads(token, salt=_EMAIL_SALT, max_age=timedelta(days=EMAIL_LINK_DAYS))
    except signing.BadSignature:
        return None
    user = User.objects.filter(pk=data.get("user"), email=data.get("email"), is_active=True).first()
    if user is not None and user.verified_email != user.email:
        User.objects.filter(pk=user.pk).update(verified_email=user.email)
        user.verified_email = user.email
        audit_log(actor=user, action="user.email_verified", obj=user)
    return user


def signup_attempt_notice(*, user: User, identifier: str) -> None:
    """Someone tried to sign up with the phone or e-mail this account holds: its owner hears of it there."""
    channel, address = ("sms", user.phone) if identifier == "phone" else ("email", user.email)
    with translation.override(user.language):
        subject = _("Someone tried to sign up with your %(what)s") % {
            "what": _("phone number") if identifier == "phone" else _("e-mail address")
        }
        text = _(
            "%(centre)s: someone tried to create an account with %(address)s, which your account already uses. "
            "If it was you, sign in or reset your password at %(site)s. If not, you need do nothing."
        ) % {"centre": settings.JOBFAIR_CENTRE_NAME, "address": address, "site": settings.SITE_URL}
    _account_notice(user, channel, address, subject, text, reference="signup-attempt")


def citizen_id_claim_open(*, claimant: JobSeeker, citizen_id: str) -> CitizenIdClaim:
    """Someone gave a citizen ID that another record holds: staff will check the card."""
    holder = JobSeeker.objects.filter(citizen_id=citizen_id).exclude(pk=claimant.pk).first()
    claim, _created = CitizenIdClaim.objects.get_or_create(
        citizen_id=citizen_id, claimant=claimant, status=CitizenIdClaim.Status.OPEN, defaults={"holder": holder}
    )
    audit_log(actor=claimant.user, action="citizen_id.claim", obj=claim)
    return claim


def citizen_id_claim_decide(*, claim: CitizenIdClaim, actor: User, move: bool, note: str = "") -> CitizenIdClaim:
    """Staff saw the card: move the ID to the claimant (the holder loses it), or dismiss the claim."""
    with transaction.atomic():
        claim = CitizenIdClaim.objects.select_for_update().get(pk=claim.pk)
        if claim.status != CitizenIdClaim.Status.OPEN:
            raise InvalidTransition(_("This claim has already been decided."))
        if move:
            holders = JobSeeker.objects.select_for_update().filter(citizen_id=claim.citizen_id).order_by("pk")
            for holder in holders:
                holder.citizen_id = None
                holder.save(update_fields=["citizen_id", "updated_at"])
                audit_log(actor=actor, action="citizen_id.removed", obj=holder, citizen_id=claim.citizen_id)
            JobSeeker.objects.filter(pk=claim.claimant_id).update(citizen_id=claim.citizen_id)
            audit_log(actor=actor, action="citizen_id.moved", obj=claim.claimant, citizen_id=claim.citizen_id)
        claim.status = CitizenIdClaim.Status.MOVED if move else CitizenIdClaim.Status.DISMISSED
        claim.decided_by, claim.decided_at, claim.note = actor, timezone.now(), note.strip()[:255]
        claim.save(update_fields=["status", "decided_by", "decided_at", "note"])
        audit_log(actor=actor, action=f"citizen_id.claim_{claim.status}", obj=claim, note=claim.note)
    return claim
