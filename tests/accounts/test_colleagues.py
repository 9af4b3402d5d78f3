"""A company invites colleagues by e-mail and removes them (issue 13 item 4)."""

from datetime import timedelta

import pytest
import time_machine
from django.core.exceptions import ValidationError

from accounts import colleagues
from accounts.models import AuditEvent, EmployerInvitation, User
from jobfair.errors import BusinessRuleError
from sessions.models import Notification
from tests import factories
from tests.helpers import PINNED_NOW

pytestmark = pytest.mark.django_db
PASSWORD = "Rất-khó-đoán-2026"


@pytest.fixture
def inviter():
    return factories.EmployerUserFactory(employer=factories.EmployerFactory(verification="verified"))


def test_invitation_is_an_email_with_a_link_and_only_its_hash_is_kept(inviter):
    with time_machine.travel(PINNED_NOW, tick=False):
        invitation, token = colleagues.employer_invitation_create(actor=inviter, email="Dong.Nghiep@Example.vn")

    notice = Notification.objects.get(address="dong.nghiep@example.vn", kind="account_notice")
    assert token in notice.body_text
    assert invitation.token_hash != token and token not in invitation.token_hash
    assert invitation.expires_at - invitation.created_at == timedelta(days=7)
    assert AuditEvent.objects.filter(action="employer.invite", object_id=str(invitation.pk)).exists()


def test_accepting_makes_a_user_of_the_inviting_employer(inviter):
    _, token = colleagues.employer_invitation_create(actor=inviter, email="moi@example.vn")

    user = colleagues.employer_invitation_accept(token=token, first_name="Lan", last_name="Trần", password=PASSWORD)

    assert user.employer_id == inviter.employer_id and user.role == "employer"
    assert user.check_password(PASSWORD) and user.email_is_verified
    assert AuditEvent.objects.filter(action="employer.invitation_accept").exists()


def test_an_invitation_is_used_once(inviter):
    _, token = colleagues.employer_invitation_create(actor=inviter, email="moi@example.vn")
    colleagues.employer_invitation_accept(token=token, first_name="Lan", last_name="", password=PASSWORD)

    assert colleagues.employer_invitation_find(token=token) is None
    with pytest.raises(colleagues.InvitationInvalid):
        colleagues.employer_invitation_accept(token=token, first_name="Khác", last_name="", password=PASSWORD)
    assert User.objects.filter(email="moi@example.vn").count() == 1


def test_an_invitation_expires_after_seven_days(inviter):
    with time_machine.travel(PINNED_NOW, tick=False) as traveller:
        _, token = colleagues.employer_invitation_create(actor=inviter, email="moi@example.vn")
        traveller.shift(timedelta(days=7, seconds=1))

        assert colleagues.employer_invitation_find(token=token) is None
        with pytest.raises(colleagues.InvitationInvalid):
            colleagues.employer_invitation_accept(token=token, first_name="Lan", last_name="", password=PASSWORD)
    assert not User.objects.filter(email="moi@example.vn").exists()


def test_an_unknown_token_is_refused(inviter):
    with pytest.raises(colleagues.InvitationInvalid):
        colleagues.employer_invitation_accept(token="bịa", first_name="Lan", last_name="", password=PASSWORD)


def test_only_an_employer_user_invites(db):
    with pytest.raises(BusinessRuleError):
        colleagues.employer_invitation_create(actor=factories.StaffFactory(), email="moi@example.vn")
    assert not EmployerInvitation.objects.exists()


def test_a_colleague_is_removed_and_can_no_longer_sign_in(inviter):
    colleague = factories.EmployerUserFactory(employer=inviter.employer)

    colleagues.employer_user_remove(actor=inviter, user=colleague)

    colleague.refresh_from_db()
    assert not colleague.is_active
    assert AuditEvent.objects.filter(action="employer.user_remove", object_id=str(colleague.pk)).exists()


def test_nobody_removes_themselves(inviter):
    factories.EmployerUserFactory(employer=inviter.employer)
    with pytest.raises(colleagues.ColleagueRemovalRefused):
        colleagues.employer_user_remove(actor=inviter, user=inviter)
    inviter.refresh_from_db()
    assert inviter.is_active


def test_the_last_user_stays(inviter):
    colleague = factories.EmployerUserFactory(employer=inviter.employer)
    colleagues.employer_user_remove(actor=inviter, user=colleague)

    with pytest.raises(colleagues.ColleagueRemovalRefused):
        colleagues.employer_user_remove(actor=inviter, user=inviter)
    with pytest.raises(colleagues.ColleagueRemovalRefused):
        colleagues.employer_user_remove(actor=inviter, user=colleague)
    assert User.objects.filter(employer=inviter.employer, is_active=True).count() == 1


def test_another_companys_user_is_not_removed(inviter):
    stranger = factories.EmployerUserFactory(employer=factories.EmployerFactory())
    factories.EmployerUserFactory(employer=stranger.employer)

    with pytest.raises(colleagues.ColleagueRemovalRefused):
        colleagues.employer_user_remove(actor=inviter, user=stranger)
    stranger.refresh_from_db()
    assert stranger.is_active


def test_a_removed_colleague_invited_again_comes_back_as_the_same_user(inviter):
    colleague = factories.EmployerUserFactory(employer=inviter.employer, email="quay.lai@example.vn")
    colleagues.employer_user_remove(actor=inviter, user=colleague)

    _, token = colleagues.employer_invitation_create(actor=inviter, email="Quay.Lai@example.vn")
    back = colleagues.employer_invitation_accept(token=token, first_name="Hoa", last_name="Lê", password=PASSWORD)

    assert back.pk == colleague.pk and back.is_active and back.employer_id == inviter.employer_id
    assert back.check_password(PASSWORD) and back.email_is_verified
    assert (back.first_name, back.last_name) == ("Hoa", "Lê")
    assert User.objects.filter(email__iexact="quay.lai@example.vn").count() == 1
    accepted = AuditEvent.objects.get(action="employer.invitation_accept")
    assert accepted.data["returned"] is True


def test_an_active_colleague_or_another_companys_removed_user_is_not_invited(inviter):
    factories.EmployerUserFactory(employer=inviter.employer, email="dang.lam@example.vn")
    elsewhere = factories.EmployerUserFactory(employer=factories.EmployerFactory(), email="cong.ty.khac@example.vn")
    factories.EmployerUserFactory(employer=elsewhere.employer)
    colleagues.employer_user_remove(actor=elsewhere.employer.users.exclude(pk=elsewhere.pk).get(), user=elsewhere)

    for email in ("dang.lam@example.vn", "cong.ty.khac@example.vn"):
        with pytest.raises(ValidationError, match="already has an account"):
            colleagues.employer_invitation_create(actor=inviter, email=email)
    assert not EmployerInvitation.objects.exists()
    elsewhere.refresh_from_db()
    assert not elsewhere.is_active and elsewhere.employer_id != inviter.employer_id
