"""Reports (read-only): a session's result sheet and the summary of a period against the plan (DESIGN §5).

Everything is counted in the database, with a fixed number of queries whatever the amount of data: one grouped
query per table (sessions, booths with the vacancies they bring, registrations, interviews with their outcomes),
each a single join to the sessions of the period and a `values().annotate()` group-by. Python only adds up the
grouped rows (one per bucket, never one per registration or interview). Correlated subqueries per session were
tried first: PostgreSQL ran each one as a scan of the interviews, 40 s for a year at Hanoi's size.

Metric definitions (only sessions that are not cancelled count; a session belongs to the period of the local
date, Asia/Ho_Chi_Minh, on which it starts):

- ``sessions_held``: sessions completed, or published and already ended (``ends_at`` in the past). Drafts and
  published sessions still to come count for nothing here, but whatever already happened around them (booths,
  registrations…) counts in the other metrics, which DESIGN §5 restricts only by "not cancelled".
- ``employer_participations``: approved participations (booths).
- ``vacancies_total``: the sum of the quantities of the vacancies brought by approved participations.
- ``job_seekers_registered``: registrations holding a seat (confirmed, attended, no_show).
- ``job_seekers_attended``: registrations attended.
- ``interviewed``: distinct job seekers with at least one interview, per session. Over a period the per-session
  figures add up, i.e. distinct (session, job seeker) pairs: a person interviewed for three vacancies at one
  session counts once; a person interviewed at two sessions counts twice (once per session, which is how the
  centre's figures "lượt người được phỏng vấn" are reported). Interviews count whatever the registration's status.
- ``passed_at_session``: interviews with the result ``passed`` (a person passed for two vacancies counts twice).
- ``started_work``: people who started work, counted like ``interviewed`` (once per session, however many of their
  interviews there ended in a start).

Breakdowns (``group_by``) compute the metrics that make sense for the dimension (listed in ``DIMENSION_METRICS``
and returned with the summary):

- job-seeker dimensions (cohort, sex, age_band, qualification): job_seekers_registered, job_seekers_attended,
  interviewed, passed_at_session, started_work, by the job seeker's attribute. A person in several cohorts counts
  in each of them; people in none are in the ``none`` bucket, so cohort rows may add up to more than the total.
  The age is the age on the session's local date (``unknown`` without a date of birth, or under 15).
- employer dimension (vsic): employer_participations, vacancies_total, interviewed, passed_at_session,
  started_work, by the VSIC section of the employer of the booth, or of the vacancy interviewed for. A person
  interviewed at one session by employers of two sections counts in both rows.
- ward: every metric except sessions_held. The job-seeker metrics (registered, attended, interviewed, passed,
  started) go by the job seeker's ward (where the people served live); the employer metrics (participations,
  vacancies) by the employer's ward (where the companies are registered). Vacancies' work places are not used.
- session dimensions (kind, month): every metric, by the session's kind or local month (YYYY-MM); they add up
  to the totals.

Referrals (issue 15 item 4), next to the hiring figures: the referrals to a next step made in the period (their
local creation date in it), counted by kind and by where they stand now (referred, attended, completed, dropped),
whoever recorded them. One grouped query.

Plan targets: a period that is exactly a calendar year gets the yearly PlanTarget (quarter empty), one that is
exactly a calendar quarter the quarterly one; any other period gets no target (nothing is pro-rated, and a year
without a yearly row does not add up its quarters). The share achieved is a Decimal percentage rounded half-up to
one decimal: 1269 against 1000 is 126.9.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, ExtractDay, ExtractMonth, ExtractYear, TruncMonth
from django.db.models.lookups import GreaterThanOrEqual, LessThan
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, pgettext_lazy

from accounts.models import AGE_BANDS, Cohort, Qualification, Sex, VsicSection
from jobfair.dates import add_years
from jobfair.replica import reporting
from sessions.models import (
    HiringOutcome,
    Interview,
    JobSession,
    Participation,
    PlanMetric,
    PlanTarget,
    Referral,
    Registration,
    SessionKind,
    SessionStatus,
)
from sessions.reports.surveys import session_survey, survey_figures

METRICS: tuple[str, ...] = tuple(PlanMetric.values)
JOB_SEEKER_METRICS = (
    PlanMetric.JOB_SEEKERS_REGISTERED,
    PlanMetric.JOB_SEEKERS_ATTENDED,
    PlanMetric.INTERVIEWED,
    PlanMetric.PASSED_AT_SESSION,
    PlanMetric.STARTED_WORK,
)
EMPLOYER_METRICS = (
    PlanMetric.EMPLOYER_PARTICIPATIONS,
    PlanMetric.VACANCIES_TOTAL,
    PlanMetric.INTERVIEWED,
    PlanMetric.PASSED_AT_SESSION,
    PlanMetric.STARTED_WORK,
)
INTERVIEW_METRICS = (PlanMetric.INTERVIEWED, PlanMetric.PASSED_AT_SESSION, PlanMetric.STARTED_WORK)

DIMENSIONS: tuple[str, ...] = ("cohort", "sex", "age_band", "qualification", "ward", "vsic", "kind", "month")
DIMENSION_METRICS: dict[str, tuple[str, ...]] = {
    "cohort": tuple(JOB_SEEKER_METRICS),
    "sex": tuple(JOB_SEEKER_METRICS),
    "age_band": tuple(JOB_SEEKER_METRICS),
    "qualification": tuple(JOB_SEEKER_METRICS),
    "ward": tuple(m for m in METRICS if m != PlanMetric.SESSIONS_HELD),
    "vsic": tuple(EMPLOYER_METRICS),
    "kind": METRICS,
    "month": METRICS,
}

NONE = "none"
UNKNOWN = "unknown"
QUALIFICATION_GROUPS = {
    "untrained": (Qualification.UNTRAINED, Qualification.SKILLED_NO_CERTIFICATE),
    "elementary": (Qualification.ELEMENTARY,),
    "intermediate": (Qualification.INTERMEDIATE,),
    "college": (Qualification.COLLEGE,),
    "university_and_above": (Qualification.UNIVERSITY, Qualification.MASTER, Qualification.DOCTORATE),
}
MAX_YEARS = 10
REPORT_YEARS = range(1900, 2101)  # a period's days; beyond them a typing slip, and date arithmetic overflows near 9999


def validate_report_day(day: date | None) -> None:
    """A first or last day of a period lies in REPORT_YEARS (the staff's form and the API alike)."""
    if day is not None and day.year not in REPORT_YEARS:
        raise ValidationError(gettext_lazy("Give a date between the years 1900 and 2100."))


SEAT_HOLDING = tuple(Registration.SEAT_HOLDING)
RegStatus = Registration.Status

# --- labels: gettext with a context, so a report's words are translated apart from the same words elsewhere ---
# (the Vietnamese are the centre's report wording; the official code lists name VSIC sections and session kinds)

METRIC_LABELS = {
    PlanMetric.SESSIONS_HELD: pgettext_lazy("report metric", "Sessions held"),
    PlanMetric.EMPLOYER_PARTICIPATIONS: pgettext_lazy("report metric", "Employer participations"),
    PlanMetric.VACANCIES_TOTAL: pgettext_lazy("report metric", "Vacancies"),
    PlanMetric.JOB_SEEKERS_REGISTERED: pgettext_lazy("report metric", "Job seekers registered"),
    PlanMetric.JOB_SEEKERS_ATTENDED: pgettext_lazy("report metric", "Job seekers attending"),
    PlanMetric.INTERVIEWED: pgettext_lazy("report metric", "Interviewed"),
    PlanMetric.PASSED_AT_SESSION: pgettext_lazy("report metric", "Passed at the session"),
    PlanMetric.STARTED_WORK: pgettext_lazy("report metric", "Started work"),
}
DIMENSION_LABELS = {
    "cohort": pgettext_lazy("report dimension", "Cohort"),
    "sex": pgettext_lazy("report dimension", "Sex"),
    "age_band": pgettext_lazy("report dimension", "Age band"),
    "qualification": pgettext_lazy("report dimension", "Qualification"),
    "ward": pgettext_lazy("report dimension", "Ward/commune"),
    "vsic": pgettext_lazy("report dimension", "Industry (VSIC section)"),
    "kind": pgettext_lazy("report dimension", "Session kind"),
    "month": pgettext_lazy("report dimension", "Month"),
}
SEX_LABELS = {Sex.MALE: pgettext_lazy("report bucket", "Male"), Sex.FEMALE: pgettext_lazy("report bucket", "Female")}
QUALIFICATION_LABELS = {
    "untrained": pgettext_lazy("report bucket", "Untrained"),
    "elementary": pgettext_lazy("report bucket", "Elementary vocational"),
    "intermediate": pgettext_lazy("report bucket", "Intermediate vocational"),
    "college": pgettext_lazy("report bucket", "College"),
    "university_and_above": pgettext_lazy("report bucket", "University and above"),
}
UNKNOWN_LABEL = pgettext_lazy("report bucket", "Unknown")
NO_COHORT_LABEL = pgettext_lazy("report bucket", "No cohort")
CODE_LISTS = Path(__file__).resolve().parents[2] / "accounts" / "data" / "code-lists.yaml"


def _english() -> bool:
    return (get_language() or "vi").startswith("en")


@cache
def _code_lists() -> dict:
    with open(CODE_LISTS, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def metric_label(metric: str) -> str:
    return str(METRIC_LABELS[metric])


def dimension_label(dimension: str) -> str:
    return str(DIMENSION_LABELS[dimension])


def _vsic_label(code) -> str:
    if code is None:
        return str(UNKNOWN_LABEL)
    if _english():
        return str(VsicSection(code).label) if code in VsicSection.values else code
    return f"{code} – {_code_lists()['vsic_sections'].get(code, code)}"


def _kind_label(code: str) -> str:
    if _english():
        return str(SessionKind(code).label)
    names = {kind["code"]: kind["vi"] for kind in _code_lists()["session_kinds"]}
    return names.get(code, code)


# --- the period ---------------------------------------------------------------------------------------------


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_default_timezone())


def _in_period(prefix: str, date_from: date, date_to: date) -> Q:
    """Sessions (reached by `prefix`) not cancelled whose local start date is in [date_from, date_to]."""
    return Q(
        **{
            f"{prefix}starts_at__gte": _local_midnight(date_from),
            f"{prefix}starts_at__lt": _local_midnight(date_to + timedelta(days=1)),
        }
    ) & ~Q(**{f"{prefix}status": SessionStatus.CANCELLED})


def validate_period(date_from: date, date_to: date) -> None:
    """Raise ValueError with a message for people when the period cannot be reported on."""
    if date_to < date_from:
        raise ValueError("date_to is before date_from.")
    if date_to >= add_years(date_from, MAX_YEARS):
        raise ValueError(f"The period is longer than {MAX_YEARS} years.")


def plan_period(date_from: date, date_to: date) -> tuple[int, int | None] | None:
    """(year, None) for exactly a calendar year, (year, quarter) for exactly a calendar quarter, else None."""
    year = date_from.year
    if date_to.year != year:
        return None
    if date_from == date(year, 1, 1) and date_to == date(year, 12, 31):
        return year, None
    for quarter in (1, 2, 3, 4):
        last_month = quarter * 3
        start = date(year, last_month - 2, 1)
        end = date(year, last_month, calendar.monthrange(year, last_month)[1])
        if (date_from, date_to) == (start, end):
            return year, quarter
    return None


def achieved_percent(value: int, target: int | None) -> Decimal | None:
    if not target:
        return None
    return (Decimal(value) * 100 / Decimal(target)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


# --- the metrics of sessions, grouped: one query per table ---------------------------------------------------


def _held() -> Q:
    """Sessions held: completed, or published and already ended."""
    return Q(status=SessionStatus.COMPLETED) | Q(status=SessionStatus.PUBLISHED, ends_at__lte=timezone.now())


def session_metrics(where: Callable[[str], Q], key: Callable[[str], object]) -> dict:
    """Every metric of DESIGN §5 for the sessions matching `where`, grouped by a key of the session: {key: {metric:
    value}}. `where(prefix)` and `key(prefix)` build the filter and the grouping expression for a path to the
    session ('' from a session, 'session__' from a booth…). Four queries, whatever the data."""
    tables = (
        (JobSession.objects.all(), "", {PlanMetric.SESSIONS_HELD: Count("pk", filter=_held())}),
        (
            Participation.objects.filter(status=Participation.Status.APPROVED),
            "session__",
            {
                PlanMetric.EMPLOYER_PARTICIPATIONS: Count("pk", distinct=True),
                PlanMetric.VACANCIES_TOTAL: Coalesce(Sum("vacancies__quantity"), 0),
            },
        ),
        (
            Registration.objects.all(),
            "session__",
            {
                PlanMetric.JOB_SEEKERS_REGISTERED: Count("pk", filter=Q(status__in=SEAT_HOLDING)),
                PlanMetric.JOB_SEEKERS_ATTENDED: Count("pk", filter=Q(status=RegStatus.ATTENDED)),
            },
        ),
        (Interview.objects.all(), "registration__session__", _interview_aggregates()),
    )
    values: dict = {}
    for queryset, prefix, aggregates in tables:
        rows = queryset.filter(where(prefix)).values(key=key(prefix)).annotate(**aggregates).order_by()
        _rows_to_dict(rows, aggregates, values)
    return values


def _period_where(date_from: date, date_to: date) -> Callable[[str], Q]:
    return lambda prefix: _in_period(prefix, date_from, date_to)


def _kind_key(prefix: str):
    return F(f"{prefix}kind")


def _month_key(prefix: str):
    return TruncMonth(f"{prefix}starts_at", tzinfo=timezone.get_default_timezone())


# --- the session result sheet ---------------------------------------------------------------------------------


@reporting()
def session_result_sheet(session: JobSession) -> dict:
    """The result sheet of one session: every metric (sessions_held is 1 when the session counts as held), and
    one row per approved booth with what it brought and what came of it, and the answers to the question after the
    session (figures and comments, sessions/reports/surveys.py). Eight queries."""
    row = session_metrics(lambda prefix: Q(**{f"{prefix}pk": session.pk}), lambda prefix: F(f"{prefix}pk")).get(
        session.pk, {}
    )
    booths = (
        Participation.objects.filter(session=session.pk, status=Participation.Status.APPROVED)
        .values("pk", "employer_id", "employer__name", "employer__vsic_section", "booth_label")
        .annotate(vacancies_total=Coalesce(Sum("vacancies__quantity"), 0))
        .order_by("booth_label", "employer__name", "pk")
    )
    by_employer = {
        item["key"]: item
        for item in Interview.objects.filter(registration__session=session.pk)
        .values(key=F("vacancy__employer"))
        .annotate(**_interview_aggregates())
        .order_by()
    }
    return {
        "session": {
            "id": session.pk,
            "code": session.code,
            "title": session.title,
            "kind": session.kind,
            "status": session.status,
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
        },
        "counted": session.status != SessionStatus.CANCELLED,
        "metrics": {metric: {"label": metric_label(metric), "value": row.get(metric, 0)} for metric in METRICS},
        "employers": [
            {
                "employer": booth["employer_id"],
                "name": booth["employer__name"],
                "vsic_section": booth["employer__vsic_section"],
                "vsic_label": _vsic_label(booth["employer__vsic_section"]),
                "booth_label": booth["booth_label"],
                "vacancies_total": booth["vacancies_total"],
                **{metric: by_employer.get(booth["employer_id"], {}).get(metric, 0) for metric in INTERVIEW_METRICS},
            }
            for booth in booths
        ],
        "survey": session_survey(session.pk),
    }


# --- grouping expressions -----------------------------------------------------------------------------------


def _age_band(job_seeker: str, session: str):
    """The age band on the session's local date, computed in SQL (birthday reached when MMDD >= birth MMDD)."""
    tz = timezone.get_default_timezone()
    starts_at = f"{session}starts_at"
    born = f"{job_seeker}date_of_birth"
    session_mmdd = ExtractMonth(starts_at, tzinfo=tz) * 100 + ExtractDay(starts_at, tzinfo=tz)
    birth_mmdd = ExtractMonth(born) * 100 + ExtractDay(born)
    age = (
        ExtractYear(starts_at, tzinfo=tz)
        - ExtractYear(born)
        - Case(When(LessThan(session_mmdd, birth_mmdd), then=Value(1)), default=Value(0))
    )
    whens = [When(LessThan(age, 15), then=Value(UNKNOWN))]
    for key, _low, high in AGE_BANDS:
        whens.append(
            When(LessThan(age, high), then=Value(key)) if high else When(GreaterThanOrEqual(age, 55), then=Value(key))
        )
    return Case(*whens, default=Value(UNKNOWN), output_field=CharField())


def _qualification_group(job_seeker: str):
    whens = [
        When(**{f"{job_seeker}qualification__in": list(values)}, then=Value(group))
        for group, values in QUALIFICATION_GROUPS.items()
    ]
    return Case(*whens, default=Value(UNKNOWN), output_field=CharField())


def _job_seeker_key(dimension: str, job_seeker: str, session: str):
    if dimension == "cohort":
        return F(f"{job_seeker}cohort_memberships__cohort")
    if dimension == "sex":
        return F(f"{job_seeker}sex")
    if dimension == "age_band":
        return _age_band(job_seeker, session)
    if dimension == "qualification":
        return _qualification_group(job_seeker)
    if dimension == "ward":
        return F(f"{job_seeker}ward")
    raise ValueError(dimension)


PAIR_SHIFT = 2**32  # job seeker ids stay below it, session ids below 2**31: the pair fits a signed 64-bit integer


def _interview_aggregates() -> dict:
    # One integer per (session, job seeker) pair: COUNT(DISTINCT) over integers is several times cheaper than
    # over concatenated strings.
    pair = ExpressionWrapper(
        F("registration__session_id") * PAIR_SHIFT + F("registration__job_seeker_id"), output_field=BigIntegerField()
    )
    return {
        PlanMetric.INTERVIEWED: Count(pair, distinct=True),
        PlanMetric.PASSED_AT_SESSION: Count("pk", filter=Q(result=Interview.Result.PASSED), distinct=True),
        # People, not outcome rows: someone who started after interviews for three vacancies counts once.
        PlanMetric.STARTED_WORK: Count(pair, filter=Q(outcome__status=HiringOutcome.Status.STARTED), distinct=True),
    }


def _rows_to_dict(rows, metrics, into: dict, extra=None) -> None:
    """Merge grouped rows {key, <metric>…} into {key: {metric: value}} (one entry per bucket)."""
    for row in rows:
        bucket = into.setdefault(row["key"], {})
        for metric in metrics:
            bucket[metric] = bucket.get(metric, 0) + (row[metric] or 0)
        if extra:
            extra(row)


def _job_seeker_breakdown(dimension: str, date_from: date, date_to: date, names: dict) -> dict:
    """Registration- and interview-based metrics grouped by an attribute of the job seeker: two queries."""
    values: dict = {}
    remember_name = None
    if dimension == "ward":

        def remember_name(row):
            names[row["key"]] = row["name"]

    reg_key = _job_seeker_key(dimension, "job_seeker__", "session__")
    reg_values = {"key": reg_key, **({"name": F("job_seeker__ward__name")} if dimension == "ward" else {})}
    registrations = (
        Registration.objects.filter(_in_period("session__", date_from, date_to))
        .values(**reg_values)
        .annotate(
            **{
                PlanMetric.JOB_SEEKERS_REGISTERED: Count("pk", filter=Q(status__in=SEAT_HOLDING), distinct=True),
                PlanMetric.JOB_SEEKERS_ATTENDED: Count("pk", filter=Q(status=RegStatus.ATTENDED), distinct=True),
            }
        )
        .order_by()
    )
    _rows_to_dict(
        registrations,
        (PlanMetric.JOB_SEEKERS_REGISTERED, PlanMetric.JOB_SEEKERS_ATTENDED),
        values,
        remember_name,
    )
    int_key = _job_seeker_key(dimension, "registration__job_seeker__", "registration__session__")
    int_values = {
        "key": int_key,
        **({"name": F("registration__job_seeker__ward__name")} if dimension == "ward" else {}),
    }
    interviews = (
        Interview.objects.filter(_in_period("registration__session__", date_from, date_to))
        .values(**int_values)
        .annotate(**_interview_aggregates())
        .order_by()
    )
    _rows_to_dict(interviews, INTERVIEW_METRICS, values, remember_name)
    return values


def _employer_breakdown(dimension: str, date_from: date, date_to: date, names: dict, values: dict) -> None:
    """Booths and vacancies by the employer's VSIC section or ward: one query (plus one for the interviews when
    the dimension is the VSIC section)."""
    field = {"vsic": "vsic_section", "ward": "ward"}[dimension]
    booth_values = {"key": F(f"employer__{field}")}
    if dimension == "ward":
        booth_values["name"] = F("employer__ward__name")
    booths = (
        Participation.objects.filter(_in_period("session__", date_from, date_to), status=Participation.Status.APPROVED)
        .values(**booth_values)
        .annotate(
            **{
                PlanMetric.EMPLOYER_PARTICIPATIONS: Count("pk", distinct=True),
                PlanMetric.VACANCIES_TOTAL: Coalesce(Sum("vacancies__quantity"), 0),
            }
        )
        .order_by()
    )

    def remember_name(row):
        names[row["key"]] = row["name"]

    _rows_to_dict(
        booths,
        (PlanMetric.EMPLOYER_PARTICIPATIONS, PlanMetric.VACANCIES_TOTAL),
        values,
        remember_name if dimension == "ward" else None,
    )
    if dimension == "vsic":
        interviews = (
            Interview.objects.filter(_in_period("registration__session__", date_from, date_to))
            .values(key=F("vacancy__employer__vsic_section"))
            .annotate(**_interview_aggregates())
            .order_by()
        )
        _rows_to_dict(interviews, INTERVIEW_METRICS, values)


def _session_breakdown(dimension: str, date_from: date, date_to: date) -> dict:
    """Every metric grouped by the session's kind or local month (YYYY-MM): four queries."""
    if dimension == "kind":
        return session_metrics(_period_where(date_from, date_to), _kind_key)
    by_month = session_metrics(_period_where(date_from, date_to), _month_key)
    return {f"{month.year:04d}-{month.month:02d}": metrics for month, metrics in by_month.items()}


def _months(date_from: date, date_to: date) -> list[str]:
    months, year, month = [], date_from.year, date_from.month
    while (year, month) <= (date_to.year, date_to.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _buckets(dimension: str, values: dict, names: dict, date_from: date, date_to: date) -> list[tuple[str, str]]:
    """The (key, label) rows of a breakdown, in report order. Closed lists show every bucket (zeros included);
    open lists (wards, VSIC sections) show the ones with data; `none`/`unknown` come last."""
    unknown = (UNKNOWN, str(UNKNOWN_LABEL))
    if dimension == "cohort":
        cohorts = [(c.code, c.name) for c in Cohort.objects.order_by("position", "code")]
        return [*cohorts, (NONE, str(NO_COHORT_LABEL))]
    if dimension == "sex":
        return [*((sex, str(SEX_LABELS[sex])) for sex in Sex.values), unknown]
    if dimension == "age_band":
        return [*((key, key) for key, _low, _high in AGE_BANDS), unknown]
    if dimension == "qualification":
        return [*((key, str(QUALIFICATION_LABELS[key])) for key in QUALIFICATION_GROUPS), unknown]
    if dimension == "kind":
        return [(kind, _kind_label(kind)) for kind in SessionKind.values]
    if dimension == "month":
        return [(month, f"{month[5:]}/{month[:4]}") for month in _months(date_from, date_to)]
    if dimension == "ward":
        known = sorted((key for key in values if key != UNKNOWN), key=lambda code: (names.get(code) or "", code))
        return [*((code, names.get(code) or code) for code in known), unknown]
    if dimension == "vsic":
        return [(code, _vsic_label(code)) for code in sorted(key for key in values if key != UNKNOWN)]
    raise ValueError(dimension)


def _normalise_keys(dimension: str, values: dict) -> dict:
    """Empty or missing attributes go to the `unknown` bucket (`none` for cohorts)."""
    missing = NONE if dimension == "cohort" else UNKNOWN
    normalised: dict = {}
    for key, metrics in values.items():
        target = missing if key in (None, "") else key
        bucket = normalised.setdefault(target, {})
        for metric, value in metrics.items():
            bucket[metric] = bucket.get(metric, 0) + value
    return normalised


def breakdown(dimension: str, date_from: date, date_to: date, by_kind: dict | None = None):
    """One breakdown: [{key, label, metrics: {metric: value}}] with the metrics of DIMENSION_METRICS[dimension].
    `by_kind`: the kind rows when the caller has them already (the summary's totals are their sum)."""
    if dimension not in DIMENSIONS:
        raise ValueError(f"Unknown breakdown: {dimension}.")
    names: dict = {}
    if dimension == "kind" and by_kind is not None:
        values = by_kind
    elif dimension in ("kind", "month"):
        values = _session_breakdown(dimension, date_from, date_to)
    elif dimension == "vsic":
        values = {}
        _employer_breakdown(dimension, date_from, date_to, names, values)
    else:
        values = _job_seeker_breakdown(dimension, date_from, date_to, names)
        if dimension == "ward":
            _employer_breakdown(dimension, date_from, date_to, names, values)
    values = _normalise_keys(dimension, values)
    metrics = DIMENSION_METRICS[dimension]
    return [
        {
            "key": key,
            "label": label,
            "metrics": {metric: values.get(key, {}).get(metric, 0) for metric in metrics},
        }
        for key, label in _buckets(dimension, values, names, date_from, date_to)
    ]


def parse_group_by(group_by) -> list[str]:
    """'cohort,sex' or ['cohort', 'sex'] → ['cohort', 'sex'] (order kept, duplicates dropped); ValueError when
    a dimension is unknown."""
    if not group_by:
        return []
    items = group_by.split(",") if isinstance(group_by, str) else [p for item in group_by for p in item.split(",")]
    dimensions: list[str] = []
    for item in (item.strip() for item in items):
        if not item:
            continue
        if item not in DIMENSIONS:
            raise ValueError(f"Unknown breakdown '{item}'; choose from: {', '.join(DIMENSIONS)}.")
        if item not in dimensions:
            dimensions.append(item)
    return dimensions


REFERRAL_STATUSES: tuple[str, ...] = tuple(Referral.Status.values)


def referral_counts(date_from: date, date_to: date) -> list[dict]:
    """One row per kind of referral (every kind, zeros included): how many were made in the period and where they
    stand now, by status."""
    grouped = (
        Referral.objects.filter(
            created_at__gte=_local_midnight(date_from), created_at__lt=_local_midnight(date_to + timedelta(days=1))
        )
        .values("kind", "status")
        .annotate(count=Count("id"))
        .order_by()
    )
    counts = {(row["kind"], row["status"]): row["count"] for row in grouped}
    rows = []
    for kind in Referral.Kind:
        by_status = {status: counts.get((kind.value, status), 0) for status in REFERRAL_STATUSES}
        rows.append({"kind": kind.value, "label": str(kind.label), **by_status, "total": sum(by_status.values())})
    return rows


@reporting()
def summary(date_from: date, date_to: date, group_by=None) -> dict:
    """Totals of every metric over the sessions of the period, each with its plan target and share achieved, and
    the breakdowns asked for. Queries: 4 for the totals (by kind: every session has one kind, so the totals are the
    sum of the kind rows and the kind breakdown costs nothing more), 1 for the plan targets (only when the period is
    exactly a year or a quarter), 1 for the referrals, 1 for the survey answers (average rating and counts over
    the period's sessions), and per breakdown: month 4, sex/age_band/qualification 2, cohort 3, vsic 2, ward 3."""
    validate_period(date_from, date_to)
    dimensions = parse_group_by(group_by)
    by_kind = _session_breakdown("kind", date_from, date_to)
    totals = {metric: sum(row.get(metric, 0) for row in by_kind.values()) for metric in METRICS}

    period = plan_period(date_from, date_to)
    targets: dict[str, int] = {}
    if period is not None:
        year, quarter = period
        targets = dict(PlanTarget.objects.filter(year=year, quarter=quarter).values_list("metric", "target").order_by())

    metrics = {}
    for metric in METRICS:
        target = targets.get(metric)
        metrics[metric] = {
            "label": metric_label(metric),
            "value": totals[metric],
            "target": target,
            "achieved_percent": achieved_percent(totals[metric], target),
        }
    return {
        "date_from": date_from,
        "date_to": date_to,
        "plan_period": None if period is None else {"year": period[0], "quarter": period[1]},
        "metrics": metrics,
        "group_by": dimensions,
        "breakdown_metrics": {dimension: list(DIMENSION_METRICS[dimension]) for dimension in dimensions},
        "breakdowns": {
            dimension: breakdown(dimension, date_from, date_to, by_kind=by_kind) for dimension in dimensions
        },
        "referrals": referral_counts(date_from, date_to),
        "survey": survey_figures(_in_period("session__", date_from, date_to)),
    }
