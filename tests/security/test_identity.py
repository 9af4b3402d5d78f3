"""Identity claims are verified before they count (issue 11 item 6): a phone by an SMS code (hashed, expiring, a few
tries), an e-mail by a link, the password reset by SMS code for phone-only job seekers; the desk attaches a walk-in
to a record only on a verified phone or staff's confirmation; a claimed citizen ID goes to a staff queue."""

from datetime import datetime, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from accounts import identity
from accounts.models import CitizenIdClaim, OneTimeCode, User
from sessions.models import Notification, Registration
from sessions.notifications import delivery
from tests import factories
from tests.helpers import link_sent_to, sms_code_sent_to

pytestmark = pytest.mark.django_db

PASSWORD = "Mat-khau-2026"
PHONE = "+84912000444"
Purpose = OneTimeCode.Purpose


def under_way():
    """A session half an hour in: the desk takes walk-ins only on the day."""
    return factories.JobSessionFactory(starts_at=timezone.now().replace(microsecond=0) - timedelta(minutes=30))


@pytest.fixture
def person():
    user = factories.UserFactory(phone=PHONE, email="thu@example.vn")
    return factories.JobSeekerFactory(user=user, phone=PHONE)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


# --- the phone ----------------------------------------------------------------------------------------------------


def test_a_phone_is_verified_by_the_code_sent_to_it(person):
    client = signed_in(person.user)

    sent = client.post(reverse("accounts:verify_phone"), {"send": "1"})
    code = sms_code_sent_to(PHONE)
    wrong = client.post(reverse("accounts:verify_phone"), {"code": f"{(int(code) + 1) % 10**6:06d}"})
    assert sent.status_code == 302
    assert wrong.status_code == 200 and not fresh(person.user).phone_is_verified

    right = client.post(reverse("accounts:verify_phone"), {"code": code})

    assert right.status_code == 302 and fresh(person.user).phone_is_verified
    row = OneTimeCode.objects.get()
    assert code not in row.code_hash and row.used_at is not None  # stored hashed, used once
    assert fresh(person.user).verified_phone == PHONE


def test_changing_the_phone_makes_it_unverified_again(person):
    identity.phone_code_send(user=person.user, purpose=Purpose.VERIFY_PHONE)
    assert identity.phone_code_check(user=person.user, purpose=Purpose.VERIFY_PHONE, code=sms_code_sent_to(PHONE))
    user = fresh(person.user)
    assert user.phone_is_verified

    user.phone = "+84912000555"
    user.save()

    assert not fresh(user).phone_is_verified


def test_a_code_expires_after_ten_minutes():
    with time_machine.travel(datetime(2026, 3, 11, 10, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")), tick=False) as clock:
        user = factories.UserFactory(phone=PHONE)
        identity.phone_code_send(user=user, purpose=Purpose.VERIFY_PHONE)
        clock.move_to(datetime(2026, 3, 11, 10, 10, 1, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh")))

        assert not identity.phone_code_check(user=user, purpose=Purpose.VERIFY_PHONE, code=sms_code_sent_to(PHONE))


def test_after_five_wrong_tries_even_the_right_code_is_refused():
    user = factories.UserFactory(phone=PHONE)
    identity.phone_code_send(user=user, purpose=Purpose.VERIFY_PHONE)
    code = sms_code_sent_to(PHONE)
    wrong = f"{(int(code) + 1) % 10**6:06d}"

    tries = [identity.phone_code_check(user=user, purpose=Purpose.VERIFY_PHONE, code=wrong) for _ in range(5)]

    assert tries == [False] * 5
    assert not identity.phone_code_check(user=user, purpose=Purpose.VERIFY_PHONE, code=code)


def test_a_new_code_replaces_the_old_one():
    user = factories.UserFactory(phone=PHONE)
    identity.phone_code_send(user=user, purpose=Purpose.VERIFY_PHONE)
    first = sms_code_sent_to(PHONE)
    identity.phone_code_send(user=user, purpose=Purpose.VERIFY_PHONE)
    second = sms_code_sent_to(PHONE)

    if first != second:  # one chance in a million that the new code is the same digits
        assert not identity.phone_code_check(user=user, purpose=Purpose.VERIFY_PHONE, code=first)
    assert identity.phone_code_check(user=user, purpose=Purpose.VERIFY_PHONE, code=second)
    assert OneTimeCode.objects.count() == 2


def test_codes_to_one_phone_are_limited(person):
    client = signed_in(person.user)

    for _ in range(4):
        client.post(reverse("accounts:verify_phone"), {"send": "1"})

    assert Notification.objects.filter(kind="one_time_code", address=PHONE).count() == 3  # sms_code_target: 3/hour


class RecordingSms:
    sent: ClassVar[list[dict]] = []

    def send(self, *, to: str, text: str, reference: str) -> None:
        RecordingSms.sent.append({"to": to, "text": text})


def test_a_code_goes_out_at_once_in_sms_quiet_hours(settings):
    settings.SMS_BACKEND = f"{__name__}.RecordingSms"
    RecordingSms.sent = []
    late_evening = datetime(2026, 3, 11, 22, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    with time_machine.travel(late_evening, tick=False):
        identity.phone_code_send(user=factories.UserFactory(phone=PHONE), purpose=Purpose.VERIFY_PHONE)
        notice = Notification.objects.get(kind="one_time_code")

        delivery.notification_deliver(notification_id=notice.pk)

    notice.refresh_from_db()
    assert notice.status == Notification.Status.SENT
    assert RecordingSms.sent[0]["to"] == PHONE and sms_code_sent_to(PHONE) in RecordingSms.sent[0]["text"]


# --- the e-mail ---------------------------------------------------------------------------------------------------


def test_an_email_is_verified_by_its_link_and_a_changed_address_voids_it(person):
    client = signed_in(person.user)
    client.post(reverse("accounts:verify_email_request"), {"next": "/"})
    link = link_sent_to("thu@example.vn")

    assert client.get(link).status_code == 302
    assert fresh(person.user).email_is_verified

    client.post(reverse("accounts:verify_email_request"), {"next": "/"})  # verified: nothing more is sent
    User.objects.filter(pk=person.user_id).update(email="moi@example.vn")
    assert client.get(link).status_code == 400  # the link names an address that is no longer the account's
    assert not fresh(person.user).email_is_verified
    assert Client().get(reverse("accounts:verify_email", args=["forged"])).status_code == 400


# --- password reset by SMS ----------------------------------------------------------------------------------------


def test_a_phone_only_job_seeker_resets_the_password_by_sms_code():
    user = factories.UserFactory(phone=PHONE, email=None, username=PHONE)
    factories.JobSeekerFactory(user=user, phone=PHONE)
    client = Client()

    asked = client.post(reverse("accounts:password_reset_phone"), {"phone": "0912 000 444"})
    page = client.get(asked.url)
    done = client.post(
        reverse("accounts:password_reset_phone_code"),
        {"code": sms_code_sent_to(PHONE), "new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"},
    )

    assert asked.status_code == 302 and page.status_code == 200
    assert done.status_code == 302
    user = fresh(user)
    assert user.check_password("Mat-khau-moi-2026") and not user.check_password(PASSWORD)
    assert user.phone_is_verified  # the code proved the phone too


def test_a_reset_for_a_phone_without_an_account_looks_the_same_and_sends_nothing():
    client = Client()

    asked = client.post(reverse("accounts:password_reset_phone"), {"phone": "0912000999"})
    page = client.get(asked.url)
    tried = client.post(
        reverse("accounts:password_reset_phone_code"),
        {"code": "123456", "new_password1": "Mat-khau-moi-2026", "new_password2": "Mat-khau-moi-2026"},
    )

    assert asked.status_code == 302 and page.status_code == 200 and "+84912000999" in page.content.decode()
    assert tried.status_code == 200 and "error-summary" in tried.content.decode()
    assert not Notification.objects.exists()


def test_the_api_resets_a_password_by_sms_code(person):
    api = APIClient()

    asked = api.post("/api/v1/auth/password-reset/phone/", {"phone": "0912000444"}, format="json")
    unknown = api.post("/api/v1/auth/password-reset/phone/", {"phone": "0912000999"}, format="json")
    wrong = api.post(
        "/api/v1/auth/password-reset/phone/confirm/",
        {"phone": PHONE, "code": "000000", "new_password": "Mat-khau-moi-2026"},
        format="json",
    )
    right = api.post(
        "/api/v1/auth/password-reset/phone/confirm/",
        {"phone": PHONE, "code": sms_code_sent_to(PHONE), "new_password": "Mat-khau-moi-2026"},
        format="json",
    )

    assert asked.status_code == unknown.status_code == 202 and asked.json() == unknown.json()
    assert wrong.status_code == 400 and "code" in wrong.json()
    assert right.status_code == 204 and fresh(person.user).check_password("Mat-khau-moi-2026")


# --- sign-up finished by the code (API) -----------------------------------------------------------------------------


def test_an_api_signup_is_finished_with_the_code_and_gives_tokens():
    body = {
        "password": "Mat-khau-2026!",
        "full_name": "Phạm Thu",
        "phone": "0912000666",
        "sex": "female",
        "ward": "00070",
        "accept_terms": True,
    }
    api = APIClient()
    assert api.post("/api/v1/auth/signup/job-seeker/", body, format="json").status_code == 202

    confirmed = api.post(
        "/api/v1/auth/signup/confirm/", {"phone": "0912000666", "code": sms_code_sent_to("+84912000666")}, format="json"
    )

    assert confirmed.status_code == 200 and set(confirmed.json()) == {"access", "refresh"}
    me = APIClient()
    me.credentials(HTTP_AUTHORIZATION=f"Bearer {confirmed.json()['access']}")
    assert me.get("/api/v1/me/").json()["phone_verified"] is True


def test_the_api_verifies_a_signed_in_users_phone(person):
    api = APIClient()
    api.force_authenticate(person.user)

    assert api.post("/api/v1/me/phone-verification/", {}, format="json").status_code == 202
    confirmed = api.post("/api/v1/me/phone-verification/confirm/", {"code": sms_code_sent_to(PHONE)}, format="json")

    assert confirmed.status_code == 200 and confirmed.json()["phone_verified"] is True


# --- the desk and the staff queue ---------------------------------------------------------------------------------


def walk_in(client, session, **extra):
    data = {"full_name": "Nguyễn Văn Thật", "phone": "0912000444", "sex": "male", "date_of_birth": "1998-05-17"}
    return client.post(reverse("staff:desk_walk_in", args=[session.pk]), {**data, **extra})


def test_the_desk_shows_an_unverified_match_and_staff_decide(person):
    session = under_way()
    desk = signed_in(factories.StaffFactory())

    shown = walk_in(desk, session)
    assert shown.status_code == 409 and 'id="walk-in-match"' in shown.content.decode()
    assert person.full_name in shown.content.decode()
    assert not Registration.objects.filter(session=session).exists()  # nothing filed before staff decide

    same = walk_in(desk, session, match=str(person.pk))

    assert same.status_code == 302
    assert Registration.objects.get(session=session).job_seeker == person


def test_the_desk_attaches_a_walk_in_only_to_the_record_it_showed(person):
    session = under_way()
    desk = signed_in(factories.StaffFactory())
    unrelated = factories.JobSeekerFactory()

    sent_back = walk_in(desk, session, phone="0987 650 001", match=str(unrelated.pk))  # an id never shown

    assert sent_back.status_code == 302
    registration = Registration.objects.get(session=session)
    assert registration.job_seeker not in (unrelated, person)
    assert registration.job_seeker.full_name == "Nguyễn Văn Thật"
    other = walk_in(desk, session, match=str(unrelated.pk))  # the typed phone is the person's: shown, not attached
    assert other.status_code == 409 and Registration.objects.filter(session=session, job_seeker=unrelated).count() == 0


def test_the_desk_registers_another_person_apart_when_staff_say_so(person):
    session = under_way()
    desk = signed_in(factories.StaffFactory())

    walk_in(desk, session)
    apart = walk_in(desk, session, as_new="1")

    assert apart.status_code == 302
    registration = Registration.objects.get(session=session)
    assert registration.job_seeker != person and registration.job_seeker.full_name == "Nguyễn Văn Thật"


def test_the_desk_attaches_a_verified_phone_on_its_own(person):
    User.objects.filter(pk=person.user_id).update(verified_phone=PHONE)
    session = under_way()

    response = walk_in(signed_in(factories.StaffFactory()), session)

    assert response.status_code == 302
    assert Registration.objects.get(session=session).job_seeker == person


def test_staff_move_a_claimed_citizen_id_to_its_owner_after_checking_the_card(person):
    claimant = factories.JobSeekerFactory(citizen_id=None)
    claim = identity.citizen_id_claim_open(claimant=claimant, citizen_id=person.citizen_id)
    staff = factories.StaffFactory()
    console = signed_in(staff)

    listing = console.get(reverse("staff:citizen_id_claims"))
    decided = console.post(reverse("staff:citizen_id_claims"), {"claim": claim.pk, "decision": "move", "note": "CCCD"})
    again = console.post(reverse("staff:citizen_id_claims"), {"claim": claim.pk, "decision": "dismiss"})

    assert listing.status_code == 200 and claimant.full_name in listing.content.decode()
    assert decided.status_code == 302
    claim.refresh_from_db()
    person.refresh_from_db()
    claimant.refresh_from_db()
    assert (claim.status, claim.decided_by) == (CitizenIdClaim.Status.MOVED, staff)
    assert claimant.citizen_id == claim.citizen_id and person.citizen_id is None
    assert again.status_code == 409  # decided once


def test_only_staff_open_the_queue(person):
    assert signed_in(person.user).get(reverse("staff:citizen_id_claims")).status_code == 403
    assert Client().get(reverse("staff:citizen_id_claims")).status_code == 302  # to sign in


def test_future_codes_are_valid_for_ten_minutes():
    user = factories.UserFactory(phone=PHONE)
    row = identity.phone_code_send(user=user, purpose=Purpose.VERIFY_PHONE)

    assert timedelta(minutes=9) < row.expires_at - row.created_at <= timedelta(minutes=10)


def test_after_verifying_the_phone_a_next_address_off_the_site_is_not_followed(person):
    client = signed_in(person.user)
    client.post(reverse("accounts:verify_phone"), {"send": "1"})

    right = client.post(
        reverse("accounts:verify_phone"), {"code": sms_code_sent_to(PHONE), "next": "https://evil.example/"}
    )

    assert right.status_code == 302 and right["Location"] == reverse("web:home")


def test_asking_for_the_e_mail_link_does_not_follow_a_next_address_off_the_site(person):
    client = signed_in(person.user)

    asked = client.post(reverse("accounts:verify_email_request"), {"next": "//evil.example/path"})

    assert asked.status_code == 302 and asked["Location"] == reverse("web:home")
