"""When the centre tells people things (DESIGN §4 "Reminders"): every moment asserted exactly, on a frozen clock
in Hà Nội time. Rows are written in the transaction of the change; on_commit callbacks never run here, so every
row stays pending until a test delivers it itself."""

import itertools
from collections import Counter
from datetime import date, datetime, time, timedelta
from typing import ClassVar
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from sessions import selectors, services
from sessions.models import Interview, Notification, Participation, Registration
from sessions.notifications import delivery, outbox, timing
from tests import factories, helpers

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
UTC = ZoneInfo("UTC")
D = date(2026, 3, 18)  # the day of the session (a Wednesday)

Kind = Notification.Kind
Status = Notification.Status
EMAIL, SMS = Notification.Channel.EMAIL, Notification.Channel.SMS
REMINDERS = (Kind.REMINDER_DAY_BEFORE, Kind.REMINDER_TWO_HOURS)
_serial = itertools.count(1)


def at(day: date, hour: int, minute: int = 0, *, days: int = 0) -> datetime:
    """An aware moment in Hà Nội time, `days` after `day`."""
    return datetime.combine(day + timedelta(days=days), time(hour, minute), tzinfo=VN)


class RecordingSms:
    """An SMS backend that keeps what it was asked to send."""

    sent: ClassVar[list[dict]] = []

    def send(self, *, to: str, text: str, reference: str) -> None:
        RecordingSms.sent.append({"to": to, "text": text, "reference": reference})


@pytest.fixture(autouse=True)
def _channels(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SMS_BACKEND = f"{__name__}.RecordingSms"
    RecordingSms.sent = []


@pytest.fixture
def clock():
    """Frozen at 10:00 eight days before the session; tests move it with clock.move_to(...)."""
    with time_machine.travel(at(D, 10, days=-8), tick=False) as traveller:
        yield traveller


def make_session(start: datetime | None = None, **fields):
    start = start or at(D, 9)
    fields.setdefault("ends_at", start + timedelta(hours=4))
    return factories.JobSessionFactory(starts_at=start, **fields)


def seeker(**fields):
    """A job seeker reachable by e-mail and SMS unless told otherwise."""
    fields.setdefault("email", f"nguoi{next(_serial)}@example.vn")
    return factories.JobSeekerFactory(**fields)


def register(session, job_seeker=None):
    return helpers.register(session, job_seeker or seeker())


def rows(**filters) -> dict[tuple[str, str], Notification]:
    """The matching rows keyed by (kind, channel); asserts each key appears once."""
    found = list(Notification.objects.filter(**filters).order_by("id"))
    keyed = {(row.kind, row.channel): row for row in found}
    assert len(keyed) == len(found), [(row.kind, row.channel, row.dedup_key) for row in found]
    return keyed


def audience(found) -> Counter:
    """Who the rows go to: (registration, booth, channel), counted."""
    return Counter((row.registration_id, row.participation_id, row.channel) for row in found)


def deliver(row: Notification) -> Notification:
    delivery.notification_deliver(notification_id=row.pk)
    row.refresh_from_db()
    return row


# --- registering: the confirmation and the two reminders ------------------------------------------------------


def test_registering_writes_the_confirmation_now_and_both_reminders_at_their_moments(clock):
    session = make_session(at(D, 9))

    registration = register(session)

    got = rows(registration=registration)
    assert set(got) == {
        (kind, channel) for kind in (Kind.REGISTRATION_CONFIRMED, *REMINDERS) for channel in (EMAIL, SMS)
    }
    for channel in (EMAIL, SMS):
        confirmation = got[Kind.REGISTRATION_CONFIRMED, channel]
        assert confirmation.send_after == at(D, 10, days=-8)
        assert confirmation.expires_at is None
        day_before = got[Kind.REMINDER_DAY_BEFORE, channel]
        assert day_before.send_after == at(D, 8, days=-1)
        assert day_before.expires_at == at(D, 7)  # superseded by the 2-hours reminder
        two_hours = got[Kind.REMINDER_TWO_HOURS, channel]
        assert two_hours.send_after == at(D, 7)
        assert two_hours.expires_at == at(D, 9)  # the session start
    assert all(row.status == Status.PENDING and row.attempts == 0 for row in got.values())


def test_reminder_dedup_keys_name_the_registration_and_the_session_start(clock):
    session = make_session(at(D, 9))
    registration = register(session)

    got = rows(registration=registration)

    epoch = int(at(D, 9).timestamp())
    assert got[Kind.REMINDER_DAY_BEFORE, EMAIL].dedup_key == f"reminder_day_before:reg{registration.pk}:{epoch}:email"
    assert got[Kind.REMINDER_TWO_HOURS, SMS].dedup_key == f"reminder_two_hours:reg{registration.pk}:{epoch}:sms"


def test_early_session_2_hours_reminder_falls_in_sms_quiet_hours_so_only_the_email_is_written(clock):
    session = make_session(at(D, 6, 30))

    got = rows(registration=register(session))

    assert got[Kind.REMINDER_TWO_HOURS, EMAIL].send_after == at(D, 4, 30)
    assert got[Kind.REMINDER_TWO_HOURS, EMAIL].expires_at == at(D, 6, 30)
    # 04:30 is quiet time for SMS; 07:00 would be after the 06:30 start: a reminder is never sent late.
    assert (Kind.REMINDER_TWO_HOURS, SMS) not in got
    for channel in (EMAIL, SMS):
        assert got[Kind.REMINDER_DAY_BEFORE, channel].send_after == at(D, 8, days=-1)
        assert got[Kind.REMINDER_DAY_BEFORE, channel].expires_at == at(D, 4, 30)


def test_2_hours_sms_reminder_in_quiet_hours_is_deferred_to_7_when_that_is_still_before_the_start(clock):
    session = make_session(at(D, 8))

    got = rows(registration=register(session))

    assert got[Kind.REMINDER_TWO_HOURS, EMAIL].send_after == at(D, 6)
    assert got[Kind.REMINDER_TWO_HOURS, SMS].send_after == at(D, 7)
    assert got[Kind.REMINDER_TWO_HOURS, SMS].expires_at == at(D, 8)


# --- SMS quiet hours ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(at(D, 20, 59), at(D, 20, 59), id="20:59-unchanged"),
        pytest.param(at(D, 21), at(D, 7, days=1), id="21:00-next-morning"),
        pytest.param(at(D, 23, 30), at(D, 7, days=1), id="23:30-next-morning"),
        pytest.param(at(D, 0), at(D, 7), id="00:00-same-morning"),
        pytest.param(at(D, 3), at(D, 7), id="03:00-same-morning"),
        pytest.param(at(D, 6, 59), at(D, 7), id="06:59-same-morning"),
        pytest.param(at(D, 7), at(D, 7), id="07:00-unchanged"),
        pytest.param(at(D, 12), at(D, 12), id="noon-unchanged"),
        # the local day counts, not the UTC one: 15:30 UTC is 22:30 in Hà Nội
        pytest.param(datetime(2026, 3, 18, 15, 30, tzinfo=UTC), at(D, 7, days=1), id="utc-input"),
        pytest.param(datetime(2026, 3, 17, 23, 30, tzinfo=UTC), at(D, 7), id="utc-previous-day"),
    ],
)
def test_sms_allowed_moment_moves_quiet_hours_to_7_local(moment, expected):
    assert timing.sms_allowed_moment(moment) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        pytest.param(at(D, 0, 30), at(D, 0, 30), id="before-window"),
        pytest.param(at(D, 1), at(D, 5), id="window-start"),
        pytest.param(at(D, 4, 59), at(D, 5), id="inside-window"),
        pytest.param(at(D, 5), at(D, 5), id="window-end"),
        pytest.param(at(D, 23), at(D, 23), id="late-evening-unchanged"),
    ],
)
def test_sms_quiet_hours_within_one_night_move_to_their_end_the_same_day(settings, moment, expected):
    settings.SMS_QUIET_HOURS = ("01:00", "05:00")
    assert timing.sms_allowed_moment(moment) == expected


def test_day_before_moment_is_8_local_on_the_previous_local_day():
    # 01:00 on D in Hà Nội is still D-1 in UTC: the local day decides
    assert timing.day_before_moment(at(D, 1)) == at(D, 8, days=-1)
    assert timing.day_before_moment(at(D, 23, 30)) == at(D, 8, days=-1)


def test_confirmation_at_night_goes_by_email_now_and_by_sms_at_7_next_morning(clock):
    session = make_session(at(D, 9))
    clock.move_to(at(D, 22, 15, days=-3))

    got = rows(registration=register(session), kind=Kind.REGISTRATION_CONFIRMED)
    email, sms = got[Kind.REGISTRATION_CONFIRMED, EMAIL], got[Kind.REGISTRATION_CONFIRMED, SMS]
    assert email.send_after == at(D, 22, 15, days=-3)
    assert sms.send_after == at(D, 7, days=-2)

    clock.move_to(at(D, 22, 16, days=-3))
    due = delivery.notifications_sweep()
    assert due == [email.pk]
    assert deliver(email).status == Status.SENT
    assert len(mail.outbox) == 1
    assert deliver(sms).status == Status.PENDING  # not due: the claim does nothing
    assert sms.attempts == 0
    assert RecordingSms.sent == []

    clock.move_to(at(D, 6, 59, days=-2))
    assert deliver(sms).status == Status.PENDING
    clock.move_to(at(D, 7, days=-2))
    assert delivery.notifications_sweep() == [sms.pk]
    assert deliver(sms).status == Status.SENT
    assert sms.attempts == 1
    assert [message["reference"] for message in RecordingSms.sent] == [sms.dedup_key]


def test_sms_claimed_in_quiet_hours_is_deferred_to_7_without_sending_or_counting_an_attempt(clock):
    session = make_session(at(D, 9))
    clock.move_to(at(D, 20, 50, days=-3))
    sms = rows(registration=register(session), kind=Kind.REGISTRATION_CONFIRMED)[Kind.REGISTRATION_CONFIRMED, SMS]
    assert sms.send_after == at(D, 20, 50, days=-3)

    clock.move_to(at(D, 21, 30, days=-3))  # the worker got to it late
    assert delivery.notification_deliver(notification_id=sms.pk) is None
    sms.refresh_from_db()

    assert sms.status == Status.PENDING
    assert sms.send_after == at(D, 7, days=-2)
    assert sms.attempts == 0
    assert RecordingSms.sent == []

    clock.move_to(at(D, 7, days=-2))
    assert deliver(sms).status == Status.SENT
    assert len(RecordingSms.sent) == 1


def test_email_is_sent_in_the_quiet_hours(clock):
    session = make_session(at(D, 9))
    clock.move_to(at(D, 23, 30, days=-3))
    email = rows(registration=register(session), kind=Kind.REGISTRATION_CONFIRMED)[Kind.REGISTRATION_CONFIRMED, EMAIL]

    assert deliver(email).status == Status.SENT
    assert len(mail.outbox) == 1


# --- late registration ----------------------------------------------------------------------------------------


def test_registering_an_hour_before_the_start_writes_no_reminders(clock):
    clock.move_to(at(D, 8))
    session = make_session(at(D, 9))

    registration = register(session)

    assert set(rows(registration=registration)) == {
        (Kind.REGISTRATION_CONFIRMED, EMAIL),
        (Kind.REGISTRATION_CONFIRMED, SMS),
    }


def test_registering_the_morning_before_writes_only_the_2_hours_reminder(clock):
    clock.move_to(at(D, 10, days=-1))
    session = make_session(at(D, 9))

    got = rows(registration=register(session))

    assert {kind for kind, _channel in got} == {Kind.REGISTRATION_CONFIRMED, Kind.REMINDER_TWO_HOURS}
    assert got[Kind.REMINDER_TWO_HOURS, EMAIL].send_after == at(D, 7)
    assert got[Kind.REMINDER_TWO_HOURS, SMS].send_after == at(D, 7)


def test_registering_at_8_sharp_the_day_before_does_not_write_the_day_before_reminder(clock):
    clock.move_to(at(D, 8, days=-1))
    session = make_session(at(D, 9))

    got = rows(registration=register(session))

    assert (Kind.REMINDER_DAY_BEFORE, EMAIL) not in got
    assert (Kind.REMINDER_TWO_HOURS, EMAIL) in got


# --- a reminder is never sent late ----------------------------------------------------------------------------


def test_reminder_delivered_after_it_expired_is_cancelled_not_sent(clock):
    session = make_session(at(D, 9))
    got = rows(registration=register(session))

    clock.move_to(at(D, 9, 30))  # the session has started: the worker was down all morning
    for kind in REMINDERS:
        for channel in (EMAIL, SMS):
            row = deliver(got[kind, channel])
            assert row.status == Status.CANCELLED
            assert row.sent_at is None
            assert "expired" in row.last_error
    assert mail.outbox == []
    assert RecordingSms.sent == []


def test_day_before_reminder_late_past_the_2_hours_moment_is_cancelled_while_the_2_hours_one_is_sent(clock):
    session = make_session(at(D, 9))
    got = rows(registration=register(session))

    clock.move_to(at(D, 7, 30))
    assert deliver(got[Kind.REMINDER_DAY_BEFORE, EMAIL]).status == Status.CANCELLED
    assert deliver(got[Kind.REMINDER_TWO_HOURS, EMAIL]).status == Status.SENT

    assert [message.subject for message in mail.outbox] == [f"Sắp bắt đầu: {session.code} lúc 09:00"]


def test_reminder_delivered_on_time_is_sent(clock):
    session = make_session(at(D, 9))
    got = rows(registration=register(session))

    clock.move_to(at(D, 8, days=-1))
    assert deliver(got[Kind.REMINDER_DAY_BEFORE, EMAIL]).status == Status.SENT
    assert deliver(got[Kind.REMINDER_DAY_BEFORE, SMS]).status == Status.SENT
    assert deliver(got[Kind.REMINDER_TWO_HOURS, EMAIL]).status == Status.PENDING  # not yet due


# --- the session moves, or is cancelled -----------------------------------------------------------------------


@pytest.fixture
def full_session(clock):
    """A session at 09:00 on D with one seat: A confirmed (e-mail + SMS), B waitlisted (e-mail only), and an
    approved booth whose employer has its day-before reminder."""
    session = make_session(at(D, 9), job_seeker_capacity=1)
    a = register(session, seeker())
    b = register(session, seeker(notify_by_sms=False))
    assert (a.status, b.status) == (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED)
    booth = factories.ParticipationFactory(session=session, status=Participation.Status.APPLIED)
    services.participation_approve(participation=booth, actor=None)
    booth.refresh_from_db()
    return session, a, b, booth


def test_moving_a_session_cancels_pending_reminders_and_writes_new_ones_at_the_new_moments(full_session, clock):
    session, a, b, booth = full_session
    old = rows(registration=a, kind__in=REMINDERS)
    old_booth_reminder = rows(participation=booth, kind=Kind.EMPLOYER_DAY_BEFORE)[Kind.EMPLOYER_DAY_BEFORE, EMAIL]
    assert old_booth_reminder.send_after == at(D, 8, days=-1)
    clock.move_to(at(D, 11, days=-6))

    services.session_update(session=session, actor=None, starts_at=at(D, 9, days=1), ends_at=at(D, 13, days=1))

    for row in [*old.values(), old_booth_reminder]:
        row.refresh_from_db()
        assert row.status == Status.CANCELLED
    new = rows(registration=a, kind__in=REMINDERS, status=Status.PENDING)
    assert set(new) == set(old)
    for channel in (EMAIL, SMS):
        assert new[Kind.REMINDER_DAY_BEFORE, channel].send_after == at(D, 8)
        assert new[Kind.REMINDER_DAY_BEFORE, channel].expires_at == at(D, 7, days=1)
        assert new[Kind.REMINDER_TWO_HOURS, channel].send_after == at(D, 7, days=1)
        assert new[Kind.REMINDER_TWO_HOURS, channel].expires_at == at(D, 9, days=1)
    assert not {row.dedup_key for row in new.values()} & {row.dedup_key for row in old.values()}
    booth_reminder = rows(participation=booth, kind=Kind.EMPLOYER_DAY_BEFORE, status=Status.PENDING)
    assert booth_reminder[Kind.EMPLOYER_DAY_BEFORE, EMAIL].send_after == at(D, 8)
    assert booth_reminder[Kind.EMPLOYER_DAY_BEFORE, EMAIL].expires_at == at(D, 9, days=1)
    # the waitlisted person has no seat, so no reminders
    assert not Notification.objects.filter(registration=b, kind__in=REMINDERS).exists()


def test_moving_a_session_tells_every_registrant_and_booth_at_once(full_session, clock):
    session, a, b, booth = full_session
    clock.move_to(at(D, 11, days=-6))

    services.session_update(session=session, actor=None, starts_at=at(D, 9, days=1), ends_at=at(D, 13, days=1))

    changed = list(Notification.objects.filter(kind=Kind.SESSION_CHANGED))
    assert audience(changed) == Counter(
        [(a.pk, None, EMAIL), (a.pk, None, SMS), (b.pk, None, EMAIL), (None, booth.pk, EMAIL)]
    )
    assert all(row.send_after == at(D, 11, days=-6) and row.status == Status.PENDING for row in changed)
    assert {row.address for row in changed if row.participation_id} == {booth.employer.email}


def test_moving_the_venue_tells_everyone_but_keeps_the_reminders(full_session, clock):
    session, a, _b, _booth = full_session
    reminders = rows(registration=a, kind__in=REMINDERS)

    services.session_update(session=session, actor=None, venue=factories.VenueFactory())

    assert Notification.objects.filter(kind=Kind.SESSION_CHANGED).count() == 4
    for row in reminders.values():
        row.refresh_from_db()
        assert row.status == Status.PENDING


def test_two_changes_in_the_same_second_are_two_notices(full_session, clock):
    session, a, _b, _booth = full_session
    clock.move_to(at(D, 11, days=-6))
    services.session_update(session=session, actor=None, starts_at=at(D, 9, days=1), ends_at=at(D, 13, days=1))
    clock.move_to(at(D, 11, days=-6) + timedelta(milliseconds=300))  # staff fix the venue right after

    services.session_update(session=session, actor=None, venue=factories.VenueFactory())

    assert audience(Notification.objects.filter(kind=Kind.SESSION_CHANGED, registration=a)) == Counter(
        {(a.pk, None, EMAIL): 2, (a.pk, None, SMS): 2}
    )


def test_changing_only_the_title_notifies_nobody(full_session):
    session, _a, _b, _booth = full_session
    before = list(Notification.objects.values_list("id", "status", "send_after").order_by("id"))

    services.session_update(session=session, actor=None, title="Phiên giao dịch việc làm chuyên đề Dệt may")

    assert list(Notification.objects.values_list("id", "status", "send_after").order_by("id")) == before


def test_moving_a_session_away_and_back_reminds_at_the_original_moments_again(full_session, clock):
    session, a, _b, booth = full_session
    clock.move_to(at(D, 11, days=-6))
    services.session_update(session=session, actor=None, starts_at=at(D, 9, days=1), ends_at=at(D, 13, days=1))
    clock.move_to(at(D, 11, 5, days=-6))  # staff notice the mistake and move it back

    services.session_update(session=session, actor=None, starts_at=at(D, 9), ends_at=at(D, 13))

    pending = rows(registration=a, kind__in=REMINDERS, status=Status.PENDING)
    assert {key: row.send_after for key, row in pending.items()} == {
        (Kind.REMINDER_DAY_BEFORE, EMAIL): at(D, 8, days=-1),
        (Kind.REMINDER_DAY_BEFORE, SMS): at(D, 8, days=-1),
        (Kind.REMINDER_TWO_HOURS, EMAIL): at(D, 7),
        (Kind.REMINDER_TWO_HOURS, SMS): at(D, 7),
    }
    booth_pending = rows(participation=booth, kind=Kind.EMPLOYER_DAY_BEFORE, status=Status.PENDING)
    assert booth_pending[Kind.EMPLOYER_DAY_BEFORE, EMAIL].send_after == at(D, 8, days=-1)


def test_cancelling_a_session_cancels_pending_reminders_and_tells_every_registrant_and_booth(full_session, clock):
    session, a, b, booth = full_session
    applied = factories.ParticipationFactory(session=session, status=Participation.Status.APPLIED)
    rejected = factories.ParticipationFactory(session=session, status=Participation.Status.REJECTED)
    clock.move_to(at(D, 15, days=-5))

    services.session_cancel(session=session, actor=None, reason="Hội trường sửa chữa đột xuất")

    assert not Notification.objects.filter(kind__in=outbox.SCHEDULED_KINDS, status=Status.PENDING).exists()
    assert Notification.objects.filter(kind__in=outbox.SCHEDULED_KINDS, status=Status.CANCELLED).count() == 5
    cancelled = list(Notification.objects.filter(kind=Kind.SESSION_CANCELLED))
    assert audience(cancelled) == Counter(
        [
            (a.pk, None, EMAIL),
            (a.pk, None, SMS),
            (b.pk, None, EMAIL),
            (None, booth.pk, EMAIL),
            (None, applied.pk, EMAIL),
        ]
    )
    assert rejected.pk not in {row.participation_id for row in cancelled}
    assert all(row.send_after == at(D, 15, days=-5) and row.status == Status.PENDING for row in cancelled)
    assert len({row.dedup_key for row in cancelled}) == 5


def test_cancelling_a_draft_session_notifies_nobody(clock):
    session = make_session(at(D, 9), status="draft")

    services.session_cancel(session=session, actor=None, reason="Trùng lịch")

    assert not Notification.objects.exists()


# --- registrations cancelled, waitlist promoted ---------------------------------------------------------------


def test_cancelling_a_registration_cancels_its_reminders_and_the_promoted_person_gets_notice_and_reminders(
    full_session, clock
):
    _session, a, b, _booth = full_session
    a_reminders = rows(registration=a, kind__in=REMINDERS)
    clock.move_to(at(D, 16, days=-4))

    services.registration_cancel(registration=a, actor=None)

    for row in a_reminders.values():
        row.refresh_from_db()
        assert row.status == Status.CANCELLED
    a_cancelled = rows(registration=a, kind=Kind.REGISTRATION_CANCELLED)
    assert set(a_cancelled) == {(Kind.REGISTRATION_CANCELLED, EMAIL), (Kind.REGISTRATION_CANCELLED, SMS)}
    assert all(row.send_after == at(D, 16, days=-4) for row in a_cancelled.values())

    b.refresh_from_db()
    assert b.status == Registration.Status.CONFIRMED
    got = rows(registration=b, status=Status.PENDING)
    assert set(got) == {
        (Kind.REGISTRATION_WAITLISTED, EMAIL),
        (Kind.REGISTRATION_PROMOTED, EMAIL),
        (Kind.REMINDER_DAY_BEFORE, EMAIL),
        (Kind.REMINDER_TWO_HOURS, EMAIL),
    }
    assert got[Kind.REGISTRATION_PROMOTED, EMAIL].send_after == at(D, 16, days=-4)
    assert got[Kind.REMINDER_DAY_BEFORE, EMAIL].send_after == at(D, 8, days=-1)
    assert got[Kind.REMINDER_TWO_HOURS, EMAIL].send_after == at(D, 7)


def test_cancelling_a_waitlisted_registration_promotes_nobody_and_schedules_nothing(full_session):
    _session, a, b, _booth = full_session

    services.registration_cancel(registration=b, actor=None)

    assert set(rows(registration=b)) == {(Kind.REGISTRATION_WAITLISTED, EMAIL), (Kind.REGISTRATION_CANCELLED, EMAIL)}
    assert all(row.status == Status.PENDING for row in rows(registration=a, kind__in=REMINDERS).values())


# --- booths ---------------------------------------------------------------------------------------------------


def test_approving_a_booth_tells_the_employer_now_and_schedules_its_day_before_reminder(clock):
    session = make_session(at(D, 9))
    booth = factories.ParticipationFactory(session=session, status=Participation.Status.APPLIED)

    services.participation_approve(participation=booth, actor=None)

    got = rows(participation=booth)
    assert set(got) == {(Kind.BOOTH_DECISION, EMAIL), (Kind.EMPLOYER_DAY_BEFORE, EMAIL)}
    assert got[Kind.BOOTH_DECISION, EMAIL].send_after == at(D, 10, days=-8)
    assert got[Kind.EMPLOYER_DAY_BEFORE, EMAIL].send_after == at(D, 8, days=-1)
    assert got[Kind.EMPLOYER_DAY_BEFORE, EMAIL].expires_at == at(D, 9)
    assert got[Kind.BOOTH_DECISION, EMAIL].address == booth.employer.email


def test_waitlisted_booth_gets_the_decision_only(clock):
    session = make_session(at(D, 9), employer_capacity=1)
    factories.ParticipationFactory(session=session, status=Participation.Status.APPROVED)
    booth = factories.ParticipationFactory(session=session, status=Participation.Status.APPLIED)

    services.participation_approve(participation=booth, actor=None)

    booth.refresh_from_db()
    assert booth.status == Participation.Status.WAITLISTED
    assert set(rows(participation=booth)) == {(Kind.BOOTH_DECISION, EMAIL)}


def test_rejecting_an_approved_booth_tells_the_employer_and_cancels_its_reminder(clock, staff):
    session = make_session(at(D, 9))
    booth = factories.ParticipationFactory(session=session, status=Participation.Status.APPLIED)
    services.participation_approve(participation=booth, actor=None)
    clock.move_to(at(D, 10, 30, days=-8))

    services.participation_reject(participation=booth, actor=staff, note="Ngành nghề không phù hợp")

    decisions = Notification.objects.filter(participation=booth, kind=Kind.BOOTH_DECISION).order_by("id")
    assert [row.send_after for row in decisions] == [at(D, 10, days=-8), at(D, 10, 30, days=-8)]
    assert decisions[1].dedup_key.startswith(f"booth_decision:p{booth.pk}:rejected:")
    reminder = Notification.objects.get(participation=booth, kind=Kind.EMPLOYER_DAY_BEFORE)
    assert reminder.status == Status.CANCELLED


def test_booth_rejected_then_approved_again_gets_its_day_before_reminder_again(clock, staff):
    session = make_session(at(D, 9))
    booth = factories.ParticipationFactory(session=session, status=Participation.Status.APPLIED)
    services.participation_approve(participation=booth, actor=None)
    services.participation_reject(participation=booth, actor=staff, note="Thiếu hồ sơ")
    clock.move_to(at(D, 9, days=-7))
    services.participation_apply(session=session, employer=booth.employer, vacancies=booth.vacancies.all(), actor=None)

    services.participation_approve(participation=booth, actor=None)

    reminder = rows(participation=booth, kind=Kind.EMPLOYER_DAY_BEFORE, status=Status.PENDING)
    assert reminder[Kind.EMPLOYER_DAY_BEFORE, EMAIL].send_after == at(D, 8, days=-1)


def test_withdrawing_a_booth_cancels_its_day_before_reminder(clock):
    session = make_session(at(D, 9))
    booth = factories.ParticipationFactory(session=session, status=Participation.Status.APPLIED)
    services.participation_approve(participation=booth, actor=None)

    services.participation_withdraw(participation=booth, actor=None)

    reminder = Notification.objects.get(participation=booth, kind=Kind.EMPLOYER_DAY_BEFORE)
    assert reminder.status == Status.CANCELLED


def test_approving_a_booth_after_its_day_before_moment_writes_no_reminder(clock):
    clock.move_to(at(D, 8, 30, days=-1))
    session = make_session(at(D, 9))
    booth = factories.ParticipationFactory(session=session, status=Participation.Status.APPLIED)

    services.participation_approve(participation=booth, actor=None)

    assert set(rows(participation=booth)) == {(Kind.BOOTH_DECISION, EMAIL)}


# --- outcome-report requests ----------------------------------------------------------------------------------


E = D  # the day the session ended (at 12:00)


@pytest.fixture
def open_interview(clock):
    """A completed session that ended at 12:00 on day E; its approved booth's employer interviewed someone and has
    not reported the outcome."""
    session = make_session(at(E, 8), ends_at=at(E, 12), status="completed")
    booth = factories.ParticipationFactory(session=session, status=Participation.Status.APPROVED)
    registration = factories.RegistrationFactory(session=session, status=Registration.Status.ATTENDED)
    interview = factories.InterviewFactory(registration=registration, vacancy=booth.vacancies.get())
    return booth, interview


def outcome_requests(booth) -> list[Notification]:
    return list(
        Notification.objects.filter(participation=booth, kind=Kind.OUTCOME_REPORT_REQUEST).order_by("send_after")
    )


def run_outcome_job(clock, moment) -> None:
    clock.move_to(moment)
    outbox.schedule_outcome_requests()


def test_outcome_requests_3_days_after_then_weekly_at_most_3_times(open_interview, clock):
    booth, _interview = open_interview

    run_outcome_job(clock, at(E, 9, days=2))
    assert outcome_requests(booth) == []
    run_outcome_job(clock, at(E, 8, 59, days=3))
    assert outcome_requests(booth) == []

    run_outcome_job(clock, at(E, 9, days=3))
    [first] = outcome_requests(booth)
    assert (first.send_after, first.expires_at) == (at(E, 9, days=3), at(E, 9, days=10))
    assert first.dedup_key == f"outcome_report_request:p{booth.pk}:1:email"
    assert first.address == booth.employer.email

    for hour in (9, 10, 23):  # the job runs every hour: nothing new
        run_outcome_job(clock, at(E, hour, days=3))
    run_outcome_job(clock, at(E, 8, days=10))
    assert outcome_requests(booth) == [first]

    run_outcome_job(clock, at(E, 9, days=10))
    run_outcome_job(clock, at(E, 10, days=10))
    assert [(row.send_after, row.expires_at) for row in outcome_requests(booth)] == [
        (at(E, 9, days=3), at(E, 9, days=10)),
        (at(E, 9, days=10), at(E, 9, days=17)),
    ]

    run_outcome_job(clock, at(E, 9, days=17))
    assert [row.dedup_key.split(":")[2] for row in outcome_requests(booth)] == ["1", "2", "3"]
    assert outcome_requests(booth)[-1].send_after == at(E, 9, days=17)

    for day in (24, 31, 45):
        run_outcome_job(clock, at(E, 9, days=day))
    assert len(outcome_requests(booth)) == 3


def test_no_more_outcome_requests_once_the_outcome_is_recorded(open_interview, clock):
    booth, interview = open_interview
    run_outcome_job(clock, at(E, 9, days=3))
    assert len(outcome_requests(booth)) == 1

    clock.move_to(at(E, 14, days=5))
    services.hiring_outcome_record(interview=interview, actor=None, status="not_hired")
    for day in (10, 17):
        run_outcome_job(clock, at(E, 9, days=day))

    assert len(outcome_requests(booth)) == 1


def test_a_missed_outcome_request_is_not_caught_up(open_interview, clock):
    booth, _interview = open_interview

    run_outcome_job(clock, at(E, 9, days=11))

    [only] = outcome_requests(booth)
    assert only.dedup_key == f"outcome_report_request:p{booth.pk}:2:email"
    assert (only.send_after, only.expires_at) == (at(E, 9, days=10), at(E, 9, days=17))


def test_outcome_requests_skip_employers_without_open_interviews(clock):
    session = make_session(at(E, 8), ends_at=at(E, 12), status="completed")
    quiet_booth = factories.ParticipationFactory(session=session, status=Participation.Status.APPROVED)

    run_outcome_job(clock, at(E, 9, days=3))

    assert outcome_requests(quiet_booth) == []


def test_outcome_requests_skip_failed_interviews(open_interview, clock):
    """A failed interview has no hiring outcome to report (the same rule as the staff follow-up list)."""
    booth, interview = open_interview
    interview.result = Interview.Result.FAILED
    interview.save(update_fields=["result"])

    run_outcome_job(clock, at(E, 9, days=3))

    assert outcome_requests(booth) == []


def test_outcome_requests_count_what_the_follow_up_list_shows(open_interview, clock):
    booth, interview = open_interview
    factories.InterviewFactory(
        registration=interview.registration,
        vacancy=factories.VacancyFactory(employer=booth.employer),
        result=Interview.Result.FAILED,
    )

    run_outcome_job(clock, at(E, 9, days=3))

    [request] = outcome_requests(booth)
    assert "còn 1 lượt phỏng vấn" in request.body_text
    assert list(selectors.interviews_awaiting_outcome()) == [interview]
