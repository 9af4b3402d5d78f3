"""factory-boy factories: valid Vietnamese identifiers, sessions open for registration by default."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from accounts.models import AdministrativeUnit, Cohort, Employer, JobSeeker, Role, User
from accounts.validators import build_citizen_id, build_tax_code
from sessions.models import (
    Interview,
    JobSession,
    Participation,
    Registration,
    SessionFormat,
    SessionKind,
    SessionStatus,
    Vacancy,
    Venue,
)


def ward(code="00070", name="Phường Hoàn Kiếm"):
    """A ward of Hà Nội; created when a transactional test has flushed the reference data."""
    province, _ = AdministrativeUnit.objects.get_or_create(
        code="01", defaults={"name": "Thành phố Hà Nội", "level": "province", "unit_type": "thành phố trung ương"}
    )
    unit, _ = AdministrativeUnit.objects.get_or_create(
        code=code, defaults={"name": name, "level": "ward", "unit_type": "phường", "province": province}
    )
    return unit


def cohort(code="disabled", sensitive=True, name_vi="Người khuyết tật", name_en="Person with disability"):
    obj, _ = Cohort.objects.get_or_create(
        code=code, defaults={"name_vi": name_vi, "name_en": name_en, "sensitive": sensitive}
    )
    return obj


def _valid_tax_code(n):
    serial = 100000000 + n * 7
    while (code := build_tax_code(f"{serial:09d}")) is None:
        serial += 1
    return code


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.vn")
    email = factory.LazyAttribute(lambda o: o.username)
    role = Role.JOB_SEEKER
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-2026")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class StaffFactory(UserFactory):
    role = Role.STAFF
    is_staff = True


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Công ty TNHH Sản xuất Thương mại số {n}")
    tax_code = factory.Sequence(_valid_tax_code)
    ownership = "non_state"
    vsic_section = "C"
    ward = factory.LazyFunction(ward)
    contact_name = "Nguyễn Thị Hoa"
    email = factory.Sequence(lambda n: f"tuyendung{n}@congty.vn")
    verification = "verified"


class EmployerUserFactory(UserFactory):
    role = Role.EMPLOYER
    employer = factory.SubFactory(EmployerFactory)


class JobSeekerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JobSeeker

    # signed up with this phone and confirmed it by the code, as most job seekers do
    user = factory.SubFactory(UserFactory, verified_phone=factory.SelfAttribute("..phone"))
    full_name = factory.Sequence(lambda n: f"Trần Văn An {n}")
    sex = "male"
    date_of_birth = date(1998, 5, 17)
    citizen_id = factory.Sequence(
        lambda n: build_citizen_id(province_code="001", sex="male", birth_year=1998, serial=n)
    )
    phone = factory.Sequence(lambda n: f"+8491{n:07d}")
    ward = factory.LazyFunction(ward)


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    name = factory.Sequence(lambda n: f"Sàn giao dịch việc làm số {n}")
    kind = Venue.Kind.SATELLITE_FLOOR
    address = "215 Trung Kính"
    ward = factory.LazyFunction(lambda: ward("00175", "Phường Yên Hòa"))
    booth_count = 20
    seat_capacity = 300
    accessible = True


class JobSessionFactory(factory.django.DjangoModelFactory):
    """Published, starting in a week, registration open since yesterday."""

    class Meta:
        model = JobSession
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"PGD-T-{n:05d}")
    title = factory.Sequence(lambda n: f"Phiên giao dịch việc làm định kỳ {n}")
    kind = SessionKind.PERIODIC
    format = SessionFormat.IN_PERSON
    status = SessionStatus.PUBLISHED
    venue = factory.SubFactory(VenueFactory)
    ward = factory.LazyAttribute(lambda o: o.venue.ward if o.venue else None)  # as session_create derives it
    starts_at = factory.LazyFunction(lambda: timezone.now().replace(microsecond=0) + timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    registration_opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    registration_closes_at = factory.LazyAttribute(lambda o: o.ends_at)
    employer_capacity = 10
    job_seeker_capacity = 100


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    title = "Kế toán tổng hợp"
    occupation = "2411"
    quantity = 3
    ward = factory.LazyFunction(ward)
    salary_min = 9_000_000
    salary_max = 14_000_000


class ParticipationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participation
        skip_postgeneration_save = True

    session = factory.SubFactory(JobSessionFactory)
    employer = factory.SubFactory(EmployerFactory)
    status = Participation.Status.APPROVED
    booth_label = factory.Sequence(lambda n: f"{n % 100:02d}")

    @factory.post_generation
    def vacancies(obj, create, extracted, **kwargs):
        if create:
            obj.vacancies.set(extracted if extracted is not None else [VacancyFactory(employer=obj.employer)])


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(JobSessionFactory)
    job_seeker = factory.SubFactory(JobSeekerFactory)
    status = Registration.Status.CONFIRMED


class InterviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Interview

    registration = factory.SubFactory(RegistrationFactory, status=Registration.Status.ATTENDED)
    vacancy = factory.SubFactory(VacancyFactory)
    result = Interview.Result.PASSED
