"""Sessions held only for some groups say so before the form: who can take part on the card and the page; a job
seeker without such a group sees what to do (declare it with its consent, or call the centre) instead of a register
button; the refusal names the groups; a group staff verified at the desk shows as verified."""

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from accounts.models import CohortMembership
from sessions import services
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def disabled():
    return factories.cohort("disabled", name_vi="Người khuyết tật")


@pytest.fixture
def themed(disabled):
    session = factories.JobSessionFactory(title="Phiên việc làm cho người khuyết tật", cohort_only=True)
    session.target_cohorts.set([disabled])
    return session


def test_the_card_on_the_home_page_says_who_the_session_is_for(anon, themed):
    html = anon.get(reverse("web:home")).content.decode()
    assert "Dành cho" in html and "Người khuyết tật (chỉ các nhóm này được đăng ký)" in html


def test_the_session_page_says_who_can_take_part(anon, themed):
    html = anon.get(reverse("web:session_detail", args=[themed.pk])).content.decode()
    assert 'id="session-cohorts"' in html and "Người khuyết tật" in html
    assert "Chỉ người thuộc các nhóm này được đăng ký." in html


def test_a_job_seeker_without_the_group_sees_what_to_do_instead_of_a_register_button(seeker_client, themed):
    html = seeker_client.get(reverse("web:session_detail", args=[themed.pk])).content.decode()
    assert 'id="cohort-guidance"' in html
    assert reverse("web:register", args=[themed.pk]) not in html  # no register button leading to a refusal
    assert f"{reverse('accounts:profile')}?cohort=disabled#groups" in html
    phone = settings.JOBFAIR_CENTRE_PHONE
    assert phone in html and f'href="tel:{phone.replace(" ", "")}"' in html
    assert "Phiên này chỉ dành cho: Người khuyết tật." in html


def test_the_register_page_itself_shows_the_guidance_not_the_form(seeker_client, themed):
    page = seeker_client.get(reverse("web:register", args=[themed.pk]))
    html = page.content.decode()
    assert page.status_code == 200 and 'id="cohort-guidance"' in html and 'type="submit"' not in html.split("<main")[1]


def test_the_refusal_names_the_groups(seeker, themed):
    with pytest.raises(Exception) as refused:
        services.registration_create(session=themed, job_seeker=seeker, actor=seeker.user)
    assert refused.value.code == "not_eligible" and "Người khuyết tật" in refused.value.detail


def test_the_profile_link_comes_with_the_group_chosen(seeker_client, themed, disabled):
    html = seeker_client.get(reverse("accounts:profile"), {"cohort": "disabled"}).content.decode()
    assert f'<option value="{disabled.pk}" selected>' in html


def test_a_member_may_register_and_a_verified_group_shows_as_verified(seeker, seeker_client, themed, disabled):
    membership = CohortMembership.objects.create(job_seeker=seeker, cohort=disabled)
    html = seeker_client.get(reverse("web:session_detail", args=[themed.pk])).content.decode()
    assert 'id="cohort-guidance"' not in html and reverse("web:register", args=[themed.pk]) in html
    assert 'id="cohort-membership"' in html and "đã xác minh" not in html

    membership.verified_at = timezone.now()
    membership.verified_by = factories.StaffFactory()
    membership.save()
    html = seeker_client.get(reverse("web:session_detail", args=[themed.pk])).content.decode()
    assert "đã xác minh" in html.split('id="cohort-membership"')[1].split("</p>")[0]
    profile = seeker_client.get(reverse("accounts:profile")).content.decode()
    assert "đã xác minh" in profile.split('id="groups"')[1]


def test_the_session_page_of_a_cohort_only_session_stays_within_its_queries(
    seeker_client, themed, django_assert_max_num_queries
):
    with django_assert_max_num_queries(14):
        assert seeker_client.get(reverse("web:session_detail", args=[themed.pk])).status_code == 200


def test_a_session_for_groups_but_open_to_all_offers_the_button(seeker_client, disabled):
    open_to_all = factories.JobSessionFactory(cohort_only=False)
    open_to_all.target_cohorts.set([disabled])
    html = seeker_client.get(reverse("web:session_detail", args=[open_to_all.pk])).content.decode()
    assert 'id="cohort-guidance"' not in html and reverse("web:register", args=[open_to_all.pk]) in html
