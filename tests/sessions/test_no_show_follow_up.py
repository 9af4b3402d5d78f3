"""Issue 15 item 3: after a session is completed, each no-show gets one kind message by their channels with the next
sessions that fit them (at most 3, else the next sessions at all), each with a one-click rebook link; exactly once;
nobody for a cancelled session or registration; SMS short, e-mail with the list; sensitive cohorts never named.
On a pinned clock (tests/helpers.PINNED_NOW, a Wednesday 10:00 in Hà Nội)."""

import itertools
import re
from datetime import timedelta

import pytest
import time_machine

from accounts.models import AdministrativeUnit, CohortMembership
from sessions import rebook, services
from sessions.models import Notification, Registration, SessionFormat
from sessions.notifications import outbox
from sessions.notifications.content import email_html
from tests import factories
from tests.helpers import PINNED_NOW, refreshed

pytestmark = pytest.mark.django_db

Kind = Notification.Kind
EMAIL, SMS = Notification.Channel.EMAIL, Notification.Channel.SMS
NO_SHOW = Registration.Status.NO_SHOW
_serial = itertools.count(1)
REBOOK_LINK = re.compile(r"https://vieclam\.example\.vn(/rebook/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.SITE_URL = "https://vieclam.example.vn/"
    settings.JOBFAIR_CENTRE_NAME = "Trung tâm Dịch vụ việc làm Hà Nội"


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(PINNED_NOW, tick=False) as traveller:
        yield traveller


def person(**fields):
    fields.setdefault("email", f"lan{next(_serial)}@example.vn")
    return factories.JobSeekerFactory(
        **{
            "full_name": "Nguyễn Thị Lan",
            "wanted_occupation": "2411",
            "qualification": "",
            "working_arrangement": "full_time",
            "notify_by_sms": True,
            **fields,
        }
    )


def ended_session(*, hours_ago=1, **fields):
    """A published session that ended `hours_ago` hours before now (registration was open before it)."""
    ends_at = PINNED_NOW - timedelta(hours=hours_ago)
    return factories.JobSessionFactory(
        **{
            "starts_at": ends_at - timedelta(hours=4),
            "ends_at": ends_at,
            "registration_opens_at": ends_at - timedelta(days=10),
            "registration_closes_at": ends_at - timedelta(hours=4),
            **fields,
        }
    )


def missed(job_seeker, **session_fields) -> Registration:
    """The person held a confirmed seat, did not check in, and the session was completed by the service."""
    session = ended_session(**session_fields)
    registration = factories.RegistrationFactory(session=session, job_seeker=job_seeker)
    services.session_complete(session=session, actor=None)
    return refreshed(registration)


def far_ward():
    province, _ = AdministrativeUnit.objects.get_or_create(
        code="79", defaults={"name": "Thành phố Hồ Chí Minh", "level": "province", "unit_type": "thành phố"}
    )
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code="26734", defaults={"name": "Phường Sài Gòn", "level": "ward", "unit_type": "phường", "province": province}
    )
    return unit


# A vacancy no factor of the people here holds for (sessions/matching.py): another trade, far away, part time,
# for a master's degree, salary not given.
FITS_NOBODY = {
    "occupation": "9629",
    "salary_min": None,
    "salary_max": None,
    "min_qualification": "master",
    "working_arrangement": "part_time",
}


def coming_session(*, days=7, fits=None, **fields):
    """A published session taking registrations now, `days` ahead; its approved booth brings a vacancy for the
    occupation `fits`, or (fits=False) one that fits nobody, or (None) no booth at all."""
    starts_at = PINNED_NOW + timedelta(days=days)
    session = factories.JobSessionFactory(starts_at=starts_at, ends_at=starts_at + timedelta(hours=4), **fields)
    if fits is not None:
        vacancy = (
            factories.VacancyFactory(occupation=fits)
            if fits
            else factories.VacancyFactory(ward=far_ward(), **FITS_NOBODY)
        )
        factories.ParticipationFactory(session=session, employer=vacancy.employer, vacancies=[vacancy])
    return session


def notices(registration, channel=None):
    rows = Notification.objects.filter(registration=registration, kind=Kind.NO_SHOW_FOLLOW_UP)
    return rows.filter(channel=channel) if channel else rows


def rebook_targets(text: str) -> list[tuple[int, int]]:
    return [rebook.read_rebook_token(path.split("/")[2]) for path in REBOOK_LINK.findall(text)]


def test_a_no_show_gets_one_message_by_each_channel_exactly_once():
    registration = missed(person())
    assert registration.status == NO_SHOW

    assert outbox.follow_up_no_shows() == 2
    assert outbox.follow_up_no_shows() == 0  # beat runs it every minute: nothing twice

    assert {row.channel for row in notices(registration)} == {EMAIL, SMS}
    assert refreshed(registration).no_show_followed_up_at == PINNED_NOW


def test_the_dedup_key_holds_even_if_the_mark_is_lost():
    registration = missed(person())
    outbox.follow_up_no_shows()
    Registration.objects.filter(pk=registration.pk).update(no_show_followed_up_at=None)

    outbox.follow_up_no_shows()

    assert notices(registration).count() == 2


def test_the_email_lists_the_fitting_sessions_soonest_first_each_with_its_rebook_link():
    registration = missed(person())
    later, soon, soonest, fourth = (coming_session(days=d, fits="2411") for d in (9, 5, 3, 12))
    coming_session(days=2, fits=False)  # its vacancy fits nobody here: not offered while fitting ones exist

    outbox.follow_up_no_shows()

    text = notices(registration, EMAIL).get().body_text
    assert "Các phiên sắp tới có vị trí phù hợp với bạn:" in text
    assert rebook_targets(text) == [(registration.pk, s.pk) for s in (soonest, soon, later)]  # at most 3
    assert fourth.code not in text
    html = email_html(notices(registration, EMAIL).get())
    assert html.count('<a href="https://vieclam.example.vn/rebook/') == 3  # one click in the e-mail, too


def test_without_a_fitting_session_the_next_sessions_are_offered():
    registration = missed(person())
    first, second = coming_session(days=4), coming_session(days=6, fits=False)

    outbox.follow_up_no_shows()

    text = notices(registration, EMAIL).get().body_text
    assert "Các phiên sắp tới đang nhận đăng ký:" in text
    assert rebook_targets(text) == [(registration.pk, first.pk), (registration.pk, second.pk)]


def test_sessions_the_person_cannot_rebook_are_not_offered():
    lan = person()
    registration = missed(lan)
    coming_session(days=3, fits="2411", status="draft")
    coming_session(days=4, fits="2411", registration_opens_at=PINNED_NOW + timedelta(days=1))  # not open yet
    already = coming_session(days=5, fits="2411")
    factories.RegistrationFactory(session=already, job_seeker=lan)
    themed = coming_session(days=6, fits="2411", cohort_only=True)
    themed.target_cohorts.set([factories.cohort("youth", sensitive=False, name_vi="Thanh niên")])
    offered = coming_session(days=8, fits="2411")

    outbox.follow_up_no_shows()

    assert rebook_targets(notices(registration, EMAIL).get().body_text) == [(registration.pk, offered.pk)]


def test_a_cohort_only_session_is_offered_to_its_members():
    lan = person()
    youth = factories.cohort("youth", sensitive=False, name_vi="Thanh niên")
    CohortMembership.objects.create(job_seeker=lan, cohort=youth)
    registration = missed(lan)
    themed = coming_session(days=6, fits="2411", cohort_only=True)
    themed.target_cohorts.set([youth])

    outbox.follow_up_no_shows()

    assert rebook_targets(notices(registration, EMAIL).get().body_text) == [(registration.pk, themed.pk)]


def test_the_words_are_kind_and_name_the_missed_session():
    registration = missed(person(), code="PGD-2026-0101", title="Phiên giao dịch việc làm định kỳ tháng 3")

    outbox.follow_up_no_shows()

    email = notices(registration, EMAIL).get()
    assert email.subject == "Hẹn gặp bạn ở phiên giao dịch việc làm tới"
    assert email.body_text.startswith("Xin chào Nguyễn Thị Lan,")
    assert "chưa gặp được bạn tại Phiên giao dịch việc làm định kỳ tháng 3 (PGD-2026-0101)" in email.body_text
    assert "Không sao cả" in email.body_text
    assert "Hiện chưa có phiên nào đang nhận đăng ký." in email.body_text  # nothing to offer: the calendar instead
    assert email_html(email).startswith("<!DOCTYPE html>")


def test_the_message_is_in_the_persons_language():
    registration = missed(person(language="en"))
    coming_session(days=3, fits="2411")

    outbox.follow_up_no_shows()

    email = notices(registration, EMAIL).get()
    assert email.subject == "We hope to see you at a coming session"
    assert "Coming sessions with vacancies that fit you:" in email.body_text
    assert "Register with one click: https://vieclam.example.vn/rebook/" in email.body_text


def test_the_sms_is_short_ascii_with_one_rebook_link():
    registration = missed(person(), code="PGD-2026-0101")
    first = coming_session(days=3, fits="2411", code="PGD-2026-0110")
    coming_session(days=4, fits="2411")

    outbox.follow_up_no_shows()

    sms = notices(registration, SMS).get().body_text
    assert sms.startswith("Trung tam Dich vu viec lam Ha Noi: Rat tiec chua gap ban tai phien PGD-2026-0101.")
    assert "PGD-2026-0110" in sms and ", co viec hop voi ban." in sms
    assert sms.isascii() and "\n" not in sms
    assert rebook_targets(sms) == [(registration.pk, first.pk)]
    assert len(sms) <= 306  # two SMS parts at most


def test_a_sensitive_cohort_is_never_named():
    disabled = factories.cohort("disabled", sensitive=True)
    lan = person()
    CohortMembership.objects.create(job_seeker=lan, cohort=disabled)
    registration = missed(lan, title="Phiên việc làm cho người khuyết tật", code="PGD-2026-0101")
    registration.session.target_cohorts.set([disabled])
    coming = coming_session(days=3, fits="2411", title="Phiên tuyển dụng người khuyết tật", code="PGD-2026-0110")
    coming.target_cohorts.set([disabled])

    outbox.follow_up_no_shows()

    for row in notices(registration):
        for text in (row.subject, row.body_text, email_html(row)):
            assert "khuyết tật" not in text and "khuyet tat" not in text.lower(), text
        assert "PGD-2026-0110" in row.body_text  # the session is still offered, by its code
    assert "phiên giao dịch việc làm PGD-2026-0101" in notices(registration, EMAIL).get().body_text


def test_sms_quiet_hours_are_kept(clock):
    clock.move_to(PINNED_NOW.replace(hour=21, minute=30))
    registration = factories.RegistrationFactory(session=ended_session(hours_ago=0.5), job_seeker=person())
    services.session_complete(session=registration.session, actor=None)

    outbox.follow_up_no_shows()

    assert notices(registration, EMAIL).get().send_after == PINNED_NOW.replace(hour=21, minute=30)
    assert notices(registration, SMS).get().send_after == (PINNED_NOW + timedelta(days=1)).replace(hour=7, minute=0)


def test_nobody_is_written_to_for_a_cancelled_session_or_registration_or_who_came():
    cancelled_session = ended_session()
    confirmed_there = factories.RegistrationFactory(session=cancelled_session, job_seeker=person())
    services.session_cancel(session=cancelled_session, actor=None, reason="Mưa bão")
    session = ended_session(hours_ago=2)
    cancelled = factories.RegistrationFactory(
        session=session, job_seeker=person(), status=Registration.Status.CANCELLED
    )
    came = factories.RegistrationFactory(session=session, job_seeker=person(), status=Registration.Status.ATTENDED)
    services.session_complete(session=session, actor=None)

    assert outbox.follow_up_no_shows() == 0

    for registration in (confirmed_there, cancelled, came):
        assert not notices(registration).exists()


def test_an_online_session_has_no_no_shows_to_write_to():
    # online, nobody is checked in at a desk: completing it marks nobody absent, so no message goes out
    registration = missed(
        person(), format=SessionFormat.ONLINE, venue=None, ward=None, online_url="https://meet.example.vn/p"
    )

    assert registration.status == Registration.Status.CONFIRMED
    assert outbox.follow_up_no_shows() == 0


def test_a_no_show_of_a_session_long_past_is_not_written_to():
    registration = missed(person(), hours_ago=24 * 4)  # NO_SHOW_FOLLOW_UP_WITHIN_DAYS is 3

    assert outbox.follow_up_no_shows() == 0
    assert refreshed(registration).no_show_followed_up_at is None


def test_a_person_with_no_channel_is_followed_up_once_with_nothing_written():
    registration = missed(person(email="", notify_by_sms=False))

    assert outbox.follow_up_no_shows() == 0

    assert refreshed(registration).no_show_followed_up_at == PINNED_NOW
    assert not notices(registration).exists()


def test_an_erased_person_gets_nothing():
    registration = missed(person())
    services.job_seeker_erase(job_seeker=registration.job_seeker, actor=None)

    assert outbox.follow_up_no_shows() == 0


def test_the_follow_up_costs_a_bounded_number_of_queries_per_person(django_assert_max_num_queries):
    for _n in range(3):
        coming_session(days=3 + _n, fits="2411")
    for _n in range(5):
        missed(person())

    with django_assert_max_num_queries(3 + 5 * 6):
        assert outbox.follow_up_no_shows() == 10


def test_the_persons_data_export_tells_when_they_were_followed_up():
    from sessions.data_export import job_seeker_data

    registration = missed(person())
    outbox.follow_up_no_shows()

    data = job_seeker_data(registration.job_seeker, exported_at=PINNED_NOW)

    [exported] = [r for r in data["registrations"] if r["id"] == registration.pk]
    assert exported["status"] == NO_SHOW and exported["no_show_followed_up_at"] is not None
    assert Kind.NO_SHOW_FOLLOW_UP in {n["kind"] for n in data["notifications"]}
