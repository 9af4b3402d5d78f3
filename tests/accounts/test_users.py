"""The custom User: roles, superusers as centre staff, absent e-mail and phone stored as NULL."""

import pytest

from accounts.models import Role, User
from tests import factories

pytestmark = pytest.mark.django_db


def test_superuser_is_centre_staff():
    admin = User.objects.create_superuser("quantri", "quantri@dvvl.hanoi.gov.vn", "Mat-khau-2026")

    admin.refresh_from_db()
    assert admin.role == Role.STAFF
    assert admin.is_centre_staff
    assert admin.is_staff and admin.is_superuser


def test_superuser_stays_staff_whatever_role_is_asked():
    admin = User.objects.create_superuser("quantri2", None, "Mat-khau-2026", role=Role.JOB_SEEKER)

    admin.refresh_from_db()
    assert admin.role == Role.STAFF


@pytest.mark.parametrize(
    ("role", "is_centre_staff"), [(Role.STAFF, True), (Role.EMPLOYER, False), (Role.JOB_SEEKER, False)]
)
def test_only_staff_role_is_centre_staff(role, is_centre_staff):
    user = factories.UserFactory(role=role)

    assert user.is_centre_staff is is_centre_staff


def test_new_user_is_a_job_seeker_by_default():
    assert User.objects.create_user("nguoilaodong", password="Mat-khau-2026").role == Role.JOB_SEEKER


def test_email_is_stored_lower_case():
    user = factories.UserFactory(email="  Tuyen.Dung@CongTy.VN ")

    user.refresh_from_db()
    assert user.email == "tuyen.dung@congty.vn"


def test_users_without_email_or_phone_do_not_collide():
    first = factories.UserFactory(username="a", email="", phone="")
    second = factories.UserFactory(username="b", email="", phone="")

    assert User.objects.filter(pk__in=[first.pk, second.pk], email__isnull=True, phone__isnull=True).count() == 2
