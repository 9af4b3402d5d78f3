"""Issue 15 item 4: a person not hired leaves with a next step — on their results page they see what to do next,
the referrals staff made for them, and tell the centre about a step they took themselves."""

import pytest
from django.conf import settings
from django.urls import reverse

from sessions import services
from sessions.models import Referral
from tests import factories
from tests.helpers import on_session_day
from tests.web.conftest import errors_of

pytestmark = pytest.mark.django_db

RESULTS = reverse("web:my_results")
ADD = reverse("web:next_step_add")


@pytest.fixture
def vietnamese(seeker_client):
    seeker_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return seeker_client


def test_a_person_not_hired_is_shown_what_to_do_next(vietnamese, seeker, fair, booth, vacancy):
    registration = factories.RegistrationFactory(session=fair, job_seeker=seeker)
    with on_session_day(fair):
        services.interview_record(registration=registration, vacancy=vacancy, actor=None, result="failed")

    html = vietnamese.get(RESULTS).content.decode()

    assert 'id="not-hired-next-step"' in html
    assert reverse("web:my_matches") in html and settings.JOBFAIR_CENTRE_PHONE in html


def test_a_person_without_a_failed_interview_gets_no_not_hired_box(vietnamese):
    assert 'id="not-hired-next-step"' not in vietnamese.get(RESULTS).content.decode()


def test_the_referrals_staff_made_are_listed_with_where_they_stand(vietnamese, seeker):
    staff = factories.StaffFactory()
    referral = services.referral_create(
        job_seeker=seeker, kind="training", training_provider="Trường Cao đẳng nghề Hà Nội", course="Hàn", actor=staff
    )
    services.referral_set_status(referral=referral, status="attended", actor=staff)
    services.referral_create(job_seeker=factories.JobSeekerFactory(), kind="insurance", actor=staff)

    html = vietnamese.get(RESULTS).content.decode()

    assert f'data-referral="{referral.pk}"' in html and "Trường Cao đẳng nghề Hà Nội – Hàn" in html
    assert "status-attended" in html
    assert html.count("data-referral=") == 1  # not someone else's


def test_a_person_records_a_course_they_signed_up_for(vietnamese, seeker):
    response = vietnamese.post(ADD, {"kind": "training", "training_provider": "Trung tâm dạy nghề Đông Anh"})

    assert response.status_code == 302 and response["Location"].endswith("#next-steps")
    referral = Referral.objects.get()
    assert (referral.job_seeker, referral.referred_by, referral.status) == (seeker, seeker.user, "referred")


def test_a_missing_provider_is_said_next_to_it_and_what_was_typed_stays(vietnamese):
    response = vietnamese.post(ADD, {"kind": "training", "course": "Điện dân dụng"})

    assert response.status_code == 400
    assert errors_of(response, "training_provider") == "Hãy ghi tên cơ sở đào tạo."
    assert 'value="Điện dân dụng"' in response.content.decode()
    assert not Referral.objects.exists()


def test_nothing_chosen_is_a_clear_error(vietnamese):
    response = vietnamese.post(ADD, {})

    assert response.status_code == 400
    assert errors_of(response, "kind") == "Hãy chọn việc bạn đã làm."


def test_a_person_cannot_refer_themselves_to_a_vacancy_here(vietnamese):
    response = vietnamese.post(ADD, {"kind": "vacancy", "vacancy": factories.VacancyFactory().pk})

    assert response.status_code == 400 and errors_of(response, "kind")


def test_an_employer_cannot_record_a_next_step_here(client):
    client.force_login(factories.EmployerUserFactory())

    assert client.post(ADD, {"kind": "insurance"}).status_code == 403
    assert not Referral.objects.exists()


def test_the_sessions_to_choose_from_are_named_by_their_local_day_and_time(daytime):
    from datetime import datetime, time, timedelta

    from sessions.web.job_seeker.forms import NextStepForm
    from tests.helpers import HANOI, PINNED_NOW

    day = PINNED_NOW.date() + timedelta(days=7)
    early = datetime.combine(day, time(6, 30), tzinfo=HANOI)  # 23:30 UTC the day before
    session = factories.JobSessionFactory(starts_at=early, ends_at=early + timedelta(hours=4))
    labels = [label for value, label in NextStepForm().fields["session"].choices if value]
    assert f"{session.code} – {session.title} – {day:%d/%m/%Y} 06:30" in labels
