"""Consequences carried through on the web pages (issue 12 item 2): a rejected employer leaves the public session
page, a company changing its name goes to the staff's queue, a cancelled session shows on the person's pages."""

import pytest
from django.conf import settings
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from accounts.models import Employer
from accounts.services import employer_update, employer_verify
from sessions import services
from sessions.models import Participation
from tests import factories
from tests.helpers import refreshed
from tests.web.conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pinned(daytime):
    """At PINNED_NOW: the factory sessions start a week later."""


def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def company_data(employer, **changes):
    return {
        "name": employer.name,
        "ownership": employer.ownership,
        "vsic_section": employer.vsic_section,
        "province": "01",
        "ward": employer.ward_id,
        "contact_name": employer.contact_name,
        "phone": "0904 555 666",
        "language": "vi",
        "notify_by_email": "on",
        **changes,
    }


# --- a rejected employer ----------------------------------------------------------------------------------------


def test_after_a_name_change_staff_reject_and_the_company_leaves_the_session_page(
    employer, employer_client, staff_client, anon, fair, booth, vacancy
):
    session_page = reverse("web:session_detail", args=[fair.pk])
    assert employer.name in anon.get(session_page).content.decode()  # listed while verified

    renamed = employer_client.post(reverse("employer:company"), company_data(employer, name="Công ty Ma Mới"))
    assert renamed.status_code == 302
    assert refreshed(employer).verification == "pending"
    queue = english(staff_client).get(reverse("staff:employers")).content.decode()
    assert "Công ty Ma Mới" in queue and "Xem xét lại" in queue and "Công ty TNHH May Thăng Long" in queue
    assert refreshed(booth).status == Participation.Status.APPROVED  # the booth stays until staff decide

    decided = staff_client.post(
        reverse("staff:employers"), {"employer": employer.pk, "decision": "rejected", "note": "Tên không khớp ĐKDN"}
    )

    assert decided.status_code == 302
    assert refreshed(booth).status == Participation.Status.WITHDRAWN
    page = anon.get(session_page).content.decode()
    assert "Công ty Ma Mới" not in page and vacancy.title not in page
    assert anon.get(reverse("web:vacancy_detail", args=[vacancy.pk])).status_code == 404
    assert vacancy.title not in anon.get(reverse("web:vacancy_list")).content.decode()


def test_while_back_for_review_the_company_is_not_listed_on_the_session_page(employer, anon, fair, booth):
    employer_update(employer=employer, actor=None, name="Công ty Đổi Tên")

    page = anon.get(reverse("web:session_detail", args=[fair.pk])).content.decode()
    assert "Công ty Đổi Tên" not in page
    assert refreshed(booth).status == Participation.Status.APPROVED


def test_the_register_form_no_longer_offers_a_rejected_employers_vacancy(employer, seeker_client, staff, fair, vacancy):
    factories.ParticipationFactory(session=fair, employer=employer, vacancies=[vacancy])
    other = factories.VacancyFactory(title="Thợ hàn bậc 3")
    factories.ParticipationFactory(session=fair, employer=other.employer, vacancies=[other])
    form = reverse("web:register", args=[fair.pk])
    assert vacancy.title in seeker_client.get(form).content.decode()

    employer_verify(employer=employer, actor=staff, decision="rejected", note="Sai mã số thuế")

    html = seeker_client.get(form).content.decode()
    assert vacancy.title not in html and other.title in html


def test_the_admin_reject_action_carries_the_rejection_through(employer, booth):
    superuser = factories.StaffFactory(is_superuser=True)
    client = english(client_for(superuser))
    url = reverse("admin:accounts_employer_changelist")

    client.post(
        url,
        {"action": "reject_employers", ACTION_CHECKBOX_NAME: [employer.pk], "index": 0, "note": "Ngừng hoạt động"},
    )

    assert refreshed(employer).verification == "rejected"
    assert refreshed(booth).status == Participation.Status.WITHDRAWN
    assert employer.notifications.filter(kind="employer_verification").exists()


def test_the_persons_page_marks_a_vacancy_no_longer_at_the_session(employer, seeker, seeker_client, staff, fair, booth):
    registration, _created = services.registration_create(
        session=fair, job_seeker=seeker, actor=None, vacancies=list(booth.vacancies.all())
    )
    page = reverse("web:registration_detail", args=[registration.pk])
    assert "no longer offered" not in english(seeker_client).get(page).content.decode()

    employer_verify(employer=employer, actor=staff, decision="rejected")

    html = seeker_client.get(page).content.decode()
    assert "no longer offered at this session" in html
    assert 'id="check-in-qr"' in html  # the seat stays: the session takes place with the other employers


# --- back to review from the company page -----------------------------------------------------------------------


def test_changing_the_name_sends_the_company_back_to_review_and_says_so(employer, employer_client):
    response = english(employer_client).post(
        reverse("employer:company"), company_data(employer, name="Công ty CP May Thăng Long"), follow=True
    )

    assert "the centre reviews it again" in response.content.decode()
    employer = refreshed(employer)
    assert (employer.name, employer.verification) == ("Công ty CP May Thăng Long", "pending")
    assert "Công ty TNHH May Thăng Long" in employer.verification_note


def test_changing_the_phone_keeps_the_company_verified(employer, employer_client):
    response = english(employer_client).post(
        reverse("employer:company"), company_data(employer, phone="0912 888 999"), follow=True
    )

    assert "reviews it again" not in response.content.decode()
    employer = refreshed(employer)
    assert (employer.phone, employer.verification) == ("+84912888999", "verified")


# --- a cancelled session ----------------------------------------------------------------------------------------


@pytest.fixture
def cancelled_registration(fair, seeker, staff):
    registration, _created = services.registration_create(session=fair, job_seeker=seeker, actor=None)
    services.session_cancel(session=fair, actor=staff, reason="Bão số 3 đổ bộ vào Hà Nội")
    return registration


def test_my_registrations_say_the_session_was_cancelled(seeker_client, cancelled_registration):
    html = english(seeker_client).get(reverse("web:my_registrations")).content.decode()

    assert "This session was cancelled: Bão số 3 đổ bộ vào Hà Nội" in html
    assert "Details and QR code" not in html
    assert reverse("web:registration_cancel", args=[cancelled_registration.pk]) not in html


def test_the_registration_page_of_a_cancelled_session_has_no_qr_and_no_cancel(seeker_client, cancelled_registration):
    html = english(seeker_client).get(reverse("web:registration_detail", args=[cancelled_registration.pk])).content
    html = html.decode()

    assert "This session was cancelled: Bão số 3 đổ bộ vào Hà Nội" in html
    assert "Session cancelled" in html
    assert 'id="check-in-qr"' not in html and 'id="desk-code"' not in html
    assert "Show the QR code" not in html and "Your seat is confirmed" not in html
    assert reverse("web:registration_cancel", args=[cancelled_registration.pk]) not in html
    cancel_page = seeker_client.get(reverse("web:registration_cancel", args=[cancelled_registration.pk]))
    assert cancel_page.status_code == 302  # nothing to cancel


def test_a_confirmed_registration_still_shows_its_qr(seeker_client, fair, seeker):
    registration, _created = services.registration_create(session=fair, job_seeker=seeker, actor=None)

    html = english(seeker_client).get(reverse("web:registration_detail", args=[registration.pk])).content.decode()

    assert 'id="check-in-qr"' in html and "was cancelled" not in html


def test_a_staff_edit_in_the_admin_keeps_the_verification(employer):
    """Staff editing a company in the admin are the reviewers: the verification stays."""
    superuser = factories.StaffFactory(is_superuser=True)
    client = client_for(superuser)
    url = reverse("admin:accounts_employer_change", args=[employer.pk])
    data = {
        "name": "Công ty TNHH May Thăng Long Hà Nội",
        "tax_code": employer.tax_code,
        "ownership": employer.ownership,
        "vsic_section": employer.vsic_section,
        "ward": employer.ward_id,
        "contact_name": employer.contact_name,
        "language": "vi",
        "notify_by_email": "on",
        "users-TOTAL_FORMS": "0",
        "users-INITIAL_FORMS": "0",
        "_save": "Save",
    }

    response = client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    employer = Employer.objects.get(pk=employer.pk)
    assert (employer.name, employer.verification) == ("Công ty TNHH May Thăng Long Hà Nội", "verified")


def test_a_rejected_company_is_told_it_may_correct_its_profile_and_is_looked_at_again(employer, employer_client):
    Employer.objects.filter(pk=employer.pk).update(verification="rejected", verification_note="Sai địa chỉ")
    dashboard = employer_client.get(reverse("employer:dashboard")).content.decode()
    assert f'href="{reverse("employer:company")}"' in dashboard and "Trung tâm sẽ xem xét lại" in dashboard

    employer_client.post(reverse("employer:company"), company_data(refreshed(employer), address="12 Phố Huế"))

    assert refreshed(employer).verification == "pending"
