"""Booths as staff manage them (issue 12 item 5): booth numbers assigned and changed (a clash names the booth
holding the number), decisions on many booths at once through the per-booth service, renumbering, the booth
waitlist, staff notes (audited, never the employer's), recruiters and needs, and the day-before reminder that
carries the number after a renumber."""

import pytest
from django.core.exceptions import ValidationError

from accounts.models import AuditEvent
from jobfair import errors
from sessions import services
from sessions.models import Notification, Participation, SessionFormat
from sessions.notifications import delivery
from tests import factories

pytestmark = pytest.mark.django_db

Status = Participation.Status


@pytest.fixture
def staff():
    return factories.StaffFactory()


@pytest.fixture
def session():
    return factories.JobSessionFactory(employer_capacity=3)


def booth(session, name, label="", status=Status.APPROVED, **kwargs):
    return factories.ParticipationFactory(
        session=session, employer=factories.EmployerFactory(name=name), status=status, booth_label=label, **kwargs
    )


def test_staff_change_a_booth_number(session, staff):
    may = booth(session, "May Đức Giang", "01")

    services.participation_set_booth_number(participation=may, actor=staff, booth_label=" a7 ")

    may.refresh_from_db()
    assert may.booth_label == "A7"
    event = AuditEvent.objects.get(action="participation.booth_number", object_id=str(may.pk))
    assert event.data["changes"] == {"booth_label": ["01", "A7"]}


def test_a_number_another_booth_holds_is_refused_naming_that_booth(session, staff):
    booth(session, "Công ty TNHH Hằng Nga", "03")
    may = booth(session, "May Đức Giang", "01")

    with pytest.raises(errors.BoothNumberTaken) as refused:
        services.participation_set_booth_number(participation=may, actor=staff, booth_label="03")

    assert "Công ty TNHH Hằng Nga" in refused.value.detail
    assert "03" in refused.value.detail
    may.refresh_from_db()
    assert may.booth_label == "01"


def test_approving_with_a_number_already_held_is_refused(session, staff):
    booth(session, "Công ty TNHH Hằng Nga", "03")
    request = booth(session, "May Đức Giang", status=Status.APPLIED)

    with pytest.raises(errors.BoothNumberTaken):
        services.participation_approve(participation=request, actor=staff, booth_label="03")

    request.refresh_from_db()
    assert request.status == Status.APPLIED


def test_a_booth_request_has_no_number_to_change(session, staff):
    request = booth(session, "May Đức Giang", status=Status.APPLIED)

    with pytest.raises(errors.InvalidTransition):
        services.participation_set_booth_number(participation=request, actor=staff, booth_label="05")


def test_bulk_approve_goes_booth_by_booth_and_reports_the_one_refused(session, staff):
    first = booth(session, "A", status=Status.APPLIED)
    already = booth(session, "B", "01")
    second = booth(session, "C", status=Status.APPLIED)

    results = services.participations_decide(participations=[first, already, second], decision="approve", actor=staff)

    by_booth = {result.participation.pk: result for result in results}
    assert by_booth[first.pk].status == by_booth[second.pk].status == Status.APPROVED
    assert by_booth[already.pk].refusal  # already approved: refused, unchanged
    assert by_booth[already.pk].status == Status.APPROVED
    assert AuditEvent.objects.filter(action="participation.approve").count() == 2


def test_bulk_approve_past_the_booths_waitlists_in_order(staff):
    small = factories.JobSessionFactory(employer_capacity=1)
    first = booth(small, "A", status=Status.APPLIED)
    second = booth(small, "B", status=Status.APPLIED)

    results = services.participations_decide(participations=[second, first], decision="approve", actor=staff)

    assert [(r.participation.pk, r.status) for r in results] == [
        (first.pk, Status.APPROVED),
        (second.pk, Status.WAITLISTED),
    ]


def test_bulk_reject(session, staff):
    one, two = booth(session, "A", status=Status.APPLIED), booth(session, "B", status=Status.APPLIED)

    results = services.participations_decide(participations=[one, two], decision="reject", actor=staff, note="Trùng")

    assert {r.status for r in results} == {Status.REJECTED}


def test_renumber_closes_the_gaps_in_the_order_of_the_numbers(session, staff):
    seven, two, sign = booth(session, "A", "07"), booth(session, "B", "02"), booth(session, "C", "VIP")

    services.booths_renumber(session=session, actor=staff)

    labels = {p.pk: p.booth_label for p in Participation.objects.filter(session=session)}
    assert (labels[two.pk], labels[seven.pk], labels[sign.pk]) == ("01", "02", "03")


def test_renumber_by_employer_name(session, staff):
    zeta, alpha = booth(session, "Zeta", "01"), booth(session, "Alpha", "02")

    services.booths_renumber(session=session, actor=staff, order="employer")

    alpha.refresh_from_db()
    zeta.refresh_from_db()
    assert (alpha.booth_label, zeta.booth_label) == ("01", "02")


def test_a_freed_booth_goes_to_the_first_on_the_waitlist(staff):
    small = factories.JobSessionFactory(employer_capacity=1)
    holder = booth(small, "A", status=Status.APPLIED)
    waiting = booth(small, "B", status=Status.APPLIED)
    services.participations_decide(participations=[holder, waiting], decision="approve", actor=staff)

    services.participation_withdraw(participation=holder, actor=staff)

    waiting.refresh_from_db()
    assert waiting.status == Status.APPROVED


def test_staff_notes_are_saved_and_audited(session, staff):
    may = booth(session, "May", "01")

    services.participation_set_staff_notes(participation=may, actor=staff, staff_notes="  Cần ổ điện gần cửa  ")

    may.refresh_from_db()
    assert may.staff_notes == "Cần ổ điện gần cửa"
    event = AuditEvent.objects.get(action="participation.staff_notes")
    assert event.data["changes"] == {"staff_notes": ["", "Cần ổ điện gần cửa"]}


def test_staff_notes_too_long_are_refused(session, staff):
    may = booth(session, "May", "01")

    with pytest.raises(ValidationError):
        services.participation_set_staff_notes(participation=may, actor=staff, staff_notes="x" * 2_001)


def test_a_booth_request_says_recruiters_and_needs(session):
    employer = factories.EmployerFactory()
    vacancy = factories.VacancyFactory(employer=employer)

    participation, _created = services.participation_apply(
        session=session, employer=employer, vacancies=[vacancy], actor=None, recruiter_count=3, needs=["power", "table"]
    )

    assert (participation.recruiter_count, participation.needs) == (3, ["table", "power"])


def test_a_screen_is_refused_at_an_in_person_session(session):
    employer = factories.EmployerFactory()
    vacancy = factories.VacancyFactory(employer=employer)

    with pytest.raises(ValidationError) as refused:
        services.participation_apply(
            session=session, employer=employer, vacancies=[vacancy], actor=None, needs=["screen"]
        )

    assert "needs" in refused.value.message_dict
    assert not Participation.objects.filter(employer=employer).exists()


def test_a_screen_is_offered_at_an_online_session():
    online = factories.JobSessionFactory(format=SessionFormat.ONLINE, venue=None)
    employer = factories.EmployerFactory()
    vacancy = factories.VacancyFactory(employer=employer)

    participation, _created = services.participation_apply(
        session=online, employer=employer, vacancies=[vacancy], actor=None, needs=["screen"]
    )

    assert participation.needs == ["screen"]


def test_the_day_before_reminder_sent_after_a_renumber_gives_the_new_number(session, staff, mailoutbox):
    request = booth(session, "May Đức Giang", status=Status.APPLIED)
    booth(session, "Hằng Nga", "01")
    services.participation_approve(participation=request, actor=staff, booth_label="09")
    reminder = Notification.objects.get(
        participation=request, kind=Notification.Kind.EMPLOYER_DAY_BEFORE, channel="email"
    )
    assert "09" in reminder.body_text

    services.booths_renumber(session=session, actor=staff)

    delivery.notification_deliver(notification_id=reminder.pk, now=reminder.send_after)
    reminder.refresh_from_db()
    assert reminder.status == Notification.Status.SENT
    sent = [m for m in mailoutbox if "Nhắc lịch" in m.subject]
    assert "Gian của doanh nghiệp: 02" in sent[-1].body
