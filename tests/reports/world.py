"""A varied little world of sessions for the report tests, and the expected figures computed from it in plain
Python — straight from the objects the builder created, never through the report code.

The world has: sessions of every kind and several statuses (completed, published and ended, published and to come,
draft, cancelled), sessions on the edges of the period in local time (a session at 06:00 on 1 July is still
30 June in UTC), booths in every status with vacancies of several quantities (and an approved booth with none),
registrations in every status (and a person who cancelled and registered again), interviews with every result,
a person interviewed for two vacancies at one session and a person interviewed at two sessions, outcomes of
every status, job seekers of both sexes and of unknown sex, of several ages (a leap-day birthday, a birthday on
the session's date, a child), qualifications and wards, one in two cohorts, and employers of several VSIC sections.
"""

from __future__ import annotations

import itertools
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from accounts.models import Cohort, CohortMembership
from sessions.models import (
    HiringOutcome,
    Interview,
    JobSession,
    Participation,
    Registration,
    SessionFormat,
    SessionKind,
    SessionStatus,
)
from tests import factories

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
METRICS = (
    "sessions_held",
    "employer_participations",
    "vacancies_total",
    "job_seekers_registered",
    "job_seekers_attended",
    "interviewed",
    "passed_at_session",
    "started_work",
)
JS_METRICS = ("job_seekers_registered", "job_seekers_attended", "interviewed", "passed_at_session", "started_work")
EMPLOYER_METRICS = ("employer_participations", "vacancies_total", "interviewed", "passed_at_session", "started_work")
INTERVIEW_METRICS = ("interviewed", "passed_at_session", "started_work")
DIMENSION_METRICS = {
    "cohort": JS_METRICS,
    "sex": JS_METRICS,
    "age_band": JS_METRICS,
    "qualification": JS_METRICS,
    "ward": METRICS[1:],
    "vsic": EMPLOYER_METRICS,
    "kind": METRICS,
    "month": METRICS,
}

_counter = itertools.count(1)


def local(y, m, d, h=8, mi=0) -> datetime:
    return datetime(y, m, d, h, mi, tzinfo=HANOI)


@dataclass
class World:
    sessions: list[JobSession] = field(default_factory=list)
    participations: list[Participation] = field(default_factory=list)
    registrations: list[Registration] = field(default_factory=list)
    interviews: list[Interview] = field(default_factory=list)
    outcomes: dict[int, str] = field(default_factory=dict)  # interview id -> outcome status
    cohorts_of: dict[int, list[str]] = field(default_factory=dict)  # job seeker id -> cohort codes
    vacancies_of: dict[int, list] = field(default_factory=dict)  # participation id -> vacancies

    def extend(self, other: World) -> None:
        self.sessions += other.sessions
        self.participations += other.participations
        self.registrations += other.registrations
        self.interviews += other.interviews
        self.outcomes.update(other.outcomes)
        self.cohorts_of.update(other.cohorts_of)
        self.vacancies_of.update(other.vacancies_of)


def _session(kind, status, starts_at, hours=4):
    online = kind == SessionKind.ONLINE
    return factories.JobSessionFactory(
        kind=kind,
        format=SessionFormat.ONLINE if online else SessionFormat.IN_PERSON,
        venue=None if online else factories.VenueFactory(),
        online_url="https://phien.vieclamhanoi.net/truc-tuyen" if online else "",
        status=status,
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=hours),
        registration_opens_at=starts_at - timedelta(days=20),
        registration_closes_at=starts_at,
    )


def build_world() -> World:
    """One copy of the world; calling it again adds another copy (new people, employers and sessions)."""
    world = World()
    n = next(_counter)
    wards = {
        code: factories.ward(code, name)
        for code, name in [
            ("00004", "Phường Ba Đình"),
            ("00008", "Phường Ngọc Hà"),
            ("00025", "Phường Giảng Võ"),
            ("00070", "Phường Hoàn Kiếm"),
        ]
    }
    cohort = {
        code: factories.cohort(code, sensitive=sensitive, name_vi=vi, name_en=en)
        for code, sensitive, vi, en in [
            ("disabled", True, "Người khuyết tật", "Person with disability"),
            ("student_graduate", False, "Học sinh, sinh viên mới tốt nghiệp", "Student or new graduate"),
            ("unemployment_insurance", False, "Người hưởng bảo hiểm thất nghiệp", "Unemployment-insurance recipient"),
            ("part_time_worker", False, "Người làm việc bán thời gian", "Part-time worker"),
        ]
    }

    def seeker(name, sex, born, qualification, ward_code, cohorts=()):
        person = factories.JobSeekerFactory(
            user=None,
            full_name=f"{name} {n}",
            citizen_id=None,
            sex=sex,
            date_of_birth=born,
            qualification=qualification,
            ward=wards[ward_code] if ward_code else None,
        )
        for code in cohorts:
            CohortMembership.objects.create(job_seeker=person, cohort=cohort[code])
        world.cohorts_of[person.pk] = list(cohorts)
        return person

    js1 = seeker("Nguyễn Văn Hùng", "male", date(1990, 3, 15), "university", "00004", ["disabled"])
    js2 = seeker("Trần Thị Mai", "female", date(2000, 7, 1), "college", "00008", ["student_graduate", "disabled"])
    js3 = seeker("Lê Thị Hoa", "female", date(1970, 12, 31), "untrained", "00070")
    js4 = seeker("Phạm Văn Nam", "", None, "", None)
    js5 = seeker(
        "Đỗ Thị Lan", "female", date(1965, 1, 1), "skilled_no_certificate", "00025", ["unemployment_insurance"]
    )
    js6 = seeker("Vũ Văn Tú", "male", date(2010, 5, 5), "elementary", "00004")  # 15 on the day of s2
    js10 = seeker("Đinh Văn Bình", "male", date(2011, 1, 1), "elementary", "00070")  # 14: not of working age
    js7 = seeker("Hoàng Thị Thu", "female", date(1985, 6, 30), "intermediate", "00070")
    js8 = seeker("Bùi Văn Long", "male", date(1980, 2, 29), "master", "00008")
    js9 = seeker("Ngô Thị Hạnh", "female", date(2000, 1, 1), "doctorate", "00025", ["part_time_worker"])

    e1 = factories.EmployerFactory(vsic_section="C", ward=wards["00004"])
    e2 = factories.EmployerFactory(vsic_section="G", ward=wards["00070"])
    e3 = factories.EmployerFactory(vsic_section="F", ward=wards["00008"])
    e4 = factories.EmployerFactory(vsic_section="I", ward=wards["00004"])
    v1a = factories.VacancyFactory(employer=e1, quantity=5)
    v1b = factories.VacancyFactory(employer=e1, quantity=10)
    v2a = factories.VacancyFactory(employer=e2, quantity=3)
    v3a = factories.VacancyFactory(employer=e3, quantity=7)
    v3b = factories.VacancyFactory(employer=e3, quantity=20)
    v4a = factories.VacancyFactory(employer=e4, quantity=50)

    K, S = SessionKind, SessionStatus
    s0 = _session(K.PERIODIC, S.COMPLETED, local(2025, 2, 28))
    s1 = _session(K.PERIODIC, S.COMPLETED, local(2025, 3, 10))
    s2 = _session(K.MOBILE, S.PUBLISHED, local(2025, 5, 5, 14))  # published, already ended: held
    s3 = _session(K.THEMATIC, S.COMPLETED, local(2025, 6, 30))
    s4 = _session(K.ONLINE, S.COMPLETED, local(2025, 7, 1, 6))  # 30 June 23:00 UTC: a July session
    s5 = _session(K.JOB_DAY, S.CANCELLED, local(2025, 4, 12))  # counts for nothing
    s6 = _session(K.PERIODIC, S.DRAFT, local(2025, 9, 15))  # not held
    s7 = _session(K.ONLINE, S.COMPLETED, local(2026, 1, 1, 5))  # 31 Dec 2025 22:00 UTC: a 2026 session
    s8 = _session(K.THEMATIC, S.PUBLISHED, timezone.now().replace(microsecond=0) + timedelta(days=10))  # to come
    s9 = _session(K.JOB_DAY, S.COMPLETED, local(2024, 12, 31, 20))
    world.sessions += [s0, s1, s2, s3, s4, s5, s6, s7, s8, s9]

    P = Participation.Status
    for session, employer, status, vacancies in [
        (s0, e1, P.APPROVED, [v1a]),
        (s0, e2, P.APPLIED, [v2a]),
        (s1, e1, P.APPROVED, [v1a, v1b]),
        (s1, e2, P.APPROVED, [v2a]),
        (s1, e3, P.REJECTED, [v3a]),
        (s2, e3, P.APPROVED, [v3a, v3b]),
        (s2, e2, P.WITHDRAWN, [v2a]),
        (s3, e1, P.APPROVED, []),
        (s3, e3, P.WAITLISTED, [v3b]),
        (s4, e2, P.APPROVED, [v2a]),
        (s4, e3, P.APPROVED, [v3a]),
        (s5, e4, P.APPROVED, [v4a]),
        (s5, e1, P.APPROVED, [v1b]),
        (s6, e1, P.APPROVED, [v1a]),
        (s7, e1, P.APPROVED, [v1b]),
        (s8, e2, P.APPROVED, [v2a]),
        (s9, e3, P.APPROVED, [v3b]),
    ]:
        booth = factories.ParticipationFactory(session=session, employer=employer, status=status, vacancies=vacancies)
        world.participations.append(booth)
        world.vacancies_of[booth.pk] = list(vacancies)

    R = Registration.Status
    regs = {}
    for session, person, status in [
        (s0, js8, R.ATTENDED),
        (s0, js1, R.CONFIRMED),
        (s0, js3, R.WAITLISTED),
        (s1, js1, R.ATTENDED),
        (s1, js2, R.ATTENDED),
        (s1, js3, R.NO_SHOW),
        (s1, js4, R.CANCELLED),
        (s1, js4, R.CONFIRMED),  # cancelled, then registered again
        (s1, js8, R.ATTENDED),
        (s1, js5, R.WAITLISTED),
        (s2, js1, R.ATTENDED),
        (s2, js3, R.ATTENDED),
        (s2, js6, R.ATTENDED),
        (s2, js10, R.ATTENDED),
        (s2, js9, R.CONFIRMED),
        (s3, js2, R.ATTENDED),
        (s3, js7, R.ATTENDED),
        (s3, js4, R.ATTENDED),
        (s3, js5, R.CANCELLED),
        (s4, js2, R.ATTENDED),
        (s4, js5, R.ATTENDED),
        (s4, js9, R.ATTENDED),
        (s5, js1, R.ATTENDED),
        (s5, js2, R.ATTENDED),
        (s6, js3, R.CONFIRMED),
        (s7, js1, R.ATTENDED),
        (s8, js9, R.CONFIRMED),
        (s8, js7, R.WAITLISTED),
        (s9, js2, R.ATTENDED),
    ]:
        registration = factories.RegistrationFactory(session=session, job_seeker=person, status=status)
        world.registrations.append(registration)
        regs.setdefault((session.pk, person.pk), []).append(registration)

    Result, Outcome = Interview.Result, HiringOutcome.Status
    for session, person, vacancy, result, outcome in [
        (s0, js8, v1a, Result.PASSED, Outcome.STARTED),
        (s1, js1, v1a, Result.PASSED, Outcome.STARTED),
        (s1, js1, v1b, Result.FAILED, None),  # a second vacancy at the same session: interviewed once
        (s1, js2, v2a, Result.SECOND_ROUND, None),
        (s1, js8, v1b, Result.PASSED, Outcome.OFFERED),
        # js4 cancelled and registered again; interviews on both registrations: still one person at s1.
        (s1, js4, v2a, Result.FAILED, None),
        (s1, js4, v1a, Result.PENDING, None),
        (s2, js1, v3a, Result.PASSED, Outcome.STARTED),  # js1 again, at another session: interviewed twice
        (s2, js3, v3b, Result.PENDING, None),
        (s2, js6, v3a, Result.FAILED, None),
        (s3, js2, v1a, Result.PASSED, Outcome.DECLINED),
        (s3, js7, v1a, Result.PASSED, Outcome.STARTED),
        (s3, js4, v1b, Result.FAILED, Outcome.NOT_HIRED),
        (s4, js2, v2a, Result.PASSED, Outcome.STARTED),
        (s4, js2, v3a, Result.PASSED, Outcome.OFFERED),  # two passes at one session
        (s4, js5, v3a, Result.FAILED, None),
        (s4, js9, v2a, Result.PENDING, None),
        (s5, js1, v4a, Result.PASSED, Outcome.STARTED),  # cancelled session
        (s7, js1, v1b, Result.PASSED, Outcome.STARTED),
        (s9, js2, v3b, Result.PASSED, Outcome.STARTED),
    ]:
        # The latest registration, except for js4's first interview at s1, recorded on the cancelled one.
        mine = regs[session.pk, person.pk]
        registration = mine[0] if (person, vacancy) == (js4, v2a) else mine[-1]
        interview = factories.InterviewFactory(registration=registration, vacancy=vacancy, result=result)
        world.interviews.append(interview)
        if outcome:
            HiringOutcome.objects.create(
                interview=interview,
                status=outcome,
                start_date=timezone.localtime(session.ends_at).date() + timedelta(days=7)
                if outcome == Outcome.STARTED
                else None,
                reported_at=session.ends_at + timedelta(days=3),
            )
            world.outcomes[interview.pk] = outcome
    return world


# --- the expected figures, in plain Python ---------------------------------------------------------------------


def local_date(moment: datetime) -> date:
    return moment.astimezone(HANOI).date()


def in_period(session, date_from, date_to) -> bool:
    return session.status != SessionStatus.CANCELLED and date_from <= local_date(session.starts_at) <= date_to


def is_held(session, now=None) -> bool:
    now = now or timezone.now()
    return session.status == SessionStatus.COMPLETED or (
        session.status == SessionStatus.PUBLISHED and session.ends_at <= now
    )


def age_band(born, on) -> str:
    if born is None:
        return "unknown"
    age = on.year - born.year - ((on.month, on.day) < (born.month, born.day))
    for low, high, key in [(15, 24, "15-24"), (25, 34, "25-34"), (35, 44, "35-44"), (45, 54, "45-54")]:
        if low <= age <= high:
            return key
    return "55+" if age >= 55 else "unknown"


QUALIFICATION_GROUP = {
    "untrained": "untrained",
    "skilled_no_certificate": "untrained",
    "elementary": "elementary",
    "intermediate": "intermediate",
    "college": "college",
    "university": "university_and_above",
    "master": "university_and_above",
    "doctorate": "university_and_above",
}


def person_keys(world: World, dimension: str, person, session) -> list[str]:
    if dimension == "cohort":
        return world.cohorts_of[person.pk] or ["none"]
    if dimension == "sex":
        return [person.sex or "unknown"]
    if dimension == "age_band":
        return [age_band(person.date_of_birth, local_date(session.starts_at))]
    if dimension == "qualification":
        return [QUALIFICATION_GROUP.get(person.qualification, "unknown")]
    if dimension == "ward":
        return [person.ward_id or "unknown"]
    if dimension == "vsic":
        return []
    if dimension == "kind":
        return [session.kind]
    if dimension == "month":
        return [local_date(session.starts_at).strftime("%Y-%m")]
    raise AssertionError(dimension)


def employer_keys(dimension: str, employer, session) -> list[str]:
    if dimension == "vsic":
        return [employer.vsic_section]
    if dimension == "ward":
        return [employer.ward_id]
    if dimension == "kind":
        return [session.kind]
    if dimension == "month":
        return [local_date(session.starts_at).strftime("%Y-%m")]
    return []


def expected(world: World, date_from: date, date_to: date, dimension: str | None = None) -> dict:
    """{bucket: {metric: value}} for a dimension, or {"total": {...}} without one."""
    figures: dict = defaultdict(lambda: defaultdict(int))
    pairs: dict = defaultdict(set)

    def keys_for_person(person, session):
        return ["total"] if dimension is None else person_keys(world, dimension, person, session)

    def keys_for_employer(employer, session):
        return ["total"] if dimension is None else employer_keys(dimension, employer, session)

    for session in world.sessions:
        if not in_period(session, date_from, date_to):
            continue
        if dimension in (None, "kind", "month"):
            key = "total" if dimension is None else person_keys(world, dimension, None, session)[0]
            figures[key]["sessions_held"] += int(is_held(session))
    for booth in world.participations:
        if booth.status != Participation.Status.APPROVED or not in_period(booth.session, date_from, date_to):
            continue
        for key in keys_for_employer(booth.employer, booth.session):
            figures[key]["employer_participations"] += 1
            figures[key]["vacancies_total"] += sum(v.quantity for v in world.vacancies_of[booth.pk])
    for registration in world.registrations:
        if not in_period(registration.session, date_from, date_to):
            continue
        for key in keys_for_person(registration.job_seeker, registration.session):
            if registration.status in ("confirmed", "attended", "no_show"):
                figures[key]["job_seekers_registered"] += 1
            if registration.status == "attended":
                figures[key]["job_seekers_attended"] += 1
    for interview in world.interviews:
        session, person = interview.registration.session, interview.registration.job_seeker
        if not in_period(session, date_from, date_to):
            continue
        vsic = dimension == "vsic"
        keys = [interview.vacancy.employer.vsic_section] if vsic else keys_for_person(person, session)
        for key in keys:
            pairs[key].add((session.pk, person.pk))
            if interview.result == "passed":
                figures[key]["passed_at_session"] += 1
            if world.outcomes.get(interview.pk) == "started":
                figures[key]["started_work"] += 1
    for key, seen in pairs.items():
        figures[key]["interviewed"] = len(seen)
    metrics = METRICS if dimension is None else DIMENSION_METRICS[dimension]
    return {key: {metric: values.get(metric, 0) for metric in metrics} for key, values in figures.items()}


def expected_sheet(world: World, session) -> dict:
    """The result sheet of one session, from the world (whatever the session's status)."""
    booths = [b for b in world.participations if b.session_id == session.pk and b.status == "approved"]
    interviews = [i for i in world.interviews if i.registration.session_id == session.pk]
    registrations = [r for r in world.registrations if r.session_id == session.pk]
    metrics = {
        "sessions_held": int(session.status != SessionStatus.CANCELLED and is_held(session)),
        "employer_participations": len(booths),
        "vacancies_total": sum(v.quantity for b in booths for v in world.vacancies_of[b.pk]),
        "job_seekers_registered": sum(r.status in ("confirmed", "attended", "no_show") for r in registrations),
        "job_seekers_attended": sum(r.status == "attended" for r in registrations),
        "interviewed": len({i.registration.job_seeker_id for i in interviews}),
        "passed_at_session": sum(i.result == "passed" for i in interviews),
        "started_work": sum(world.outcomes.get(i.pk) == "started" for i in interviews),
    }
    employers = {}
    for booth in booths:
        mine = [i for i in interviews if i.vacancy.employer_id == booth.employer_id]
        employers[booth.employer_id] = {
            "vacancies_total": sum(v.quantity for v in world.vacancies_of[booth.pk]),
            "interviewed": len({i.registration.job_seeker_id for i in mine}),
            "passed_at_session": sum(i.result == "passed" for i in mine),
            "started_work": sum(world.outcomes.get(i.pk) == "started" for i in mine),
        }
    return {"metrics": metrics, "employers": employers}


def all_cohort_codes() -> list[str]:
    return list(Cohort.objects.order_by("position", "code").values_list("code", flat=True))
