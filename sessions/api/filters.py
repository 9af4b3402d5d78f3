from django_filters import rest_framework as filters

from jobfair.text import fold_for_search
from sessions.models import JobSession, SessionFormat, SessionKind, SessionStatus


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
    date_from = filters.DateFilter(method="filter_date_from")
    date_to = filters.DateFilter(method="filter_date_to")
    q = AccentInsensitiveSearchFilter(field_name="search_text", max_length=100)

    class Meta:
        model = JobSession
        fields = []

    def filter_date_from(self, queryset, name, value):
        return queryset.filter(starts_at__date__gte=value) if value else queryset

    def filter_date_to(self, queryset, name, value):
        return queryset.filter(starts_at__date__lte=value) if value else queryset
