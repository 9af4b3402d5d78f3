"""Invitations that keep the consent's promise (issue 15 item 2): people of a session's target cohorts and people
who asked for sessions that fit them are invited once per session, by their channels, throttled, SMS outside the
quiet hours, a sensitive cohort never named, with an unsubscribe link that works without signing in. On a frozen
clock in Hà Nội time."""

import threading
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from accounts import services as accounts_services
from accounts.models import AdministrativeUnit
from sessions.models import JobSession, Notification
from sessions.notifications import invitations
from tests import factories

pytestmark = pytest.mark.django_db

VN = ZoneInfo("Asia/Ho_Chi_Minh")
D = date(2026, 3, 18)  # the session's day (a Wednesday)
PUBLISHED = datetime.combine(D - timedelta(days=14), time(10), tzinfo=VN)
OPENS = datetime.combine(D - timedelta(days=7), time(8), tzinfo=VN)
Kind = Notification.Kind


@pytest.fixture
def clock():
    with time_machine.travel(PUBLISHED, tick=False) as traveller:
        yield traveller


def soldiers():
    return factories.cohort(
        "discharged_soldier", sensitive=False, name_vi="Bộ đội xuất ngũ", name_en="Discharged soldier"
    )


def themed(cohort, **fields) -> JobSession:
    start = datetime.combine(D, time(8), tzinfo=VN)
    session = factories.JobSessionFactory(
        title=f"Phiên chuyên đề: việc làm cho {cohort.name_vi.lower()}",
        starts_at=start,
        ends_at=start + timedelta(hours=4),
        registration_opens_at=OPENS,
        registration_closes_at=start,
        **fields,
    )
    session.target_cohorts.set([cohort])
    return session


def member(cohort, **fields):
    person = factories.JobSeekerFactory(email=fields.pop("email", None) or "", **fields)
    accounts_services.cohort_membership_declare(
        job_seeker=person, cohort=cohort, share_with_employers=False, actor=None
    )
    return person


def ward_elsewhere():
    """A ward of Thành phố Hồ Chí Minh: out of reach of a session held in Hà Nội."""
    province, _created = AdministrativeUnit.objects.get_or_create(
        code="79", defaults={"name": "Thành phố Hồ Chí Minh", "level": "province", "unit_type": "thành phố trung ương"}
    )
    unit, _created = AdministrativeUnit.objects.get_or_create(
        code="26734", defaults={"name": "Phường Sài Gòn", "level": "ward", "unit_type": "phường", "province": province}
    )
    return unit


def invitations_of(person) -> list[Notification]:
    return list(Notification.objects.filter(kind=Kind.SESSION_INVITATION, job_seeker=person).order_by("channel"))


def test_members_of_a_target_cohort_are_invited_once_by_each_of_their_channels(clock):
    cohort = soldiers()
    session = themed(cohort)
    invited = member(cohort, email="an@example.vn")
    stopped = member(cohort, invite_for_groups=False)
    registered = member(cohort)
    factories.RegistrationFactory(session=session, job_seeker=registered)
    erased = member(cohort)
    erased.anonymised_at = PUBLISHED
    erased.save()
    outsider = factories.JobSeekerFactory()

    written = invitations.write_session_invitations()

    assert [(n.channel, n.session_id) for n in invitations_of(invited)] == [("email", session.pk), ("sms", session.pk)]
    assert written == 2
    for person in (stopped, registered, erased, outsider):
        assert invitations_of(person) == []
    session.refresh_from_db()
    assert session.invitations_written_at == PUBLISHED


def test_a_second_run_and_a_second_pass_at_opening_invite_nobody_twice(clock):
    cohort = soldiers()
    session = themed(cohort)
    first = member(cohort)
    invitations.write_session_invitations()
    assert invitations.write_session_invitations() == 0  # nothing due: the session had its pass

    newcomer = member(cohort)  # declared the group after the publication
    clock.move_to(OPENS + timedelta(minutes=1))
    invitations.write_session_invitations()  # the pass at opening
    invitations.write_session_invitations()

    assert len(invitations_of(first)) == 1 and len(invitations_of(newcomer)) == 1
    assert Notification.objects.filter(kind=Kind.SESSION_INVITATION, session=session).count() == 2


def test_people_who_asked_for_fitting_sessions_are_invited_by_occupation_group_and_reach(clock):
    start = datetime.combine(D, time(8), tzinfo=VN)
    session = factories.JobSessionFactory(
        starts_at=start, ends_at=start + timedelta(hours=4), registration_opens_at=OPENS
    )
    factories.ParticipationFactory(session=session, vacancies=[factories.VacancyFactory(occupation="2411")])
    factories.ParticipationFactory(
        session=session, status="applied", vacancies=[factories.VacancyFactory(occupation="7223")]
    )  # a booth not approved brings nothing yet
    fits = factories.JobSeekerFactory(invite_for_matches=True, wanted_occupation="2412")  # same group 24
    not_asked = factories.JobSeekerFactory(wanted_occupation="2411")
    other_group = factories.JobSeekerFactory(invite_for_matches=True, wanted_occupation="2511")
    pending_booth = factories.JobSeekerFactory(invite_for_matches=True, wanted_occupation="7223")
    far = factories.JobSeekerFactory(invite_for_matches=True, wanted_occupation="2411", ward=ward_elsewhere())

    invitations.write_session_invitations()

    assert len(invitations_of(fits)) == 1
    for person in (not_asked, other_group, pending_booth, far):
        assert invitations_of(person) == []


def test_a_cohort_only_session_invites_its_members_only(clock):
    cohort = soldiers()
    session = themed(cohort, cohort_only=True)
    factories.ParticipationFactory(session=session, vacancies=[factories.VacancyFactory(occupation="2411")])
    fits_but_outside = factories.JobSeekerFactory(invite_for_matches=True, wanted_occupation="2411")
    inside = member(cohort)

    invitations.write_session_invitations()

    assert invitations_of(fits_but_outside) == [] and len(invitations_of(inside)) == 1


def test_invitations_are_spaced_to_spare_the_gateway_across_sessions(clock, settings):
    settings.INVITATIONS_PER_MINUTE = 2  # one every 30 seconds
    cohort = soldiers()
    first, second = themed(cohort), themed(cohort)
    people = [member(cohort) for _ in range(3)]

    invitations.invite_to_session(first)
    invitations.invite_to_session(second)

    moments = sorted(n.send_after for n in Notification.objects.filter(kind=Kind.SESSION_INVITATION))
    assert moments == [PUBLISHED + timedelta(seconds=30 * i) for i in range(6)]
    assert {n.job_seeker_id for n in Notification.objects.filter(session=second)} == {p.pk for p in people}


def test_sms_wait_for_the_end_of_the_quiet_hours_and_e_mails_do_not(clock):
    clock.move_to(datetime.combine(PUBLISHED.date(), time(22), tzinfo=VN))
    cohort = soldiers()
    themed(cohort)
    person = member(cohort, email="an@example.vn")

    invitations.write_session_invitations()

    email, sms = invitations_of(person)
    assert email.send_after == datetime.combine(PUBLISHED.date(), time(22), tzinfo=VN)
    assert sms.send_after == datetime.combine(PUBLISHED.date() + timedelta(days=1), time(7), tzinfo=VN)


def test_a_sensitive_cohort_is_named_nowhere_in_the_sms_or_the_subject(clock):
    disabled = factories.cohort()  # "Người khuyết tật", sensitive
    session = themed(disabled)
    person = member(disabled, email="an@example.vn")

    invitations.write_session_invitations()

    email, sms = invitations_of(person)
    for text in (email.subject, sms.body_text, email.body_text):
        assert "khuyết tật" not in text.lower() and "khuyet tat" not in text.lower()
        assert session.title not in text
    assert session.code in email.subject and session.code in sms.body_text


def test_a_session_for_a_cohort_that_is_not_sensitive_is_named_in_the_e_mail(clock):
    cohort = soldiers()
    session = themed(cohort)
    person = member(cohort, email="an@example.vn")

    invitations.write_session_invitations()

    email, _sms = invitations_of(person)
    assert session.title.lower() in email.body_text.lower()
    assert "Bộ đội" not in email.subject


def test_a_cancelled_or_closed_session_invites_nobody(clock):
    cohort = soldiers()
    themed(cohort, status="cancelled")
    closed = themed(cohort)
    JobSession.objects.filter(pk=closed.pk).update(
        registration_opens_at=PUBLISHED - timedelta(days=2), registration_closes_at=PUBLISHED - timedelta(minutes=1)
    )
    member(cohort)

    assert invitations.write_session_invitations() == 0


def test_the_unsubscribe_link_asks_then_stops_every_invitation_without_signing_in(clock, client, settings):
    cohort = soldiers()
    themed(cohort)
    person = member(cohort, invite_for_matches=True)
    invitations.write_session_invitations()
    [sms] = invitations_of(person)
    url = invitations.unsubscribe_url(person)
    assert url in sms.body_text
    path = url.removeprefix(settings.SITE_URL.rstrip("/"))

    shown = client.get(path)
    person.refresh_from_db()
    assert shown.status_code == 200 and 'id="invitations-stop"' in shown.content.decode()
    assert person.invite_for_groups  # opening the link changes nothing

    done = client.post(path)
    person.refresh_from_db()
    assert done.status_code == 200 and 'id="invitations-stopped"' in done.content.decode()
    assert (person.invite_for_groups, person.invite_for_matches) == (False, False)
    themed(cohort)
    invitations.write_session_invitations()
    assert len(invitations_of(person)) == 1  # the new session invited nobody


def test_a_broken_unsubscribe_link_is_a_clear_page(client):
    assert client.get(reverse("web:invitations_stop", args=["not-a-token"])).status_code == 404
    assert client.post(reverse("web:invitations_stop", args=["not-a-token"])).status_code == 404


@pytest.mark.django_db(transaction=True)
def test_two_workers_writing_at_once_invite_each_person_once():
    with time_machine.travel(PUBLISHED, tick=False):
        cohort = soldiers()
        session = themed(cohort)
        people = [member(cohort) for _ in range(40)]
        barrier = threading.Barrier(2)
        failures = []

        def worker():
            try:
                barrier.wait()
                invitations.invite_to_session(JobSession.objects.get(pk=session.pk))
            except Exception as error:  # surfaced below
                failures.append(error)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        assert failures == []
        rows = Notification.objects.filter(kind=Kind.SESSION_INVITATION, session=session)
        assert rows.count() == len(people)  # one SMS each (no e-mail address), never two


def test_a_person_chooses_their_invitations_in_the_api_and_finds_the_choice_in_their_data(client):
    from tests.api.conftest import client_for

    person = factories.JobSeekerFactory()
    api = client_for(person.user)

    response = api.patch("/api/v1/me/", {"invite_for_matches": True, "invite_for_groups": False}, format="json")

    assert response.status_code == 200, response.content
    person.refresh_from_db()
    assert (person.invite_for_matches, person.invite_for_groups) == (True, False)
    profile = api.get("/api/v1/me/data-export/").json()["profile"]
    assert (profile["invite_for_matches"], profile["invite_for_groups"]) == (True, False)


def test_the_profile_page_offers_both_choices(client):
    person = factories.JobSeekerFactory()
    client.force_login(person.user)

    html = client.get(reverse("accounts:profile")).content.decode()

    assert 'name="invite_for_groups"' in html and 'name="invite_for_matches"' in html


def test_sessions_published_before_the_upgrade_invite_only_when_their_registration_opens(clock):
    """Migration 0014: a session already published counts as invited at the upgrade (no burst of invitations for
    publications that are past); one whose registration opens later still gets its pass then."""
    import importlib

    from django.apps import apps

    upgrade = importlib.import_module("sessions.migrations.0014_session_invitations")
    cohort = soldiers()
    session = themed(cohort)  # published, registration opens on OPENS (later)
    person = member(cohort)

    upgrade.mark_published_sessions_invited(apps, None)
    assert invitations.write_session_invitations() == 0
    assert invitations_of(person) == []

    clock.move_to(OPENS + timedelta(minutes=1))
    invitations.write_session_invitations()
    assert [n.session_id for n in invitations_of(person)] == [session.pk]


def test_sms_held_by_the_quiet_hours_stay_spaced_and_hold_back_no_e_mail(clock, settings):
    settings.INVITATIONS_PER_MINUTE = 2  # one every 30 seconds
    late = datetime.combine(PUBLISHED.date(), time(22), tzinfo=VN)
    morning = datetime.combine(PUBLISHED.date() + timedelta(days=1), time(7), tzinfo=VN)
    clock.move_to(late)
    cohort = soldiers()
    first, second = themed(cohort), themed(cohort)
    people = [member(cohort) for _ in range(3)]  # SMS only
    by_mail = member(cohort, email="an@example.vn", notify_by_sms=False)

    invitations.invite_to_session(first)
    invitations.invite_to_session(second)

    sms = sorted(n.send_after for n in Notification.objects.filter(kind=Kind.SESSION_INVITATION, channel="sms"))
    assert sms == [morning + timedelta(seconds=30 * i) for i in range(2 * len(people))]
    mails = Notification.objects.filter(kind=Kind.SESSION_INVITATION, channel="email", job_seeker=by_mail)
    assert sorted(n.send_after for n in mails) == [late, late + timedelta(seconds=30)]
