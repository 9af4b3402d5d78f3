"""One row of the staff interview table saves the result and the outcome together."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from sessions.models import HiringOutcome, Interview
from tests import factories

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


def test_a_refused_outcome_leaves_the_result_as_it_was(client, staff, time_machine):
    time_machine.move_to(datetime(2030, 3, 12, 10, 0, tzinfo=HANOI), tick=False)  # two days after the session
    client.force_login(staff)
    session = factories.JobSessionFactory(
        status="completed",
        starts_at=datetime(2030, 3, 10, 8, 0, tzinfo=HANOI),
        registration_opens_at=datetime(2030, 3, 1, 8, 0, tzinfo=HANOI),
    )
    booth = factories.ParticipationFactory(session=session)
    interview = factories.InterviewFactory(
        registration__session=session, vacancy=booth.vacancies.get(), result=Interview.Result.PENDING
    )

    response = client.post(
        reverse("staff:interviews", args=[session.pk]),
        {"interview": interview.pk, "result": "passed", "outcome": "started", "start_date": ""},
    )

    assert response.status_code == 409
    assert response.context["refusal"] == "Vui lòng nhập ngày người lao động bắt đầu làm việc."
    interview.refresh_from_db()
    assert interview.result == Interview.Result.PENDING
    assert not HiringOutcome.objects.filter(interview=interview).exists()
