"""The job seeker's area: register, confirmation with QR and .ics, cancel (the waitlist moves), results, data."""

import json

import pytest
from django.urls import reverse

from sessions import services
from sessions.models import Registration
from tests import factories
from tests.helpers import on_session_day
from tests.web.conftest import PASSWORD, client_for, errors_of

pytestmark = pytest.mark.django_db


def _register(client, session, **data):
    return client.post(reverse("web:register", args=[session.pk]), data)


def test_register_choosing_vacancies_then_the_confirmation_shows_qr_and_ics(
    seeker_client, seeker, fair, booth, vacancy
):
    page = seeker_client.get(reverse("web:register", args=[fair.pk]))
    assert page.status_code == 200 and vacancy.title in page.content.decode()
    response = _register(seeker_client, fair, vacancies=[vacancy.pk])
    registration = Registration.objects.get(job_seeker=seeker, session=fair)
    assert response.status_code == 302 and response.url == reverse("web:registration_detail", args=[registration.pk])
    assert list(registration.vacancies.all()) == [vacancy]
    html = seeker_client.get(response.url).content.decode()
    code = registration.short_code
    assert 'id="check-in-qr"' in html and f"{code[:3]}-{code[3:]}" in html  # the desk code, read out if need be
    qr = seeker_client.get(reverse("web:registration_qr", args=[registration.pk]))
    assert qr["Content-Type"] == "image/png" and qr.content.startswith(b"\x89PNG")
    ics = seeker_client.get(reverse("web:registration_ics", args=[registration.pk]))
    assert ics["Content-Type"].startswith("text/calendar")
    assert "attachment" in ics["Content-Disposition"]
    assert ics.content.startswith(b"BEGIN:VCALENDAR")


def test_registering_twice_goes_to_the_existing_registration(seeker_client, seeker, fair):
    _register(seeker_client, fair)
    again = seeker_client.get(reverse("web:register", args=[fair.pk]))
    assert again.status_code == 302
    assert Registration.objects.filter(job_seeker=seeker, session=fair).count() == 1


def test_full_session_waitlists_and_cancel_promotes_the_first_waitlisted(seeker_client, seeker, fair):
    factories.RegistrationFactory(session=fair)
    _register(seeker_client, fair)  # the last seat
    waiting = factories.JobSeekerFactory()
    waiting_client = client_for(waiting.user)
    _register(waiting_client, fair)
    theirs = Registration.objects.get(job_seeker=waiting)
    assert theirs.status == "waitlisted"
    html = waiting_client.get(reverse("web:registration_detail", args=[theirs.pk])).content.decode()
    assert 'id="waitlist-position"' in html and "check-in-qr" not in html

    mine = Registration.objects.get(job_seeker=seeker)
    assert seeker_client.get(reverse("web:registration_cancel", args=[mine.pk])).status_code == 200
    response = seeker_client.post(reverse("web:registration_cancel", args=[mine.pk]))
    assert response.status_code == 302
    theirs.refresh_from_db()
    assert theirs.status == "confirmed"
    html = waiting_client.get(reverse("web:registration_detail", args=[theirs.pk])).content.decode()
    assert 'class="status status-confirmed"' in html and 'id="check-in-qr"' in html


def test_my_registrations_shows_status_and_waitlist_position(seeker_client, seeker, fair):
    factories.RegistrationFactory.create_batch(2, session=fair)
    _register(seeker_client, fair)
    html = seeker_client.get(reverse("web:my_registrations")).content.decode()
    assert fair.title in html and "status-waitlisted" in html
    assert "1" in html


def test_my_registrations_offer_cancel_as_a_post_button_that_cancels(seeker_client, seeker, fair):
    _register(seeker_client, fair)
    registration = Registration.objects.get(job_seeker=seeker, session=fair)
    cancel_url = reverse("web:registration_cancel", args=[registration.pk])
    html = seeker_client.get(reverse("web:my_registrations")).content.decode()
    assert f'<form method="post" action="{cancel_url}" class="mt-2 cancel-form">' in html
    assert f'<button type="submit" class="btn btn-outline-danger" id="cancel-registration-{registration.pk}">' in html
    assert f'href="{cancel_url}"' not in html

    seeker_client.post(cancel_url)

    assert Registration.objects.get(pk=registration.pk).status == "cancelled"


def test_registration_refused_by_a_rule_is_explained_not_a_500(seeker_client, fair):
    from django.utils import timezone

    closed = factories.JobSessionFactory(
        registration_closes_at=timezone.now() - timezone.timedelta(minutes=1),
        registration_opens_at=timezone.now() - timezone.timedelta(days=2),
    )
    response = _register(seeker_client, closed)
    assert response.status_code == 409
    assert 'id="refusal"' in response.content.decode()
    cohort_only = factories.JobSessionFactory(cohort_only=True)
    cohort_only.target_cohorts.set([factories.cohort()])
    response = _register(seeker_client, cohort_only)
    assert response.status_code == 409


def test_register_with_garbage_vacancies_shows_the_error(seeker_client, fair, booth):
    other = factories.VacancyFactory()
    for value in (["abc"], [str(other.pk)], ["99999999"]):
        response = _register(seeker_client, fair, vacancies=value)
        assert response.status_code == 200
        assert errors_of(response, "vacancies")


def test_another_persons_registration_answers_404(seeker_client, fair, other_seeker):
    theirs, _ = services.registration_create(session=fair, job_seeker=other_seeker, actor=None)
    for name in ("registration_detail", "registration_qr", "registration_ics", "registration_cancel"):
        assert seeker_client.get(reverse(f"web:{name}", args=[theirs.pk])).status_code == 404
    assert seeker_client.post(reverse("web:registration_cancel", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == "confirmed"


@pytest.mark.parametrize(
    "name,args",
    [
        ("web:my_registrations", []),
        ("web:my_results", []),
        ("web:my_data", []),
        ("web:my_data_export", []),
        ("web:delete_account", []),
    ],
)
def test_job_seeker_pages_need_a_job_seeker(anon, employer_client, staff_client, seeker_client, name, args):
    url = reverse(name, args=args)
    response = anon.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))
    assert employer_client.get(url).status_code == 403
    assert staff_client.get(url).status_code == 403
    assert seeker_client.get(url).status_code == 200


def test_register_page_needs_a_job_seeker(anon, employer_client, fair):
    url = reverse("web:register", args=[fair.pk])
    assert anon.get(url).status_code == 302
    assert employer_client.get(url).status_code == 403
    assert employer_client.post(url).status_code == 403


def test_my_results_lists_interviews_and_outcomes(seeker_client, seeker, fair, booth, vacancy):
    registration = factories.RegistrationFactory(session=fair, job_seeker=seeker)
    with on_session_day(fair):
        interview, _ = services.interview_record(
            registration=registration, vacancy=vacancy, actor=None, result="passed"
        )
    services.hiring_outcome_record(interview=interview, actor=None, status="offered")
    html = seeker_client.get(reverse("web:my_results")).content.decode()
    assert vacancy.title in html and "status-passed" in html and "status-offered" in html


def test_data_download_is_a_json_file_with_everything(seeker_client, seeker, fair):
    _register(seeker_client, fair)
    response = seeker_client.get(reverse("web:my_data_export"))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    assert data["profile"]["full_name"] == seeker.full_name
    assert len(data["registrations"]) == 1


def test_deletion_request_needs_the_password_then_erases_and_signs_out(seeker_client, seeker, fair):
    _register(seeker_client, fair)
    url = reverse("web:delete_account")
    response = seeker_client.post(url, {"password": "wrong", "understood": "on"})
    assert response.status_code == 200 and errors_of(response, "password")
    response = seeker_client.post(url, {"password": PASSWORD})
    assert errors_of(response, "understood")
    response = seeker_client.post(url, {"password": PASSWORD, "understood": "on"})
    assert response.status_code == 302
    seeker.refresh_from_db()
    assert seeker.anonymised_at is not None and seeker.user.is_active is False
    assert Registration.objects.get(job_seeker=seeker).status == "cancelled"
    assert seeker_client.get(reverse("web:my_registrations")).status_code == 302  # signed out


def test_the_qr_and_desk_code_come_before_the_session_on_the_registration_page(seeker_client, seeker, fair):
    response = _register(seeker_client, fair)
    html = seeker_client.get(response.url).content.decode()
    assert html.index('id="check-in-qr"') < html.index('id="desk-code"') < html.index('id="registration-status"')


def test_cancel_is_a_post_button_and_afterwards_the_page_says_cancelled_without_qr(seeker_client, seeker, fair):
    response = _register(seeker_client, fair)
    registration = Registration.objects.get(job_seeker=seeker, session=fair)
    cancel_url = reverse("web:registration_cancel", args=[registration.pk])
    html = seeker_client.get(response.url).content.decode()
    assert f'<form method="post" action="{cancel_url}" id="cancel-form">' in html
    assert f'href="{cancel_url}"' not in html

    after = seeker_client.post(cancel_url, follow=True).content.decode()

    assert 'class="status status-cancelled"' in after
    assert 'id="check-in-qr"' not in after
    # the calendar file is offered only to take the event out of a calendar (it cancels it: see below)
    assert "Thêm vào lịch của tôi" not in after and 'id="calendar-removal"' in after


def _ics_event(client, registration) -> dict[str, str]:
    """The calendar file offered for the registration, as {property: value} of its calendar and its event."""
    body = client.get(reverse("web:registration_ics", args=[registration.pk])).content.decode()
    lines = body.replace("\r\n ", "").split("\r\n")  # unfold RFC 5545 lines
    return dict(line.split(":", 1) for line in lines if ":" in line and not line.startswith(("BEGIN", "END")))


def test_the_calendar_file_of_a_cancelled_registration_cancels_the_event(seeker_client, seeker, fair):
    _register(seeker_client, fair)
    registration = Registration.objects.get(job_seeker=seeker, session=fair)
    before = _ics_event(seeker_client, registration)
    assert (before["METHOD"], before["STATUS"]) == ("PUBLISH", "CONFIRMED")

    seeker_client.post(reverse("web:registration_cancel", args=[registration.pk]))
    after = _ics_event(seeker_client, registration)

    assert (after["METHOD"], after["STATUS"]) == ("CANCEL", "CANCELLED")
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])


def test_the_calendar_file_of_a_registration_at_a_cancelled_session_cancels_the_event(seeker_client, seeker, fair):
    _register(seeker_client, fair)
    registration = Registration.objects.get(job_seeker=seeker, session=fair)
    before = _ics_event(seeker_client, registration)

    services.session_cancel(session=fair, actor=None, reason="Trùng lịch hội nghị")
    after = _ics_event(seeker_client, registration)

    assert (after["METHOD"], after["STATUS"]) == ("CANCEL", "CANCELLED")
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) > int(before["SEQUENCE"])
