"""People, employers, vacancies and the demo accounts, shared by both scales."""

import random
from datetime import date, timedelta

from accounts import services as account_services
from accounts.models import (
    AdministrativeUnit,
    AuditEvent,
    Cohort,
    CohortMembership,
    ConsentPurpose,
    ConsentRecord,
    Employer,
    JobSeeker,
    Role,
    Sex,
    User,
    Verification,
)
from sessions.demo.helpers import (
    DEMO_DOMAIN,
    DEMO_PERSON_INDEX,
    DEMO_TAX_CURSOR,
    EMPLOYER_LOGIN,
    EMPLOYER_PHONE_OFFSET,
    JOB_SEEKER_LOGIN,
    MARKER_ACTION,
    SMALL_PERSON_BASE,
    STAFF_LOGIN,
    Pick,
    demo_citizen_id,
    demo_phone,
    demo_tax_codes,
    lower_first,
    money,
    slug,
)
from sessions.demo.words import (
    AGE_BANDS,
    BIRTH_PROVINCES,
    DEMO_EMPLOYER,
    EVIDENCE,
    FAMILY_NAMES,
    FEMALE_GIVEN,
    FEMALE_MIDDLE,
    LOW_EDUCATION,
    MALE_GIVEN,
    MALE_MIDDLE,
    QUAL_RANK,
    QUALIFICATIONS,
    SKILLS,
    TEMPLATES_BY_QUAL,
    UNIVERSITY_MAJORS,
    VILLAGES,
    VOCATIONAL_MAJORS,
)
from sessions.models import (
    HiringOutcome,
    Interview,
    JobSession,
    Notification,
    Participation,
    PlanTarget,
    Registration,
    SessionSeries,
    Vacancy,
    Venue,
)


def person_name(rng: random.Random, sex: str, birth_year: int) -> str:
    family = FAMILY_NAMES(rng)
    if sex == Sex.MALE:
        middle = "Văn" if birth_year < 1990 and rng.random() < 0.35 else MALE_MIDDLE(rng)
        given = rng.choice(MALE_GIVEN)
    else:
        middle = "Thị" if birth_year < 1990 and rng.random() < 0.4 else FEMALE_MIDDLE(rng)
        given = rng.choice(FEMALE_GIVEN)
        if middle == "Thị" and rng.random() < 0.12:
            middle = f"Thị {rng.choice(('Thu', 'Ngọc', 'Thanh', 'Hồng', 'Minh', 'Phương'))}"
    if given in middle.split():
        given = "Hải" if sex == Sex.MALE else "Ngân"
    return f"{family} {middle} {given}"


class WardPool:
    """Hà Nội's wards and communes (province 01); urban wards (phường) are drawn three times as often."""

    def __init__(self):
        self.units = list(AdministrativeUnit.objects.filter(province_id="01", level="ward").order_by("code"))
        if not self.units:
            raise RuntimeError("The administrative units are missing: run `manage.py migrate` first.")
        self.by_name = {unit.name: unit for unit in self.units}
        self.pick = Pick([(unit, 3 if unit.unit_type == "phường" else 1) for unit in self.units])

    def named(self, name: str) -> AdministrativeUnit:
        try:
            return self.by_name[name]
        except KeyError:
            raise RuntimeError(f"{name!r} is not a ward of Hà Nội in the reference data.") from None


def make_person(rng: random.Random, index: int, today: date, wards: WardPool, age_band=None, sex=None) -> dict:
    """The attributes of one job seeker, as job_seeker_create takes them (no database access)."""
    sex = sex or (Sex.MALE if rng.random() < 0.5 else Sex.FEMALE)
    low, high = age_band or AGE_BANDS(rng)
    date_of_birth = today - timedelta(days=rng.randint(low, high) * 365 + rng.randrange(365))
    qualification = QUALIFICATIONS(rng)
    if high < 23 and QUAL_RANK[qualification] > QUAL_RANK["university"]:
        qualification = "university"
    rank = QUAL_RANK[qualification]
    high_school = rank >= QUAL_RANK["college"] or (rank == QUAL_RANK["intermediate"] and rng.random() < 0.7)
    if rank >= QUAL_RANK["university"]:
        major = rng.choice(UNIVERSITY_MAJORS)
    elif rank >= QUAL_RANK["elementary"]:
        major = rng.choice(VOCATIONAL_MAJORS)
    else:
        major = ""
    template = rng.choice(TEMPLATES_BY_QUAL[qualification])
    age = (today - date_of_birth).days // 365
    experience = "none" if age < 21 else rng.choice(("lt1", "1-2") if age < 25 else ("1-2", "2-5", "gt5"))
    ward = wards.pick(rng)
    if ward.unit_type == "xã":
        address = f"Thôn {rng.choice(VILLAGES)}"
    else:
        address = f"Số {rng.randint(1, 199)}, ngõ {rng.randint(1, 320)}, tổ dân phố {rng.randint(1, 40)}"
    wanted_salary = money((template[5] + template[6]) / 2 * rng.uniform(0.9, 1.2))
    return {
        "full_name": person_name(rng, sex, date_of_birth.year),
        "citizen_id": demo_citizen_id(
            index, sex=sex, birth_year=date_of_birth.year, province_code=BIRTH_PROVINCES(rng)
        ),
        "date_of_birth": date_of_birth,
        "sex": sex,
        "phone": demo_phone(index),
        "address": address,
        "ward": ward,
        "general_education": "upper_secondary" if high_school else LOW_EDUCATION(rng),
        "qualification": qualification,
        "major": major,
        "wanted_occupation": template[0],
        "wanted_salary": None if rng.random() < 0.15 else wanted_salary,
        "working_arrangement": "part_time" if rng.random() < 0.1 else "full_time",
        "experience": experience,
        "skills": ", ".join(rng.sample(SKILLS, rng.randint(1, 3))),
        # The numbers are made up but valid, so they may be someone's: demo people get notices by e-mail only
        # (addresses under demo.vieclam.local, which no mail server serves), never by SMS.
        "notify_by_sms": False,
    }


def person_email(person: dict, index: int) -> str:
    parts = person["full_name"].split()
    return f"{slug(parts[-1])}.{slug(parts[0])}{index}@{DEMO_DOMAIN}"


def vacancy_fields(rng: random.Random, template, *, employer_size: str, ward, today: date) -> dict:
    """The fields of one vacancy from a template; `_cohorts` holds the priority cohort codes."""
    code, title, education, qualification, experience, low, high, places, part_time, benefits, cohorts = template
    factor = rng.uniform(0.9, 1.2)
    size_factor = {"<10": 0.2, "10-50": 0.4, "51-100": 0.6, "101-200": 0.8, "201-500": 1}.get(employer_size, 1.3)
    quantity = max(1, round(places * size_factor * rng.uniform(0.4, 1.6)))
    negotiable = rng.random() < 0.1
    return {
        "title": title,
        "occupation": code,
        "description": f"Tuyển {quantity} {lower_first(title)}, làm việc tại {ward.name}.",
        "quantity": quantity,
        "min_education": education,
        "min_qualification": qualification,
        "experience": experience,
        "working_arrangement": "part_time" if part_time and rng.random() < 0.5 else "full_time",
        "purpose": "side_job" if part_time and rng.random() < 0.3 else "long_term",
        "contract_type": rng.choice(("indefinite", "fixed_term", "probation")),
        "ward": ward,
        "salary_min": None if negotiable else money(low * factor),
        "salary_max": None if negotiable else money(high * factor),
        "salary_negotiable": negotiable,
        "benefits": list(
            dict.fromkeys(["social_insurance", *benefits, rng.choice(("training", "promotion", "meals"))])
        ),
        "disability_accessible": "disabled" in cohorts,
        "recruitment_methods": ["in_person", "cv", *(["online_interview"] if rng.random() < 0.4 else [])],
        "deadline": today + timedelta(days=rng.randint(20, 90)),
        "_cohorts": cohorts,
    }


def login_lines() -> list[str]:
    logins = (("centre staff", STAFF_LOGIN), ("employer", EMPLOYER_LOGIN), ("job seeker", JOB_SEEKER_LOGIN))
    existing = set(User.objects.filter(email__in=[login for _l, (login, _p) in logins]).values_list("email", flat=True))
    lines = ["Demo logins (e-mail / password):"]
    for label, (login, password) in logins:
        lines.append(f"  {label:<13}{login} / {password}{'' if login in existing else '   (not in this database)'}")
    return lines


def seeded(scale: str) -> bool:
    return AuditEvent.objects.filter(action=MARKER_ACTION, object_type="demo", object_id=scale).exists()


def _demo_user(login, password, *, role, **fields) -> User:
    user = User.objects.filter(email=login).first()
    if user is None:
        user = User(username=login, email=login, role=role, **fields)
        user.set_password(password)
        user.save()
    return user


def ensure_employer(spec, *, tax_code: str, wards: WardPool, index: int) -> Employer:
    name, section, ownership, size, _verification, _form, products, ward_name, address = spec
    employer, _created = Employer.objects.get_or_create(
        tax_code=tax_code,
        defaults={
            "name": name,
            "ownership": ownership,
            "vsic_section": section,
            "main_products": products,
            "workforce_size": size,
            "address": address,
            "ward": wards.named(ward_name),
            "phone": demo_phone(EMPLOYER_PHONE_OFFSET + SMALL_PERSON_BASE + index),
            "email": f"tuyendung@{slug(name)[:40]}.{DEMO_DOMAIN}",
            "contact_name": person_name(random.Random(index), Sex.FEMALE, 1985),
        },
    )
    return employer


def ensure_demo_accounts(wards: WardPool, today: date) -> tuple[User, User, User]:
    """The demo staff (staff, not superuser), the demo employer's user and the demo job seeker, made when missing."""
    staff = _demo_user(*STAFF_LOGIN, role=Role.STAFF, is_staff=True, first_name="Thu Hà", last_name="Nguyễn")
    employer = ensure_employer(DEMO_EMPLOYER, tax_code=next(demo_tax_codes(DEMO_TAX_CURSOR)), wards=wards, index=0)
    if not employer.is_verified:
        employer = account_services.employer_verify(employer=employer, actor=staff, decision=Verification.VERIFIED)
    employer_user = _demo_user(
        *EMPLOYER_LOGIN, role=Role.EMPLOYER, employer=employer, first_name="Lan", last_name="Phạm Thị"
    )
    phone = demo_phone(DEMO_PERSON_INDEX)
    phone_free = not User.objects.filter(phone=phone).exists()
    seeker_user = User.objects.filter(email=JOB_SEEKER_LOGIN[0]).first() or _demo_user(
        *JOB_SEEKER_LOGIN,
        role=Role.JOB_SEEKER,
        phone=phone if phone_free else None,
        verified_phone=phone if phone_free else "",  # confirmed by the sign-up code: his reminders come by SMS too
        first_name="Minh",
        last_name="Nguyễn Đức",
    )
    if not JobSeeker.objects.filter(user=seeker_user).exists():
        birth = date(today.year - 24, 3, 14)
        citizen_id = demo_citizen_id(DEMO_PERSON_INDEX, sex=Sex.MALE, birth_year=birth.year)
        seeker = account_services.job_seeker_create(
            actor=None,
            user=seeker_user,
            full_name="Nguyễn Đức Minh",
            citizen_id=None if JobSeeker.objects.filter(citizen_id=citizen_id).exists() else citizen_id,
            date_of_birth=birth,
            sex=Sex.MALE,
            phone=phone,
            email=JOB_SEEKER_LOGIN[0],
            ward=wards.named("Phường Cầu Giấy"),
            address="Số 12, ngõ 165, tổ dân phố 9",
            general_education="upper_secondary",
            qualification="university",
            major="Logistics và quản lý chuỗi cung ứng",
            wanted_occupation="4323",
            wanted_salary=11_000_000,
            working_arrangement="full_time",
            experience="lt1",
            skills="Tin học văn phòng, Tiếng Anh giao tiếp, Lái xe hạng B",
            notify_by_sms=False,
        )
        account_services.consent_give(job_seeker=seeker, purpose=ConsentPurpose.TERMS, actor=None)
        account_services.cohort_membership_declare(
            job_seeker=seeker,
            cohort=Cohort.objects.get(code="student_graduate"),
            share_with_employers=True,
            actor=None,
            evidence_note=EVIDENCE["student_graduate"],
        )
    return staff, employer_user, seeker_user


COUNTED_MODELS = (
    User,
    Employer,
    JobSeeker,
    CohortMembership,
    ConsentRecord,
    Venue,
    SessionSeries,
    JobSession,
    Participation,
    Vacancy,
    Registration,
    Interview,
    HiringOutcome,
    Notification,
    PlanTarget,
    AuditEvent,
)


def model_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED_MODELS}
