"""Matches (issue 15 item 1): a job seeker's fitting vacancies and a vacancy's fitting candidates, each with the
reasons of its score (sessions/matching.py). Candidates are redacted as DESIGN §4 says."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers

from accounts.access import Kind, record_access
from accounts.models import age_band
from accounts.permissions import IsEmployer, IsJobSeeker, IsStaff, is_staff_user
from sessions import matching, selectors
from sessions.models import Vacancy


class ReasonsField(serializers.ListField):
    child = serializers.CharField()

    def get_attribute(self, instance):
        return matching.reasons(instance)


class MatchSerializer(serializers.ModelSerializer):
    employer_name = serializers.CharField(source="employer.name", read_only=True)
    score = serializers.IntegerField(source="match_score", read_only=True)
    reasons = ReasonsField(read_only=True)
    next_session = serializers.IntegerField(source="next_session_id", read_only=True, allow_null=True)
    next_session_starts_at = serializers.DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Vacancy
        fields = [
            "id", "title", "occupation", "employer", "employer_name", "ward", "salary_min", "salary_max",
            "working_arrangement", "score", "reasons", "next_session", "next_session_starts_at",
        ]  # fmt: skip


class SuggestedCandidateSerializer(serializers.Serializer):
    """What an employer sees of a suggested person: never citizen ID, date of birth, street address or ward."""

    id = serializers.IntegerField(read_only=True)
    full_name = serializers.CharField(read_only=True)
    phone = serializers.CharField(read_only=True)
    email = serializers.CharField(read_only=True)
    qualification = serializers.CharField(read_only=True)
    wanted_occupation = serializers.CharField(read_only=True)
    age_band = serializers.SerializerMethodField()
    score = serializers.IntegerField(source="match_score", read_only=True)
    reasons = ReasonsField(read_only=True)

    def get_age_band(self, person) -> str | None:
        from django.utils import timezone

        return age_band(person.date_of_birth, timezone.localdate())


class MyMatchesView(generics.ListAPIView):
    """`GET me/matches/`: the open vacancies fitting the signed-in job seeker, upcoming sessions first."""

    permission_classes = [IsJobSeeker]
    serializer_class = MatchSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Vacancy.objects.none()
        return matching.matches_for(self.request.user.job_seeker)


class VacancyCandidatesView(generics.ListAPIView):
    """`GET vacancies/{id}/candidates/`: the people fitting a vacancy. Its employer sees only people who registered
    interest in it, were interviewed for it, or allowed employers to suggest them (redacted); staff see everyone who
    fits. Another employer's vacancy answers 404."""

    permission_classes = [IsStaff | IsEmployer]
    serializer_class = SuggestedCandidateSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Vacancy.objects.none()
        user = self.request.user
        staff = is_staff_user(user)
        vacancies = selectors.vacancy_list(include_all=True)
        if not staff:
            vacancies = vacancies.filter(employer_id=user.employer_id)
        vacancy = get_object_or_404(vacancies.select_related("ward"), pk=self.kwargs["pk"])
        return matching.candidates_for(vacancy, for_employer=not staff)

    @extend_schema(responses={200: SuggestedCandidateSerializer(many=True)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.get_queryset())
        record_access(request, Kind.CONTACT, job_seeker_ids=[person.pk for person in page])  # who saw whose contact
        return self.get_paginated_response(self.get_serializer(page, many=True).data)
