"""Issue 15 item 4: referrals for people not hired, and their statuses referred → attended → completed / dropped."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import AuditEvent
from jobfair import errors
from sessions import services
from sessions.models import Referral
from tests.factories import JobSeekerFactory, JobSessionFactory, StaffFactory, VacancyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory()


def training(person, staff, **fields):
    return services.referral_create(
        job_seeker=person, kind="training", actor=staff, training_provider="Trường Cao đẳng nghề Hà Nội", **fields
    )


def test_a_training_referral_starts_as_referred_with_its_course_and_follow_up_date(staff):
    person = JobSeekerFactory()
    referral = training(person, staff, course="Hàn điện", follow_up_on=timezone.localdate() + timedelta(days=14))
    assert (referral.status, referral.course, referral.referred_by) == ("referred", "Hàn điện", staff)
    assert AuditEvent.objects.filter(action="referral.create", object_id=str(referral.pk)).exists()


@pytest.mark.parametrize(
    ("kind", "field"),
    [("training", "training_provider"), ("session", "session"), ("vacancy", "vacancy"), ("other", "kind")],
)
def test_each_kind_names_what_it_needs(staff, kind, field):
    with pytest.raises(ValidationError) as refused:
        services.referral_create(job_seeker=JobSeekerFactory(), kind=kind, actor=staff)
    assert field in refused.value.message_dict


def test_a_referral_keeps_only_what_its_kind_names(staff):
    session, vacancy = JobSessionFactory(), VacancyFactory()
    referral = services.referral_create(
        job_seeker=JobSeekerFactory(), kind="session", actor=staff, session=session, vacancy=vacancy, course="x"
    )
    assert (referral.session, referral.vacancy, referral.course) == (session, None, "")


def test_the_follow_up_date_cannot_lie_in_the_past(staff):
    with pytest.raises(ValidationError) as refused:
        training(JobSeekerFactory(), staff, follow_up_on=timezone.localdate() - timedelta(days=1))
    assert "follow_up_on" in refused.value.message_dict


def test_the_follow_up_date_lies_within_a_year(staff):
    with pytest.raises(ValidationError) as refused:
        training(JobSeekerFactory(), staff, follow_up_on=timezone.localdate() + timedelta(days=400))
    assert refused.value.message_dict["follow_up_on"] == ["Ngày theo dõi phải trong vòng một năm kể từ hôm nay."]


def test_referred_attended_completed(staff):
    referral = training(JobSeekerFactory(), staff)
    referral = services.referral_set_status(referral=referral, status="attended", actor=staff)
    referral = services.referral_set_status(referral=referral, status="completed", actor=staff, note="Có chứng chỉ")
    assert (referral.status, referral.note) == ("completed", "Có chứng chỉ")
    assert referral.status_changed_at is not None
    event = AuditEvent.objects.filter(action="referral.status", object_id=str(referral.pk)).latest("id")
    assert "status" in event.data["changes"]


def test_a_referral_can_be_dropped_before_anyone_attended(staff):
    referral = services.referral_set_status(referral=training(JobSeekerFactory(), staff), status="dropped", actor=staff)
    assert referral.status == "dropped"


@pytest.mark.parametrize(
    ("path", "refused"), [((), "completed"), (("dropped",), "attended"), (("attended", "completed"), "dropped")]
)
def test_no_status_skips_a_step_or_leaves_an_end(staff, path, refused):
    referral = training(JobSeekerFactory(), staff)
    for status in path:
        referral = services.referral_set_status(referral=referral, status=status, actor=staff)
    with pytest.raises(errors.InvalidTransition):
        services.referral_set_status(referral=referral, status=refused, actor=staff)
    assert Referral.objects.get(pk=referral.pk).status == referral.status


# --- the staff person page ------------------------------------------------------------------------------------


def test_staff_refer_a_person_to_training_from_their_page_and_move_it_on(client, staff):
    person = JobSeekerFactory()
    client.force_login(staff)
    response = client.post(
        f"/staff/people/{person.pk}/referrals/",
        {"kind": "training", "training_provider": "Trường Cao đẳng nghề Hà Nội", "course": "Hàn điện"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#referrals")
    referral = Referral.objects.get(job_seeker=person)
    page = client.get(f"/staff/people/{person.pk}/").content.decode()
    assert "Trường Cao đẳng nghề Hà Nội – Hàn điện" in page and "Đã giới thiệu" in page

    client.post(f"/staff/referrals/{referral.pk}/status/", {"status": "attended"})
    assert Referral.objects.get(pk=referral.pk).status == "attended"


def test_a_refused_referral_comes_back_with_the_reason_and_what_was_typed(client, staff):
    person = JobSeekerFactory()
    client.force_login(staff)
    response = client.post(f"/staff/people/{person.pk}/referrals/", {"kind": "training", "course": "Hàn điện"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Hãy ghi tên cơ sở đào tạo." in page and 'value="Hàn điện"' in page
    assert not Referral.objects.exists()


def test_a_skipped_status_is_refused_on_the_page_and_nothing_changes(client, staff):
    referral = training(JobSeekerFactory(), staff)
    client.force_login(staff)
    response = client.post(f"/staff/referrals/{referral.pk}/status/", {"status": "completed"}, follow=True)
    assert "không thể chuyển sang" in response.content.decode()
    assert Referral.objects.get(pk=referral.pk).status == "referred"


def test_referrals_are_for_staff_only(client):
    person = JobSeekerFactory()
    client.force_login(person.user)
    assert client.post(f"/staff/people/{person.pk}/referrals/", {"kind": "insurance"}).status_code == 403
    assert not Referral.objects.exists()
