"""Issue 12 item 7: the follow-up staff work through — filters by session, employer and what is due, both phones on
each check row (a recorded read of the person's contact details), and the calls noted on each check."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEvent, PersonalDataAccess
from jobfair import errors
from sessions import services
from sessions.models import FollowUpContact, HiringOutcome
from tests import factories

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("daytime")]

URL = "/staff/follow-up/"


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def past_session(days_ago: int = 200, **fields):
    start = timezone.now() - timedelta(days=days_ago)
    return factories.JobSessionFactory(
        starts_at=start, ends_at=start + timedelta(hours=3), registration_opens_at=start - timedelta(days=20), **fields
    )


def started(days_ago: int, *, session=None, employer=None, **fields) -> HiringOutcome:
    """A person who started work `days_ago` days ago after an interview at a (past) session."""
    interview = factories.InterviewFactory(
        registration__session=session or past_session(),
        vacancy__employer=employer or factories.EmployerFactory(phone="+84987000111"),
    )
    return HiringOutcome.objects.create(
        interview=interview,
        status=HiringOutcome.Status.STARTED,
        start_date=timezone.localdate() - timedelta(days=days_ago),
        reported_at=timezone.now(),
        **fields,
    )


def listed(response, name) -> list[HiringOutcome]:
    return list(response.context[name]["page"].object_list) if response.context[name] else []


def person(outcome):
    return outcome.interview.registration.job_seeker


def note_call(client, outcome, *, due="30", **data):
    return client.post(URL, {"action": "contact", "outcome": outcome.pk, "due": due, **data})


# --- phones on the row -------------------------------------------------------------------------------------------


def test_a_check_row_has_the_persons_and_the_employers_phone_to_call(staff_client, staff):
    outcome = started(35, employer=factories.EmployerFactory(phone="+84987654321"))
    seeker = person(outcome)

    body = staff_client.get(URL).content.decode()

    assert f'href="tel:{seeker.phone}"' in body
    assert 'href="tel:+84987654321"' in body and "0987 654 321" in body
    read = PersonalDataAccess.objects.get(job_seeker=seeker, actor=staff)
    assert (read.kind, read.where) == ("contact", f"GET {URL}")


# --- filters -----------------------------------------------------------------------------------------------------


def test_filter_by_session(staff_client):
    here, elsewhere = past_session(), past_session()
    mine, other = started(35, session=here), started(35, session=elsewhere)
    waiting = factories.InterviewFactory(registration__session=here)  # no outcome yet
    factories.InterviewFactory(registration__session=elsewhere)

    response = staff_client.get(URL, {"session": here.pk})

    assert listed(response, "due_30") == [mine]
    assert list(response.context["without_outcome"]["page"].object_list) == [waiting]
    assert other not in listed(response, "due_30")


def test_filter_by_employer_name_without_accents_or_by_tax_code(staff_client):
    garment = factories.EmployerFactory(name="Tổng công ty May Đức Giang", phone="+84987000222")
    mine, _other = started(35, employer=garment), started(35)

    assert listed(staff_client.get(URL, {"employer": "duc giang"}), "due_30") == [mine]
    assert listed(staff_client.get(URL, {"employer": garment.tax_code}), "due_30") == [mine]
    assert listed(staff_client.get(URL, {"employer": "Không có công ty này"}), "due_30") == []


def test_filter_by_what_is_due(staff_client):
    fresh = started(35)  # 30-day check due for 5 days
    long_ago = started(110)  # both checks due, the 30-day one for long
    late_30 = started(50)  # 30-day check waiting 20 days: overdue
    half_done = started(50, employed_at_30_days=True, checked_30_days_at=timezone.now())
    all_done = started(
        200,
        employed_at_30_days=True,
        checked_30_days_at=timezone.now() - timedelta(days=160),
        employed_at_90_days=False,
        checked_90_days_at=timezone.now() - timedelta(days=100),
    )
    started(10)  # nothing due yet: on no list

    everything = staff_client.get(URL)
    assert listed(everything, "due_30") == [long_ago, late_30, fresh]  # the longest waiting first
    assert listed(everything, "due_90") == [long_ago]
    assert everything.context["without_outcome"] is not None and everything.context["done"] is None

    only_30 = staff_client.get(URL, {"due": "30"})
    assert listed(only_30, "due_30") == [long_ago, late_30, fresh]
    assert only_30.context["due_90"] is None and only_30.context["without_outcome"] is None

    assert listed(staff_client.get(URL, {"due": "90"}), "due_90") == [long_ago]
    assert listed(staff_client.get(URL, {"due": "90"}), "due_30") == []

    overdue = staff_client.get(URL, {"due": "overdue"})
    assert listed(overdue, "due_30") == [long_ago, late_30]
    assert listed(overdue, "due_90") == [long_ago]

    done = staff_client.get(URL, {"due": "done"})
    assert listed(done, "done") == [half_done, all_done]  # the latest check first
    body = done.content.decode()
    assert "No longer employed" in body and "Not due yet" in body


def test_a_wrong_filter_is_shown_next_to_it_and_the_lists_stay(staff_client):
    outcome = started(35)

    response = staff_client.get(URL, {"due": "soon", "session": "abc"})

    assert response.status_code == 400
    form = response.context["filters_form"]
    assert set(form.errors) == {"due", "session"}
    assert "Select a valid choice" in response.content.decode()
    assert listed(response, "due_30") == [outcome]


# --- noting a call -----------------------------------------------------------------------------------------------


def test_a_call_is_noted_without_recording_the_check(staff_client, staff):
    outcome = started(35)

    response = note_call(staff_client, outcome, result="no_answer", note="Gọi hai lần, không nghe máy")

    assert response.status_code == 302
    call = FollowUpContact.objects.get(outcome=outcome)
    assert (call.due, call.result, call.note, call.contacted_by) == (
        "30",
        "no_answer",
        "Gọi hai lần, không nghe máy",
        staff,
    )
    outcome.refresh_from_db()
    assert outcome.checked_30_days_at is None and outcome.employed_at_30_days is None
    assert AuditEvent.objects.filter(
        action="outcome.follow_up_contact", object_id=str(outcome.pk), actor=staff
    ).exists()


def test_the_row_shows_the_calls_latest_first_and_how_many(staff_client, daytime):
    outcome = started(100)
    note_call(staff_client, outcome, result="no_answer", note="Không nghe máy")
    daytime.shift(timedelta(hours=2))
    note_call(staff_client, outcome, result="busy", note="Hẹn gọi lại chiều")
    note_call(staff_client, outcome, due="90", result="asked_employer", note="Hỏi phòng nhân sự")

    response = staff_client.get(URL)

    row_30 = listed(response, "due_30")[0]
    assert [call.result for call in row_30.attempts] == ["busy", "no_answer"]  # only this check's calls
    assert [call.result for call in listed(response, "due_90")[0].attempts] == ["asked_employer"]
    body = response.content.decode()
    assert "2 calls" in body and "1 call" in body
    assert body.index("Hẹn gọi lại chiều") < body.index("Không nghe máy")


def test_a_call_without_its_result_is_refused_and_the_note_kept(staff_client):
    outcome = started(35)

    response = note_call(staff_client, outcome, result="", note="Đã gọi cho mẹ của anh ấy")

    assert response.status_code == 400
    body = response.content.decode()
    assert "Choose what came of the call." in body
    assert "Đã gọi cho mẹ của anh ấy</textarea>" in body  # nothing typed is lost
    assert not FollowUpContact.objects.exists()


def test_a_call_for_a_check_not_yet_due_is_refused(staff_client):
    outcome = started(10)
    due_on = outcome.start_date + timedelta(days=30)

    response = note_call(staff_client, outcome, result="no_answer")

    assert response.status_code == 409
    assert f"The 30-day check is due on {due_on:%d/%m/%Y}." in response.content.decode()
    assert not FollowUpContact.objects.exists()


def test_a_call_for_a_check_already_recorded_is_refused(staff_client, staff):
    outcome = started(35)
    services.hiring_outcome_follow_up(outcome=outcome, actor=staff, days=30, still_employed=True)

    response = note_call(staff_client, outcome, result="reached")

    assert response.status_code == 409
    assert "The 30-day check is already recorded." in response.content.decode()
    assert not FollowUpContact.objects.exists()


def test_a_post_without_a_row_is_a_clear_error(staff_client):
    assert staff_client.post(URL, {"action": "contact", "outcome": "abc", "due": "30"}).status_code == 400
    assert staff_client.post(URL, {"action": "contact", "outcome": "999999", "due": "30"}).status_code == 404
    assert staff_client.post(URL, {"outcome": "abc", "days": "30", "still_employed": "1"}).status_code == 400


def test_the_check_itself_is_still_recorded_only_once_due(staff_client):
    outcome = started(10)
    response = staff_client.post(URL, {"outcome": outcome.pk, "days": "30", "still_employed": "1"})
    assert response.status_code == 409
    outcome.refresh_from_db()
    assert outcome.checked_30_days_at is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"due": "60", "result": "no_answer"}, "due"),
        ({"due": "30", "result": "ringing"}, "result"),
        ({"due": "30", "result": "no_answer", "note": "x" * 2001}, "note"),
    ],
)
def test_the_service_refuses_a_wrong_check_result_or_note(staff, data, field):
    outcome = started(100)
    with pytest.raises(ValidationError) as refused:
        services.follow_up_contact_record(outcome=outcome, actor=staff, **data)
    assert field in refused.value.message_dict
    assert not FollowUpContact.objects.exists()


def test_the_service_follows_up_only_people_who_started_work(staff):
    outcome = started(100)
    HiringOutcome.objects.filter(pk=outcome.pk).update(status=HiringOutcome.Status.DECLINED)
    with pytest.raises(errors.InvalidTransition):
        services.follow_up_contact_record(outcome=outcome, actor=staff, due="30", result="reached")


# --- the page stays cheap; the admin keeps the record ------------------------------------------------------------


def test_the_page_queries_do_not_grow_with_rows_and_calls(staff_client, staff, django_assert_max_num_queries):
    session = past_session()

    def add_rows(count: int):  # a row in each list, each check with two calls
        for _ in range(count):
            factories.InterviewFactory(registration__session=session)
            outcome = started(120, session=session)
            for due in ("30", "90"):
                for result in ("no_answer", "busy"):
                    services.follow_up_contact_record(outcome=outcome, actor=staff, due=due, result=result)

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert staff_client.get(URL, {"session": session.pk}).status_code == 200
        return len(captured)

    add_rows(1)
    one = queries()
    add_rows(30)
    with django_assert_max_num_queries(one):
        assert listed(staff_client.get(URL, {"session": session.pk}), "due_90")


def test_staff_read_the_calls_in_the_admin_and_cannot_change_them(staff_client, staff):
    outcome = started(35)
    call = services.follow_up_contact_record(outcome=outcome, actor=staff, due="30", result="no_answer", note="Gọi lại")

    assert staff_client.get(reverse("admin:jobsessions_followupcontact_changelist")).status_code == 200
    page = staff_client.get(reverse("admin:jobsessions_followupcontact_change", args=[call.pk]))
    assert page.status_code == 200 and "Gọi lại" in page.content.decode()
    assert staff_client.get(reverse("admin:jobsessions_followupcontact_add")).status_code == 403
    outcome_page = staff_client.get(reverse("admin:jobsessions_hiringoutcome_change", args=[outcome.pk]))
    assert "Gọi lại" in outcome_page.content.decode()  # the calls inline on the outcome


@pytest.mark.parametrize(
    ("result", "shown"),
    [
        ("reached", "Đã liên lạc được"),
        ("no_answer", "Không nghe máy"),
        ("busy", "Bận, gọi lại sau"),
        ("wrong_number", "Sai số"),
        ("left_message", "Đã để lại lời nhắn"),
        ("asked_employer", "Đã hỏi doanh nghiệp"),
    ],
)
def test_each_kind_of_attempt_is_noted_through_the_service_with_audit_and_shown_in_vietnamese(
    client, staff, result, shown
):
    outcome = started(35)
    client.force_login(staff)  # Vietnamese, the default

    assert note_call(client, outcome, result=result, note="Ghi chú cuộc gọi").status_code == 302

    call = FollowUpContact.objects.get(outcome=outcome)
    assert (call.result, call.note) == (result, "Ghi chú cuộc gọi")
    event = AuditEvent.objects.get(action="outcome.follow_up_contact", object_id=str(outcome.pk))
    assert event.actor == staff
    body = client.get(URL).content.decode()
    assert shown in body and "Ghi chú cuộc gọi" in body


# --- people not hired: a next step to offer (issue 15 item 4) ---------------------------------------------------


def interviewed(result: str, *, days_ago: int = 10, outcome: str | None = None, session=None):
    interview = factories.InterviewFactory(registration__session=session or past_session(days_ago), result=result)
    if outcome:
        start = timezone.localdate() if outcome == "started" else None
        HiringOutcome.objects.create(interview=interview, status=outcome, start_date=start, reported_at=timezone.now())
    return interview


def test_people_interviewed_and_not_hired_are_suggested_for_a_referral(staff_client, staff):
    failed = interviewed("failed")
    not_hired = interviewed("passed", outcome="not_hired")
    interviewed("passed", outcome="started")  # hired
    interviewed("failed", days_ago=120)  # too long ago to suggest
    referred = interviewed("failed")
    services.referral_create(
        job_seeker=referred.registration.job_seeker, kind="insurance", actor=staff, interview=referred
    )
    hired_elsewhere = interviewed("failed")  # failed one interview, started after another at the same session
    other = factories.InterviewFactory(
        registration=hired_elsewhere.registration, vacancy=factories.VacancyFactory(), result="passed"
    )
    HiringOutcome.objects.create(
        interview=other, status="started", start_date=timezone.localdate(), reported_at=timezone.now()
    )

    response = staff_client.get(URL, {"due": "referral"})

    assert response.status_code == 200
    assert {i.pk for i in listed(response, "to_refer")} == {failed.pk, not_hired.pk}
    assert response.context["due_30"] is None  # only the list asked for
    body = response.content.decode()
    link = reverse("staff:person", args=[failed.registration.job_seeker_id]) + f"?interview={failed.pk}#referrals"
    assert link in body
    assert f'href="tel:{failed.registration.job_seeker.phone}"' in body
    assert PersonalDataAccess.objects.filter(job_seeker=failed.registration.job_seeker, actor=staff).exists()


def test_the_default_follow_up_shows_the_referral_suggestions_too_and_the_filters_apply(staff_client):
    session = past_session(10)
    mine = interviewed("failed", session=session)
    interviewed("failed")  # another session

    response = staff_client.get(URL, {"session": session.pk})

    assert [i.pk for i in listed(response, "to_refer")] == [mine.pk]


def test_the_suggestion_opens_the_referral_form_following_that_interview(staff_client, staff):
    interview = interviewed("failed")
    seeker = interview.registration.job_seeker
    page = reverse("staff:person", args=[seeker.pk])

    response = staff_client.get(page, {"interview": interview.pk})
    assert 'id="referral-after"' in response.content.decode()
    assert f'name="interview" value="{interview.pk}"' in response.content.decode()

    staff_client.post(reverse("staff:referral_add", args=[seeker.pk]), {"kind": "insurance", "interview": interview.pk})
    assert seeker.referrals.get().interview == interview
    assert listed(staff_client.get(URL, {"due": "referral"}), "to_refer") == []  # no longer suggested


def test_an_interview_of_someone_else_is_not_taken_into_the_form(staff_client):
    someone_elses = interviewed("failed")
    seeker = factories.JobSeekerFactory()

    response = staff_client.get(reverse("staff:person", args=[seeker.pk]), {"interview": someone_elses.pk})

    assert 'id="referral-after"' not in response.content.decode()


def test_a_tampered_interview_on_the_referral_form_is_said_in_the_error_summary(staff_client):
    seeker = factories.JobSeekerFactory()

    response = staff_client.post(
        reverse("staff:referral_add", args=[seeker.pk]), {"kind": "insurance", "interview": "abc"}
    )

    assert response.status_code == 400
    summary = response.content.decode().split('id="error-summary"', 1)[1].split("</ul>", 1)[0]
    assert "<li>" in summary
    assert not seeker.referrals.exists()
