"""Every list endpoint issues the same number of queries for 1 row and for 50 (DESIGN §7), each row carrying the
related data it shows (cohorts, vacancies, interviews with outcomes, waitlist positions…); detail endpoints stay
under a fixed bound. The counts are printed.

Some endpoints have such a test next to their other tests as well (venues, vacancies, participations, candidates,
interviews, notifications: tests/api; plan-targets: tests/reports/test_api.py); here every list endpoint is
measured the same way, so the printed table is complete."""

from datetime import timedelta
from itertools import count

import pytest
from django.utils import timezone

from accounts.models import AdministrativeUnit, Cohort, CohortMembership, Verification
from sessions.models import (
    HiringOutcome,
    Interview,
    Notification,
    PlanMetric,
    PlanTarget,
    Registration,
    SurveyInvitation,
)
from tests import factories
from tests.api.conftest import count_queries

pytestmark = pytest.mark.django_db

_serial = count()


class Ctx:
    """The people and the session the rows belong to."""

    def __init__(self):
        self.staff = factories.StaffFactory()
        self.employer = factories.EmployerFactory(verification=Verification.VERIFIED)
        self.employer_user = factories.EmployerUserFactory(employer=self.employer)
        self.seeker = factories.JobSeekerFactory()
        self.fair = factories.JobSessionFactory(job_seeker_capacity=1_000, employer_capacity=100)
        self.vacancy = factories.VacancyFactory(employer=self.employer)
        factories.ParticipationFactory(session=self.fair, employer=self.employer, vacancies=[self.vacancy])
        self.province = AdministrativeUnit.objects.create(
            code="99", name="Tỉnh Thử nghiệm", level="province", unit_type="tỉnh"
        )

    def user(self, who):
        return {"anonymous": None, "staff": self.staff, "employer": self.employer_user, "seeker": self.seeker.user}[who]


def add_sessions(ctx, n):
    for _ in range(n):
        session = factories.JobSessionFactory()
        session.target_cohorts.set([factories.cohort("disabled"), factories.cohort("student_graduate", False)])
        session.linked_provinces.set([ctx.province])
        factories.RegistrationFactory(session=session)
        factories.RegistrationFactory(session=session, status="waitlisted")
        factories.ParticipationFactory(session=session)


def add_registrations(ctx, n, job_seeker=None):
    """Waitlisted first (their positions are one more query), then confirmed, each with a vacancy of interest."""
    for i in range(n):
        session = factories.JobSessionFactory()
        booth = factories.ParticipationFactory(session=session)
        if job_seeker is not None:  # someone ahead on the waitlist, not in this person's list
            factories.RegistrationFactory(session=session, status="waitlisted")
        registration = factories.RegistrationFactory(
            session=session,
            job_seeker=job_seeker or factories.JobSeekerFactory(),
            status="confirmed" if i % 2 else "waitlisted",
        )
        registration.vacancies.set(booth.vacancies.all())


def add_employers(ctx, n):
    factories.EmployerFactory.create_batch(n)


def add_cohorts(ctx, n):
    for _ in range(n):
        serial = next(_serial)
        Cohort.objects.create(code=f"test-{serial}", name_vi=f"Nhóm {serial}", name_en=f"Group {serial}")


def add_units(ctx, n):
    for _ in range(n):
        serial = next(_serial)
        AdministrativeUnit.objects.create(
            code=f"9{serial:04d}", name=f"Xã Thử {serial}", level="ward", unit_type="xã", province=ctx.province
        )


def add_venues(ctx, n):
    factories.VenueFactory.create_batch(n)


def add_vacancies(ctx, n, employer=None):
    for _ in range(n):
        vacancy = factories.VacancyFactory(employer=employer or factories.EmployerFactory())
        vacancy.priority_cohorts.set([factories.cohort("disabled")])


def add_participations(ctx, n, employer=None):
    for _ in range(n):
        booth = factories.ParticipationFactory(employer=employer or factories.EmployerFactory())
        booth.vacancies.add(factories.VacancyFactory(employer=booth.employer))


def add_candidates(ctx, n):
    for _ in range(n):
        job_seeker = factories.JobSeekerFactory()
        CohortMembership.objects.create(
            job_seeker=job_seeker, cohort=factories.cohort("disabled"), share_with_employers=True
        )
        registration = factories.RegistrationFactory(session=ctx.fair, job_seeker=job_seeker, status="attended")
        registration.vacancies.set([ctx.vacancy])
        interview = Interview.objects.create(registration=registration, vacancy=ctx.vacancy, result="passed")
        HiringOutcome.objects.create(interview=interview, status="offered", reported_at=timezone.now())


def add_interviews(ctx, n, employer=None):
    employer = employer or ctx.employer
    for _ in range(n):
        session = factories.JobSessionFactory()
        vacancy = factories.VacancyFactory(employer=employer)
        factories.ParticipationFactory(session=session, employer=employer, vacancies=[vacancy])
        registration = factories.RegistrationFactory(session=session, status="attended")
        interview = Interview.objects.create(registration=registration, vacancy=vacancy)
        HiringOutcome.objects.create(interview=interview, status="offered", reported_at=timezone.now())


def add_notifications(ctx, n, job_seeker=None, employer=None):
    for _ in range(n):
        Notification.objects.create(
            job_seeker=job_seeker,
            employer=employer,
            session=ctx.fair,
            channel="email",
            address="a@example.vn",
            kind="registration_confirmed",
            subject="Xác nhận",
            body_text="…",
            dedup_key=f"qc:{next(_serial)}",
            send_after=timezone.now() - timedelta(minutes=1),
            status="failed",
            last_error="SMTP 550",
        )


def add_plan_targets(ctx, n):
    metrics = list(PlanMetric.values)
    for i in range(n):
        serial = next(_serial)
        PlanTarget.objects.create(
            year=2000 + serial // len(metrics), metric=metrics[serial % len(metrics)], target=i + 1
        )


def add_survey_answers(ctx, n):
    """Answers to the fair's survey, every other one an employer's (named in the list)."""
    for i in range(n):
        link = (
            {"participation": factories.ParticipationFactory(session=ctx.fair), "respondent": "employer"}
            if i % 2
            else {
                "registration": factories.RegistrationFactory(session=ctx.fair, status="attended"),
                "respondent": "job_seeker",
            }
        )
        SurveyInvitation.objects.create(
            session=ctx.fair,
            token_hash=f"{next(_serial):064d}",
            closes_at=timezone.now() + timedelta(days=30),
            rating=1 + i % 5,
            answered_at=timezone.now(),
            **link,
        )


# (label, user, url, params, adds rows) — one row per list endpoint and viewpoint.
LISTS = [
    ("sessions (anonymous)", "anonymous", "/api/v1/sessions/", {}, add_sessions),
    ("sessions (staff)", "staff", "/api/v1/sessions/", {}, add_sessions),
    ("registrations (staff)", "staff", "/api/v1/registrations/", {}, add_registrations),
    (
        "registrations (job seeker)",
        "seeker",
        "/api/v1/registrations/",
        {},
        lambda ctx, n: add_registrations(ctx, n, job_seeker=ctx.seeker),
    ),
    ("employers (staff)", "staff", "/api/v1/employers/", {}, add_employers),
    ("cohorts", "anonymous", "/api/v1/cohorts/", {}, add_cohorts),
    ("administrative-units", "anonymous", "/api/v1/administrative-units/", {"province": "99"}, add_units),
    ("venues", "anonymous", "/api/v1/venues/", {}, add_venues),
    ("vacancies (anonymous)", "anonymous", "/api/v1/vacancies/", {}, add_vacancies),
    (
        "vacancies (employer)",
        "employer",
        "/api/v1/vacancies/",
        {"employer": "{employer}"},
        lambda ctx, n: add_vacancies(ctx, n, employer=ctx.employer),
    ),
    ("participations (staff)", "staff", "/api/v1/participations/", {"status": "approved"}, add_participations),
    (
        "participations (employer)",
        "employer",
        "/api/v1/participations/",
        {},
        lambda ctx, n: add_participations(ctx, n, employer=ctx.employer),
    ),
    ("candidates (staff)", "staff", "/api/v1/sessions/{fair}/candidates/", {}, add_candidates),
    ("candidates (employer)", "employer", "/api/v1/sessions/{fair}/candidates/", {}, add_candidates),
    ("interviews (staff)", "staff", "/api/v1/interviews/", {}, add_interviews),
    ("interviews (employer)", "employer", "/api/v1/interviews/", {}, add_interviews),
    ("notifications (staff)", "staff", "/api/v1/notifications/", {}, add_notifications),
    (
        "notifications (job seeker)",
        "seeker",
        "/api/v1/notifications/",
        {},
        lambda ctx, n: add_notifications(ctx, n, job_seeker=ctx.seeker),
    ),
    (
        "notifications (employer)",
        "employer",
        "/api/v1/notifications/",
        {},
        lambda ctx, n: add_notifications(ctx, n, employer=ctx.employer),
    ),
    ("plan-targets", "staff", "/api/v1/plan-targets/", {}, add_plan_targets),
    ("survey answers (staff)", "staff", "/api/v1/sessions/{fair}/survey-answers/", {}, add_survey_answers),
]


def rows(body) -> int:
    return len(body) if isinstance(body, list) else len(body["results"])


@pytest.mark.parametrize(("label", "who", "url", "params", "add"), LISTS, ids=[row[0] for row in LISTS])
def test_list_queries_are_the_same_for_1_and_50_rows(capsys, label, who, url, params, add):
    ctx = Ctx()
    if label == "cohorts":
        Cohort.objects.all().delete()  # reference rows of the migration: start from none
    url = url.format(fair=ctx.fair.pk)
    params = {key: value.format(employer=ctx.employer.pk) for key, value in params.items()}
    user = ctx.user(who)
    baseline = rows(count_queries(user, url, page_size=100, **params)[1].json())

    add(ctx, 1)
    one, response = count_queries(user, url, page_size=100, **params)
    assert rows(response.json()) == baseline + 1, response.json()
    add(ctx, 49)
    fifty, response = count_queries(user, url, page_size=100, **params)
    assert rows(response.json()) == baseline + 50

    with capsys.disabled():
        print(f"\nqueries  {label:<28} 1 row: {one:>2}   50 rows: {fifty:>2}")
    assert fifty == one


# (label, user, url, bound): the bound is today's count; a change that adds queries must raise it knowingly.
DETAILS = [
    ("session", "anonymous", "/api/v1/sessions/{fair}/", 3),
    ("registration (waitlisted)", "seeker", "/api/v1/registrations/{registration}/", 4),
    ("employer", "employer", "/api/v1/employers/{employer}/", 1),
    ("cohort", "anonymous", "/api/v1/cohorts/disabled/", 1),
    ("administrative unit", "anonymous", "/api/v1/administrative-units/00070/", 1),
    ("venue", "anonymous", "/api/v1/venues/{venue}/", 1),
    ("vacancy", "anonymous", "/api/v1/vacancies/{vacancy}/", 2),
    ("participation", "employer", "/api/v1/participations/{booth}/", 2),
    ("interview", "employer", "/api/v1/interviews/{interview}/", 1),
    ("notification", "seeker", "/api/v1/notifications/{notification}/", 2),
    ("me (job seeker)", "seeker", "/api/v1/me/", 2),  # + the groups declared (the profile)
    ("me (employer)", "employer", "/api/v1/me/", 1),
    # + referrals, + registration alerts, + who saw the data, + the export's own record
    ("data export", "seeker", "/api/v1/me/data-export/", 12),
]


@pytest.mark.parametrize(("label", "who", "url", "bound"), DETAILS, ids=[row[0] for row in DETAILS])
def test_detail_queries_stay_under_a_fixed_bound(capsys, label, who, url, bound):
    ctx = Ctx()
    add_sessions(ctx, 1)
    factories.RegistrationFactory(session=ctx.fair)
    registration = factories.RegistrationFactory(session=ctx.fair, job_seeker=ctx.seeker, status="waitlisted")
    registration.vacancies.set([ctx.vacancy])
    add_interviews(ctx, 1)
    add_notifications(ctx, 1, job_seeker=ctx.seeker)
    objects = {
        "fair": ctx.fair.pk,
        "registration": registration.pk,
        "employer": ctx.employer.pk,
        "venue": ctx.fair.venue_id,
        "vacancy": ctx.vacancy.pk,
        "booth": ctx.employer.participations.get(session=ctx.fair).pk,
        "interview": Interview.objects.filter(vacancy__employer=ctx.employer).latest("id").pk,
        "notification": Notification.objects.filter(job_seeker=ctx.seeker).get().pk,
    }

    queries, response = count_queries(ctx.user(who), url.format(**objects))

    with capsys.disabled():
        print(f"\nqueries  {label:<28} detail: {queries:>2} (bound {bound})")
    assert response.json()
    assert queries <= bound
    assert Registration.objects.get(pk=registration.pk).status == "waitlisted"
