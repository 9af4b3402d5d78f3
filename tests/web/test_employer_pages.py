"""The employer's area: own company only, redacted candidates, interviews and outcomes, no 500."""

from datetime import timedelta

import pytest
from django.urls import reverse

from accounts.models import AuditEvent
from accounts.services import cohort_membership_declare
from jobfair.forms import parse_whole_number
from sessions import services
from sessions.models import HiringOutcome, Interview, Participation, Vacancy
from tests import factories
from tests.helpers import on_session_day, session_day
from tests.web.conftest import client_for, errors_of

pytestmark = pytest.mark.django_db

VACANCY = {
    "title": "Công nhân may",
    "occupation": "7533",
    "quantity": "20",
    "province": "01",
    "experience": "none",
    "working_arrangement": "full_time",
    "purpose": "long_term",
    "salary_min": "7000000",
    "salary_max": "9000000",
}


@pytest.fixture
def candidate(fair, booth, vacancy):
    """A job seeker who registered interest in the employer's vacancy, sharing one group but not another."""
    person = factories.JobSeekerFactory(full_name="Đỗ Minh Châu", address="12 ngõ 34 Láng Hạ", email="chau@example.vn")
    shared = factories.cohort(
        "student_graduate", sensitive=False, name_vi="Sinh viên mới tốt nghiệp", name_en="Graduate"
    )
    hidden = factories.cohort()
    cohort_membership_declare(job_seeker=person, cohort=shared, share_with_employers=True, actor=None)
    cohort_membership_declare(job_seeker=person, cohort=hidden, share_with_employers=False, actor=None)
    registration, _ = services.registration_create(session=fair, job_seeker=person, actor=None, vacancies=[vacancy])
    return registration


@pytest.mark.parametrize(
    "name,kwargs",
    [
        ("employer:dashboard", {}),
        ("employer:company", {}),
        ("employer:vacancies", {}),
        ("employer:vacancy_create", {}),
        ("employer:interviews", {}),
    ],
)
def test_employer_pages_by_role(anon, seeker_client, employer_client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    assert anon.get(url).status_code == 302
    assert seeker_client.get(url).status_code == 403
    assert employer_client.get(url).status_code == 200


def test_staff_may_look_but_not_change(staff_client, employer, vacancy):
    dashboard = staff_client.get(reverse("employer:dashboard"))
    assert dashboard.status_code == 200 and employer.name in dashboard.content.decode()
    assert staff_client.get(reverse("employer:vacancies")).status_code == 302  # no company chosen yet
    staff_client.get(reverse("employer:dashboard"), {"employer": employer.pk})
    page = staff_client.get(reverse("employer:vacancies"))
    assert page.status_code == 200 and vacancy.title in page.content.decode()
    assert staff_client.post(reverse("employer:vacancy_create"), VACANCY).status_code == 403
    assert (
        staff_client.post(reverse("employer:vacancy_status", args=[vacancy.pk]), {"status": "closed"}).status_code
        == 403
    )


def test_pending_employer_sees_awaiting_verification_and_cannot_get_a_booth(fair):
    pending = factories.EmployerFactory(verification="pending")
    client = client_for(factories.EmployerUserFactory(employer=pending))
    assert 'id="awaiting-verification"' in client.get(reverse("employer:dashboard")).content.decode()
    vacancy = factories.VacancyFactory(employer=pending)
    response = client.post(reverse("employer:booth_request", args=[fair.pk]), {"vacancies": [vacancy.pk]})
    assert response.status_code == 409
    assert 'id="refusal"' in response.content.decode()
    assert not Participation.objects.exists()


def test_post_edit_and_close_a_vacancy(employer_client, employer):
    response = employer_client.post(reverse("employer:vacancy_create"), {**VACANCY, "ward": factories.ward().code})
    assert response.status_code == 302
    vacancy = Vacancy.objects.get(employer=employer, title="Công nhân may")
    assert vacancy.quantity == 20 and vacancy.salary_max == 9_000_000
    assert employer_client.get(reverse("employer:vacancy_edit", args=[vacancy.pk])).status_code == 200
    response = employer_client.post(
        reverse("employer:vacancy_edit", args=[vacancy.pk]), {**VACANCY, "quantity": "25", "ward": vacancy.ward_id}
    )
    assert response.status_code == 302
    vacancy.refresh_from_db()
    assert vacancy.quantity == 25
    employer_client.post(reverse("employer:vacancy_status", args=[vacancy.pk]), {"status": "closed"})
    vacancy.refresh_from_db()
    assert vacancy.status == "closed"
    employer_client.post(reverse("employer:vacancy_status", args=[vacancy.pk]), {"status": "bogus"})
    vacancy.refresh_from_db()
    assert vacancy.status == "closed"


def test_thousands_grouped_the_vietnamese_way_are_read_as_thousands(employer_client, employer):
    data = {
        **VACANCY,
        "title": "Thợ hàn",
        "quantity": "1.000",
        "salary_min": "7.000.000",
        "salary_max": "9 000 000",
        "ward": factories.ward().code,
    }

    response = employer_client.post(reverse("employer:vacancy_create"), data)

    assert response.status_code == 302
    vacancy = Vacancy.objects.get(employer=employer, title="Thợ hàn")
    assert (vacancy.quantity, vacancy.salary_min, vacancy.salary_max) == (1000, 7_000_000, 9_000_000)


def test_a_decimal_count_is_refused_in_vietnamese_and_nothing_is_saved(employer_client, employer):
    data = {**VACANCY, "quantity": "1,5", "ward": factories.ward().code}

    response = employer_client.post(reverse("employer:vacancy_create"), data, HTTP_ACCEPT_LANGUAGE="vi")

    assert response.status_code == 200
    assert errors_of(response, "quantity") == "Nhập một số nguyên, ví dụ 7000000 hoặc 7.000.000."
    assert not Vacancy.objects.filter(employer=employer, title=VACANCY["title"]).exists()


@pytest.mark.parametrize(
    ("typed", "number"),
    [
        ("1200", 1200),
        ("1.200", 1200),
        ("1,200", 1200),
        ("7.000.000", 7_000_000),
        (" 7 000 000 ", 7_000_000),
        ("7\u00a0000", 7000),
        ("1.000", 1000),
        ("1,5", None),
        ("1.00", None),
        ("12abc", None),
        ("", None),
        ("-5", None),
    ],
)
def test_a_whole_number_as_people_type_it(typed, number):
    assert parse_whole_number(typed) == number


def test_vacancy_form_errors_inline_with_input_kept(employer_client):
    data = {
        **VACANCY,
        "occupation": "abc",
        "salary_min": "9000000",
        "salary_max": "7000000",
        "ward": factories.ward().code,
    }
    response = employer_client.post(reverse("employer:vacancy_create"), data)
    assert response.status_code == 200
    assert errors_of(response, "occupation") and errors_of(response, "salary_max")
    assert 'value="Công nhân may"' in response.content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"quantity": "-1", "salary_min": "1e99", "deadline": "tomorrow", "ward": "?", "province": "<x>"},
        {"title": "x" * 1000, "occupation": "123456", "priority_cohorts": ["nope"], "quantity": "99999999999"},
    ],
)
def test_vacancy_form_never_fails_on_garbage(employer_client, data):
    assert employer_client.post(reverse("employer:vacancy_create"), data).status_code == 200


def test_another_companys_vacancy_answers_404(employer_client, other_employer_client, vacancy):
    assert other_employer_client.get(reverse("employer:vacancy_edit", args=[vacancy.pk])).status_code == 404
    assert (
        other_employer_client.post(
            reverse("employer:vacancy_status", args=[vacancy.pk]), {"status": "closed"}
        ).status_code
        == 404
    )
    vacancy.refresh_from_db()
    assert vacancy.status == "open"


def test_request_a_booth_with_chosen_vacancies(employer_client, employer, vacancy, fair):
    page = employer_client.get(reverse("employer:booth_request", args=[fair.pk]))
    assert page.status_code == 200 and vacancy.title in page.content.decode()
    response = employer_client.post(reverse("employer:booth_request", args=[fair.pk]), {})
    assert errors_of(response, "vacancies")
    response = employer_client.post(reverse("employer:booth_request", args=[fair.pk]), {"vacancies": [vacancy.pk]})
    assert response.status_code == 302
    booth = Participation.objects.get(employer=employer, session=fair)
    assert booth.status == "applied" and list(booth.vacancies.all()) == [vacancy]
    assert employer_client.post(reverse("employer:booth_withdraw", args=[booth.pk])).status_code == 302
    booth.refresh_from_db()
    assert booth.status == "withdrawn"


def test_an_employer_changes_what_a_booth_brings_and_keeps_its_number(employer_client, employer, booth, vacancy, fair):
    second = factories.VacancyFactory(employer=employer, title="Thủ kho", occupation="4321")
    url = reverse("employer:booth_request", args=[fair.pk])
    page = employer_client.get(url)
    assert page.context["form"]["vacancies"].value() == [vacancy.pk]
    assert "Lưu thay đổi" in page.content.decode()  # the button says the request is changed, not sent again

    response = employer_client.post(url, {"vacancies": [vacancy.pk, second.pk], "recruiter_count": "3"})

    assert response.status_code == 302
    booth.refresh_from_db()
    assert (booth.status, booth.booth_label, booth.recruiter_count) == ("approved", "01", 3)
    assert set(booth.vacancies.all()) == {vacancy, second}
    event = AuditEvent.objects.get(action="participation.change", object_id=str(booth.pk))
    assert event.data["changes"]["recruiter_count"] == [1, 3]


def test_a_withdrawn_request_is_sent_again_not_changed(employer_client, employer, booth, vacancy, fair):
    Participation.objects.filter(pk=booth.pk).update(status="withdrawn")

    response = employer_client.post(reverse("employer:booth_request", args=[fair.pk]), {"vacancies": [vacancy.pk]})

    assert response.status_code == 302
    booth.refresh_from_db()
    assert booth.status == "applied" and booth.booth_label == ""


def test_withdrawing_a_booth_asks_first_and_says_what_is_given_up(employer_client, booth):
    url = reverse("employer:booth_withdraw", args=[booth.pk])
    dashboard = employer_client.get(reverse("employer:dashboard")).content.decode()
    assert f'href="{url}"' in dashboard and f'action="{url}"' not in dashboard  # a link to the question, no one-tap

    asked = employer_client.get(url)

    assert asked.status_code == 200
    assert "số gian sẽ được giao cho doanh nghiệp khác" in asked.content.decode()
    booth.refresh_from_db()
    assert booth.status == "approved"  # nothing done by looking
    assert employer_client.post(url).status_code == 302
    booth.refresh_from_db()
    assert booth.status == "withdrawn"


def test_withdrawing_twice_says_it_was_withdrawn_already(employer_client, booth):
    url = reverse("employer:booth_withdraw", args=[booth.pk])
    employer_client.post(url)

    again = employer_client.post(url, follow=True, HTTP_ACCEPT_LANGUAGE="vi")

    assert "Đăng ký gian này đã được rút trước đó." in again.content.decode()


def test_a_booth_at_a_session_held_is_not_offered_for_withdrawal(employer_client, employer, booth, fair):
    held = factories.JobSessionFactory(
        status="completed",
        starts_at=fair.starts_at - timedelta(days=30),
        ends_at=fair.starts_at - timedelta(days=30, hours=-4),
        registration_opens_at=fair.starts_at - timedelta(days=40),
        registration_closes_at=fair.starts_at - timedelta(days=30),
    )
    past = factories.ParticipationFactory(session=held, employer=employer)

    dashboard = employer_client.get(reverse("employer:dashboard")).content.decode()

    assert reverse("employer:booth_withdraw", args=[booth.pk]) in dashboard
    assert reverse("employer:booth_withdraw", args=[past.pk]) not in dashboard


def test_booth_request_with_another_companys_vacancy_is_refused(employer_client, fair, vacancy):
    theirs = factories.VacancyFactory()
    response = employer_client.post(reverse("employer:booth_request", args=[fair.pk]), {"vacancies": [theirs.pk]})
    assert response.status_code == 200 and errors_of(response, "vacancies")


def test_candidates_are_redacted(employer_client, fair, candidate):
    response = employer_client.get(reverse("employer:candidates", args=[fair.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    person = candidate.job_seeker
    assert person.full_name in html and person.email in html
    assert person.citizen_id not in html
    assert person.address not in html
    assert person.date_of_birth.strftime("%d/%m/%Y") not in html and person.date_of_birth.isoformat() not in html
    shown, hidden = (m.cohort for m in person.cohort_memberships.order_by("-share_with_employers"))
    assert shown.name_vi in html
    assert hidden.name_vi not in html


def test_a_candidate_without_experience_reads_as_such_not_as_none_required(employer_client, fair, candidate):
    type(candidate.job_seeker).objects.filter(pk=candidate.job_seeker_id).update(experience="none")

    html = employer_client.get(reverse("employer:candidates", args=[fair.pk])).content.decode()

    assert "Chưa có kinh nghiệm" in html and "Không yêu cầu" not in html


def test_candidates_need_an_approved_booth_and_show_only_own_vacancy_interest(
    other_employer_client, employer_client, fair, candidate
):
    assert other_employer_client.get(reverse("employer:candidates", args=[fair.pk])).status_code == 403
    assert employer_client.get(reverse("employer:candidates", args=[999999])).status_code == 404
    uninterested = factories.JobSeekerFactory(full_name="Vũ Không Quan Tâm")
    services.registration_create(session=fair, job_seeker=uninterested, actor=None)
    assert (
        uninterested.full_name
        not in employer_client.get(reverse("employer:candidates", args=[fair.pk])).content.decode()
    )


def test_record_an_interview_and_a_hiring_outcome(employer_client, fair, candidate, vacancy):
    url = reverse("employer:interview_record", args=[fair.pk, candidate.pk])
    prefix = f"c{candidate.pk}"
    with on_session_day(fair):
        response = employer_client.post(
            url, {f"{prefix}-vacancy": vacancy.pk, f"{prefix}-result": "passed", f"{prefix}-notes": "Tốt"}
        )
    assert response.status_code == 302
    interview = Interview.objects.get(registration=candidate, vacancy=vacancy)
    assert interview.result == "passed"
    outcome_url = reverse("employer:outcome", args=[interview.pk])
    assert employer_client.get(outcome_url).status_code == 200
    response = employer_client.post(outcome_url, {"status": "started"})
    assert response.status_code == 200 and errors_of(response, "start_date")
    later = session_day(interview.registration.session, 7)
    with on_session_day(fair):
        response = employer_client.post(outcome_url, {"status": "started", "start_date": str(later)})
    assert response.status_code == 200  # said next to the date, in the employer's language; nothing saved
    said = errors_of(response, "start_date")
    assert said.startswith(f"Ngày {later:%d/%m/%Y} chưa đến") and "“Được mời nhận việc”" in said
    assert not HiringOutcome.objects.filter(interview=interview).exists()
    with on_session_day(fair):  # reported on the day the person started
        response = employer_client.post(
            outcome_url,
            {
                "status": "started",
                "start_date": str(session_day(interview.registration.session)),
                "monthly_salary": "8000000",
            },
        )
    assert response.status_code == 302
    interview.refresh_from_db()
    assert interview.outcome.status == "started" and interview.outcome.monthly_salary == 8_000_000
    html = employer_client.get(reverse("employer:interviews")).content.decode()
    assert candidate.job_seeker.full_name in html and "status-started" in html


def test_interview_form_garbage_and_other_companies(employer_client, other_employer_client, fair, candidate, vacancy):
    url = reverse("employer:interview_record", args=[fair.pk, candidate.pk])
    prefix = f"c{candidate.pk}"
    response = employer_client.post(url, {f"{prefix}-vacancy": "abc", f"{prefix}-result": "zzz"})
    assert response.status_code == 200
    assert errors_of(response, f"{prefix}-vacancy") and errors_of(response, f"{prefix}-result")
    theirs = factories.VacancyFactory()
    response = employer_client.post(url, {f"{prefix}-vacancy": theirs.pk, f"{prefix}-result": "passed"})
    assert response.status_code == 200 and not Interview.objects.exists()
    assert (
        other_employer_client.post(url, {f"{prefix}-vacancy": vacancy.pk, f"{prefix}-result": "passed"}).status_code
        == 403
    )
    stranger = factories.RegistrationFactory(session=fair)
    assert (
        employer_client.post(
            reverse("employer:interview_record", args=[fair.pk, stranger.pk]), {f"c{stranger.pk}-vacancy": vacancy.pk}
        ).status_code
        == 404
    )


def test_another_companys_interview_answers_404(other_employer_client, fair, candidate, vacancy):
    with on_session_day(fair):
        interview, _ = services.interview_record(registration=candidate, vacancy=vacancy, actor=None, result="passed")
    assert other_employer_client.get(reverse("employer:outcome", args=[interview.pk])).status_code == 404
    assert (
        other_employer_client.post(reverse("employer:outcome", args=[interview.pk]), {"status": "offered"}).status_code
        == 404
    )


def test_company_profile_and_its_users(employer_client, employer, employer_user):
    page = employer_client.get(reverse("employer:company"))
    assert page.status_code == 200 and employer_user.email in page.content.decode()
    data = {
        "name": employer.name,
        "ownership": "fdi",
        "vsic_section": "C",
        "province": "01",
        "ward": employer.ward_id,
        "contact_name": "Nguyễn Văn Hùng",
        "phone": "12",
        "language": "vi",
    }
    response = employer_client.post(reverse("employer:company"), data)
    assert response.status_code == 200 and errors_of(response, "phone")
    response = employer_client.post(reverse("employer:company"), {**data, "phone": "0904 555 666"})
    assert response.status_code == 302
    employer.refresh_from_db()
    assert employer.ownership == "fdi" and employer.phone == "+84904555666"


def test_booth_request_says_how_many_recruiters_come_and_what_the_booth_needs(employer_client, employer, vacancy, fair):
    page = employer_client.get(reverse("employer:booth_request", args=[fair.pk])).content.decode()
    assert 'name="recruiter_count"' in page and 'value="power"' in page
    assert 'value="screen"' not in page  # an in-person session offers no screen
    response = employer_client.post(
        reverse("employer:booth_request", args=[fair.pk]),
        {"vacancies": [vacancy.pk], "recruiter_count": "3", "needs": ["table", "power"]},
    )
    assert response.status_code == 302
    booth = Participation.objects.get(employer=employer, session=fair)
    assert (booth.recruiter_count, booth.needs) == (3, ["table", "power"])


def test_booth_request_refuses_too_many_recruiters(employer_client, vacancy, fair):
    response = employer_client.post(
        reverse("employer:booth_request", args=[fair.pk]), {"vacancies": [vacancy.pk], "recruiter_count": "50"}
    )
    assert response.status_code == 200 and errors_of(response, "recruiter_count")


def test_employer_never_sees_the_staff_notes(employer_client, booth, fair):
    booth.staff_notes = "Ghi chú nội bộ: hay đến muộn"
    booth.save(update_fields=["staff_notes"])
    for url in (reverse("employer:dashboard"), reverse("employer:booth_request", args=[fair.pk])):
        response = employer_client.get(url)
        assert response.status_code == 200
        assert "hay đến muộn" not in response.content.decode(), url


def test_company_profile_offers_the_sector_by_name(employer_client, employer):
    """Issue 13 item 4: the sector picker shows VSIC sections by name, each letter once."""
    employer.vsic_section = "B"
    employer.save(update_fields=["vsic_section"])

    html = employer_client.get(reverse("employer:company")).content.decode()

    assert '<option value="B" selected>B – Khai khoáng</option>' in html
    assert "B – B" not in html


def test_an_outcome_saved_meanwhile_by_the_centre_is_not_undone_unseen(
    employer_client, staff, fair, candidate, vacancy
):
    with on_session_day(fair):
        interview, _ = services.interview_record(registration=candidate, vacancy=vacancy, actor=None, result="passed")
    outcome_url = reverse("employer:outcome", args=[interview.pk])
    shown = employer_client.get(outcome_url).context["form"]["seen"].value()
    assert shown == interview.version()
    start = session_day(fair)
    with on_session_day(fair):
        services.hiring_outcome_record(interview=interview, actor=staff, status="started", start_date=start)
    entries = {"status": "not_hired", "seen": shown}

    refused = employer_client.post(outcome_url, entries)

    assert refused.status_code == 409
    assert "Người khác đã lưu kết quả này" in refused.context["refusal"]
    assert f"Đã nhận việc; {start:%d/%m/%Y}" in refused.context["refusal"]  # what the centre saved
    assert refused.context["form"]["status"].value() == "not_hired"  # the employer's entry stays on the form
    interview.refresh_from_db()
    assert interview.outcome.status == "started"
    # saved again from the page that said so, it is taken
    again = employer_client.post(outcome_url, {**entries, "seen": refused.context["form"]["seen"].value()})
    assert again.status_code == 302
    interview.outcome.refresh_from_db()
    assert interview.outcome.status == "not_hired"
