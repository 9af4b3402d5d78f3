"""The world the browser tests start from (the live server's database is emptied after each test, reference data
included, so each test builds what it needs)."""

from datetime import timedelta
from types import SimpleNamespace

from django.utils import timezone

from accounts.models import Occupation, User
from accounts.reference import load_occupations
from tests import factories

PASSWORD = "Mat-khau-2026"  # the factories' password
STAFF_PASSWORD = "Can-bo-trung-tam-2026"


def make_world(*, seats: int = 1) -> SimpleNamespace:
    ward = factories.ward()
    load_occupations(Occupation)  # the occupation list, emptied with the rest after a transactional test
    factories.cohort()
    factories.cohort(
        "student_graduate",
        sensitive=False,
        name_vi="Học sinh, sinh viên mới tốt nghiệp",
        name_en="Student or new graduate",
    )
    employer = factories.EmployerFactory(name="Công ty TNHH Điện tử Sao Mai", verification="verified")
    vacancy = factories.VacancyFactory(
        employer=employer, title="Kỹ thuật viên điện tử", occupation="3114", quantity=5, disability_accessible=True
    )
    # Starting in half an hour on the live server's real clock: registration still open, the desk and the booths
    # already at work (they open an hour before the start).
    session = factories.JobSessionFactory(
        title="Phiên giao dịch việc làm định kỳ Cầu Giấy",
        starts_at=timezone.now().replace(microsecond=0) + timedelta(minutes=30),
        job_seeker_capacity=seats,
        venue=factories.VenueFactory(name="Sàn giao dịch việc làm Trung Kính"),
    )
    factories.ParticipationFactory(session=session, employer=employer, vacancies=[vacancy], booth_label="01")
    return SimpleNamespace(ward=ward, employer=employer, vacancy=vacancy, session=session)


def make_job_seeker(email: str, full_name: str):
    user = factories.UserFactory(username=email, email=email)
    return factories.JobSeekerFactory(user=user, full_name=full_name, email=email)


def make_staff() -> User:
    return User.objects.create_superuser(username="canbo", email="canbo@vieclam.vn", password=STAFF_PASSWORD)


def sign_in(page, steps, username: str, password: str, *, step: str | None = None) -> None:
    page.goto(steps.url("/accounts/login/"))
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    if step:
        steps.check(page, step)
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
