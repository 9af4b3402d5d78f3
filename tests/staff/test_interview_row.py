"""One row of the staff interview table saves the result and the outcome together."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from sessions import services
from sessions.models import HiringOutcome, Interview
from tests import factories

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def _held_interview(result, time_machine):
    time_machine.move_to(datetime(2030, 3, 12, 10, 0, tzinfo=HANOI), tick=False)  # two days after the session
    session = factories.JobSessionFactory(
        status="completed",
        starts_at=datetime(2030, 3, 10, 8, 0, tzinfo=HANOI),
        registration_opens_at=datetime(2030, 3, 1, 8, 0, tzinfo=HANOI),
    )
    booth = factories.ParticipationFactory(session=session)
    return factories.InterviewFactory(registration__session=session, vacancy=booth.vacancies.get(), result=result)


def test_a_refused_outcome_leaves_the_result_as_it_was(client, staff, time_machine):
    interview = _held_interview(Interview.Result.PENDING, time_machine)
    client.force_login(staff)

    response = _save_row(client, interview, result="passed", outcome="started", start_date="")

    assert response.status_code == 409
    assert response.context["refusal"] == "Vui lòng nhập ngày người lao động bắt đầu làm việc."
    interview.refresh_from_db()
    assert interview.result == Interview.Result.PENDING
    assert not HiringOutcome.objects.filter(interview=interview).exists()


@pytest.mark.parametrize("salary", ["9999999999", "99999999999999999999"])
def test_a_salary_too_large_is_said_on_the_row_and_nothing_is_saved(client, staff, time_machine, salary):
    interview = _held_interview(Interview.Result.PENDING, time_machine)
    client.force_login(staff)

    response = _save_row(
        client, interview, result="passed", outcome="started", start_date="2030-03-11", monthly_salary=salary
    )

    assert response.status_code == 409
    assert "2000000000" in response.context["refusal"]  # Django's max_value message
    interview.refresh_from_db()
    assert interview.result == Interview.Result.PENDING
    assert not HiringOutcome.objects.exists()


def _save_row(client, interview, **row):
    return client.post(
        reverse("staff:interviews", args=[interview.registration.session_id]), {"interview": interview.pk, **row}
    )


def test_an_interview_not_passed_cannot_be_saved_as_started_work(client, staff, time_machine):
    interview = _held_interview(Interview.Result.PENDING, time_machine)
    client.force_login(staff)

    response = _save_row(client, interview, result="failed", outcome="started", start_date="2030-03-11")

    assert response.status_code == 409
    assert "Không đạt" in response.context["refusal"]
    interview.refresh_from_db()
    assert interview.result == Interview.Result.PENDING and not HiringOutcome.objects.exists()


def test_a_start_corrected_to_not_passed_and_not_hired_is_saved_in_one_row(client, staff, time_machine):
    interview = _held_interview(Interview.Result.PASSED, time_machine)
    HiringOutcome.objects.create(
        interview=interview, status="started", start_date=datetime(2030, 3, 11).date(), reported_at=datetime.now(HANOI)
    )
    client.force_login(staff)

    only_result = _save_row(client, interview, result="failed", outcome="started", start_date="2030-03-11")
    both = _save_row(client, interview, result="failed", outcome="not_hired")

    assert only_result.status_code == 409
    assert both.status_code == 302
    interview.refresh_from_db()
    assert (interview.result, interview.outcome.status) == ("failed", "not_hired")


def test_an_outcome_recorded_by_mistake_is_taken_back_with_not_known(client, staff, time_machine):
    interview = _held_interview(Interview.Result.PASSED, time_machine)
    HiringOutcome.objects.create(
        interview=interview, status="started", start_date=datetime(2030, 3, 11).date(), reported_at=datetime.now(HANOI)
    )
    client.force_login(staff)

    response = _save_row(client, interview, result="second_round", outcome="")

    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.result == "second_round" and not HiringOutcome.objects.filter(interview=interview).exists()
    assert AuditEvent.objects.filter(action="outcome.clear", object_id=str(interview.pk)).exists()


def test_an_outcome_whose_follow_up_has_begun_is_corrected_not_cleared(client, staff, time_machine):
    interview = _held_interview(Interview.Result.PASSED, time_machine)
    outcome = HiringOutcome.objects.create(
        interview=interview,
        status="started",
        start_date=datetime(2030, 3, 11).date(),
        reported_at=datetime.now(HANOI),
        checked_30_days_at=datetime.now(HANOI),
        employed_at_30_days=True,
    )
    client.force_login(staff)

    response = _save_row(client, interview, result="passed", outcome="")

    assert response.status_code == 409
    assert response.context["refusal"] == "Đã bắt đầu theo dõi sau tuyển dụng: hãy sửa kết quả thay vì xóa."
    assert HiringOutcome.objects.filter(pk=outcome.pk).exists()


def test_each_row_carries_what_it_showed(client, staff, time_machine):
    interview = _held_interview(Interview.Result.PENDING, time_machine)
    client.force_login(staff)

    response = client.get(reverse("staff:interviews", args=[interview.registration.session_id]))

    assert f'name="seen" value="{interview.version()}"' in response.content.decode()


def test_a_save_from_a_page_older_than_a_colleagues_save_is_refused_and_says_what_was_entered(
    client, staff, time_machine
):
    interview = _held_interview(Interview.Result.PENDING, time_machine)
    shown = interview.version()
    time_machine.shift(60)
    services.interview_result_and_outcome_record(
        interview=interview, actor=staff, result="passed", outcome_status="started", start_date=date(2030, 3, 11)
    )
    client.force_login(staff)

    response = _save_row(
        client, interview, result="failed", outcome="not_hired", start_date="", monthly_salary="", seen=shown
    )

    assert response.status_code == 409
    refusal = response.context["refusal"]
    assert refusal.startswith("Người khác đã lưu kết quả này sau khi bạn mở trang")
    assert "Hiện đang ghi: Trúng tuyển tại phiên; Đã nhận việc; 11/03/2030" in refusal  # the colleague's save
    assert "Bạn đã nhập: Không trúng tuyển; Không được tuyển" in refusal
    interview.refresh_from_db()
    assert interview.result == Interview.Result.PASSED
    assert interview.outcome.status == HiringOutcome.Status.STARTED  # the colleague's save stands


def test_a_save_from_the_page_as_it_still_is_goes_through(client, staff, time_machine):
    interview = _held_interview(Interview.Result.PENDING, time_machine)
    client.force_login(staff)

    response = _save_row(
        client, interview, result="passed", outcome="started", start_date="2030-03-11", seen=interview.version()
    )

    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.result == Interview.Result.PASSED and interview.outcome.status == HiringOutcome.Status.STARTED
    # and the next save from the page as it was before that one is refused
    stale = _save_row(client, interview, result="second_round", seen="0-0")
    assert stale.status_code == 409
