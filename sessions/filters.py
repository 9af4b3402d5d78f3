"""The filters of the session and vacancy lists, shared by the API and the web pages (django-filter)."""

from django.db.models import Q
from django_filters import rest_framework as filters

from accounts.models import GeneralEducation
from jobfair.text import fold_for_search
from sessions import selectors
from sessions.models import JobSession, Participation, Registration, SessionFormat, SessionKind, SessionStatus, Vacancy


class AccentInsensitiveSearchFilter(filters.CharFilter):
    """`q`: every word must appear in the folded search text ("ke toan" finds "Kế toán"); on PostgreSQL a
    trigram GIN index serves the LIKE."""

    def filter(self, queryset, value):
        for word in fold_for_search(value).split()[:8]:
            queryset = queryset.filter(**{f"{self.field_name}__contains": word})
        return queryset


class SessionFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=SessionKind.choices)
    format = filters.ChoiceFilter(choices=SessionFormat.choices)
    status = filters.ChoiceFilter(choices=SessionStatus.choices)
    cohort = filters.CharFilter(field_name="target_cohorts__code", distinct=True)
    venue = filters.NumberFilter(field_name="venue_id")
    ward = filters.CharFilter(field_name="ward_id")
    # ISO 8601 only, as the contract says: 10/12/2026 would be read by the request's language (10 December in vi,
    # 12 October in en), and one link would give different people different sessions
    date_from = filters.DateFilter(method="filter_date_from", input_formats=["%Y-%m-%d"])
    date_to = filters.DateFilter(method="filter_date_to", input_formats=["%Y-%m-%d"])
    q = AccentInsensitiveSearchFilter(field_name="search_text", max_length=100)

    class Meta:
        model = JobSession
        fields = []

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(starts_at__date__gte=value) if value else queryset

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(starts_at__date__lte=value) if value else queryset


class VacancyFilter(filters.FilterSet):
    q = AccentInsensitiveSearchFilter(field_name="search_text", max_length=100)
    occupation = filters.CharFilter(field_name="occupation", lookup_expr="startswith", max_length=5)
    education = filters.ChoiceFilter(
        choices=GeneralEducation.choices,
        method="filter_education",
        help_text="The job seeker's general education: vacancies open to it (no minimum, or one at most it).",
    )
    cohort = filters.CharFilter(field_name="priority_cohorts__code", distinct=True)
    ward = filters.CharFilter(field_name="ward_id")
    province = filters.CharFilter(field_name="ward__province_id")
    salary_min = filters.NumberFilter(
        method="filter_salary_min",
        help_text="Vacancies that may pay at least this much (VND a month): salary_max at least it, "
        "no maximum stated with a minimum given, or negotiable.",
    )
    session = filters.NumberFilter(method="filter_session", help_text="Brought by an approved booth of this session")
    employer = filters.NumberFilter(field_name="employer_id")
    status = filters.ChoiceFilter(choices=Vacancy.Status.choices)

    class Meta:
        model = Vacancy
        fields = []

    def filter_education(self, queryset, name, value):
        return queryset.filter(Q(min_education="") | Q(min_education__in=selectors.education_levels_up_to(value)))

    def filter_salary_min(self, queryset, name, value):
        return queryset.filter(
            Q(salary_max__gte=value) | Q(salary_negotiable=True) | Q(salary_max__isnull=True, salary_min__isnull=False)
        )

    def filter_session(self, queryset, name, value):
        brought = Participation.vacancies.through.objects.filter(
            participation__session_id=value, participation__status=Participation.Status.APPROVED
        ).values("vacancy_id")
        return queryset.filter(pk__in=brought)


class RegistrationFilter(filters.FilterSet):
    """`status` as the answer shows it: a registration at a cancelled session is `cancelled`, whatever it was."""

    status = filters.ChoiceFilter(choices=Registration.Status.choices, method="filter_status")

    class Meta:
        model = Registration
        fields = ["session", "status", "source"]

    def filter_status(self, queryset, name, value):
        void = Q(session__status=SessionStatus.CANCELLED)
        if value == Registration.Status.CANCELLED:
            return queryset.filter(Q(status=value) | void)
        return queryset.filter(status=value).exclude(void)
