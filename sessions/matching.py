"""Explainable matching of job seekers and vacancies, computed in SQL.

Each factor adds its points when it holds; the score is their sum and each factor that holds comes back as a
reason shown to the person. Only the best occupation factor and the best distance factor count.

=====================  ======  ==========================================================================
factor                 points  holds when
=====================  ======  ==========================================================================
same occupation         40     the wanted occupation is the vacancy's VSCO code
same occupation group   25     … or shares its two-digit group (first two digits)
same major group        10     … or shares its major group (first digit)
qualification           15     the person's qualification is at or above the vacancy's minimum (or none)
working arrangement     10     full/part time as the person wants
same ward               15     the work place is in the person's ward
same province           10     … or in the person's province
linked province          5     … or an online/hybrid session bringing the vacancy links the person's province
salary                  10     the wanted salary lies within the vacancy's range (open ends allowed)
priority cohort         15     the vacancy prioritises a cohort the person declared; a sensitive cohort counts
                               only with the person's active consent to its processing (and, seen by an
                               employer, only a membership the person agreed to show employers)
=====================  ======  ==========================================================================

Vacancies with a score of 0 are not matches. A person's matches: open vacancies of verified employers, those
brought to an upcoming session first (soonest first), then by score.
"""

from dataclasses import dataclass

from django.db.models import (
    Case,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import (
    CohortMembership,
    ConsentPurpose,
    ConsentRecord,
    JobSeeker,
    Qualification,
    Verification,
)
from sessions.models import Interview, Participation, Registration, SessionFormat, SessionStatus, Vacancy


@dataclass(frozen=True)
class Factor:
    field: str  # the annotation holding the factor's points
    label: object  # the reason shown to people
    points: tuple[int, ...]  # the points of each level, best first


FACTORS = (
    Factor("match_occupation", (_("same occupation"), _("same occupation group"), _("same major group")), (40, 25, 10)),
    Factor("match_qualification", (_("meets the qualification"),), (15,)),
    Factor("match_arrangement", (_("suits your working arrangement"),), (10,)),
    Factor("match_distance", (_("near where you live"), _("in your province"), _("linked province")), (15, 10, 5)),
    Factor("match_salary", (_("the salary you want"),), (10,)),
    Factor("match_cohort", (_("a priority group of the vacancy"),), (15,)),
)


def reasons(row) -> list[str]:
    """The labels of the factors that hold on an annotated row, strongest first."""
    found = []
    for factor in FACTORS:
        points = getattr(row, factor.field, 0)
        if points:
            found.append((points, str(factor.label[factor.points.index(points)])))
    return [label for _points, label in sorted(found, key=lambda item: -item[0])]


def _levels_at_or_above(minimum: str) -> list[str]:
    levels = list(Qualification.values)
    return levels[levels.index(minimum) :] if minimum in levels else []


def _levels_up_to(level: str) -> list[str]:
    levels = list(Qualification.values)
    return levels[: levels.index(level) + 1] if level in levels else []


def _points(condition: Q | None, points: int) -> Case | Value:
    if condition is None:
        return Value(0)
    return Case(When(condition, then=Value(points)), default=Value(0), output_field=IntegerField())


def _levels(*pairs) -> Case | Value:
    whens = [When(condition, then=Value(points)) for condition, points in pairs if condition is not None]
    if not whens:
        return Value(0)
    return Case(*whens, default=Value(0), output_field=IntegerField())


def _with_score(queryset: QuerySet, annotations: dict) -> QuerySet:
    score = sum((F(name) for name in annotations), Value(0))
    return queryset.annotate(**annotations).annotate(match_score=score).filter(match_score__gt=0)


def usable_cohort_ids(job_seeker: JobSeeker) -> list[str]:
    """The cohorts matching may use: declared ones, sensitive ones only with an active processing consent."""
    consented = ConsentRecord.objects.filter(
        job_seeker_id=OuterRef("job_seeker_id"),
        cohort_id=OuterRef("cohort_id"),
        purpose=ConsentPurpose.SENSITIVE_COHORT,
        withdrawn_at__isnull=True,
    )
    return list(
        CohortMembership.objects.filter(job_seeker=job_seeker)
        .filter(Q(cohort__sensitive=False) | Exists(consented))
        .values_list("cohort_id", flat=True)
    )


def _upcoming_booths(now):
    return Participation.objects.filter(
        status=Participation.Status.APPROVED, session__status=SessionStatus.PUBLISHED, session__ends_at__gt=now
    )


def matches_for(job_seeker: JobSeeker, *, now=None) -> QuerySet[Vacancy]:
    """The open vacancies that fit a job seeker, with `match_*` points, `match_score`, and `next_session_id` /
    `next_session_starts_at` (the soonest upcoming session bringing the vacancy, if any)."""
    now = now or timezone.now()
    person = job_seeker
    occupation = person.wanted_occupation
    province_id = person.ward.province_id if person.ward_id else None
    cohorts = usable_cohort_ids(person)
    booths = _upcoming_booths(now).filter(vacancies=OuterRef("pk")).order_by("session__starts_at", "session_id")
    linked = (
        _upcoming_booths(now).filter(
            vacancies=OuterRef("pk"),
            session__format__in=[SessionFormat.ONLINE, SessionFormat.HYBRID],
            session__linked_provinces=province_id,
        )
        if province_id
        else None
    )
    annotations = {
        "match_occupation": _levels(
            (Q(occupation=occupation), 40) if occupation else (None, 0),
            (Q(occupation__startswith=occupation[:2]), 25) if len(occupation) >= 2 else (None, 0),
            (Q(occupation__startswith=occupation[:1]), 10) if occupation else (None, 0),
        ),
        "match_qualification": _points(
            Q(min_qualification="") | Q(min_qualification__in=_levels_up_to(person.qualification))
            if person.qualification
            else None,
            15,
        ),
        "match_arrangement": _points(
            Q(working_arrangement=person.working_arrangement) if person.working_arrangement else None, 10
        ),
        "match_distance": _levels(
            (Q(ward_id=person.ward_id), 15) if person.ward_id else (None, 0),
            (Q(ward__province_id=province_id), 10) if province_id else (None, 0),
            (Q(Exists(linked)), 5) if linked is not None else (None, 0),
        ),
        "match_salary": _points(
            (Q(salary_min__isnull=True) | Q(salary_min__lte=person.wanted_salary))
            & (Q(salary_max__isnull=True) | Q(salary_max__gte=person.wanted_salary))
            & ~Q(salary_min__isnull=True, salary_max__isnull=True)
            if person.wanted_salary
            else None,
            10,
        ),
        "match_cohort": _points(
            Q(Exists(Vacancy.priority_cohorts.through.objects.filter(vacancy_id=OuterRef("pk"), cohort_id__in=cohorts)))
            if cohorts
            else None,
            15,
        ),
    }
    vacancies = Vacancy.objects.filter(status=Vacancy.Status.OPEN, employer__verification=Verification.VERIFIED)
    return (
        _with_score(vacancies, annotations)
        .annotate(
            next_session_id=Subquery(booths.values("session_id")[:1]),
            next_session_starts_at=Subquery(booths.values("session__starts_at")[:1], output_field=DateTimeField()),
        )
        .select_related("employer", "ward")
        .order_by(F("next_session_starts_at").asc(nulls_last=True), "-match_score", "id")
    )


def candidates_for(vacancy: Vacancy, *, for_employer: bool, now=None) -> QuerySet[JobSeeker]:
    """The job seekers who fit a vacancy, annotated like `matches_for`, best first.

    For the vacancy's employer (DESIGN §4) only people who registered interest in the vacancy, were interviewed
    for it, or allowed employers to suggest them; a cohort counts only if shown to employers. Staff see all."""
    now = now or timezone.now()
    province_id = vacancy.ward.province_id
    code = vacancy.occupation
    linked_provinces = list(
        _upcoming_booths(now)
        .filter(vacancies=vacancy, session__format__in=[SessionFormat.ONLINE, SessionFormat.HYBRID])
        .values_list("session__linked_provinces", flat=True)
        .exclude(session__linked_provinces=None)
    )
    priority = list(vacancy.priority_cohorts.values_list("code", flat=True))
    consented = ConsentRecord.objects.filter(
        job_seeker_id=OuterRef("job_seeker_id"),
        cohort_id=OuterRef("cohort_id"),
        purpose=ConsentPurpose.SENSITIVE_COHORT,
        withdrawn_at__isnull=True,
    )
    memberships = CohortMembership.objects.filter(job_seeker_id=OuterRef("pk"), cohort_id__in=priority).filter(
        Q(cohort__sensitive=False) | Exists(consented)
    )
    if for_employer:
        memberships = memberships.filter(share_with_employers=True)
    salary = Q(wanted_salary__isnull=False)
    if vacancy.salary_min is not None:
        salary &= Q(wanted_salary__gte=vacancy.salary_min)
    if vacancy.salary_max is not None:
        salary &= Q(wanted_salary__lte=vacancy.salary_max)
    annotations = {
        "match_occupation": _levels(
            (Q(wanted_occupation=code), 40),
            (Q(wanted_occupation__startswith=code[:2]), 25),
            (Q(wanted_occupation__startswith=code[:1]), 10),
        ),
        "match_qualification": _points(
            Q(qualification__in=_levels_at_or_above(vacancy.min_qualification))
            if vacancy.min_qualification
            else ~Q(qualification=""),
            15,
        ),
        "match_arrangement": _points(Q(working_arrangement=vacancy.working_arrangement), 10),
        "match_distance": _levels(
            (Q(ward_id=vacancy.ward_id), 15),
            (Q(ward__province_id=province_id), 10),
            (Q(ward__province_id__in=linked_provinces), 5) if linked_provinces else (None, 0),
        ),
        "match_salary": _points(
            salary if vacancy.salary_min is not None or vacancy.salary_max is not None else None, 10
        ),
        "match_cohort": _points(Q(Exists(memberships)) if priority else None, 15),
    }
    people = JobSeeker.objects.filter(anonymised_at__isnull=True)
    if for_employer:
        interested = Registration.vacancies.through.objects.filter(
            registration__job_seeker_id=OuterRef("pk"), vacancy_id=vacancy.pk
        ).exclude(registration__status=Registration.Status.CANCELLED)
        interviewed = Interview.objects.filter(registration__job_seeker_id=OuterRef("pk"), vacancy_id=vacancy.pk)
        people = people.filter(Q(allow_employer_suggestions=True) | Exists(interested) | Exists(interviewed))
    return _with_score(people, annotations).select_related("ward").order_by("-match_score", "id")
